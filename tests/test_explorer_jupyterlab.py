"""The token explorer widget in a live JupyterLab 4, offline: headless Chromium (Debian's `chromium`) opens a notebook,
runs it on the venv's kernel with the bundled model, clicks a token, filters its alternatives, branches into one and
checks that the new path comes back from the kernel (in the widget and in Python).

Needs: `apt-get install -y chromium` (/usr/bin/chromium) and the python package `playwright` (no `playwright install`).
"""
import json, os, re, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

from _browser import CHROMIUM, FLAGS, needs_chromium
pytestmark = needs_chromium
sync_api = pytest.importorskip('playwright.sync_api', reason="python package `playwright` is not installed (pip install playwright)")
pytest.importorskip('jupyterlab', reason="jupyterlab is not installed in this environment")
nbformat = pytest.importorskip('nbformat')

BIN = Path(sys.executable).parent
NB = 'explorer_live.ipynb'
BUILD = ('from ponder.lm import load_lm, set_threads\nset_threads(1)\nfrom ponder.explorer import TokenExplorer\n'
         'ex = TokenExplorer("Name one colour of the sky and say why.", load_lm(), max_new_tokens=12)\nex')
PROBE = ('import json\nprint("PROBE", json.dumps(dict(paths=list(ex.tree.paths), current=ex.tree.current, '
         'min_prob=ex.min_prob, error=ex.error, texts={q: ex.text(q) for q in ex.tree.paths})))')


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    "A JupyterLab server on 127.0.0.1 (no token, no browser) serving a tmp folder that holds the test notebook."
    root = tmp_path_factory.mktemp('jlab')
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BUILD), nbformat.v4.new_code_cell(PROBE)])
    nb.metadata['kernelspec'] = dict(name='python3', display_name='Python 3 (ipykernel)', language='python')
    nbformat.write(nb, root / NB)
    cfg = root / '.cfg'                                     # isolated user config/settings/workspaces
    notif = cfg / 'settings' / '@jupyterlab' / 'apputils-extension' / 'notification.jupyterlab-settings'
    notif.parent.mkdir(parents=True)
    notif.write_text(json.dumps(dict(fetchNews='false', checkForUpdates=False, doNotDisturbMode=True)))
    tracker = notif.parent.parent / 'notebook-extension' / 'tracker.jupyterlab-settings'   # no "Select Kernel" dialog
    tracker.parent.mkdir(parents=True); tracker.write_text(json.dumps(dict(autoStartDefaultKernel=True)))
    env = dict(os.environ, OMP_NUM_THREADS='1', PONDER_THREADS='1', MKL_NUM_THREADS='1', HF_HUB_OFFLINE='1',
               TRANSFORMERS_OFFLINE='1', TOKENIZERS_PARALLELISM='false', PYDEVD_DISABLE_FILE_VALIDATION='1',
               JUPYTER_CONFIG_DIR=str(cfg / 'config'), JUPYTER_RUNTIME_DIR=str(cfg / 'runtime'))
    port = _free_port()
    cmd = [str(BIN / 'jupyter-lab'), '--no-browser', '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={port}',
           '--ServerApp.port_retries=0', "--IdentityProvider.token=", "--ServerApp.password=",
           f'--ServerApp.root_dir={root}', f'--LabApp.user_settings_dir={cfg / "settings"}',
           f'--LabApp.workspaces_dir={cfg / "workspaces"}', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
           '--LabApp.expose_app_in_browser=True'] + (['--allow-root'] if os.geteuid() == 0 else [])
    log = open(root / 'jupyter.log', 'w')
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(240):
            if proc.poll() is not None: break
            try:
                with urllib.request.urlopen(f'{url}/api/status', timeout=2) as r:
                    if r.status == 200: break
            except OSError: time.sleep(0.5)
        else: pytest.fail(f"jupyter lab did not answer on {url} in 2 min; log: {(root / 'jupyter.log').read_text()[-3000:]}")
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited ({proc.returncode}): {(root / 'jupyter.log').read_text()[-3000:]}")
        yield dict(url=url, root=root, port=port, log=root / 'jupyter.log')
    finally:
        try: os.killpg(proc.pid, signal.SIGTERM)                 # the server and its kernels (same session)
        except ProcessLookupError: pass
        try: proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL); proc.wait(5)
        log.close()


def _outputs(page, i):
    return page.locator('.jp-Notebook .jp-Cell').nth(i).locator('.jp-OutputArea-output')


