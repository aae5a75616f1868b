"""Sample the full-size verifier study's test candidates into the generation cache (run beside bench/verifiers_full.sh,
on the other core: `taskset -c 0 .venv/bin/python bench/verifiers_prewarm.py`). Same problems, prompt, seed and
parameters as the report, so the report's own call is then all cache hits. Prints what it generated."""
import time
from ponder.core import load_lm, set_threads
from ponder.verify import study_splits, sample_solutions

set_threads()
lm = load_lm('smollm2', dtype='bf16')
splits = study_splits([2, 3, 4], dict(train=30, val=10, test=50), dict(train=30, val=10, test=50), max_steps=2, seed=0)
t0, u0 = time.perf_counter(), lm.usage
sols = sample_solutions(lm, splits['test'], 16, max_new_tokens=160, seed=0)
u = lm.usage - u0
print(f"{len(splits['test'])} test problems x 16 candidates: {u.completion_tokens:,} new tokens in {time.perf_counter() - t0:.0f} s")
