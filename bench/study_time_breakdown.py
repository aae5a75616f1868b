"""Where a study's time goes, from its results log: seconds of units per record kind (pool, each strategy's results,
each baseline), per problem, and — given two runs of the same configuration on the same problems — the ratios of the
first to the second, with what 200 problems would take on two cores (one process per core) with and without some strategies.
Run: .venv/bin/python bench/study_time_breakdown.py runs/sub32 runs/subq4 [--drop lookahead,mcts]
"""
import argparse, json, collections
from pathlib import Path

def label(r:dict)->tuple:
    if r['kind'] != 'result': return (r['kind'], r.get('model', '') if r['kind'] == 'baseline' else '')
    spec = r.get('spec')
    return ('result', r.get('label') or (spec.get('label') or spec.get('strategy') if isinstance(spec, dict) else spec))

def breakdown(folder:Path)->tuple:
    "(seconds per kind, records per kind, problems) of a run folder's results.jsonl."
    recs = [json.loads(l) for l in (folder/'results.jsonl').read_text().splitlines() if l.strip()]
    secs, n = collections.defaultdict(float), collections.Counter()
    for r in recs: k = label(r); secs[k] += r.get('seconds', 0); n[k] += 1
    return secs, n, len({r['problem'] for r in recs})

def show(folder:Path, secs:dict, n:dict, probs:int):
    tot = sum(secs.values())
    print(f"{folder}: {sum(n.values())} records, {probs} problems, {tot:.0f} s of units ({tot / probs:.0f} s per problem)")
    for k, v in sorted(secs.items(), key=lambda x: -x[1]): print(f"   {k[0]:8s} {str(k[1])[:40]:40s} {n[k]:4d} {v:7.0f} s {100 * v / tot:5.1f}%")

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0]); ap.add_argument('runs', nargs='+', type=Path)
    ap.add_argument('--drop', default='lookahead,mcts', help='strategies left out of the second projection')
    a = ap.parse_args(); got = [breakdown(f) for f in a.runs]
    for f, g in zip(a.runs, got): show(f, *g)
    if len(got) < 2: return
    (s0, _, p0), (s1, _, p1) = got[:2]
    per = lambda s, p: sum(s.values()) / p
    ratios = ', '.join(f"{k[1] or k[0]} {s0[k] / s1[k]:.2f}x" for k in s1 if k in s0 and s1[k] > 1)
    print(f"RATIO per problem {a.runs[0].name} / {a.runs[1].name}: {per(s0, p0) / per(s1, p1):.2f}x (goal >= 3x); {ratios}")
    drop = [('result', d) for d in a.drop.split(',') if d]
    kept = (sum(s1.values()) - sum(s1.get(k, 0) for k in drop)) / p1
    print(f"200 problems of {a.runs[1].name} at {per(s1, p1):.0f} s per problem on 2 cores: {200 * per(s1, p1) / 2 / 3600:.1f} h; "
          f"without {a.drop} ({kept:.0f} s per problem): {200 * kept / 2 / 3600:.1f} h")

if __name__ == "__main__": main()
