#!/bin/bash
# The full-size scaling study whose report is quoted in the closing notes: about 2 hours of one CPU thread.
#   bash bench/full_study.sh             one process
#   WORKERS=2 bash bench/full_study.sh   two processes (one per core), each a shard of the problems; then the report
#   DTYPE=bf16 bash bench/full_study.sh  the engine in bf16 (the model and the larger baseline model): the GGUF's 4-bit layers and 8-bit head for small batches (bench/results/bench_engine.txt)
#   N_PROBLEMS=4 NAME=sub bash bench/full_study.sh   a subset (the first problems of the same list) under runs/sub-report
# Resumable: run it again after an interruption and it continues from runs/$NAME/results*.jsonl (runs/full by default).
set -e
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false PONDER_THREADS=1
WORKERS=${WORKERS:-1}; N_PROBLEMS=${N_PROBLEMS:-24}; NAME=${NAME:-full}
EXTRA=(); if [ -n "$DTYPE" ]; then EXTRA=(-p dtype "$DTYPE"); fi
run() {
  .venv/bin/ponder-run nbs/studies/scaling.ipynb "$@" \
    -p name "$NAME" -p levels '[2, 3, 4, 5]' -p n_problems "$N_PROBLEMS" "${EXTRA[@]}" -p budgets '[1, 2, 4, 8, 16, 32, 64]' \
    -p strategies "['majority_vote', 'best_of_n', 'weighted_best_of_n', {'strategy': 'beam_search', 'options': {'width': 4}, 'budgets': [4, 8, 16]}, {'strategy': 'lookahead', 'options': {'width': 4}, 'budgets': [4, 8, 16]}, {'strategy': 'dvts', 'options': {'width': 4}, 'budgets': [4, 8, 16]}, {'strategy': 'mcts', 'options': {'width': 2}, 'budgets': [1, 2, 4, 8, 16]}]" \
    -p judges True -p max_new_tokens 96 -p step_tokens 24 -p max_steps 6 -p n_bins 3 -p reference_n 16
}
if [ "$WORKERS" -gt 1 ]; then
  pids=()
  for i in $(seq 0 $((WORKERS - 1))); do run --out "runs/$NAME-report/shard-$i" -p shard "[$i, $WORKERS]" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done          # set -e: a failed shard stops the script here
fi
run --out "runs/$NAME-report"
