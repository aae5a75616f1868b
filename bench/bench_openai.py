"""Benchmark: ponder through llama.cpp's own `llama-server`, in one run on one GGUF (bundled SmolLM2-135M-Instruct Q4_1).

A. n=16 seeded samples of one prompt, and 16 prompts x 1 sample, BENCH_TOKENS new tokens each, through ponder's
   `OpenAILM` against the same binary started twice: with 1 slot (requests decoded one at a time: the sequential server)
   and with BENCH_SLOTS parallel slots (continuous batching). Prints generated tokens/s and the ratio slots / sequential.
B. ponder's overhead: the same 16 requests sent straight to the slotted server with httpx (asyncio, all at once), vs
   through `OpenAILM.generate`; ratio ponder / raw (goal >= 0.9x).
C. ponder's local transformers backend (`load_lm()`) vs the llama.cpp backend for one prompt with n=1 (batch 1) and
   n=16 (batch 16): generated tokens/s and the ratio llama.cpp / transformers.
Each arm runs BENCH_REPEATS times, interleaved, and its fastest run is kept (damps noise from other processes).
Run: .venv/bin/python bench/bench_openai.py   [env: BENCH_TOKENS=64, BENCH_SLOTS=8, BENCH_REPEATS=2, PONDER_THREADS=1]
"""
import os, time, asyncio
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import httpx
from ponder.lm import load_lm, set_threads
from ponder.server import LlamaServer, llama_server_binary

THREADS = set_threads()
MAX_NEW, SLOTS = int(os.environ.get("BENCH_TOKENS", 64)), int(os.environ.get("BENCH_SLOTS", 8))
REPEATS = int(os.environ.get("BENCH_REPEATS", 2))
STORY = "Write a long story about a robot who learns to paint."
QUESTIONS = ["Write a short story about a robot who learns to paint.", "Explain why the sky is blue.",
             "Give three tips for learning to cook.", "Describe a walk in a forest in autumn.",
             "What makes a good friend?", "Summarize the plot of a heist movie you invent.",
             "Write a letter to your future self.", "Explain how a bicycle stays upright."] * 2

def best(fn, runs:list):
    "Run fn (which returns generated tokens), keep (seconds, tokens)."
    t = time.perf_counter(); n = fn(); runs.append((time.perf_counter() - t, n)); return n

def tps(runs): t, n = min(runs); return n / t

def samples(lm, n):
    def f():
        gens = lm.generate(STORY, n=n, max_new_tokens=MAX_NEW, seed=int(time.time() * 1000) % 2**31, cache=False, progress=False)[0]
        return sum(g.usage.completion_tokens for g in gens)
    return f

def prompts(lm):
    def f():
        gens = lm.generate(QUESTIONS, n=1, max_new_tokens=MAX_NEW, seed=int(time.time() * 1000) % 2**31, cache=False, progress=False)
        return sum(g[0].usage.completion_tokens for g in gens)
    return f

def raw(srv, texts):
    "The same requests, straight to the server, all in flight at once."
    async def go():
        async with httpx.AsyncClient(timeout=600, limits=httpx.Limits(max_connections=len(texts))) as c:
            rs = await asyncio.gather(*(c.post(srv.base_url + '/completions', json=dict(model=srv.alias, prompt=t, max_tokens=MAX_NEW,
                                        temperature=1.0, top_p=1.0, top_k=0, min_p=0.0, repeat_penalty=1.0, seed=i))
                                        for i, t in enumerate(texts)))
        return sum(r.json()['usage']['completion_tokens'] for r in rs)
    return lambda: asyncio.run(go())

def main():
    b = llama_server_binary()
    seq, par = LlamaServer('smollm2', n_threads=THREADS, parallel=1).start(), LlamaServer('smollm2', n_threads=THREADS, parallel=SLOTS).start()
    try:
        lseq, lpar, local = seq.lm(cache=False), par.lm(cache=False), load_lm(cache=False)
        texts = [lpar.chat_prompt(q) for q in QUESTIONS]
        R = {k: [] for k in ('seq16', 'par16', 'seqP', 'parP', 'raw', 'ponder', 'l1', 'l16', 'c1', 'c16')}
        samples(lpar, 2)()                                          # warm
        for _ in range(REPEATS):
            best(samples(lseq, 16), R['seq16']); best(samples(lpar, 16), R['par16'])
            best(prompts(lseq), R['seqP']); best(prompts(lpar), R['parP'])
            best(raw(par, texts), R['raw']); best(prompts(lpar), R['ponder'])
            for n, kl, kc in ((1, 'l1', 'c1'), (16, 'l16', 'c16')):
                best(samples(local, n), R[kl]); best(samples(lpar if n > 1 else lseq, n), R[kc])
    finally:
        seq.stop(); par.stop()
    print(f"SmolLM2-135M-Instruct Q4_1 GGUF · llama-server {b.origin} ({b.version()}) · {THREADS} thread(s) · "
          f"{MAX_NEW} new tokens · best of {REPEATS}")
    print("A. generated tokens/s through ponder, sequential server (1 slot) vs {} slots:".format(SLOTS))
    for name, s, p in (('n=16 samples of one prompt', 'seq16', 'par16'), ('16 prompts x 1 sample', 'seqP', 'parP')):
        print(f"   {name:28s} sequential {tps(R[s]):7.1f} · {SLOTS} slots {tps(R[p]):7.1f} · RATIO = {tps(R[p]) / tps(R[s]):.2f}x (goal >= 3x)")
    print(f"B. 16 requests at once: raw httpx {tps(R['raw']):7.1f} tok/s · ponder {tps(R['ponder']):7.1f} tok/s · "
          f"RATIO ponder / raw = {tps(R['ponder']) / tps(R['raw']):.3f}x (goal >= 0.9x)")
    print("C. one prompt, n samples, generated tokens/s:")
    for n, kl, kc in ((1, 'l1', 'c1'), (16, 'l16', 'c16')):
        print(f"   batch {n:2d}: local transformers {tps(R[kl]):7.1f} · llama.cpp {tps(R[kc]):7.1f} · RATIO llama.cpp / transformers = {tps(R[kc]) / tps(R[kl]):.2f}x")

if __name__ == '__main__': main()
