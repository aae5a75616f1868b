"""The token explorer's static HTML, rendered in a real headless Chromium (Debian's `chromium`) and clicked through.

Needs: `apt-get install -y chromium` (provides /usr/bin/chromium) and the python package `playwright`
(no `playwright install`: we drive the system Chromium). The tree comes from the real bundled model.
"""
import json, math, os
from pathlib import Path
import pytest

from _browser import needs_chromium, open_page
pytestmark = needs_chromium
sync_api = pytest.importorskip('playwright.sync_api', reason="python package `playwright` is not installed (pip install playwright)")


@pytest.fixture(scope='module')
def explored(tmp_path_factory):
    "A real explorer tree (root + one branch, the branch preferred) written as static HTML."
    from ponder.lm import load_lm, set_threads
    from ponder.explorer import TokenExplorer
    set_threads(1)
    lm = load_lm()
    ex = TokenExplorer("Name one colour of the sky and say why.", lm, max_new_tokens=16)
    root = ex.tree.current
    toks = ex.tree.tokens(root)
    pos = min(range(len(toks)), key=lambda i: toks[i]['logprob'])        # the least confident token
    alt = next(a for a in toks[pos]['alts'] if a[0] != toks[pos]['id'])
    new = ex.branch(pos, alt[0])
    ex.prefer(new).select(root)
    html = tmp_path_factory.mktemp('explorer') / 'tree.html'
    ex.to_html(html, title='browser test')
    return ex, root, new, pos, alt, html


@pytest.fixture(scope='module')
def page(explored):
    yield from open_page(sync_api, explored[-1].as_uri(), '.pe-tok')


def _pct(p): return (f"{100*p:.0f}" if p >= 0.995 else f"{100*p:.1f}" if p >= 0.001 else None)


def test_renders_tokens_offline(explored, page):
    ex, root, *_ = explored
    assert page.locator('.pe-tok').count() == len(ex.tree.tokens(root))
    assert page.locator('.pe-text').inner_text().replace('\u21b5', '').startswith('show prompt')
    shown = ''.join(page.locator('.pe-tok').all_text_contents()).replace('\u21b5\n', '\n')
    assert shown == ex.text(root)
    assert page.locator('.pe-path').count() == 2
    assert all(u.startswith('file:') for u in page.requests), page.requests   # nothing fetched from the network
    assert not page.errors, page.errors


def test_click_shows_alternatives_and_slider_filters(explored, page):
    ex, root, new, pos, alt, _ = explored
    tok = ex.tree.tokens(root)[pos]
    page.locator('.pe-tok').nth(pos).click()
    rows = page.locator('.pe-alts .pe-alt')
    alts = sorted(tok['alts'], key=lambda a: -a[2])
    visible = [a for a in alts if a[0] == tok['id'] or math.exp(a[2]) >= 0.01]   # default min p = 1%
    assert rows.count() == len(visible) >= 2
    assert 'pe-sel' in page.locator('.pe-tok').nth(pos).get_attribute('class')
    chosen = page.locator('.pe-alts .pe-alt.pe-chosen')
    assert chosen.count() == 1 and chosen.get_attribute('data-token') == str(tok['id'])
    assert f"{_pct(math.exp(tok['logprob']))}%" in chosen.inner_text()
    # the alternative we branched into links to its path; in the static page nothing offers to branch
    row = page.locator(f'.pe-alts .pe-alt[data-token="{alt[0]}"]')
    assert row.locator('.pe-goto').inner_text().endswith(new)
    assert page.locator('.pe-branch').count() == 0
    # raise the min-probability slider: only alternatives at or above it stay (plus the chosen token)
    page.locator('.pe-minp').evaluate("(el) => { el.value = '0.3'; el.dispatchEvent(new Event('input')); }")
    keep = [a for a in alts if a[0] == tok['id'] or math.exp(a[2]) >= 0.3]
    assert rows.count() == len(keep)
    assert page.locator('.pe-minp-val').inner_text() == '30.0%'
    page.locator('.pe-minp').evaluate("(el) => { el.value = '0'; el.dispatchEvent(new Event('input')); }")
    assert rows.count() == len(alts) + (tok['id'] not in [a[0] for a in alts])  # min p 0: every recorded alternative
    assert not page.errors, page.errors


def test_move_between_paths(explored, page):
    ex, root, new, pos, alt, _ = explored
    page.locator('.pe-tok').nth(pos).click()
    page.locator(f'.pe-alts .pe-alt[data-token="{alt[0]}"] .pe-goto').click()   # follow the branch
    assert 'pe-cur' in page.locator(f'.pe-path[data-path="{new}"]').get_attribute('class')
    shown = ''.join(page.locator('.pe-tok').all_text_contents()).replace('\u21b5\n', '\n')
    assert shown == ex.text(new)
    assert 'pe-fork' in page.locator('.pe-tok').nth(pos).get_attribute('class')
    assert page.locator(f'.pe-path[data-path="{new}"] .pe-star.pe-on').count() == 1   # the preferred mark survives export
    page.locator(f'.pe-path[data-path="{root}"]').click()
    assert ''.join(page.locator('.pe-tok').all_text_contents()).replace('\u21b5\n', '\n') == ex.text(root)
    page.locator('.pe-measure').select_option('entropy')                    # recolour by entropy
    assert page.locator('.pe-tok').first.get_attribute('title').count('H=') == 1
    assert not page.errors, page.errors
