"Where a reader looks without running anything, the committed notebooks show the widget: 02_explorer keeps its outputs."
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_explorer_notebook_keeps_its_static_view_and_widget_state():
    nb = json.loads((ROOT/'nbs'/'02_explorer.ipynb').read_text())
    outs = [o for c in nb['cells'] for o in c.get('outputs', [])]
    views = [o for o in outs if 'application/vnd.jupyter.widget-view+json' in o.get('data', {})]
    static = [o for o in outs if 'pe-root' in ''.join(o.get('data', {}).get('text/html', ''))]
    assert views and static, 'the live widget and its static HTML view are saved in the notebook'
    state = nb['metadata']['widgets']['application/vnd.jupyter.widget-state+json']['state']
    ids = {o['data']['application/vnd.jupyter.widget-view+json']['model_id'] for o in views}
    assert ids <= set(state), 'every saved widget view has its saved state (nbdev_clean keeps it)'
    assert any('ponderExplorer' in json.dumps(s) for s in state.values()), "the saved state carries the explorer's front end"
