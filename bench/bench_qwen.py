"""Benchmark: the bundled Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) on llama.cpp's `llama-server`, through ponder.

A. n=16 seeded samples of one prompt, and 16 prompts x 1 sample, BENCH_TOKENS new tokens each, through `OpenAILM`,
   against the same binary started twice: 1 slot (sequential) and BENCH_SLOTS slots (continuous batching).
B. ponder's overhead: the 16 prompts straight to the slotted server with httpx, all at once, vs through ponder.
C. prompt processing (prefill) tokens/s: one 2-shot GSM8K prompt, generated 1 token.
Same arms interleaved BENCH_REPEATS times, fastest kept. Every ratio is against a baseline measured in this run.
Run: .venv/bin/python bench/bench_qwen.py   [env: PONDER_THREADS=2, BENCH_TOKENS=64, BENCH_SLOTS=8, BENCH_REPEATS=2]
"""
import os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "2")
sys.path.insert(0, os.path.dirname(__file__))
from bench_openai import best, tps, samples, prompts, raw, QUESTIONS, MAX_NEW, SLOTS, REPEATS
from ponder.server import LlamaServer, llama_server_binary
from ponder.search import root_prompt
from ponder.tasks import gsm8k

THREADS = int(os.environ["PONDER_THREADS"])

def prefill(lm, text):
    def f():
        [[g]] = lm.generate(text, n=1, max_new_tokens=1, temperature=0, chat=False, cache=False, progress=False, seed=None)
        return g.usage.prompt_tokens
    return f

def main():
    b = llama_server_binary()
    seq = LlamaServer('qwen2.5-coder-1.5b', n_threads=THREADS, parallel=1, n_ctx=4096).start()
    par = LlamaServer('qwen2.5-coder-1.5b', n_threads=THREADS, parallel=SLOTS, n_ctx=4096).start()
    try:
        lseq, lpar = seq.lm(cache=False), par.lm(cache=False)
        texts = [lpar.chat_prompt(q) for q in QUESTIONS]
        long = root_prompt(gsm8k('test')[0], lpar, 2)
        R = {k: [] for k in ('seq16', 'par16', 'seqP', 'parP', 'raw', 'ponder', 'pre')}
        samples(lpar, 2)()                                          # warm
        for _ in range(REPEATS):
            best(samples(lseq, 16), R['seq16']); best(samples(lpar, 16), R['par16'])
            best(prompts(lseq), R['seqP']); best(prompts(lpar), R['parP'])
            best(raw(par, texts), R['raw']); best(prompts(lpar), R['ponder'])
            best(prefill(lseq, long), R['pre'])
    finally:
        seq.stop(); par.stop()
    print(f"Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF ({lpar.n_params/1e9:.2f} B parameters) · llama-server {b.origin} "
          f"({b.version()}) · {THREADS} thread(s) · {MAX_NEW} new tokens · best of {REPEATS}")
    print(f"A. generated tokens/s through ponder, sequential server (1 slot) vs {SLOTS} slots:")
    for name, s, p in (('n=16 samples of one prompt', 'seq16', 'par16'), ('16 prompts x 1 sample', 'seqP', 'parP')):
        print(f"   {name:28s} sequential {tps(R[s]):6.1f} · {SLOTS} slots {tps(R[p]):6.1f} · RATIO = {tps(R[p]) / tps(R[s]):.2f}x")
    print(f"B. 16 requests at once: raw httpx {tps(R['raw']):6.1f} tok/s · ponder {tps(R['ponder']):6.1f} tok/s · "
          f"RATIO ponder / raw = {tps(R['ponder']) / tps(R['raw']):.3f}x (goal >= 0.9x)")
    print(f"C. prefill of a 2-shot GSM8K prompt: {tps(R['pre']):6.1f} prompt tokens/s (one slot)")

if __name__ == '__main__': main()
