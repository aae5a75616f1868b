#!/usr/bin/env bash
# The persona audit at full size (issue 14): N=90 personas per (model, arm) at T=1 for SmolLM2-135M, Gemma-3-270M and
# Qwen2.5-Coder-1.5B (llama.cpp server: the constrained arm through its JSON-schema decoding), the seed blog's four
# findings re-tested per model and arm. Resumable: persona runs append to reports/persona/personas/*.jsonl (committed:
# `make reports` re-audits them with no model loaded).
# Writes reports/persona/persona_audit.ipynb (committed slim) and its HTML (not committed: `make reports-html`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PONDER_THREADS=${PONDER_THREADS:-2} OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
.venv/bin/ponder-run nbs/studies/persona_audit.ipynb --out reports/persona \
  -p models "['smollm2', 'gemma3-270m', 'qwen2.5-coder-1.5b']" -p n 90 -p runs_dir reports/persona -p results_dir reports/persona/results
.venv/bin/python -c "from ponder.report import slim_report; print(slim_report('reports/persona/persona_audit.ipynb'))"
