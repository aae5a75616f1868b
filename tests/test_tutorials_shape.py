"Every walkthrough of the course in `nbs/tutorials/` has the shape a learner relies on (the issue-17 contract)."
import json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
COURSE = sorted(p for p in (ROOT/'nbs'/'tutorials').glob('[0-9][0-9]_*.ipynb'))

def _cells(p): return json.loads(p.read_text())['cells']
def _md(c): return ''.join(c['source']) if c['cell_type'] == 'markdown' else ''

def test_the_course_has_six_walkthroughs():
    assert len(COURSE) >= 6, [p.name for p in COURSE]

@pytest.mark.parametrize('path', COURSE, ids=lambda p: p.stem)
def test_walkthrough_shape(path):
    cells = _cells(path)
    head = _md(cells[0])
    assert re.match(r'# \S', head) and '\n> ' in head, f"{path.name}: an H1 and a one-line subtitle first"
    assert re.search(r'you will be able to', head, re.I), f"{path.name}: its first cell says what the learner will be able to do"
    assert any('parameters' in c['metadata'].get('tags', []) for c in cells), f"{path.name}: a papermill `parameters` cell"
    md = [_md(c) for c in cells]
    ex = [i for i, m in enumerate(md) if re.match(r'#+ Exercise\b', m)]
    assert ex, f"{path.name}: at least one exercise, marked '### Exercise ...'"
    for i in ex:   # each exercise has its worked solution below it, before the next exercise
        nxt = next((j for j in ex if j > i), len(cells))
        assert any(re.match(r'#+ (Worked )?solution\b', m, re.I) for m in md[i+1:nxt]), f"{path.name}: exercise in cell {i} has no solution below it"
    refs = '\n'.join(md)
    assert re.search(r'arXiv[: ]\s*\d{4}\.\d{4,5}|doi\.org/|https?://\S+', refs), f"{path.name}: cites the paper it teaches"
    assert not any(c.get('outputs') for c in cells if c['cell_type'] == 'code'), f"{path.name}: committed without outputs (CI runs it)"
