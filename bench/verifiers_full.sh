#!/usr/bin/env bash
# The learned-verifier study at full size (issue 13): 120 training, 40 validation and 200 test problems
# (arithmetic levels 2-4 and GSM8K 1-2-step), 4 solutions per training problem with K=4 rollouts per step prefix,
# 16 candidates per test problem, tree search on 24 level-4 test problems at budgets 4 and 8.
# Resumable: generations are cached (PONDER_CACHE_DIR) and the tree-search study appends to runs/.
# Writes reports/verifiers/verifiers.ipynb (committed slim: `ponder.report.slim_report`) and verifiers.html (self-contained; not committed, `make reports-html` remakes it) and, with SAVE_DEFAULT=1, the package's default PRM.
# Optional: `bench/verifiers_prewarm.py` on the other core samples the test candidates into the cache meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=${PONDER_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
.venv/bin/ponder-run nbs/studies/verifiers.ipynb --out reports/verifiers \
  -p levels '[2, 3, 4]' -p n_train 30 -p n_val 10 -p n_test 50 \
  -p gsm8k_train 30 -p gsm8k_val 10 -p gsm8k_test 50 \
  -p train_solutions 4 -p k 4 -p candidates 16 -p ns '[1, 2, 4, 8, 16]' \
  -p layers '[10, 15, 20, 25, -1]' -p layer_sets '[[-1], [20], [15], [10], [15, -1], [10, 20, -1]]' -p hiddens '[0, 64]' \
  -p judge_candidates 4 -p max_new_tokens 160 -p n_boot 2000 \
  -p search_problems 24 -p search_budgets '[4, 8]' -p save_default "$([ "${SAVE_DEFAULT:-0}" = 1 ] && echo True || echo False)"
# the committed copy: figures as plotly's JSON mimetype only (the HTML beside it keeps plotly.js, to open offline)
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('reports/verifiers/verifiers.ipynb'))"
