"""The learned-verifier study (nbs/studies/verifiers.ipynb) run end to end by papermill at its CI size, as a user runs it:
labels from real rollouts of the bundled model, heads trained, verifiers evaluated, verdicts and goals written."""
import json
from pathlib import Path
from ponder.report import run_notebook, external_scripts

ROOT = Path(__file__).resolve().parents[1]

def test_verifier_report_small(tmp_path):
    ipynb, html = run_notebook(ROOT/'nbs'/'studies'/'verifiers.ipynb', tmp_path/'report', progress=False,
                               runs_dir=str(tmp_path/'runs'))
    nb = json.loads(Path(ipynb).read_text())
    errors = [o for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors, errors and errors[0].get('evalue')
    text = Path(html).read_text()
    assert external_scripts(text) == []
    for needle in ('Labels from the model', 'PRM (soft)', 'ORM (same budget)', 'Lightman et al. 2023', 'Burns et al. 2023',
                   'performance gap recovered', 'The goals, measured', 'Tree search with the learned PRM'):
        assert needle.lower() in text.lower(), f"{needle!r} missing from the report"
    # the tree-search comparison ran through run_study with the learned PRM and kept its log
    logs = list((tmp_path/'runs').glob('verifiers-search-*/results.jsonl'))
    assert logs and any('"learned PRM"' in l for l in logs[0].read_text().splitlines())
