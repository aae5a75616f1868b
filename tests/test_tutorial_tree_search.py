"Walkthrough 04 (tree search) run as a learner's papermill run would, at a small size: what it printed and drew is checked."
import re
from _tutorials import run_tutorial

CI = dict(budget=4, width=2, max_steps=4, step_tokens=32, max_new_tokens=96, ex_budgets=[4], ex_widths=[2, 3],
          ex_c=[0.0, 2.0], ex_mcts_budget=4)

def _markdown(nb)->str:
    return '\n'.join(''.join(o.get('data', {}).get('text/markdown', '')) for c in nb['cells'] for o in c.get('outputs', []))

def test_tree_search_walkthrough(tmp_path):
    r = run_tutorial('04_tree_search', tmp_path/'x', **CI)
    text, md, html = r['text'], _markdown(r['nb']), r['html']
    # the beam search built by hand, depth by depth, is the library's beam_search: same nodes, same steps, same answer
    assert re.search(r'depth 0: 4 new steps from 1 parent\(s\)', text) and 'the search finished after' in text
    assert 'same nodes, same steps: True' in text and re.search(r'same answer: True', text)
    # both searches ran under the same budget, their answers and bills compared
    assert 'Result(beam_search N=4' in text and 'Result(mcts N=4' in text
    for col in ('beam search', 'MCTS', 'weighted best-of-N', 'PRM_GFLOPs'): assert col in text, col
    assert re.search(r'At the same N = 4, total compute ranged from', md) and 'Plotly' in html
    # the trees: drawn after each depth (SVG), and in the tree explorer's static HTML (widgets, a replay snapshot, exercise views)
    assert html.count('<svg') >= 3
    assert html.count('class="pv-static"') >= 4 and html.count('ponderTreeView(document.getElementById(') >= 4
    assert re.search(r'TreeExplorer\(\d+ nodes: \d+ final, \d+ pruned, \d+ unfinished; chosen=\d+', text)
    assert re.search(r'replay up to node \d+: visible nodes \[0, 1', text)
    # exercise 1: a budget the width does not divide is refused; exercise 2: a pruned node found or said absent; exercise 3: c swept
    assert 'N=4, M=3: refused before generating anything' in text and 'beams_kept' in text
    assert 'highest-scoring pruned node' in text or 'has a pruned node' in text
    assert re.search(r"Share of the root's visits taken by its most-visited child: c = 0\.0: \d+%", md)
