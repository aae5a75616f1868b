"""Benchmark: a study in one process against the same study on a local Ray cluster with two workers, measured in one run.

The study is the CI-size one of tests/test_scaling_report.py (majority vote, best-of-N, beam search of width 2; budgets
1 and 2; 32 new tokens, tree steps of 16 tokens, 3 steps) on the bundled SmolLM2, on 6 problems by default (the test's 3
leave a worker idle at the end more often). The generation cache is off (PONDER_CACHE=0), so both runs compute every
sample. Reported:
  - the study's wall time in-process (model already loaded, 1 torch thread) and on Ray (2 workers of 1 thread each),
    and the speed-up (goal >= 1.7x on a 2-core machine): units only, with each side's model loading counted, and with only
    the workers' start counted (the in-process model already loaded);
  - Ray's cost per unit: the round trip the driver sees (unit sent -> record back) minus the unit's own time on its
    worker, against the unit's own time;
  - that both runs recorded the same records (wall-clock fields aside);
  - the machine's load average before and after (other jobs on the same cores slow both runs, the parallel one more).
Run: .venv/bin/python bench/bench_ray.py [--problems 6] [--workers 2] [--max-new 32] [--out bench/results/bench_ray.txt]"""
import argparse, json, os, shutil, sys, tempfile, time
from pathlib import Path

def strip(recs):
    "Records without wall-clock fields, in a canonical order."
    return sorted(json.dumps({k: v for k, v in r.items() if k != 'seconds'}, sort_keys=True) for r in recs)

def study_kw(a, out):
    return dict(strategies=['majority_vote', 'best_of_n', dict(strategy='beam_search', options=dict(width=2))], budgets=[1, 2],
                options=dict(max_new_tokens=a.max_new), tree_options=dict(step_tokens=a.step_tokens, max_steps=a.max_steps),
                out=out, progress=False)

def in_process(problems, a, out):
    from ponder.lm import load_lm
    from ponder.study import run_study
    t0 = time.perf_counter(); lm = load_lm(); t_load = time.perf_counter() - t0   # loaded before the study's clock starts
    t = time.perf_counter(); st = run_study('local', problems, lm, **study_kw(a, out))
    return st, time.perf_counter() - t, t_load

def on_ray(problems, a, out):
    from ponder.study import run_study, ray_cluster, worker_events
    t = time.perf_counter()
    with ray_cluster(num_cpus=a.workers) as ray:
        started = time.perf_counter(); t_start = started - t
        st = run_study('ray', problems, 'smollm2', executor='ray', workers=a.workers, **study_kw(a, out))
        wall = time.perf_counter() - started
        ev = worker_events(Path(out)/'ray')
    assert not ray.is_initialized()
    run, done = next(e for e in ev if e['event'] == 'run'), ev[-1]     # the units' loop: from 'run' to 'done'
    return st, dict(cluster_start=t_start, wall=wall, loop=done['t'] - run['t'], **{k: done[k] for k in
                    ('units', 'unit_seconds', 'roundtrip_seconds', 'failures')})

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problems', type=int, default=6); ap.add_argument('--level', type=int, default=1)
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--max-new', type=int, default=32)
    ap.add_argument('--step-tokens', type=int, default=16); ap.add_argument('--max-steps', type=int, default=3)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'bench_ray.txt'), help="write the report here too ('' : don't)")
    a = ap.parse_args()
    os.environ.update(PONDER_CACHE='0', PONDER_THREADS='1', OMP_NUM_THREADS='1', TOKENIZERS_PARALLELISM='false', HF_HUB_OFFLINE='1')
    from ponder.lm import set_threads
    from ponder.tasks import arithmetic
    set_threads(1)
    problems = list(arithmetic(a.problems, level=a.level, seed=0))
    tmp, load0 = tempfile.mkdtemp(prefix='bench-ray-'), os.getloadavg()
    try:
        local, t_local, t_load = in_process(problems, a, tmp)
        ray_st, r = on_ray(problems, a, tmp)
        same = strip(ray_st.records) == strip(local.records)
    finally: shutil.rmtree(tmp, ignore_errors=True)
    load1 = os.getloadavg()
    n, own = r['units'], r['unit_seconds'] / max(1, r['units'])
    over = (r['roundtrip_seconds'] - r['unit_seconds']) / max(1, r['units'])
    shared = max(load0[0], load1[0]) > 0.5
    lines = [f"study: {a.problems} problems (level {a.level}), majority_vote + best_of_n + beam_search(width 2), budgets [1, 2], "
             f"{a.max_new} new tokens (tree steps {a.step_tokens} x {a.max_steps}); {len(local.records)} records, {n} units; "
             f"bundled SmolLM2; generation cache off; {os.cpu_count()} CPUs; ray {__import__('ray').__version__}",
             f"machine load average (1/5/15 min) before {load0[0]:.2f}/{load0[1]:.2f}/{load0[2]:.2f}, after "
             f"{load1[0]:.2f}/{load1[1]:.2f}/{load1[2]:.2f}" + (": MEASURED WHILE OTHER JOBS SHARED THE MACHINE'S CORES "
             "(both runs slowed; two workers lose more than one process)" if shared else ': the machine was otherwise idle'),
             f"in-process (1 thread, model loaded):  {t_local:7.1f} s (loading the model took {t_load:.1f} s more)",
             f"Ray, {a.workers} workers (1 thread each):   {r['wall']:7.1f} s from the call to the Study, of which "
             f"{r['wall'] - r['loop']:.1f} s starting the workers (each loads the model) and opening the run; "
             f"{r['loop']:.1f} s computing units. The local cluster itself took {r['cluster_start']:.1f} s to start (not counted)",
             f"SPEED-UP: {t_local / max(1e-9, r['loop']):.2f}x units only; {(t_local + t_load) / r['wall']:.2f}x with each side's "
             f"model loading counted; {t_local / r['wall']:.2f}x with only the workers' start counted (goal >= 1.7x)",
             f"per unit: {own*1000:.0f} ms of its own on a worker (mean over {n}); Ray's cost (round trip seen by the driver "
             f"minus the unit's own time) {over*1000:.1f} ms = {100*over/max(1e-9, own):.2f}% of the unit",
             f"worker deaths: {r['failures']}",
             f"records identical to the in-process run: {same}"]
    text = '\n'.join(lines)
    print(text)
    if a.out: Path(a.out).write_text(text + '\n')

if __name__ == '__main__':
    main()
