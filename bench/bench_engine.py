"""Benchmark: the local engine's decode paths against their baselines, all measured in this one run (issue 15).

Model: the bundled SmolLM2-135M-Instruct (Q4_1 GGUF), one torch thread, disk cache off (every token computed).
  today  = `load_lm()`            float32, dense (the engine before this change, and still the float32 option)
  fast   = `load_lm(dtype='bf16')` bfloat16 dense weights on AMX for wide batches + the GGUF's own 4-bit weights (int4
           kernels) for decode steps of <= 16 rows, its own Q8_0 output head (two 4-bit planes, `Q8Head`) for steps of
           <= 4 rows, and one-query attention steps with the query heads packed per key/value head (`packed_gqa_sdpa`);
           fingerprint `:bfloat16:q4x16:q8h4:pgqa`
  fast, transformers SDPA = the same with transformers' own SDPA attention (`enable_gqa`): what the packing alone gives
  fast, dense head        = the same with the output head dense bf16 (batch 1 only): what the 8-bit head alone gives
A. n=16 samples of one prompt, BENCH_TOKENS new tokens, T=1: ponder today / fast vs HF fp32 `generate(num_return_sequences=16)`
   and vs 16 sequential HF fp32 `generate` calls (goal: fast >= 2.5x HF num_return_sequences tokens/s).
B. batch-1 greedy, BENCH_TOKENS new tokens: ponder today / fast vs HF fp32 `generate` and llama.cpp's `llama-server` on the
   same GGUF (1 slot, 1 thread, through ponder's OpenAILM) (goals: fast >= 2x today, >= 0.5x llama.cpp).
Each arm runs BENCH_REPEATS times, interleaved with the others, fastest kept; tokens/s counts generated tokens.
Run: .venv/bin/python bench/bench_engine.py > bench/results/bench_engine.txt   [env: BENCH_TOKENS=64 BENCH_REPEATS=3]
"""
import os, time, torch
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads
from ponder.server import LlamaServer

THREADS = set_threads()
N, MAX_NEW, REPEATS = 16, int(os.environ.get("BENCH_TOKENS", 64)), int(os.environ.get("BENCH_REPEATS", 3))
STORY = "Write a long story about a robot who learns to paint."

def seed(): return int(time.time() * 1000) % 2**31

def ponder_arm(lm, n, greedy=False):
    def f():
        gens = lm.generate(STORY, n=n, max_new_tokens=MAX_NEW, temperature=0 if greedy else 1.0, seed=seed(), progress=False)[0]
        return sum(g.usage.completion_tokens for g in gens)
    return f

def hf_arm(lm, n, greedy=False, sequential=False):
    ids = torch.tensor([lm.encode(STORY)])
    kw = dict(attention_mask=torch.ones_like(ids), max_new_tokens=MAX_NEW, pad_token_id=lm.pad_id)
    kw.update(dict(do_sample=False) if greedy else dict(do_sample=True, temperature=1.0, top_k=0))
    def real(out):
        n = 0
        for row in out[:, ids.shape[1]:].tolist():
            for t in row:
                n += 1
                if t in lm.eos_ids: break
        return n
    def f():
        with torch.inference_mode():
            if sequential: return sum(real(lm.model.generate(ids, **kw)) for _ in range(n))
            return real(lm.model.generate(ids, num_return_sequences=n, **kw) if n > 1 else lm.model.generate(ids, **kw))
    return f

def timed(fn, runs):
    t = time.perf_counter(); n = fn(); runs.append((time.perf_counter() - t, n))

def tps(runs): t, n = min(runs); return n / t

def main():
    today, fast, fast_sdpa = load_lm(cache=False), load_lm(dtype='bf16', cache=False), load_lm(dtype='bf16', cache=False)
    fast_sdpa.model.set_attn_implementation('sdpa')
    fast_dh = load_lm(dtype='bf16', cache=False); fast_dh.model.lm_head.max_rows = 0     # Q8Head, always dense
    srv = LlamaServer('smollm2', n_threads=THREADS, parallel=1).start()
    try:
        llama = srv.lm(cache=False)
        arms = {'A ponder today (fp32)': ponder_arm(today, N), 'A ponder fast (bf16, 4-bit, 8-bit head)': ponder_arm(fast, N),
                'A ponder fast, transformers SDPA': ponder_arm(fast_sdpa, N), 'A HF fp32 num_return_sequences=16': hf_arm(today, N),
                'B ponder today (fp32)': ponder_arm(today, 1, True), 'B ponder fast (bf16, 4-bit, 8-bit head)': ponder_arm(fast, 1, True),
                'B ponder fast, transformers SDPA': ponder_arm(fast_sdpa, 1, True), 'B ponder fast, dense head': ponder_arm(fast_dh, 1, True),
                'B HF fp32 generate': hf_arm(today, 1, True), 'B llama.cpp llama-server (1 slot)': ponder_arm(llama, 1, True)}
        for f in arms.values(): f()                                   # warm every path
        R = {k: [] for k in arms}
        for _ in range(REPEATS):
            for k, f in arms.items(): timed(f, R[k])
        R['A HF fp32 16 sequential calls'] = []; timed(hf_arm(today, N, sequential=True), R['A HF fp32 16 sequential calls'])
    finally:
        srv.stop()
    print(f"{today.name}, {today.n_params / 1e6:.0f}M params, {THREADS} torch thread(s), {MAX_NEW} new tokens, best of {REPEATS} "
          f"interleaved (the 16 sequential calls once); fast = {fast.fingerprint.split(':', 2)[-1]}")
    for k in sorted(R, key=lambda k: k[0]):
        t, n = min(R[k]); print(f"{k:40s} {t:7.2f} s  {n:5d} tokens  {n / t:7.1f} tok/s")
    r = lambda a, b: tps(R[a]) / tps(R[b])
    print(f"RATIO A fast / HF num_return_sequences=16: {r('A ponder fast (bf16, 4-bit, 8-bit head)', 'A HF fp32 num_return_sequences=16'):.2f}x (goal >= 2.5x); "
          f"today / HF: {r('A ponder today (fp32)', 'A HF fp32 num_return_sequences=16'):.2f}x")
    print(f"RATIO A fast / HF 16 sequential calls: {r('A ponder fast (bf16, 4-bit, 8-bit head)', 'A HF fp32 16 sequential calls'):.2f}x; "
          f"fast / today: {r('A ponder fast (bf16, 4-bit, 8-bit head)', 'A ponder today (fp32)'):.2f}x; "
          f"packed attention / transformers SDPA: {r('A ponder fast (bf16, 4-bit, 8-bit head)', 'A ponder fast, transformers SDPA'):.2f}x")
    print(f"RATIO B fast / today: {r('B ponder fast (bf16, 4-bit, 8-bit head)', 'B ponder today (fp32)'):.2f}x (goal >= 2x); "
          f"fast / llama.cpp: {r('B ponder fast (bf16, 4-bit, 8-bit head)', 'B llama.cpp llama-server (1 slot)'):.2f}x (goal >= 0.5x); "
          f"fast / HF fp32: {r('B ponder fast (bf16, 4-bit, 8-bit head)', 'B HF fp32 generate'):.2f}x; "
          f"packed attention / transformers SDPA: {r('B ponder fast (bf16, 4-bit, 8-bit head)', 'B ponder fast, transformers SDPA'):.2f}x; "
          f"8-bit head / dense head: {r('B ponder fast (bf16, 4-bit, 8-bit head)', 'B ponder fast, dense head'):.2f}x")

if __name__ == "__main__": main()
