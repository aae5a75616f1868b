"What the browser tests share: Debian's Chromium, the flags it needs on this closed network, and the skip when it is missing."
from pathlib import Path
import pytest

CHROMIUM = Path('/usr/bin/chromium')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync']
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (/usr/bin/chromium missing): run `apt-get update && apt-get install -y chromium`")
