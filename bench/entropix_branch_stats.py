"""What the adaptive sampler does at each setting of bench/entropix_sweep.sh, read from its own trace: the share of
generated positions in each (entropy, varentropy) quadrant, branch points and "Wait…" insertions per sample, and — when a
verifier chooses the branch — how often its choice differs from the likeliest branch's and how often it cannot tell the
branches apart (all scores equal: the tie goes to the likeliest). On validation problems (the arithmetic *train* stream,
levels 2-5), never the sweep's test problems. SmolLM2-135M, bf16, one thread, the sweep's prompt and token limit.
    .venv/bin/python bench/entropix_branch_stats.py [problems per level, default 5] > bench/results/entropix_branch_stats.txt"""
import sys, time
from collections import Counter
import numpy as np
from ponder.lm import load_lm, set_threads
from ponder.tasks import arithmetic
from ponder.verify import CalculatorVerifier
from ponder.search import adaptive_sampler, root_prompt

SETTINGS = {'entropix (defaults: H >= 1.5 bits, V >= 3 bits² high)': {},
            'thresholds x0.5': {'entropy_threshold': 0.75, 'varentropy_threshold': 1.5},
            'thresholds x2': {'entropy_threshold': 3.0, 'varentropy_threshold': 6.0},
            'calculator branches': {'verifier': 'calculator'}}

def trace_stats(gens:list)->dict:
    "Per-sample means over the samples' adaptive traces, and the branch events' verifier statistics."
    tr = [g.meta['adaptive'] for g in gens]
    q = Counter(); [q.update(t['quadrants']) for t in tr]; n_pos = sum(q.values()) or 1
    ev = [e for t in tr for e in t['events'] if e['kind'] == 'branch']
    by_v = [e for e in ev if e.get('rule') == 'verifier']
    differs = [e['chosen'] != int(np.argmax(e['mean_logprobs'])) for e in by_v if 'mean_logprobs' in e]
    ties = [len(set(e['scores'])) == 1 for e in by_v]
    return dict(samples=len(gens), tokens=np.mean([len(g.token_ids) for g in gens]),
                **{f'{k} share': q[k] / n_pos for k in ('confident', 'fork', 'clarify', 'uncertain')},
                branches=np.mean([t['branches'] for t in tr]), thinks=np.mean([t['thinks'] for t in tr]),
                branch_events=len(ev), verifier_differs=np.mean(differs) if differs else float('nan'),
                verifier_ties=np.mean(ties) if ties else float('nan'))

def main(per_level:int=5, n:int=8):
    set_threads(); lm = load_lm('smollm2', dtype='bf16'); calc = CalculatorVerifier()
    problems = [p for lvl in (2, 3, 4, 5) for p in arithmetic(per_level, level=lvl, split='train')]
    print(f"{len(problems)} validation problems (arithmetic train stream, levels 2-5), {n} adaptive samples each, 96 tokens max\n")
    for name, s in SETTINGS.items():
        t0, gens = time.perf_counter(), []
        for p in problems:
            smp = adaptive_sampler({**s, 'verifier': calc} if 'verifier' in s else s, p)
            gens += lm.generate([root_prompt(p, lm, 2)], n=n, seed=0, temperature=smp.temperature, max_new_tokens=96,
                                chat=False, sampler=smp, progress=False)[0]
        st = trace_stats(gens)
        print(f"{name}: " + ', '.join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in st.items())
              + f" ({time.perf_counter() - t0:.0f} s)")

if __name__ == '__main__': main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
