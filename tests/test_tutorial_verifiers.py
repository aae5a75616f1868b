"Walkthrough 03 (verifiers) run as a learner's papermill run would, at a small size: what it printed is checked."
import re
from _tutorials import run_tutorial

CI = dict(n_demo=3, levels=[1, 2], n_train=1, n_val=1, n_test=2, candidates=3, k=2, max_new_tokens=48,
          noise_k=4, noise_problems=1, n_boot=100)

def _markdown(nb)->str:
    "The Markdown the notebook displayed (its computed sentences)."
    return '\n'.join(''.join(o.get('data', {}).get('text/markdown', '')) for c in nb['cells'] for o in c.get('outputs', []))

def test_verifiers_walkthrough(tmp_path):
    r = run_tutorial('03_verifiers', tmp_path/'x', **CI)
    text, md, html = r['text'], _markdown(r['nb']), r['html']
    # the calculator read a real solution: its explain table is in the report, and the counts were computed
    assert '<th>calculations</th>' in html and re.search(r'Of the \*\*\d+\*\* wrong solutions, the calculator rejected', md)
    # the splits never share a problem, and no test problem comes from the stream the shipped PRM trained on
    assert re.search(r'test 0/\d+', text)
    # Monte-Carlo labels were made from rollouts, and a labelled solution was shown with them
    assert re.search(r'\d+ rollouts; [\d,]+ tokens generated now', text) and 'rollouts from here end right' in text
    # your PRM was trained and both PRMs' validation AUROC printed (a number, or nan when one class is missing)
    assert re.search(r'the validation loss was lowest after epoch \d+', text) and 'LearnedPRM(' in text
    for who in ('your PRM', 'shipped PRM'):
        assert re.search(who + r'\s+validation AUROC (\d\.\d{3}|nan)', text), who
    # the held-out comparison: the three verifiers and the baselines, the figure, and a verdict computed from the CI
    for row in ('shipped PRM (min)', 'your PRM (min)', 'calculator (min)', 'pass@3 (perfect verifier)'):
        assert row in text, row
    assert 'Held-out test AUROC' in html and 'Plotly' in html
    assert 'Your PRM minus the shipped PRM' in md or 'no paired difference' in md
    # the saved PRM reloads with the same scores (the notebook asserts it) and is small
    assert re.search(r'my-prm\.safetensors: \d+ KiB', text)
    # exercise 1: first wrong steps located; exercise 2: the label-noise table, on the very rollouts the labels used
    assert re.search(r'\d+ wrong solutions: the calculator finds a wrong step in \d+', text)
    assert 'labeller_pairs' in text and 'the first 2 of the 4 rollouts per prefix are the ones your labels used: True' in text
    # exercise 3: every aggregation of both PRMs
    assert all(f'{who} ({agg})' in text for who in ('shipped', 'yours') for agg in ('min', 'prod', 'mean', 'last'))
