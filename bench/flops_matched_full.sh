#!/usr/bin/env bash
# Claim 2 of Snell et al. at 13x (issue 14): SmolLM2-135M with test-time compute (majority vote, best-of-N and weighted
# best-of-N with the calculator verifier, N up to 32 from one pool) against Qwen2.5-Coder-1.5B answering greedily (13.2x the
# parameters, llama.cpp server), FLOPs matched, per difficulty bin, on 100 generated arithmetic problems (levels 1-5).
# Resumable (runs/flops13/results*.jsonl). Writes reports/flops13/scaling.ipynb (committed slim) and its HTML (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=${PONDER_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
.venv/bin/ponder-run nbs/studies/scaling.ipynb --out reports/flops13 \
  -p name flops13 -p large_model qwen2.5-coder-1.5b -p levels '[1, 2, 3, 4, 5]' -p n_problems 100 \
  -p budgets '[1, 2, 4, 8, 16, 32]' -p strategies "['majority_vote', 'best_of_n', 'weighted_best_of_n']" \
  -p max_new_tokens 128 -p n_bins 3 -p reference_n 16
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('reports/flops13/scaling.ipynb'))"
