#!/usr/bin/env bash
# The bundled models' greedy accuracy at full size (issue 14): arithmetic levels 1-5 x 30 test problems and the first
# 200 GSM8K test problems, 2-shot, for SmolLM2-135M, Gemma-3-270M and Qwen2.5-Coder-1.5B (llama.cpp server, 8 slots).
# Measured here: SmolLM2 and Gemma 24 min on 2 threads, Qwen 33 min on 1 thread (8 slots). Resumable: every answer goes to the generation cache, so a rerun with the same model fingerprints takes seconds.
# Writes reports/models/models.ipynb (committed slim), models.html (not committed: `make reports-html`) and the graded answers,
# reports/models/answers/<model>.jsonl (committed): FROM_LOGS=1 rebuilds the report from them with no model (`make reports`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=${PONDER_THREADS:-2} OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
.venv/bin/ponder-run nbs/studies/models.ipynb --out reports/models \
  -p levels '[1, 2, 3, 4, 5]' -p n_per_level 30 -p gsm8k_n 200 -p max_new_tokens 256 -p parallel 8 \
  $([ -n "${FROM_LOGS:-}" ] && echo "-p from_logs reports/models/answers" || echo "-p results_dir reports/models/answers")
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('reports/models/models.ipynb'))"
