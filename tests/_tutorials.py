"Run a tutorial of `nbs/tutorials/` as a learner's papermill run would (`ponder-run`), and read what it printed."
import json, subprocess, sys, time
from pathlib import Path
from ponder.report import external_scripts

ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = ROOT/'nbs'/'tutorials'

def run_tutorial(name:str, out:Path, timeout:int=600, **params)->dict:
    "Run `nbs/tutorials/{name}.ipynb` with `params` into `out`; assert it ran cleanly; {'nb', 'text', 'html', 'seconds'}."
    cmd = [str(Path(sys.executable).with_name('ponder-run')), str(TUTORIALS/f'{name}.ipynb'), '--out', str(out)]
    for k, v in params.items(): cmd += ['-p', k, v if isinstance(v, str) else repr(v)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr[-3000:]
    nb = json.loads((out/f'{name}.ipynb').read_text())
    errors = [o for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors, errors[0].get('evalue')
    html = (out/f'{name}.html').read_text()
    assert external_scripts(html) == [], 'the report must open offline'
    return dict(nb=nb, text=outputs_text(nb), html=html, seconds=time.perf_counter() - t0)

def outputs_text(nb:dict)->str:
    "Everything the notebook's cells printed or displayed as text."
    parts = []
    for c in nb['cells']:
        for o in c.get('outputs', []):
            parts.append(''.join(o.get('text', '')))
            parts.append(''.join(o.get('data', {}).get('text/plain', '')))
    return '\n'.join(parts)
