#!/usr/bin/env bash
# Regenerate the committed study reports from their committed logs alone: no model is loaded, nothing is generated
# (the scaling notebook's `from_run`). Prints each report's wall time. `make reports` runs this.
#   reports/scaling  <- reports/scaling/results   (bench/scaling_full.sh made the logs)
#   reports/flops13  <- reports/flops13/results   (bench/flops_matched_full.sh)
#   reports/entropix-sweep <- reports/entropix-sweep/results (bench/entropix_sweep.sh)
#   reports/persona  <- reports/persona/personas  (bench/persona_full.sh: the 540 personas, re-parsed and audited)
#   reports/models   <- reports/models/answers     (bench/models_full.sh saves the graded answers; until a run has, skipped)
# The learned-verifier report is not regenerated here: its input is verifier training, which no log replaces;
# bench/verifiers_full.sh remakes it with the models.
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=1 OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
t_all=$(date +%s)
for r in scaling flops13; do
  t0=$(date +%s)
  .venv/bin/ponder-run nbs/studies/scaling.ipynb --out "reports/$r" -p from_run "reports/$r/results" >/dev/null
  .venv/bin/python -c "import sys; from ponder.report import slim_report; slim_report(sys.argv[1])" "reports/$r/scaling.ipynb"
  echo "reports/$r/scaling.ipynb from reports/$r/results: $(( $(date +%s) - t0 )) s"
done
t0=$(date +%s)
FROM_LOGS=1 bash bench/entropix_sweep.sh >/dev/null
echo "reports/entropix-sweep/scaling.ipynb from reports/entropix-sweep/results: $(( $(date +%s) - t0 )) s"
t0=$(date +%s)
.venv/bin/ponder-run nbs/studies/persona_audit.ipynb --out reports/persona -p from_runs reports/persona/personas \
  -p results_dir reports/persona/results >/dev/null
.venv/bin/python -c "from ponder.report import slim_report; slim_report('reports/persona/persona_audit.ipynb')"
echo "reports/persona/persona_audit.ipynb from reports/persona/personas: $(( $(date +%s) - t0 )) s"
if [ -d reports/models/answers ]; then
  t0=$(date +%s)
  FROM_LOGS=1 bash bench/models_full.sh >/dev/null
  echo "reports/models/models.ipynb from reports/models/answers: $(( $(date +%s) - t0 )) s"
else echo "reports/models: no committed answers yet (bench/models_full.sh saves them): not regenerated"; fi
echo "all: $(( $(date +%s) - t_all )) s"
