"""Numerics of the local engine's decode paths against float32, on the bundled SmolLM2-135M-Instruct (one run).

Paths: float32 (dense; the reference), bf16 dense (`dtype='bf16', q4_rows=0`), the fast path (`dtype='bf16'`: decode
steps of <= 16 rows on the GGUF's own Q4_1 weights, of <= 4 rows also on its Q8_0 output head).
A. Log-probs, teacher-forced: float32's greedy continuation of PROMPTS prompts (NTOK tokens) is fed token by token at
   batch 1 (so the fast path really runs its 4-bit and 8-bit kernels); per path: the largest |logprob difference| of the chosen
   token, the largest over float32's top-20 tokens, the mean, and how often the argmax agrees.
B. Accuracy: greedy answers to PROBLEMS validation problems (arithmetic levels 2-5, split='train', seed 2: never the test
   problems), 2-shot chat prompt, 128 new tokens; the fast path decodes in batches of 4 (all its steps on the 4-bit
   layers and the 8-bit head). Accuracy with Wilson 95% CI, and the paired difference against float32 with a bootstrap 95% CI.
Run: .venv/bin/python bench/bench_numerics.py > bench/results/bench_numerics.txt   [env: PROMPTS=24 NTOK=48 PROBLEMS=200]
"""
import os, time, numpy as np, torch
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads
from ponder.tasks import arithmetic, extract_answer, is_correct, wilson_ci
from ponder.search import root_prompt
from ponder.study import bootstrap_ci

P, NTOK, K = (int(os.environ.get(k, d)) for k, d in (("PROMPTS", "24"), ("NTOK", "48"), ("PROBLEMS", "200")))
PATHS = {'float32': dict(), 'bf16 dense': dict(dtype='bf16', q4_rows=0), 'fast: 4-bit + 8-bit head': dict(dtype='bf16')}

def problems():
    per = K // 4
    return [p for lv in (2, 3, 4, 5) for p in arithmetic(per, lv, seed=2, split='train')]

def forced_logprobs(lm, ids:list, cont:list)->torch.Tensor:
    "[len(cont), V] log-probs of each next token, feeding `cont` one token at a time after a prefill of `ids`."
    from transformers import DynamicCache
    m, out = lm.model, []
    with torch.inference_mode():
        o = m(input_ids=torch.tensor([ids]), cache=DynamicCache(config=m.config), use_cache=True)
        for t in [None] + cont[:-1]:
            if t is not None: o = m(input_ids=torch.tensor([[t]]), cache=o['cache'] if 'cache' in o else o.past_key_values, use_cache=True)
            out.append(torch.log_softmax(o.logits[0, -1].float(), -1))
    return torch.stack(out)

def main():
    set_threads(); ps = problems()
    lms = {k: load_lm(cache=False, **kw) for k, kw in PATHS.items()}
    ref = lms['float32']
    prompts = [root_prompt(p, ref) for p in ps[:: max(1, len(ps) // P)][:P]]
    gens = ref.generate(prompts, temperature=0, max_new_tokens=NTOK, chat=False, progress=False)
    print(f"# {ref.name}; A: {len(prompts)} prompts x <= {NTOK} forced tokens at batch 1; B: {len(ps)} validation problems "
          f"(arithmetic L2-5, split='train', seed 2), greedy, 128 new tokens")
    print("A. teacher-forced log-probs against float32 (nats)")
    print(f"   {'path':26s} {'max |d| chosen':>14s} {'max |d| top-20':>14s} {'mean |d| chosen':>15s} {'argmax agrees':>13s}")
    refs = [forced_logprobs(ref, ref.encode(q, chat=False), g[0].token_ids) for q, g in zip(prompts, gens)]
    for name, lm in list(lms.items())[1:]:
        dc, dt, agree, n = [], [], 0, 0
        for q, g, r in zip(prompts, gens, refs):
            x, c = forced_logprobs(lm, lm.encode(q, chat=False), g[0].token_ids), torch.tensor(g[0].token_ids)
            dc += (x.gather(1, c[:, None]) - r.gather(1, c[:, None])).abs().flatten().tolist()
            top = r.topk(20, -1).indices
            dt.append((x.gather(1, top) - r.gather(1, top)).abs().max().item())
            agree += (x.argmax(-1) == r.argmax(-1)).sum().item(); n += len(c)
        print(f"   {name:26s} {max(dc):14.3f} {max(dt):14.3f} {np.mean(dc):15.4f} {agree / n:13.3f}")
    print("B. greedy accuracy on the validation problems")
    right = {}
    for name, lm in lms.items():
        if name.startswith('fast'): lm.batch_size = 4
        t0 = time.perf_counter()
        g = lm.generate([root_prompt(p, lm) for p in ps], temperature=0, max_new_tokens=128, chat=False, progress=False)
        right[name] = np.array([float(bool(is_correct(extract_answer(x[0]), p.answer))) for p, x in zip(ps, g)])
        k, lo_hi = int(right[name].sum()), wilson_ci(right[name].sum(), len(ps))
        d = right[name] - right['float32']; m, lo, hi = bootstrap_ci(d)
        print(f"   {name:26s} {k:3d}/{len(ps)} = {k / len(ps):.3f} [{lo_hi[0]:.3f}, {lo_hi[1]:.3f}]   minus float32 {m:+.3f} [{lo:+.3f}, {hi:+.3f}]"
              f"   right/wrong flips {int((right[name] != right['float32']).sum())}   {time.perf_counter() - t0:.0f} s", flush=True)

if __name__ == "__main__": main()
