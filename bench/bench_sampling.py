"""Cost per generated token: the adaptive (entropix-style) sampler vs plain temperature sampling, same backend, one run.

Both arms decode the same prompts with the same batch shape and seeds on the bundled SmolLM2-135M (1 torch thread,
disk cache off, so every token is really computed; the prompts are pre-encoded into the prefix pool so no arm pays a
prefill the others do not). Two denominators:
  * generated tokens = every token the model generated: the answers plus the branches' lookahead tokens
    (the same count as `usage.completion_tokens`, and the x-axis of the equal-token comparison in 01_sampling);
  * answer tokens = only the tokens that end up in the answers (stricter: lookahead is pure overhead).
We print CPU seconds (robust to other processes competing for the cores), wall-clock seconds and FLOPs (from `Usage`)
per token, and the ratios adaptive / plain, for two scenarios: one row per call (interactive use, the explorer) and a
batch of rows per call (studies). Two ways of branching: by default the branches run as extra rows of the caller's
own batch (`ctx.fork`, 00_lm "Forks"), so they share its forward passes (whose cost on CPU hardly depends on the batch
size) and the winner is not decoded twice; `adaptive (nested)` (fold_branches=False) runs each step's branches in a
nested generate call, its own small batch, as ponder did before. A third arm, plain sampling through the sampler hook
(`ProcessorSampler`), separates the cost of the hook itself. Arms are interleaved over rounds to spread machine noise.
Goal: adaptive <= 1.2x plain.

    python bench/bench_sampling.py [--problems 8] [--n 2] [--max-new 64] [--rounds 3] [--dtype bf16]
"""
import argparse, os, statistics, time
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import numpy as np

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--problems', type=int, default=8, help='arithmetic problems (prompts)')
    ap.add_argument('--n', type=int, default=2, help='samples per prompt')
    ap.add_argument('--max-new', type=int, default=64, help='max new tokens per sample')
    ap.add_argument('--rounds', type=int, default=3, help='interleaved rounds (different seeds)')
    ap.add_argument('--temperature', type=float, default=0.7)
    ap.add_argument('--dtype', default=None, help="the engine's dtype: None (float32) or 'bf16' (+ 4-bit kernels for small batches)")
    a = ap.parse_args(argv)

    from ponder.lm import load_lm, set_threads
    from ponder.sampling import AdaptiveSampler, ProcessorSampler, processors
    from ponder.tasks import arithmetic, format_prompt
    set_threads(1)
    lm = load_lm(cache=False, **({'dtype': a.dtype} if a.dtype else {}))
    prompts = [format_prompt(p) for p in arithmetic(a.problems, level=2, seed=0, split='test')]
    adaptive = AdaptiveSampler(temperature=a.temperature).calibrate(
        lm, [format_prompt(p) for p in arithmetic(8, level=2, seed=0, split='train')], max_new_tokens=a.max_new)
    nested = AdaptiveSampler(temperature=a.temperature, fold_branches=False)     # the same thresholds, branches in a nested call
    nested.entropy_threshold, nested.varentropy_threshold = adaptive.entropy_threshold, adaptive.varentropy_threshold
    arms = {'plain': dict(temperature=a.temperature),
            'plain via hook': dict(sampler=ProcessorSampler(processors(a.temperature))),
            'adaptive': dict(sampler=adaptive), 'adaptive (nested)': dict(sampler=nested)}
    lm.generate(prompts, max_new_tokens=1, temperature=a.temperature)              # warm-up; every prompt into the prefix pool
    scenarios = {'single stream (1 row per call)': [([p], 1) for p in prompts],
                 f'batched ({a.problems} prompts x {a.n} samples per call)': [(prompts, a.n)]}
    print(f"{lm.name} ({lm.fingerprint.split(':', 2)[-1] if lm.fingerprint.count(':') > 1 else 'float32'}), {a.problems} prompts, <= {a.max_new} new tokens, {a.rounds} rounds, 1 thread; "
          f"adaptive thresholds H >= {adaptive.entropy_threshold:.2f} bits, V >= {adaptive.varentropy_threshold:.2f} bits^2 (calibrated)")
    summary = {}
    for scen, calls in scenarios.items():
        res = {k: dict(wall=[], cpu=[], gen=[], flops=[], extra=[], all=[]) for k in arms}
        names = list(arms)
        for r in range(a.rounds):
            for k in names[r % len(names):] + names[:r % len(names)]:              # rotate the order each round
                t, c = time.perf_counter(), time.process_time()
                gens = [g for ps, n in calls for gs in lm.generate(ps, n=n, max_new_tokens=a.max_new, seed=100 + r, **arms[k]) for g in gs]
                res[k]['wall'].append(time.perf_counter() - t); res[k]['cpu'].append(time.process_time() - c)
                res[k]['gen'].append(sum(g.n_tokens for g in gens))
                res[k]['flops'].append(sum(g.usage.flops for g in gens))
                res[k]['extra'].append(sum(g.usage.completion_tokens - g.n_tokens for g in gens))
                res[k]['all'].append(sum(g.usage.completion_tokens for g in gens))
        per = lambda k, m, d='all': sum(res[k][m]) / sum(res[k][d])
        print(f"\n== {scen}")
        print(f"{'arm':17s} {'answer tok':>10s} {'generated':>9s} {'cpu ms/gen':>10s} {'cpu ms/ans':>10s} {'wall ms/gen':>11s} {'GFLOP/gen':>9s}")
        for k in arms:
            print(f"{k:17s} {sum(res[k]['gen']):10d} {sum(res[k]['all']):9d} {1e3*per(k, 'cpu'):10.1f} {1e3*per(k, 'cpu', 'gen'):10.1f} "
                  f"{1e3*per(k, 'wall'):11.1f} {per(k, 'flops')/1e9:9.3f}")
        ratio = lambda m, d='all', k='adaptive', b='plain': per(k, m, d) / per(b, m, d)
        rounds = [(res['adaptive']['cpu'][i] / res['adaptive']['all'][i]) / (res['plain']['cpu'][i] / res['plain']['all'][i])
                  for i in range(a.rounds)]
        for k in ('adaptive', 'adaptive (nested)'):
            print(f"RATIO {k} / plain, per generated token:  cpu {ratio('cpu', k=k):.2f}x   wall {ratio('wall', k=k):.2f}x   "
                  f"FLOPs {ratio('flops', k=k):.2f}x" + (f"   (per-round cpu: {', '.join(f'{x:.2f}' for x in rounds)})" if k == 'adaptive' else ''))
            print(f"RATIO {k} / plain, per answer token:     cpu {ratio('cpu', 'gen', k):.2f}x   wall {ratio('wall', 'gen', k):.2f}x   "
                  f"FLOPs {ratio('flops', 'gen', k):.2f}x   ({sum(res[k]['extra'])} lookahead tokens on {sum(res[k]['gen'])} answer tokens)")
        print(f"RATIO adaptive / adaptive (nested), per answer token: cpu {ratio('cpu', 'gen', 'adaptive', 'adaptive (nested)'):.2f}x")
        print(f"hook overhead (plain via hook / plain): cpu {ratio('cpu', 'all', 'plain via hook'):.2f}x")
        summary[scen] = (ratio('cpu'), ratio('cpu', 'gen'))
    print("\nSUMMARY (cpu time, adaptive / plain; goal <= 1.2x)")
    for scen, (g, ans) in summary.items():
        print(f"  {scen:45s} per generated token {g:.2f}x ({'met' if g <= 1.2 else 'NOT met'})   "
              f"per answer token {ans:.2f}x ({'met' if ans <= 1.2 else 'NOT met'})")

if __name__ == '__main__': main()
