"""Microbenchmark: the decoder layers' matmuls of one decode step, on SmolLM2-135M's real weights, one thread.

For each row count: milliseconds for all 210 linear layers (30 layers x q, k, v, o, gate, up, down) in float32 dense,
bfloat16 dense, and the GGUF's own 4-bit codes (`ponder.lm.q4_pack` + torch's int4 kernel, bf16 activations); the output
head is timed apart: dense bfloat16 against the GGUF's own 8-bit codes (`ponder.lm.gguf_q8_codes` + `q8_pack`, two 4-bit
planes through the same int4 kernel). Best of BENCH_REPEATS. `00_lm` quotes it; the crossovers bound `q4_rows` and
`Q8_HEAD_ROWS`.
Run: .venv/bin/python bench/bench_q4_kernels.py > bench/results/bench_q4_kernels.txt   [env: BENCH_REPEATS=5]
"""
import os, time, torch
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads, q4_pack, gguf_q8_codes, q8_pack, bundled_gguf

REPEATS = int(os.environ.get("BENCH_REPEATS", 5))

def best(f):
    f(); ts = []
    for _ in range(REPEATS):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return 1e3 * min(ts)

def main():
    set_threads()
    lm = load_lm(cache=False)
    head = lm.model.get_output_embeddings()
    ws = [m.weight.data for m in lm.model.modules() if isinstance(m, torch.nn.Linear) and m is not head]
    dense = {torch.float32: ws, torch.bfloat16: [w.bfloat16() for w in ws]}
    packs = [q4_pack(w)[:2] for w in ws]
    mb = sum(w.numel() for w in ws) / 1e6
    print(f"{lm.name}: {len(ws)} linear layers, {mb:.0f}M weights ({4 * mb:.0f} MB float32, {2 * mb:.0f} MB bf16, "
          f"{mb / 2:.0f} MB of 4-bit codes); ms per decode step for all of them, best of {REPEATS}, 1 thread")
    print(f"{'rows':>5} {'float32':>9} {'bf16':>9} {'4-bit':>9}   fastest")
    for rows in (1, 2, 4, 8, 12, 13, 14, 15, 16, 32):
        xs = {dt: {k: torch.randn(rows, k, dtype=dt) for k in {w.shape[1] for w in ws}} for dt in dense}
        with torch.inference_mode():
            t = {str(dt).removeprefix('torch.'): best(lambda dt=dt: [torch.nn.functional.linear(xs[dt][w.shape[1]], w) for w in dense[dt]])
                 for dt in dense}
            x16 = xs[torch.bfloat16]
            t['4-bit'] = best(lambda: [torch.ops.aten._weight_int4pack_mm_for_cpu(x16[w.shape[1]], p, 32, sz) for w, (p, sz) in zip(ws, packs)])
        print(f"{rows:5d} {t['float32']:9.1f} {t['bfloat16']:9.1f} {t['4-bit']:9.1f}   {min(t, key=t.get)}", flush=True)
    head_rows(head.weight.data.bfloat16(), *q8_pack(*gguf_q8_codes(bundled_gguf('smollm2'))))

def head_rows(w, packed, sz):
    "The output head alone: dense bf16 against its 8-bit codes as two 4-bit planes."
    print(f"output head {tuple(w.shape)}: {w.numel() * 2 / 1e6:.0f} MB bf16, {w.numel() / 1e6:.0f} MB of 8-bit codes; ms per call")
    print(f"{'rows':>5} {'bf16':>9} {'8-bit':>9}   fastest")
    for rows in (1, 2, 3, 4, 5, 6, 8, 16):
        x = torch.randn(rows, w.shape[1], dtype=torch.bfloat16)
        with torch.inference_mode():
            t = {'bfloat16': best(lambda: torch.nn.functional.linear(x, w)),
                 '8-bit': best(lambda: torch.ops.aten._weight_int4pack_mm_for_cpu(torch.cat([x, x], 1), packed, 32, sz))}
        print(f"{rows:5d} {t['bfloat16']:9.2f} {t['8-bit']:9.2f}   {min(t, key=t.get)}", flush=True)

if __name__ == "__main__": main()
