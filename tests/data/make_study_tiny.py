"""Writes tests/data/study_tiny/: a small real study (bundled smollm2, 3 problems, N = 1, 2, 4, 40 tokens) that the
study explorer's tests read. Re-run from the project root: `nice -n 19 .venv/bin/python tests/data/make_study_tiny.py` (~1-2 min)."""
import shutil
from pathlib import Path
from ponder.lm import load_lm, set_threads
from ponder.tasks import arithmetic
from ponder.study import run_study

OUT = Path(__file__).parent
set_threads(1)
probs = list(arithmetic(2, level=1, seed=0)) + list(arithmetic(1, level=2, seed=0))
specs = ['majority_vote', 'best_of_n', 'weighted_best_of_n', dict(strategy='beam_search', options=dict(width=2), budgets=[2, 4])]
shutil.rmtree(OUT/'study_tiny', ignore_errors=True)
st = run_study('study_tiny', probs, load_lm(), strategies=specs, budgets=[1, 2, 4], options=dict(max_new_tokens=40),
               tree_options=dict(step_tokens=16, max_steps=3), out=OUT, progress=False)
print(st, st.accuracy_table(n_boot=200))
