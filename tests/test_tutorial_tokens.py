"The walkthrough `nbs/tutorials/01_tokens.ipynb` (tokens, log-probs, uncertainty, the token explorer), run as a learner would, small."
import json, re
import pytest
from _tutorials import run_tutorial

CI = dict(max_new_tokens=48, n_samples=4, n_problems=2)

@pytest.fixture(scope='module')
def run(tmp_path_factory): return run_tutorial('01_tokens', tmp_path_factory.mktemp('tokens'), **CI)

def _static_state(nb)->dict:
    "The tree inside the explorer's static view (the `ex.static()` output)."
    for c in nb['cells']:
        for o in c.get('outputs', []):
            h = ''.join(o.get('data', {}).get('text/html', ''))
            if 'pe-static' in h: return json.loads(h.split('ponderStaticApi(')[-1].split('));\n</script>')[0])
    raise AssertionError('no static token-explorer view among the outputs')

def test_token_evidence_and_the_uncertain_digit(run):
    t = run['text']
    assert 'surprisal_bits' in t and 'entropy_bits' in t and 'alternatives' in t     # the per-token table
    m = re.search(r"least confident digit/operator: position (\d+), '([^']*)' with p = ([\d.]+)", t)
    assert m and 0 < float(m[3]) <= 1 and re.fullmatch(r"\s*[\d+\-*/=×÷]+\s*", m[2]), m and m.groups()
    assert re.search(r"highest-entropy step: +position \d+", t)
    assert 'the first path is the greedy answer: True' in t

def test_the_fork_is_in_the_explorer_and_the_report(run):
    t, state = run['text'], _static_state(run['nb'])
    pos = int(re.search(r"least confident digit/operator: position (\d+)", t)[1])
    paths = {p['id']: p for p in state['data']['paths']}
    assert set(paths) == {'p0', 'p1'} and paths['p1']['parent'] == 'p0' and paths['p1']['fork'] == pos
    assert len(re.findall(r"\n  answer \S+ \(correct: (?:True|False)\)", t)) == 2
    assert 'One token changed the final answer' in t or 'Both paths reach the same answer' in t
    assert 'pe-static' in run['html'] and 'ponderStaticApi({' in run['html']        # the report shows the explorer
    assert 'Plotly' in run['html']

def test_samples_and_their_logprobs(run):
    t = run['text']
    m = re.search(r"(\d+) right and (\d+) wrong samples out of (\d+); the greedy answer scores (-?[\d.]+) nats", t)
    assert m and int(m[1]) + int(m[2]) == int(m[3]) == CI['n_samples'] and float(m[4]) <= 0

def test_exercises_ran(run):
    t, nb = run['text'], run['nb']
    assert re.search(r"fork at position \d+: '.*' → '.*' \(entropy [\d.]+ bits\)", t)
    md = [''.join(o['data']['text/markdown']) for c in nb['cells'] for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    assert any(re.search(r'\*\*PathTree\*\* · [23] paths', m) for m in md)                # exercise 1 added a path (or found it)
    for i in range(CI['n_problems']): assert re.search(rf"arith-test-L1-s0-{i}\s+\d+\s+{CI['n_samples']}\b", t)
    aucs = re.findall(r"(sum|mean)_logprob\s+AUROC pooled (nan|[\d.]+)", t)
    assert [a for a, _ in aucs] == ['sum', 'mean'] and all(v == 'nan' or 0 <= float(v) <= 1 for _, v in aucs)
    assert re.search(r"No separation to measure|On \d+ samples of \d+ problems", t)
