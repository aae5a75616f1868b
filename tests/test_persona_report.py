"The persona-audit report (nbs/studies/persona_audit.ipynb) run end to end by papermill at a small N, as a user would."
import json, re, time
from pathlib import Path
from ponder.report import run_notebook, external_scripts

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT/'nbs'/'studies'/'persona_audit.ipynb'
VERDICTS = {'replicates', 'partially replicates', 'does not replicate', 'inconclusive'}

def test_persona_report_small(tmp_path):
    t0 = time.time()
    ipynb, html = run_notebook(NB, tmp_path/'report', progress=False, models=['smollm2'], n=4, temperatures=[1.0],
                               arms=['constrained', 'unconstrained'], max_new_tokens=256, B=50,
                               runs_dir=str(tmp_path/'runs'), results_dir=str(tmp_path/'out'))
    elapsed = time.time() - t0
    nb = json.loads(Path(ipynb).read_text())
    errors = [o for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors, errors[0].get('evalue')
    params = [c for c in nb['cells'] if 'injected-parameters' in c['metadata'].get('tags', [])]
    assert params and 'n = 4' in ''.join(params[0]['source'])
    # a self-contained report: plotly.js inline, no script loaded from another host
    text = Path(html).read_text()
    assert external_scripts(text) == []
    assert not re.search(r'<script[^>]*src=["\']?(https?:)?//', text, re.I)
    assert 'Plotly.newPlot' in text or 'plotly' in text.lower()
    # the metrics, claims and generation statistics exist, for both arms
    s = json.loads((tmp_path/'out'/'summary.json').read_text())
    gen = {g['source']: g for g in s['generation']}
    assert set(gen) == {'smollm2 · constrained · T=1', 'smollm2 · unconstrained · T=1'}
    assert all(g['outputs'] == 4 and 0 <= g['parse_failure'] <= 1 for g in gen.values())
    assert s['metrics'], 'no source produced a valid persona'
    full = ('parse_failure_rate', 'female_share', 'share_over_38', 'p_all_le_38_ref', 'age_wasserstein', 'top_occupation_share',
            'soc_tvd', 'hour_tvd_mean', 'day_shift_share')
    for src, m in s['metrics'].items():   # every audited source has its parse-failure rate; a metric is absent only if no output had its field
        assert 'parse_failure_rate' in m and 0 <= m['parse_failure_rate']['estimate'] <= 1, src
        if 'female_share' in m: assert m['female_share']['lo'] <= m['female_share']['estimate'] <= m['female_share']['hi'], src
    # the constrained arm always yields JSON of the right shape, so its audit has every headline metric
    c = s['metrics'].get('smollm2 · constrained · T=1')
    assert c is not None and all(k in c for k in full), sorted(set(full) - set(c or {}))
    assert {c['verdict'] for c in s['claims']} <= VERDICTS and len(s['claims']) == 4 * len(s['metrics'])
    # the runs are resumable: the JSONL files hold one line per persona
    files = list((tmp_path/'runs'/'personas'/'smollm2').glob('*.jsonl'))
    assert len(files) == 2 and all(len(f.read_text().splitlines()) == 4 for f in files)
    print(f'persona report at n=4: {elapsed:.0f} s')

def test_persona_report_from_committed_runs(tmp_path):
    "`make reports` re-audits the committed personas with no model: SmolLM2's claims come out as committed."
    import csv
    ipynb, _ = run_notebook(NB, tmp_path/'again', progress=False, models=['smollm2'], from_runs='reports/persona/personas',
                            results_dir=str(tmp_path/'out'))
    nb = json.loads(Path(ipynb).read_text())
    assert not [o for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'error']
    rows = lambda p: [r for r in csv.DictReader(open(p)) if r['source'].startswith('smollm2 ')]
    committed = rows(ROOT/'reports'/'persona'/'results'/'claims.csv')
    assert len(committed) == 8 and rows(tmp_path/'out'/'claims.csv') == committed
