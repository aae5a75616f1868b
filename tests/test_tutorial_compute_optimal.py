"The walkthrough `nbs/tutorials/05_compute_optimal.ipynb` (reading committed studies; a tiny live study written, torn and resumed), run as a learner would, small."
import re
import pytest
from _tutorials import run_tutorial

CI = dict(n_boot=200, explorer_boot=50, live_problems=2, live_budgets=[1, 2], live_max_new_tokens=24)
CELL = r'\d\.\d\d \[\d\.\d\d, \d\.\d\d\]'          # an accuracy-table cell: "acc [lo, hi]"

@pytest.fixture(scope='module')
def run(tmp_path_factory): return run_tutorial('05_compute_optimal', tmp_path_factory.mktemp('compute_optimal'), **CI)

def _markdown(nb)->list:
    return [''.join(o['data']['text/markdown']) for c in nb['cells'] for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]

def test_the_committed_studies_are_read(run):
    t = run['text']
    assert "search': 24/24 problems complete, 10 cells" in t and "results': 100/100 problems complete, 18 cells" in t
    assert "records: {'result': 240, 'pool': 24, 'baseline': 24} · trees saved: 96" in t
    table = t[t.index('majority_vote       '):]                                           # the 5 × 2 accuracy table
    assert all(re.search(rf'{s}\s+{CELL}\s+{CELL}', table) for s in ('majority_vote', 'best_of_n', 'weighted_best_of_n', 'beam_search', 'dvts'))
    m = re.search(r'one problem is worth (0\.\d+) of accuracy here', t); assert m and abs(float(m[1]) - 1/24) < 1e-3
    assert len([o for c in run['nb']['cells'] for o in c.get('outputs', []) if 'application/vnd.plotly.v1+json' in o.get('data', {})]) >= 4

def test_interval_widths_shrink_with_problems(run):
    rows = re.findall(r'^(24|100|400|1600)\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)$', run['text'], re.M)
    assert [int(n) for n, _ in rows] == [24, 100, 400, 1600]
    w = [float(x) for _, x in rows]; assert all(a > b for a, b in zip(w, w[1:])) and 1.6 < w[0] / w[1] < 2.6   # ~ 1/sqrt(n): 24 → 100 problems
    assert re.search(r'DVTS − best-of-N at N=8: [+-]\d\.\d{3} \[[+-]\d\.\d{3}, [+-]\d\.\d{3}\] over 24 problems: the 95% CI (is above|is below|includes) 0', run['text'])

def test_bins_compute_optimal_and_exercise_1(run):
    t = run['text']
    assert re.search(r'\d+% of problems land in the same verifier bin as oracle bin', t)
    m = re.search(r'hardest bin \((\d+) problems\), N=32: compute-optimal pick (\w+) \(([\d.]+)\), runner-up (\w+)', t)
    assert m and int(m[1]) == 33 and m[2] != m[4]
    assert re.search(r'paired difference [+-][\d.]+ \[[+-][\d.]+, [+-][\d.]+\]: (decided|not decided — the interval includes 0)', t)
    k = re.search(r'problems in the bin that some sample solved: (\d+) of 33', t); assert k and 0 < int(k[1]) < 33
    assert re.search(r'compute-optimal \(oracle bins\)\s+N=32: [\d.]+ \[', t)             # the cross-fitted policy was measured

def test_efficiency_and_verdicts(run):
    t, md = run['text'], '\n'.join(_markdown(run['nb']))
    assert re.search(r"dvts: reaches best-of-N@8's accuracy 0\.042 with \d+ tokens per problem; best-of-N spent 338: ratio 1\.9\d", t)
    assert 'best_of_n at N=8: accuracy 0.042 for 338 generated tokens' in md and 'Here: **not testable** (at this size: the largest ratio this run can measure is 2.0' in md
    assert 'degenerate: True' in t and 'Measured as the distance between the curves instead' in md
    assert 'qwen2.5-coder-1.5b (1777M, 13.2× larger — the paper: ~14×)' in md and re.search(r'Here: \*\*(replicates|partly replicates|does not replicate|inconclusive|not testable)\*\*', md)
    assert 'PRM-guided tree search (DVTS) beats best-of-N at the same N on hard problems' in md
    ex2 = dict(re.findall(r'threshold ([\d.]+)×: ([a-z ]+) —', t))                         # exercise 2
    assert set(ex2) == {'1.5', '2.5', '4'} and ex2['4'] == 'not testable' and ex2['2.5'] == 'not testable' and ex2['1.5'] != 'not testable'

def test_the_study_explorer_is_in_the_report(run):
    assert "StudyExplorer('search': 24 problems, 5 strategies, budgets [4, 8]; selected dvts N=8 bin all)" in run['text']
    assert re.search(r'\d+ of 24 problems right in this cell', run['text'])
    h = run['html']; assert 'pv-static' in h and 'ponderStudyView(document.getElementById(' in h and 'Plotly' in h

def test_the_live_log_is_written_torn_and_resumed(run):
    t = run['text']
    n = CI['live_problems'] * (1 + 2 * len(CI['live_budgets']) + 1)                       # per problem: pool, 2 specs × budgets, baseline
    assert len(re.findall(r'^  (pool|result|baseline)\s+arith-test-L1-s0-\d', t, re.M)) == n
    assert f"after the 'crash': {n - 3} whole records and a torn line" in t
    assert f"resumed: {n} records (3 recomputed); identical to the first run: True" in t
    assert re.search(r'torn fragments kept: \[\(\d+, \d+\)\]', t)
    assert re.search(r'refused: .*live holds a run with a different config \(budgets', t)               # exercise 3
    m = re.search(r'pools record (\d+) generated tokens, the model generated (\d+) new ones', t)
    assert m and 0 <= int(m[2]) <= int(m[1])
