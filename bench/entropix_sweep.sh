#!/usr/bin/env bash
# The adaptive sampler's settings swept (issue 16, "Sampling"): on the scaling study's problems (200 generated arithmetic
# problems, levels 2-5, interleaved), SmolLM2-135M samples N <= 8 solutions with entropix at three threshold settings —
# entropix's defaults (entropy >= 1.5 bits, varentropy >= 3 bits² are "high"), both halved (the sampler intervenes more
# often) and both doubled (less often) — and at the default thresholds with its branch candidates chosen by the
# calculator verifier instead of by their mean log-prob; each by majority vote and weighted by the calculator, against
# plain samples (vote, best-of-N, weighted best-of-N) from a pool of 8, head to head at equal N and at equal FLOPs.
# The thresholds are not tuned: the sweep reports every setting, test problems only read.
#   bash bench/entropix_sweep.sh               one process
#   WORKERS=2 bash bench/entropix_sweep.sh     one process per core, each a shard of the problems; then the report
#   N_PROBLEMS=2 OUT=runs/entropix-pilot bash bench/entropix_sweep.sh   a pilot on the first problems of the same list
#   FROM_LOGS=1 bash bench/entropix_sweep.sh   the report from the committed logs alone, no model (`make reports`)
# Resumable: run it again after an interruption and it continues from $OUT/results/results*.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=1 OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
WORKERS=${WORKERS:-1}; N_PROBLEMS=${N_PROBLEMS:-200}; OUT=${OUT:-reports/entropix-sweep}
E="'strategy': 'entropix', 'budgets': [1, 2, 4, 8]"
W="'options': {'select_by': 'weighted'}"
SPECS="['majority_vote', 'best_of_n', 'weighted_best_of_n',
  {'label': 'entropix', $E}, {'label': 'entropix (weighted)', $E, $W},
  {'label': 'entropix (thresholds x0.5)', $E, 'options': {'sampler': {'entropy_threshold': 0.75, 'varentropy_threshold': 1.5}}},
  {'label': 'entropix (thresholds x0.5, weighted)', $E, 'options': {'sampler': {'entropy_threshold': 0.75, 'varentropy_threshold': 1.5}, 'select_by': 'weighted'}},
  {'label': 'entropix (thresholds x2)', $E, 'options': {'sampler': {'entropy_threshold': 3.0, 'varentropy_threshold': 6.0}}},
  {'label': 'entropix (thresholds x2, weighted)', $E, 'options': {'sampler': {'entropy_threshold': 3.0, 'varentropy_threshold': 6.0}, 'select_by': 'weighted'}},
  {'label': 'entropix (calculator branches)', $E, 'options': {'sampler': {'verifier': 'calculator'}}},
  {'label': 'entropix (calculator branches, weighted)', $E, 'options': {'sampler': {'verifier': 'calculator'}, 'select_by': 'weighted'}}]"
PAIRS="[['entropix', 'majority_vote'], ['entropix (thresholds x0.5)', 'majority_vote'], ['entropix (thresholds x2)', 'majority_vote'],
  ['entropix (calculator branches)', 'majority_vote'], ['entropix (calculator branches)', 'entropix'],
  ['entropix (weighted)', 'weighted_best_of_n'], ['entropix (thresholds x0.5, weighted)', 'weighted_best_of_n'],
  ['entropix (thresholds x2, weighted)', 'weighted_best_of_n'], ['entropix (calculator branches, weighted)', 'weighted_best_of_n']]"
run() {
  ${PIN:-} .venv/bin/ponder-run nbs/studies/scaling.ipynb "$@" -p runs_dir "$OUT" -p name results -p dtype bf16 -p large_model None \
    -p levels '[2, 3, 4, 5]' -p n_problems "$N_PROBLEMS" -p budgets '[1, 2, 4, 8]' -p strategies "$SPECS" -p pairs "$PAIRS" \
    -p max_new_tokens 96 -p n_bins 3 -p reference_n 8
}
if [ -n "${FROM_LOGS:-}" ]; then
  .venv/bin/ponder-run nbs/studies/scaling.ipynb --out "$OUT" -p from_run "$OUT/results" -p pairs "$PAIRS" -p reference_n 8
  .venv/bin/python -c "from ponder.report import slim_report; print(slim_report('$OUT/scaling.ipynb'))"; exit 0
fi
if [ "$WORKERS" -gt 1 ]; then   # the shards computed every unit: the report is read off their logs (no model loaded)
  source bench/shards.sh; run_shards entropix-sweep
  .venv/bin/ponder-run nbs/studies/scaling.ipynb --out "$OUT" -p from_run "$OUT/results" -p pairs "$PAIRS" -p reference_n 8
else run --out "$OUT"; fi
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('$OUT/scaling.ipynb'))"
.venv/bin/python -c "from ponder.study import pack_logs; print(pack_logs('$OUT/results'))"   # committed gzipped; a resume appends beside them
