"""Whole-process tests of the scaling study: the papermill report at a small size, and a study killed with SIGKILL
mid-run and restarted, which must lose nothing and end with exactly the records of an uninterrupted run."""
import json, os, signal, subprocess, sys, time, textwrap
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

STUDY = textwrap.dedent('''
    import sys
    from ponder.lm import load_lm, set_threads
    set_threads(1)
    from ponder.tasks import arithmetic
    from ponder.study import run_study
    out, name = sys.argv[1], sys.argv[2]
    problems = list(arithmetic(3, level=1, seed=0))
    run_study(name, problems, load_lm(), out=out, progress=False,
              strategies=['majority_vote', 'best_of_n', dict(strategy='beam_search', options=dict(width=2))],
              budgets=[1, 2], options=dict(max_new_tokens=32), tree_options=dict(step_tokens=16, max_steps=3))
''')

def _env(tmp_path):
    # no generation cache: identical results must come from the seeds, not from re-reading stored generations
    return {**os.environ, 'PONDER_CACHE': '0', 'PONDER_THREADS': '1', 'OMP_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'false',
            'HF_HUB_OFFLINE': '1'}

def _records(folder):
    lines = (folder/'results.jsonl').read_text().splitlines()
    return [json.loads(l) for l in lines if l.strip()]

def _strip(recs):
    "Records without wall-clock fields, in a canonical order."
    return sorted(json.dumps({k: v for k, v in r.items() if k != 'seconds'}, sort_keys=True) for r in recs)

def test_kill_and_resume(tmp_path):
    script = tmp_path/'study.py'; script.write_text(STUDY)
    env = _env(tmp_path)
    # the reference: one uninterrupted run
    subprocess.run([PY, str(script), str(tmp_path/'a'), 'run'], env=env, cwd=ROOT, check=True, timeout=1500)
    ref = _records(tmp_path/'a'/'run')
    assert len(ref) == 3 + 3*(2*2 + 1) + 3          # pools + (2 pooled specs x 2 budgets + beam N=2) + greedy baselines
    # the same study, killed with SIGKILL once a few records are on disk, then restarted
    res = tmp_path/'b'/'run'/'results.jsonl'
    p = subprocess.Popen([PY, str(script), str(tmp_path/'b'), 'run'], env=env, cwd=ROOT)
    t0 = time.time()
    while time.time() - t0 < 1500:
        if res.exists() and len(res.read_text().splitlines()) >= 5: break
        if p.poll() is not None: break
        time.sleep(0.05)
    assert p.poll() is None, "the study finished before it could be killed"
    p.send_signal(signal.SIGKILL); p.wait()
    partial = _records(tmp_path/'b'/'run') if res.read_text().endswith('\n') else None
    n_before = len(res.read_text().splitlines())
    assert 5 <= n_before < len(ref), f"killed after {n_before} of {len(ref)} records"
    subprocess.run([PY, str(script), str(tmp_path/'b'), 'run'], env=env, cwd=ROOT, check=True, timeout=1500)
    got = _records(tmp_path/'b'/'run')
    keys = [r['key'] for r in got]
    assert len(keys) == len(set(keys)), "a unit was recorded twice"
    assert _strip(got) == _strip(ref), "the resumed run differs from the uninterrupted one"
    if partial is not None:    # everything recorded before the kill survived unchanged
        assert set(_strip(partial)) <= set(_strip(got))
    print(f"killed after {n_before}/{len(ref)} records; resumed run identical to the uninterrupted one")

def test_report_runs_small(tmp_path):
    from ponder.report import run_notebook, external_scripts
    nb = ROOT/'nbs'/'studies'/'scaling.ipynb'
    ipynb, html = run_notebook(nb, tmp_path/'report', progress=False, n_problems=2, levels=[1], budgets=[1, 2],
                               max_new_tokens=32, step_tokens=16, max_steps=3, n_boot=200, runs_dir=str(tmp_path/'runs'),
                               name='small', reference_n=2, learned=True)
    assert ipynb.exists() and html.exists()
    text = html.read_text()
    assert not external_scripts(text), "the HTML report loads scripts from another host"
    for needle in ('The claims under test', 'Claim 1', 'Claim 2', 'Claim 3', 'Verdicts', 'plotly'):
        assert needle in text, f"{needle!r} missing from the report"
    nbj = json.loads(ipynb.read_text())
    errors = [o for c in nbj['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors
    recs = _records(tmp_path/'runs'/'small')
    assert {r['kind'] for r in recs} == {'pool', 'result', 'baseline'}
    assert {r['model'] for r in recs if r['kind'] == 'baseline'} == {'smollm2', 'gemma3-270m'}
    learned = [r for r in recs if r['kind'] == 'result' and r['spec'] == 'weighted_best_of_n (learned PRM)']
    assert learned and {r['verifier'] for r in learned} == {'learned_prm'}, "learned=True: the shipped PRM is one of the verifiers"
    pools = [r for r in recs if r['kind'] == 'pool']
    assert all(0 <= s['scores']['learned_prm'] <= 1 for r in pools for s in r['samples'])
    # the same report regenerated from the run's logs alone (`make reports`): no model, the same verdicts
    ipynb2, _ = run_notebook(nb, tmp_path/'again', progress=False, from_run=str(tmp_path/'runs'/'small'), n_boot=200, reference_n=2)
    verdicts = lambda p: [''.join(o['data']['text/markdown']) for c in json.loads(p.read_text())['cells']
                          for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    assert verdicts(ipynb2) == verdicts(ipynb), "the report from the logs differs from the one that ran the study"
