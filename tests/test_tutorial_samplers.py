"The walkthrough `nbs/tutorials/02_samplers.ipynb` (temperature, top-p, min-p, the entropix quadrants), run as a learner would, small."
import json, re
from pathlib import Path
import pytest
from _tutorials import run_tutorial

CI = dict(n_problems=2, n_samples=2, max_new_tokens=32, n_calibration=3, n_diversity=3)
T, P, M = 1.5, 0.9, 0.1                         # the notebook's defaults for hot_temperature, top_p, min_p
PAL = json.loads((Path(__file__).resolve().parents[1]/'ponder'/'assets'/'palette.json').read_text())
ALLOWED = {h.upper() for h in [*PAL['categorical'].values(), *PAL['sequential'], *PAL['roles'].values(), *PAL['neutral']]}

@pytest.fixture(scope='module')
def run(tmp_path_factory): return run_tutorial('02_samplers', tmp_path_factory.mktemp('samplers'), **CI)

def _kept(text:str)->list:
    "(rule, tokens kept, raw mass kept) for each row of the section-1 table, in order."
    rule = rf"none \(the full vocabulary\)|T={T} \| top-p {P}|T={T} \| min-p {M}|top-p {P}|min-p {M}|T={T}"
    return [(m[1], int(m[2]), float(m[3])) for m in re.finditer(rf"({rule}) +(\d+) +([\d.]+) *$", text, re.M)]

def test_processors_on_a_real_distribution(run):
    t = run['text']
    assert float(re.search(r"recomputed entropy agrees with the recorded one to ([\d.e+-]+) bits", t)[1]) < 1e-3
    rows = _kept(t)
    assert len(rows) == 12, rows                                            # six rules at each of two steps
    for step in (rows[:6], rows[6:]):
        k = {r: (n, mass) for r, n, mass in step}
        assert k['none (the full vocabulary)'][0] == k[f'T={T}'][0] == 49152    # temperature drops nothing
        assert 1 <= k[f'top-p {P}'][0] <= k[f'T={T} | top-p {P}'][0]            # a hotter distribution needs more tokens to reach p
        assert 1 <= k[f'min-p {M}'][0] <= k[f'T={T} | min-p {M}'][0]
        assert k[f'top-p {P}'][1] >= P - 1e-3                                   # top-p keeps at least mass p

def test_samplers_on_real_answers(run):
    rows = re.findall(r"^(greedy|T=[\d.]+(?:, (?:top|min)-p [\d.]+)?) +([\d.]+) +([\d.]+) +([\d.]+) +(-?[\d.]+) +([\d.]+) *$", run['text'], re.M)
    assert [r[0] for r in rows] == ['greedy', 'T=0.7', f'T={T}', f'T={T}, top-p {P}', f'T={T}, min-p {M}'], rows
    for name, acc, distinct, readable, lp, toks in rows:
        assert 0 <= float(acc) <= float(readable) <= 1 and float(lp) <= 0 and 0 < float(toks) <= CI['max_new_tokens']
        assert float(distinct) <= (1 if name == 'greedy' else CI['n_samples'])
    assert re.search(rf"at T={T} the samples' mean log-prob per token is -?[\d.]+ without truncation", run['text'])

def test_quadrants_and_entropix(run):
    t = run['text']
    assert 'quadrant shares on the calibration tokens' in t and 'AdaptiveSampler(H>=' in t
    m = re.search(r"(\d+) tokens: confident (\d+) \(\d+%\), fork (\d+) \(\d+%\), clarify (\d+) \(\d+%\), uncertain (\d+)", t)
    n = int(m[1]); assert n > 0 and sum(map(int, m.groups()[1:])) == n
    assert re.search(r"fork steps: \d+ branched, \d+ did not", t)
    shown = re.findall(r"^arith-test-L1-s0-\d+ \(answer \d+\): .* (\d+) tokens \+ (\d+) branch lookahead tokens\n((?:   step .*\n)*)", t, re.M)
    assert len(shown) == CI['n_problems'] + 1, shown                      # each adaptive answer, then the branching-only one
    for n_tok, lookahead, events in shown:                                # lookahead tokens are charged exactly when it branched
        assert (int(lookahead) > 0) == ('branched, kept #' in events), (lookahead, events)
    g = re.search(r"greedy: (\d+)/(\d+) right · entropix: (\d+)/(\d+) right · entropix generated ([\d.]+)x", t)
    assert g and int(g[2]) == int(g[4]) == CI['n_problems'] and float(g[5]) > 0
    # exercise 1: the same test tokens under three threshold pairs; raising both thresholds only adds `confident` tokens
    ex = re.findall(r"^q=([\d.]+): H ≥ [\d.]+, V ≥ [\d.]+ +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) *$", t, re.M)
    assert [q for q, *_ in ex] == ['0.5', '0.8', '0.95'] and all(int(r[5]) == n for r in ex)
    conf = [int(r[1]) for r in ex]; assert conf == sorted(conf)

def test_min_p_versus_top_p_exercise(run):
    t = run['text']
    rows = re.findall(rf"^((?:top|min)-p [\d.]+) +(\d+)\.0 +(\d+)\.0 +([\d.]+) +([\d.]+) +(-?[\d.]+)", t, re.M)
    assert [r[0] for r in rows] == [f'top-p {P}', f'min-p {M}'], rows
    assert all(1 <= int(r[1]) <= CI['n_diversity'] and int(r[2]) <= CI['n_diversity'] for r in rows)
    assert re.search(r"gave more distinct answers|both gave as many distinct answers", t)

def test_report_plots_use_the_palette(run):
    figs = [o['data']['application/vnd.plotly.v1+json'] for c in run['nb']['cells'] for o in c.get('outputs', [])
            if 'application/vnd.plotly.v1+json' in o.get('data', {})]
    assert len(figs) == 2
    colours = {tr['marker']['color'] for f in figs for tr in f['data'] if isinstance(tr.get('marker', {}).get('color'), str)}
    colours |= {s['line']['color'] for f in figs for s in f['layout'].get('shapes', []) if 'color' in s.get('line', {})}
    norm = lambda c: '#' + ''.join(x * 2 for x in c[1:]) if len(c) == 4 else c
    assert colours and {norm(c).upper() for c in colours} <= ALLOWED, colours
    assert 'Plotly' in run['html']