def _probe(page, before=None, timeout=60):
    "Run the probe cell (the second) with Ctrl+Enter and return its JSON, once it differs from `before`."
    cell = page.locator('.jp-Notebook .jp-Cell').nth(1)
    cell.locator('.jp-InputArea-prompt').click()                   # select the cell (command mode)
    page.keyboard.press('Control+Enter')                          # run it, stay on it
    t0 = time.time()
    while time.time() - t0 < timeout:
        txt = _outputs(page, 1).all_inner_texts()
        got = next((json.loads(x.split('PROBE', 1)[1]) for x in txt if 'PROBE' in x), None)
        if got is not None and got != before: return got
        page.wait_for_timeout(300)
    raise AssertionError(f"the probe cell printed nothing new in {timeout}s: {txt}")


def _pcts(rows):
    "Probabilities (0..1) shown in the alternative rows."
    return [float(t.strip().rstrip('%')) / 100 for t in rows.locator('.pe-pct').all_inner_texts()]


def test_explorer_in_live_jupyterlab(lab):
    t_start = time.time()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        page = browser.new_page(viewport=dict(width=1500, height=1000))
        errors, console_errs, requests, sockets = [], [], [], []
        page.on('pageerror', lambda e: errors.append(str(e)))
        page.on('console', lambda m: m.type == 'error' and console_errs.append(m.text))
        page.on('request', lambda r: requests.append(r.url))
        page.on('websocket', lambda w: sockets.append(w.url))
        try:
            page.goto(f"{lab['url']}/lab/tree/{NB}", timeout=120_000)
            page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=120_000)
            # the kernel (the venv's python3 spec) is up when the execution indicator says idle
            page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
                                   timeout=120_000)
            page.wait_for_timeout(1000)
            if page.locator('.jp-Dialog').count():                          # should not come (autoStartDefaultKernel)
                print('\ndialog:', page.locator('.jp-Dialog').inner_text()); page.locator('.jp-Dialog .jp-mod-accept').click()
            # Run > Run All Cells, through the menu bar like a user
            page.get_by_role('menuitem', name='Run', exact=True).click()
            page.locator('.lm-Menu-content .lm-Menu-item:visible', has=page.locator('.lm-Menu-itemLabel', has_text=re.compile(r'^Run All Cells$'))).click()
            out0 = _outputs(page, 0)
            t0 = time.time()
            while out0.locator('.pe-tok').count() == 0:                # model load + 12 tokens: 15-40 s under load
                txt = '\n'.join(out0.all_inner_texts())
                if re.search(r'Traceback|Error displaying widget|Failed to load model', txt): raise AssertionError(f"the explorer cell failed: {txt[-3000:]}")
                assert time.time() - t0 < 180, f"no .pe-tok rendered in 180 s; output: {out0.all_inner_texts()}; errors: {errors + console_errs}"
                page.wait_for_timeout(500)
            t_render = time.time() - t0
            w = out0.locator('.pe-root')
            assert w.count() == 1, "expected one explorer widget in the output area"
            assert out0.locator('.jp-RenderedText:has-text("TokenExplorer(")').count() == 0, "the widget fell back to its text repr"
            probe = _probe(page)                                        # kernel side: one path, p0
            assert probe['paths'] == ['p0'] and probe['current'] == 'p0' and probe['error'] == '', probe
            shown = ''.join(w.locator('.pe-tok').all_text_contents()).replace('\u21b5\n', '\n')
            assert shown == probe['texts']['p0'], (shown, probe['texts'])
            assert w.locator('.pe-path').count() == 1 and w.locator('.pe-paths h4').inner_text() == 'Paths (1)'

            # click the least confident token: its alternatives appear with probabilities
            ps = [float(re.match(r'p=([\d.e+-]+)%', t).group(1)) for t in
                  w.locator('.pe-tok').evaluate_all("els => els.map(e => e.title)")]
            pos = min(range(len(ps)), key=ps.__getitem__)
            w.locator('.pe-tok').nth(pos).click()
            assert 'pe-sel' in w.locator('.pe-tok').nth(pos).get_attribute('class')
            rows = w.locator('.pe-alts .pe-alt')
            assert rows.count() >= 2, w.locator('.pe-alts').inner_text()
            assert w.locator('.pe-alts .pe-alt.pe-chosen').count() == 1
            pr = _pcts(rows)
            assert pr == sorted(pr, reverse=True) and all(0 < x <= 1 for x in pr) and sum(pr) <= 1.01, pr
            assert all(x >= 0.01 - 1e-9 for x, c in zip(pr, rows.evaluate_all("els => els.map(e => e.classList.contains('pe-chosen'))")) if not c)
            assert rows.locator('.pe-branch').count() == rows.count() - 1      # live: every alternative offers to branch

            # raise the min-probability slider: only alternatives >= 30% stay (plus the chosen one); synced to Python
            chosen_p = _pcts(w.locator('.pe-alts .pe-alt.pe-chosen'))[0]
            w.locator('.pe-minp').evaluate("(el) => { el.value = '0.3'; el.dispatchEvent(new Event('input')); }")
            assert w.locator('.pe-minp-val').inner_text() == '30.0%'
            keep = [x for x in pr if x >= 0.3]
            assert rows.count() == len(keep) + (chosen_p < 0.3), (rows.count(), pr)
            probe = _probe(page, probe)
            assert probe['min_prob'] == pytest.approx(0.3), probe
            w.locator('.pe-minp').evaluate("(el) => { el.value = '0.01'; el.dispatchEvent(new Event('input')); }")
            assert rows.count() == len(pr)

            # branch into the most likely alternative: the kernel continues, a new path arrives in the widget
            alt = w.locator('.pe-alts .pe-alt:not(.pe-chosen)').first
            alt_tok, alt_text = alt.get_attribute('data-token'), alt.locator('code').inner_text()
            alt.locator('.pe-branch').click()
            w.locator('.pe-path[data-path="p1"]').wait_for(timeout=120_000)
            page.wait_for_function("() => document.querySelector('.pe-path[data-path=\"p1\"]').classList.contains('pe-cur')", timeout=30_000)
            assert w.locator('.pe-paths h4').inner_text() == 'Paths (2)'
            assert w.locator('.pe-status').inner_text() == '', w.locator('.pe-status').inner_text()   # no error, not busy
            assert 'pe-fork' in w.locator('.pe-tok').nth(pos).get_attribute('class')
            probe = _probe(page, probe)                                  # kernel side: the branch is there and current
            assert probe['paths'] == ['p0', 'p1'] and probe['current'] == 'p1' and probe['error'] == '', probe
            shown = ''.join(w.locator('.pe-tok').all_text_contents()).replace('\u21b5\n', '\n')
            assert shown == probe['texts']['p1'], (shown, probe['texts'])
            assert probe['texts']['p1'] != probe['texts']['p0']
            w.locator('.pe-tok').nth(pos).click()                        # on p1 the alternative is now the chosen token
            assert 'pe-chosen' in w.locator(f'.pe-alts .pe-alt[data-token="{alt_tok}"]').get_attribute('class')
            # moving back to the root path is a front-end change that the kernel sees
            w.locator('.pe-path[data-path="p0"]').click()
            assert 'pe-cur' in w.locator('.pe-path[data-path="p0"]').get_attribute('class')
            probe = _probe(page, probe)
            assert probe['current'] == 'p0', probe
            w.locator('.pe-tok').nth(pos).click()                        # on p0 it links to its path instead of branching again
            assert w.locator(f'.pe-alts .pe-alt[data-token="{alt_tok}"] .pe-goto').inner_text().endswith('p1')

            shot = lab['root'] / 'jlab_explorer.png'
            w.scroll_into_view_if_needed()
            page.screenshot(path=str(shot))
            print(f"\nscreenshot: {shot}; widget rendered {t_render:.0f}s after Run All; "
                  f"branched at position {pos} into {alt_text!r}; total {time.time() - t_start:.0f}s")

            # offline: every request went to this server (blob:/data: are in-page), websockets too
            host = f"127.0.0.1:{lab['port']}"
            far = [u for u in requests if not (u.startswith(f'http://{host}/') or u.split(':', 1)[0] in ('blob', 'data'))]
            assert not far, far
            assert sockets and all(u.startswith(f'ws://{host}/') for u in sockets), sockets
            assert not errors, errors                                    # uncaught exceptions in the page
            widget_errs = [m for m in console_errs if re.search(r'widget|anywidget|ponder|pe-|esm|render', m, re.I)]
            assert not widget_errs, widget_errs
            print(f"{len(requests)} requests, all to {host} ({sum(u.startswith('blob:') for u in requests)} blob:), "
                  f"{len(sockets)} websockets; console errors not from the widget: {console_errs}")
        except Exception:
            try: page.screenshot(path=str(lab['root'] / 'jlab_explorer_fail.png')); print('\nfailure screenshot:', lab['root'] / 'jlab_explorer_fail.png')
            except Exception: pass
            print('jupyter log tail:', lab['log'].read_text()[-2000:])
            raise
        finally:
            browser.close()
