"What the browser tests share: Debian's Chromium, the flags it needs on this closed network, and the skip when it is missing."
from pathlib import Path
import pytest

CHROMIUM = Path('/usr/bin/chromium')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync']
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (/usr/bin/chromium missing): run `apt-get update && apt-get install -y chromium`")


def open_page(sync_api, url:str, ready:str, viewport:dict|None=None):
    """Yield a Chromium page at `url` once `ready` (a CSS selector) is there; the page records its script errors
    (`page.errors`: uncaught exceptions and console errors) and every URL it requested (`page.requests`)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        pg = browser.new_page(**({'viewport': viewport} if viewport else {}))
        pg.errors, pg.requests = [], []
        pg.on('pageerror', lambda e: pg.errors.append(str(e)))
        pg.on('console', lambda m: m.type == 'error' and pg.errors.append(m.text))
        pg.on('request', lambda r: pg.requests.append(r.url))
        pg.goto(url)
        pg.wait_for_selector(ready)
        try: yield pg
        finally: browser.close()
