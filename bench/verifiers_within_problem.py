"""Diagnostic for the shipped PRM (issue 13): pooled AUROC against the mean within-problem AUROC on the full-size
verifier study's 200 test problems x 16 candidates (all cache hits after bench/verifiers_full.sh), and how much a problem's
mean score tracks its solve rate. Run: .venv/bin/python bench/verifiers_within_problem.py"""
import numpy as np
from ponder.core import load_lm, set_threads
from ponder.verify import study_splits, sample_solutions, load_verifier, auroc
from ponder.tasks import grade
set_threads()
lm = load_lm('smollm2', dtype='bf16'); prm = load_verifier(lm=lm)
sp = study_splits([2, 3, 4], dict(train=30, val=10, test=50), dict(train=30, val=10, test=50), max_steps=2, seed=0)
test = sp['test']; sols = sample_solutions(lm, test, 16, max_new_tokens=160, seed=0)
S, L = [], []
for p, ts in zip(test, sols): S.append(prm.score_many(p, ts)); L.append([grade(p, t) for t in ts])
pooled = auroc(np.concatenate(S), np.concatenate(L))
per = [auroc(s, l) for s, l in zip(S, L) if 0 < sum(l) < len(l)]
mean_right = np.array([np.mean(l) for l in L]); mean_score = np.array([np.mean(s) for s in S])
print(f"pooled AUROC {pooled:.3f}; within-problem AUROC mean {np.mean(per):.3f} over {len(per)} problems with both right and wrong candidates")
print(f"corr(problem mean score, problem solve rate) = {np.corrcoef(mean_score, mean_right)[0,1]:.3f}")
