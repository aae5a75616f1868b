"The README's main job: the quickstart notebook run by papermill through `ponder-run`, as a user would."
from ponder.study import load_study
from _tutorials import run_tutorial

def test_quickstart_report(tmp_path):
    r = run_tutorial('quickstart', tmp_path/'qs', n_problems=3, n_samples=4, max_new_tokens=96, runs_dir=str(tmp_path/'runs'))
    params = [c for c in r['nb']['cells'] if 'injected-parameters' in c['metadata'].get('tags', [])]
    assert params and 'n_samples = 4' in ''.join(params[0]['source'])
    text, html = r['text'], r['html']
    assert 'correct samples:' in text and '/4' in text and 'majority answer:' in text
    # the headline is the study's, recomputed here from the log the run wrote
    hl = load_study(tmp_path/'runs'/'quickstart').headline(4)
    assert list(hl.table.index[:3]) == ['greedy', 'majority_vote (N=4)', 'weighted_best_of_n (N=4)'] and hl.table.n.tolist()[0] == 3
    for s in hl.sentences(): assert s.replace("'", '&#x27;') in html or s in html, s
    assert any(k in html for k in ('No headroom on this run', 'not decided on this run', 'hurt on this run', 'helped on this run'))
    assert 'Plotly' in html and 'quickstart_dev' in html
