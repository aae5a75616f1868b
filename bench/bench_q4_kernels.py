"""Microbenchmark: the decoder layers' matmuls of one decode step, on SmolLM2-135M's real weights, one thread.

For each row count: milliseconds for all 210 linear layers (30 layers x q, k, v, o, gate, up, down) in float32 dense,
bfloat16 dense, and the GGUF's own 4-bit codes (`ponder.lm.q4_pack` + torch's int4 kernel, bf16 activations); the output
head is not included. Best of BENCH_REPEATS. `00_lm` quotes it; the crossover bounds `q4_rows`.
Run: .venv/bin/python bench/bench_q4_kernels.py > bench/results/bench_q4_kernels.txt   [env: BENCH_REPEATS=5]
"""
import os, time, torch
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("PONDER_THREADS", "1")
from ponder.lm import load_lm, set_threads, q4_pack

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
    for rows in (1, 2, 4, 8, 12, 16, 32):
        xs = {dt: {k: torch.randn(rows, k, dtype=dt) for k in {w.shape[1] for w in ws}} for dt in dense}
        with torch.inference_mode():
            t = {str(dt).removeprefix('torch.'): best(lambda dt=dt: [torch.nn.functional.linear(xs[dt][w.shape[1]], w) for w in dense[dt]])
                 for dt in dense}
            x16 = xs[torch.bfloat16]
            t['4-bit'] = best(lambda: [torch.ops.aten._weight_int4pack_mm_for_cpu(x16[w.shape[1]], p, 32, sz) for w, (p, sz) in zip(ws, packs)])
        print(f"{rows:5d} {t['float32']:9.1f} {t['bfloat16']:9.1f} {t['4-bit']:9.1f}   {min(t, key=t.get)}", flush=True)

if __name__ == "__main__": main()
