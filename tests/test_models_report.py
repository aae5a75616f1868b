"""The bundled models' greedy-accuracy report (nbs/studies/models.ipynb) run by papermill at its CI size, as a user runs it:
SmolLM2 and Gemma on transformers, Qwen2.5-Coder-1.5B on llama.cpp's server, each table with its intervals — and rebuilt
from the graded answers it saved (`from_logs`), with no model, identical."""
import json, re
from pathlib import Path
from ponder.report import run_notebook, external_scripts

ROOT = Path(__file__).resolve().parents[1]
MODELS = ('smollm2', 'gemma3-270m', 'qwen2.5-coder-1.5b')

def report_markdown(ipynb)->str:
    nb = json.loads(Path(ipynb).read_text())
    errors = [o for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors, errors and errors[0].get('evalue')
    return '\n'.join(''.join(o['data']['text/markdown']) for c in nb['cells'] for o in c.get('outputs', [])
                     if 'text/markdown' in o.get('data', {}))

def test_models_report_small(tmp_path):
    answers = tmp_path/'answers'
    ipynb, html = run_notebook(ROOT/'nbs'/'studies'/'models.ipynb', tmp_path/'report', progress=False, results_dir=str(answers))
    md = report_markdown(ipynb)
    for m in MODELS:
        assert f'**{m}**, greedy, 4 problems' in md, m
    # every accuracy row: a number in [0, 1] inside its own interval
    rows = re.findall(r'\| (\d\.\d{3}) \[(\d\.\d{3}), (\d\.\d{3})\] \|', md)
    assert len(rows) == 3 * 6 and all(float(lo) <= float(a) <= float(hi) for a, lo, hi in rows), rows
    assert external_scripts(Path(html).read_text()) == []
    assert sorted(p.name for p in answers.glob('*.jsonl')) == sorted(f'{m}.jsonl' for m in MODELS)
    # the same report from the saved answers alone: no model is loaded
    again, _ = run_notebook(ROOT/'nbs'/'studies'/'models.ipynb', tmp_path/'again', progress=False, from_logs=str(answers))
    assert report_markdown(again) == md
