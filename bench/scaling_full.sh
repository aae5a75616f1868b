#!/usr/bin/env bash
# The scaling study at full size (issue 16): SmolLM2-135M on 200 generated arithmetic problems (levels 2-5, 50 each,
# interleaved), N up to 64 from one pool of samples: majority vote, best-of-N and weighted best-of-N with the calculator
# and with the shipped learned PRM; entropix (adaptive samples, its own pool of 16) by vote and weighted by the learned PRM;
# sequential revision (2 chains: 2 and 4 attempts each at N = 4, 8, against N parallel samples); DVTS (width 4) with the
# learned PRM at N = 4, 8; greedy. About 4.5 h with WORKERS=2 on the 2-core machine (163 s of units per problem per shard with
# both shards running, from the records' seconds in reports/scaling/results; a lone process runs ~1.7x faster, so two shards give ~1.2x one). The engine in
# bf16 with the GGUF's 4-bit kernels (bench/results/bench_numerics.txt: accuracy equal to float32's within CI). Claim 2 at
# 13x is its own run (bench/flops_matched_full.sh); the LLM judges are left out (at chance: reports/verifiers).
#   bash bench/scaling_full.sh              one process
#   WORKERS=2 bash bench/scaling_full.sh    one process per core, each a shard of the problems; then the report
#   N_PROBLEMS=2 OUT=runs/scaling-pilot bash bench/scaling_full.sh   a pilot on the first problems of the same list
# Resumable: run it again after an interruption and it continues from $OUT/results/results*.jsonl — with the engine that
# began it: a run folder refuses a model whose fingerprint differs (the committed run's is 'gguf:<sha>:bfloat16:q4x16';
# today's bf16 engine adds ':pgqa', packed attention), since a run whose units come from two engines is not one
# measurement. To remake it with today's engine, give it a new OUT. The complete committed run: `make reports`.
# Writes $OUT/scaling.ipynb (reports/scaling by default: committed slim) and its HTML (`make reports-html`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=1 OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
WORKERS=${WORKERS:-1}; N_PROBLEMS=${N_PROBLEMS:-200}; OUT=${OUT:-reports/scaling}
run() {
  ${PIN:-} .venv/bin/ponder-run nbs/studies/scaling.ipynb "$@" -p runs_dir "$OUT" -p name results -p dtype bf16 -p large_model None \
    -p levels '[2, 3, 4, 5]' -p n_problems "$N_PROBLEMS" -p budgets '[1, 2, 4, 8, 16, 32, 64]' -p learned True \
    -p strategies "['majority_vote', 'best_of_n', 'weighted_best_of_n', {'strategy': 'entropix', 'budgets': [1, 2, 4, 8, 16]}, {'label': 'entropix (weighted, learned PRM)', 'strategy': 'entropix', 'options': {'select_by': 'weighted'}, 'verifier': 'learned_prm', 'budgets': [1, 2, 4, 8, 16]}, {'label': 'revise (2 chains)', 'strategy': 'revise', 'options': {'chains': 2}, 'budgets': [4, 8]}, {'label': 'dvts (learned PRM)', 'strategy': 'dvts', 'options': {'width': 4}, 'verifier': 'learned_prm', 'budgets': [4, 8]}]" \
    -p max_new_tokens 96 -p step_tokens 24 -p max_steps 6 -p n_bins 3 -p reference_n 16
}
if [ "$WORKERS" -gt 1 ]; then   # the shards computed every unit: the report is read off their logs (no model loaded)
  source bench/shards.sh; run_shards scaling
  .venv/bin/ponder-run nbs/studies/scaling.ipynb --out "$OUT" -p from_run "$OUT/results"
else run --out "$OUT"; fi
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('$OUT/scaling.ipynb'))"
.venv/bin/python -c "from ponder.study import pack_logs; print(pack_logs('$OUT/results'))"   # committed gzipped; a resume appends beside them
