"""The study explorer's static HTML in a real headless Chromium (Debian's `chromium`), clicked through: pickers, the
accuracy-vs-compute points (their positions are the study's numbers), clicking a point, a cell's problems, votes,
verifier scores, solutions and trees.

Needs: `apt-get install -y chromium` (/usr/bin/chromium) and the python package `playwright` (no `playwright install`).
The run folder is real and committed: tests/data/study_tiny, written by tests/data/make_study_tiny.py (the bundled model,
3 problems, majority vote / best-of-N / weighted best-of-N at N = 1, 2, 4 from one pool, beam search at N = 2, 4).
"""
import re
from pathlib import Path
import pytest

from _browser import needs_chromium, open_page
pytestmark = needs_chromium
sync_api = pytest.importorskip('playwright.sync_api', reason="python package `playwright` is not installed (pip install playwright)")
from ponder.study import load_study
from ponder.studyview import StudyExplorer, cell_rows
from ponder.treeview import node_statuses, as_tree

RUN = Path(__file__).parent / 'data' / 'study_tiny'


@pytest.fixture(scope='module')
def study(tmp_path_factory):
    st = load_study(RUN)
    sx = StudyExplorer(st, n_bins=3, n_boot=300)
    html = tmp_path_factory.mktemp('studyview') / 'study.html'
    sx.to_html(html, title='browser test')
    return st, sx, html


@pytest.fixture(scope='module')
def page(study):
    yield from open_page(sync_api, study[-1].as_uri(), '.sv-pt', viewport=dict(width=1300, height=1000))


def _points(page):
    return page.locator('.sv-pt').evaluate_all("els => els.map(e => [e.dataset.spec, +e.dataset.budget])")


def test_curves_are_the_studys_numbers_offline(study, page):
    st, sx, _ = study
    c = st.curves(None, 3, 300)
    assert sorted(map(tuple, _points(page))) == sorted(zip(c.spec, c.budget.astype(int)))   # one point per (spec, N) cell
    # the error bar of each point spans its CI: screen y is linear in accuracy, so the bars' ratios are the CI's
    for spec, n, acc, lo, hi in zip(c.spec, c.budget, c.acc, c.lo, c.hi):
        g = page.locator(f'.sv-pt[data-spec="{spec}"][data-budget="{n}"]')
        assert f"accuracy {acc:.2f} [{lo:.2f}, {hi:.2f}]" in g.locator('title').text_content()
    assert set(page.locator('.sv-spec option').all_inner_texts()) == {'all', *st.specs}
    assert page.locator('.sv-budget option').all_inner_texts() == ['all', 'N=1', 'N=2', 'N=4']
    assert page.locator('.sv-key').count() == len(st.specs)
    assert all(u.startswith('file:') for u in page.requests), page.requests
    assert not page.errors, page.errors


def test_pick_strategy_and_bin_filters_the_plot(study, page):
    st, sx, _ = study
    page.locator('.sv-spec').select_option('best_of_n')
    assert {s for s, _ in _points(page)} == {'best_of_n'} and len(_points(page)) == 3
    page.locator('.sv-bin').select_option('3')
    c3 = st.curves('oracle', 3, 300); c3 = c3[(c3.bin == 3) & (c3.spec == 'best_of_n')]
    assert sorted(n for _, n in _points(page)) == sorted(c3.budget.astype(int))
    for n, acc in zip(c3.budget, c3.acc):
        assert f"accuracy {acc:.2f}" in page.locator(f'.sv-pt[data-budget="{n}"] title').text_content()
    page.locator('.sv-bin').select_option('all'); page.locator('.sv-spec').select_option('')
    assert len(_points(page)) == len(st.cells)
    assert not page.errors, page.errors


def test_click_a_point_shows_the_cell(study, page):
    st, sx, _ = study
    rows = cell_rows(st, 'best_of_n', 4)
    page.locator('.sv-pt[data-spec="best_of_n"][data-budget="4"]').click()
    assert page.locator('.sv-spec').input_value() == 'best_of_n' and page.locator('.sv-budget').input_value() == '4'
    assert page.locator('.sv-pt.sv-on').count() == 1
    assert page.locator('.sv-cell h4').inner_text().startswith('best_of_n · N=4 · all problems: accuracy')
    probs = page.locator('.sv-prob')
    assert probs.evaluate_all("els => els.map(e => e.dataset.problem)") == [r['problem'] for r in rows]
    for k, r in enumerate(rows):
        box = probs.nth(k)
        assert box.locator('.sv-a').inner_text().startswith(('✓ right' if r['correct'] else '✗ wrong') + f": answered {r['answer']}, reference {st.problems[r['problem']].answer}")
        votes = box.locator('.sv-votes tr').all_inner_texts()[1:]
        assert [v.split('\t')[1] for v in votes] == [str(v['votes']) for v in r['votes']]
        assert sum(int(v.split('\t')[1]) for v in votes) == sum(c['answer'] is not None for c in r['candidates'])
        sums = box.locator('.sv-cand summary').all_inner_texts()
        assert len(sums) == 4 == len(r['candidates'])                        # best-of-4: the 4 pool samples it chose among
        assert [re.search(r'score ([\d.–-]+)', s)[1] for s in sums] == [f"{c['score']:.3f}" if c['score'] is not None else '–' for c in r['candidates']]
    probs.nth(0).locator('.sv-cand').first.locator('summary').click()
    assert probs.nth(0).locator('.sv-cand pre').first.text_content() == rows[0]['candidates'][0]['text']
    assert not page.errors, page.errors


def test_a_tree_cell_opens_its_trees(study, page):
    st, sx, _ = study
    page.locator('.sv-spec').select_option('beam_search'); page.locator('.sv-budget').select_option('4')
    rows = cell_rows(st, 'beam_search', 4)
    box = page.locator('.sv-prob').nth(0)
    box.locator('.sv-tree summary').click()
    box.locator('.sv-tree .tv-node').first.wait_for()
    tree = as_tree(rows[0]['tree'])
    shown = box.locator('.sv-tree .tv-node').evaluate_all("els => els.map(e => e.dataset.status)")
    assert len(shown) == len(tree) and sorted(shown) == sorted(node_statuses(tree))
    chosen = box.locator('.sv-tree .tv-node.tv-chosen').evaluate_all("els => els.map(e => +e.dataset.id)")
    assert chosen == tree.chosen
    assert [s.split(' · ')[0] for s in box.locator('.sv-cand summary').all_inner_texts()] == \
           [('✓ ' if c['correct'] else '✗ ') + f"answer {c['answer'] if c['answer'] is not None else '(none)'}" for c in rows[0]['candidates']]
    page.locator('.sv-bin').select_option('1')                                # the cell within bin 1 only
    in1 = [r['problem'] for r in rows if sx.data['problems'][r['problem']]['bin'] == '1']
    assert page.locator('.sv-prob').evaluate_all("els => els.map(e => e.dataset.problem)") == in1
    assert not page.errors, page.errors
