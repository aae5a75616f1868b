"""What one extra prefill forward pass costs, in padded tokens: the basis of `_length_groups`' `overhead` (00_lm, Prefill).

Model: the bundled SmolLM2-135M-Instruct, float32 and bf16 (`load_lm(dtype='bf16')`), one torch thread, prefix pool off
(every token computed). For batches of B distinct rows of T tokens: best-of-3 wall time of `LM._prefill_out`; then the
smallest pass (one row of 2 tokens) in units of the largest batch's time per token: what an extra pass costs, in padded
tokens of a wide pass.
Run: .venv/bin/python bench/bench_prefill_pass.py > bench/results/bench_prefill_pass.txt
"""
import os, time
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads

SHAPES = ((1, 1), (1, 8), (4, 16), (16, 16), (32, 32), (64, 48), (64, 96))

def timed(lm, B, T):
    "(tokens, best-of-3 seconds) of one prefill of B distinct rows of T + 1 tokens."
    seqs = [[5 + b] + list(range(100, 100 + T)) for b in range(B)]
    lm._prefill_out(seqs); ts = []
    for _ in range(3):
        t = time.perf_counter(); lm._prefill_out(seqs); ts.append(time.perf_counter() - t)
    return B * (T + 1), min(ts)

def main():
    print(f"smollm2, {set_threads()} torch thread(s), prefix pool off; (tokens, ms) per prefill, then an extra pass in padded tokens")
    for dt in (None, 'bf16'):
        lm = load_lm(cache=False, **({'dtype': dt} if dt else {})); lm.pool.max_bytes = 0
        rows = [timed(lm, B, T) for B, T in SHAPES]
        per = rows[-1][1] / rows[-1][0]
        print(f"{dt or 'float32':8s} {[(int(n), round(s * 1e3, 1)) for n, s in rows]}")
        print(f"{'':8s} the smallest pass {rows[0][1] * 1e3:.1f} ms = {rows[0][1] / per:.0f} tokens at the widest pass's "
              f"{per * 1e3:.3f} ms per token")

if __name__ == "__main__": main()
