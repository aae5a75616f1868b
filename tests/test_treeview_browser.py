"""The tree explorer's static HTML in a real headless Chromium (Debian's `chromium`), clicked through: statuses, the chosen
path, node details, expand/collapse, replay, and loading tree JSON with the file picker.

Needs: `apt-get install -y chromium` (/usr/bin/chromium) and the python package `playwright` (no `playwright install`).
The trees are real: beam searches of the bundled model, saved by the small study in tests/data/study_tiny
(tests/data/make_study_tiny.py wrote it).
"""
import json, re
from pathlib import Path
import pytest

from _browser import needs_chromium, open_page
pytestmark = needs_chromium
sync_api = pytest.importorskip('playwright.sync_api', reason="python package `playwright` is not installed (pip install playwright)")
from ponder.search import Tree, score_colour
from ponder.treeview import TreeExplorer, as_tree, node_statuses

TREES = Path(__file__).parent / 'data' / 'study_tiny' / 'trees'


@pytest.fixture(scope='module')
def files(tmp_path_factory):
    "The page (a real N=4 beam-search tree), a real tree as it stood after 7 nodes, and a broken file."
    d = tmp_path_factory.mktemp('treeview')
    tree = as_tree(TREES / 'beam_search-N4-arith-test-L1-s0-0.json')
    TreeExplorer(tree).to_html(d / 'tree.html', title='browser test')
    early = Tree.from_dict({**tree.to_dict(), 'chosen': [],
                            'nodes': [{**n, 'children': [c for c in n['children'] if c < 7]} for n in tree.to_dict()['nodes'][:7]]})
    early.save(d / 'early.json')
    (d / 'bad.json').write_text(json.dumps({'version': 1, 'nodes': [{'id': 0}, {'id': 1, 'parent': 5}]}))
    return dict(tree=tree, early=early, dir=d)


@pytest.fixture(scope='module')
def page(files):
    yield from open_page(sync_api, (files['dir'] / 'tree.html').as_uri(), '.tv-node', viewport=dict(width=1400, height=1000))


def _ids(page): return [int(x) for x in page.locator('.tv-node').evaluate_all("els => els.map(e => e.dataset.id)")]
def _hex(rgb): return '#%02X%02X%02X' % tuple(int(x) for x in re.findall(r'\d+', rgb)[:3])


def test_renders_every_node_with_its_status_offline(files, page):
    tree = files['tree']
    assert sorted(_ids(page)) == list(range(len(tree)))
    shown = dict(zip(_ids(page), page.locator('.tv-node').evaluate_all("els => els.map(e => e.dataset.status)")))
    assert shown == dict(enumerate(node_statuses(tree)))                   # the JS rule is the Python rule
    assert {'pruned', 'final', 'inner'} <= set(shown.values())
    chosen = [int(x) for x in page.locator('.tv-node.tv-chosen').evaluate_all("els => els.map(e => e.dataset.id)")]
    assert chosen == tree.chosen
    dots = page.locator('.tv-node .tv-dot').evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    lo, hi = tree.meta['score_range']
    assert [_hex(c) for c in dots] == [score_colour(tree[i].score, lo, hi) for i in _ids(page)]
    head = page.locator('.tv-head').inner_text()
    assert f"{len(tree)} nodes" in head and f"chosen: #{tree.chosen[-1]}" in head
    assert page.locator('.tv-node.tv-s-pruned .tv-badge').first.inner_text() == 'pruned'
    assert all(u.startswith('file:') for u in page.requests), page.requests
    assert not page.errors, page.errors


def test_click_shows_text_score_tokens_and_usage(files, page):
    tree = files['tree']
    i = tree.chosen[-1]
    page.locator(f'.tv-node[data-id="{i}"]').click()
    assert 'tv-sel' in page.locator(f'.tv-node[data-id="{i}"]').get_attribute('class')
    det = page.locator('.tv-detail')
    assert det.locator('h4').inner_text().startswith(f"Node #{i} · depth {tree[i].depth} · final · on the chosen path")
    facts = dict(zip(det.locator('.tv-facts th').all_inner_texts(), det.locator('.tv-facts td').all_inner_texts()))
    assert facts['verifier score'] == f"{tree[i].score:.4f}" and facts['tokens'] == str(len(tree[i].token_ids))
    assert facts['generated tokens'] == str(tree[i].usage.completion_tokens) and facts['finish reason'] == str(tree[i].finish_reason)
    assert det.locator('.tv-steptext').inner_text() == tree[i].text.strip('\n') or det.locator('.tv-steptext').text_content() == tree[i].text
    assert det.locator('.tv-pathtext').text_content() == tree.text(i)
    assert not page.errors, page.errors


