"""Where a bf16 decode step's time goes, and what packing grouped-query attention saves (issue 15), all in this one run.

Model: the bundled SmolLM2-135M-Instruct, `load_lm(dtype='bf16')` (4-bit kernels for <= 16 rows), one torch thread.
A. One attention call of a decode step (one query per row), SmolLM2's shape (9 query heads, 3 key/value heads, 64 dims),
   bf16 with a padding mask: SDPA with `enable_gqa=True` (what transformers asks for) vs the query heads packed per
   key/value head (`ponder.lm.packed_gqa_sdpa`), ms per call, best of REPEATS; and the largest difference of each
   against float64.
B. One decode step of `lm.generate` (B samples of 48 tokens of one prompt: wall time x B / tokens) at 1 and 16 rows,
   with transformers' SDPA and with the packed attention, and the parts of the transformers-SDPA step: its 30 attention
   calls (A's timing x layers, at POSITIONS positions) and, at 1 row, the output head (49,152 x 576; at 1 row on its Q8_0 codes, `Q8Head`) alone.
Run: .venv/bin/python bench/bench_attention.py > bench/results/bench_attention.txt   [env: REPEATS=50 POSITIONS=80]
"""
import os, time, torch
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from types import SimpleNamespace
from ponder.lm import load_lm, set_threads, packed_gqa_sdpa

THREADS = set_threads()
REPEATS, POS = int(os.environ.get("REPEATS", 50)), int(os.environ.get("POSITIONS", 80))
F = torch.nn.functional

def best_ms(f, n=REPEATS):
    for _ in range(3): f()
    ts = []
    for _ in range(n):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return 1e3 * min(ts)

def attention_call(B, T, H=9, KV=3, D=64):
    "(ms enable_gqa, ms packed, max err enable_gqa, max err packed) for one decode-step attention call."
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(B, h, t, D, generator=g).to(torch.bfloat16) for h, t in ((H, 1), (KV, T), (KV, T)))
    mask = torch.zeros(B, 1, 1, T, dtype=torch.bfloat16); mask[:, ..., :T // 10] = float('-inf')    # left padding
    mod = SimpleNamespace(num_key_value_groups=H // KV, is_causal=True)
    gqa = lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=mask, enable_gqa=True)
    packed = lambda: packed_gqa_sdpa(mod, q, k, v, mask)[0]
    ref = F.scaled_dot_product_attention(q.double(), k.double(), v.double(), attn_mask=mask.double(), enable_gqa=True)
    err = lambda x: (x.double() - ref).abs().max().item()
    return best_ms(gqa), best_ms(packed), err(gqa()), err(packed().transpose(1, 2))

def step_ms(lm, B, new=48):
    "ms per decode step of B rows: `lm.generate` of B samples (the prompt from the prefix pool), wall time x B / tokens."
    prompt = "Write a long story about a robot who learns to paint."
    lm.generate(prompt, max_new_tokens=1)                     # the prompt's key/values into the prefix pool
    def f():
        t = time.perf_counter()
        gens = lm.generate(prompt, n=B, max_new_tokens=new, temperature=1.0, seed=7, progress=False)[0]
        return (time.perf_counter() - t) * B / sum(g.n_tokens for g in gens)
    f(); return 1e3 * min(f() for _ in range(3))

def main():
    print(f"smollm2 bf16, {THREADS} torch thread(s), best of {REPEATS}; attention calls over {POS} cached positions")
    print("A. one attention call (bf16, 9 query / 3 key-value heads, padding mask): ms; max |error| vs float64")
    calls = {}
    for B, T in ((1, POS), (16, POS), (64, 2 * POS)):
        a, p, ea, ep = calls[(B, T)] = attention_call(B, T)
        print(f"   {B:3d} rows x {T:4d} positions  enable_gqa {a:7.3f}   packed {p:7.3f}   {a / p:5.1f}x   error {ea:.4f} vs {ep:.4f}")
    lm = load_lm(dtype='bf16', cache=False)
    layers = lm.model.config.num_hidden_layers
    print("B. one decode step inside `lm.generate` (B samples of 48 tokens, T=1): ms")
    for B in (1, 16):
        packed = step_ms(lm, B)
        lm.model.set_attn_implementation('sdpa'); plain = step_ms(lm, B); lm.model.set_attn_implementation('ponder_packed_sdpa')
        attn = layers * calls[(B, POS)][0]
        line = (f"   {B:3d} rows: transformers SDPA {plain:6.2f}, packed {packed:6.2f} ({plain / packed:.2f}x); "
                f"its {layers} attention calls {attn:6.2f} = {100 * attn / plain:.0f}% of the SDPA step")
        if B == 1:
            x = torch.randn(1, 1, lm.model.config.hidden_size, dtype=torch.bfloat16)
            with torch.inference_mode(): head = best_ms(lambda: lm.model.lm_head(x))
            line += f"; the output head {head:5.2f} = {100 * head / packed:.0f}% of the packed step"
        print(line)

if __name__ == '__main__': main()
