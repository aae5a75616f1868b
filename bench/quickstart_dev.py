"""How the quickstart's defaults were chosen — on validation problems only (never its test problems).

For each arithmetic level and sampling temperature: the bundled SmolLM2-135M-Instruct's greedy accuracy, majority vote of N,
the shipped PRM's weighted vote of N (the same N samples), and pass@N (some sample right: the ceiling of any selection),
on DEV_PROBLEMS problems per level of the *training* stream, seed 1 (the PRM's validation problems; the quickstart's
test problems come from the disjoint test stream). k/n with 95% Wilson intervals (scipy).
Run: .venv/bin/python bench/quickstart_dev.py > bench/results/quickstart_dev.txt
     [env: DEV_LEVELS=1,2,3  DEV_TEMPS=0.7  DEV_PROBLEMS=16  DEV_N=8  DEV_TOKENS=128; PONDER_THREADS=1]
"""
import os, time
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads
from ponder.tasks import arithmetic, extract_answer, is_correct
from ponder.search import root_prompt, sample, majority_vote, weighted_best_of_n
from ponder.verify import load_verifier
from ponder.tasks import wilson_ci

LEVELS = [int(x) for x in os.environ.get("DEV_LEVELS", "1,2,3").split(",")]
TEMPS = [float(x) for x in os.environ.get("DEV_TEMPS", "0.7").split(",")]
K, N, TOKENS = (int(os.environ.get(k, d)) for k, d in (("DEV_PROBLEMS", "16"), ("DEV_N", "8"), ("DEV_TOKENS", "128")))

def cell(right:list)->str:
    lo, hi = wilson_ci(sum(right), len(right))
    return f"{sum(right):2d}/{len(right)} [{lo:.2f}, {hi:.2f}]"

def main():
    set_threads(); lm = load_lm(); prm = load_verifier(lm=lm)
    print(f"# {lm.name}, N={N}, {TOKENS} new tokens, 2-shot chat prompt; validation problems: arithmetic split='train', seed=1")
    print(f"{'level':>5} {'T':>4}  {'greedy':>17}  {'majority vote':>17}  {'PRM-weighted':>17}  {'pass@N':>17}  seconds")
    for level in LEVELS:
        ps = list(arithmetic(K, level, seed=1, split="train"))
        gens = lm.generate([root_prompt(p, lm) for p in ps], temperature=0, max_new_tokens=TOKENS, chat=False)
        greedy = [bool(is_correct(extract_answer(g[0]), p.answer)) for p, g in zip(ps, gens)]
        for T in TEMPS:
            t0, vote, wtd, ceil = time.perf_counter(), [], [], []
            for p in ps:
                pool = sample(p, lm, N, seed=0, temperature=T, max_new_tokens=TOKENS)
                ceil.append(any(is_correct(c.answer, p.answer) for c in pool))
                vote.append(bool(majority_vote(p, lm, budget=N, pool=pool).correct))
                wtd.append(bool(weighted_best_of_n(p, lm, prm, budget=N, pool=pool).correct))
            print(f"{level:>5} {T:>4}  {cell(greedy):>17}  {cell(vote):>17}  {cell(wtd):>17}  {cell(ceil):>17}  {time.perf_counter() - t0:7.0f}", flush=True)

if __name__ == "__main__": main()