def test_collapse_and_expand(files, page):
    tree = files['tree']
    inner = next(n for n in tree.nodes if n.id and n.children)
    below = {d for d in range(len(tree)) if inner.id in [x.id for x in tree.path(d)[:-1]]}
    page.locator(f'.tv-node[data-id="{inner.id}"] .tv-tog').click()
    assert set(_ids(page)) == set(range(len(tree))) - below and page.locator(f'.tv-node[data-id="{inner.id}"] .tv-tog').inner_text() == '▸'
    page.locator('.tv-expand').click()
    assert len(_ids(page)) == len(tree)
    page.locator('.tv-collapse').click()
    assert sorted(_ids(page)) == [0] + tree[0].children                  # the first level only
    page.locator('.tv-expand').click()
    assert not page.errors, page.errors


def test_replay_reveals_nodes_in_creation_order(files, page):
    n = len(files['tree'])
    page.locator('.tv-first').click()
    assert _ids(page) == [0] and page.locator('.tv-step-val').inner_text().startswith(f'step 0 / {n - 1}')
    for k in (1, 2, 3):
        page.locator('.tv-next').click()
        assert sorted(_ids(page)) == list(range(k + 1))
        assert page.locator('.tv-node.tv-new').get_attribute('data-id') == str(k)   # the newest node is marked
    page.locator('.tv-prev').click(); assert sorted(_ids(page)) == [0, 1, 2]
    page.locator('.tv-step').evaluate("(el) => { el.value = '6'; el.dispatchEvent(new Event('input')); }")
    assert sorted(_ids(page)) == list(range(7))
    page.locator('.tv-root').press('ArrowRight'); assert sorted(_ids(page)) == list(range(8))
    page.locator('.tv-last').click(); assert len(_ids(page)) == n and page.locator('.tv-node.tv-new').count() == 0
    page.locator('.tv-play').click()                                         # replay from the start, one node every 0.7 s
    page.wait_for_function("() => document.querySelectorAll('.tv-node').length >= 3", timeout=10_000)
    assert page.locator('.tv-play').inner_text().startswith('⏸')
    page.locator('.tv-play').click(); k = len(_ids(page))
    page.wait_for_timeout(900); assert len(_ids(page)) == k < n             # paused
    page.locator('.tv-last').click()
    assert not page.errors, page.errors


def test_load_tree_json_with_the_file_picker(files, page):
    early = files['early']
    page.locator('.tv-load').set_input_files(str(files['dir'] / 'bad.json'))
    page.wait_for_function("() => document.querySelector('.tv-status').textContent.length > 0")
    assert page.locator('.tv-status').inner_text() == "bad.json: node 1 names parent 5, which is not before it"
    assert len(_ids(page)) == len(files['tree'])                            # a bad file changes nothing
    page.locator('.tv-load').set_input_files(str(files['dir'] / 'early.json'))
    page.wait_for_function(f"() => document.querySelectorAll('.tv-node').length === {len(early)}")
    shown = dict(zip(_ids(page), page.locator('.tv-node').evaluate_all("els => els.map(e => e.dataset.status)")))
    assert shown == dict(enumerate(node_statuses(early))) and 'unfinished' in shown.values()
    assert page.locator('.tv-status').inner_text() == '' and page.locator('.tv-node.tv-chosen').count() == 0
    assert 'chosen: none' in page.locator('.tv-head').inner_text()
    assert not page.errors, page.errors


def test_the_widget_modules_load_as_es_modules(page):
    "The exact `_esm` strings anywidget imports (tree explorer, study explorer) parse as modules and export `render`."
    from ponder.studyview import StudyExplorer
    for esm in (TreeExplorer._esm, StudyExplorer._esm):
        kind = page.evaluate("async (src) => { const u = URL.createObjectURL(new Blob([src], {type: 'text/javascript'}));"
                             " const m = await import(u); return typeof m.default.render; }", esm)
        assert kind == 'function'
    assert not page.errors, page.errors
