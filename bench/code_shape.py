"""How readable is ponder? The shape numbers of the core-refactor issue, measured one way.

Run: `.venv/bin/python bench/code_shape.py [--json]` from the project root.

- cell lines: exported code cells of `nbs/0*.ipynb`, blank lines and `#|` directives not counted (median, p90, max);
- longest function (def or method, `ponder/*.py` without `_modidx.py`, by its source lines);
- followed: share of exported cells whose next code cell (markdown between is fine) is not exported, i.e. an example or test;
- import cycles among `ponder/*.py` (imports inside functions counted), imports of another module's `_private` names;
- string literals over 40 lines in `ponder/*.py`.
"""
import ast, json, re, sys
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXPORT = re.compile(r'^#\|\s*export', re.M)

def cell_stats(nb_glob='nbs/0*.ipynb'):
    sizes, followed = [], []
    for nb in sorted(ROOT.glob(nb_glob)):
        code = [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
        for i, c in enumerate(code):
            src = ''.join(c['source'])
            if not EXPORT.search(src): continue
            lines = [l for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#|')]
            sizes.append(len(lines))
            followed.append(i + 1 < len(code) and not EXPORT.search(''.join(code[i + 1]['source'])))
    return dict(cells=len(sizes), median=float(np.median(sizes)), p90=float(np.percentile(sizes, 90)),
                biggest=int(max(sizes)), followed=round(100 * float(np.mean(followed)), 1))

def modules():
    return {p.stem: p for p in sorted((ROOT / 'ponder').glob('*.py')) if p.stem not in ('_modidx', '__init__')}

def longest_functions(k=5):
    fs = []
    for name, p in modules().items():
        for n in ast.walk(ast.parse(p.read_text())):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)): fs.append((n.end_lineno - n.lineno + 1, f"{name}.{n.name}"))
    return sorted(fs, reverse=True)[:k]

def _imports(tree):
    "(module, names) for every `ponder.X` import anywhere in the tree, functions included."
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module:
            mod = n.module if n.level == 0 else ('ponder.' + n.module if n.module else 'ponder')
            if mod.startswith('ponder.'): yield mod.split('.')[1], [a.name for a in n.names]
        elif isinstance(n, ast.Import):
            for a in n.names:
                if a.name.startswith('ponder.'): yield a.name.split('.')[1], []

def import_graph():
    graph, private = {}, []
    for name, p in modules().items():
        graph[name] = set()
        for mod, names in _imports(ast.parse(p.read_text())):
            if mod == name: continue
            graph[name].add(mod)
            private += [f"{name} imports {mod}.{x}" for x in names if x.startswith('_')]
    return graph, private

def cycles(graph):
    "Every module that can reach itself (a strongly connected component of size > 1, listed once)."
    out, seen = [], set()
    def reach(a):
        todo, got = [a], set()
        while todo:
            for b in graph.get(todo.pop(), ()):
                if b not in got: got.add(b); todo.append(b)
        return got
    for a in graph:
        if a in seen: continue
        scc = {b for b in reach(a) if a in reach(b)} | ({a} if a in reach(a) else set())
        if len(scc) > 1: out.append(sorted(scc)); seen |= scc
    return out

def long_strings(limit=40):
    out = []
    for name, p in modules().items():
        for n in ast.walk(ast.parse(p.read_text())):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.count('\n') + 1 > limit:
                out.append(f"{name}:{n.lineno} ({n.value.count(chr(10)) + 1} lines)")
    return out

def shape():
    graph, private = import_graph()
    return dict(**cell_stats(), longest=longest_functions(), cycles=cycles(graph), private_imports=private,
                long_strings=long_strings())

if __name__ == '__main__':
    s = shape()
    if '--json' in sys.argv: print(json.dumps(s, indent=1)); sys.exit()
    print(f"exported cells: {s['cells']}  median {s['median']:g} / p90 {s['p90']:g} lines  biggest {s['biggest']}")
    print(f"exported cells followed by a test or example: {s['followed']}%")
    print("longest functions: " + ', '.join(f"{n} ({l})" for l, n in s['longest']))
    print(f"import cycles: {len(s['cycles'])} {s['cycles']}")
    print(f"imports of private names: {len(s['private_imports'])} {s['private_imports']}")
    print(f"string literals over 40 lines: {len(s['long_strings'])} {s['long_strings']}")
