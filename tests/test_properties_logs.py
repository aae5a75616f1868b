"""Properties of ponder's append-only log (ponder.study's read_jsonl_log / repair_tail / append_jsonl, used by every log) and of
the persona parser, checked by hypothesis on 1000 examples each: whatever bytes follow a valid log, the reader returns its records
and never raises, and an append after them loses nothing; records round-trip; parse_persona never raises on any text."""
import atexit, json, os, shutil, tempfile, time, warnings
from pathlib import Path
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck
from ponder.study import read_jsonl_log, repair_tail, append_jsonl, scan_jsonl, torn_fragments, torn_path
from ponder.persona import Persona, ParseResult, parse_persona, parse_result

SETTINGS = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
_SHM = Path('/dev/shm')
DIR = Path(tempfile.mkdtemp(dir=_SHM if _SHM.is_dir() and os.access(_SHM, os.W_OK) else None))   # a RAM disk: fsync is free
atexit.register(shutil.rmtree, DIR, True)

_text = st.text(st.characters(codec=None), max_size=20)         # any code point, lone surrogates, U+2028 and NEL included
_scalar = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | _text
_value = _scalar | st.lists(_scalar, max_size=3) | st.dictionaries(_text, _scalar, max_size=2)   # JSON nests by itself: two levels will do
_record = st.dictionaries(_text, _value, max_size=3)
_junk = st.one_of(st.binary(max_size=200),                                       # any bytes
                  st.tuples(_record, st.integers(0, 10**6), st.binary(max_size=20))   # a record cut short, then anything
                    .map(lambda t: json.dumps(t[0]).encode()[:t[1] % (len(json.dumps(t[0])) + 1)] + t[2]),
                  st.lists(st.sampled_from([b'\n', b'{', b'}', b'"', b'\\', b'[1]', b'{"a": 1}', b'\xff', b'\xc3', b' ']), max_size=12)
                    .map(b''.join))

def _log(name:str, records:list)->Path:
    p = DIR/name; p.write_bytes(b''); torn_path(p).unlink(missing_ok=True)
    append_jsonl(p, records)
    return p

@SETTINGS
@given(st.lists(_record, max_size=4), _junk, _record)
def test_any_bytes_after_a_valid_log(records, junk, new):
    p = _log('valid.jsonl', records); good = p.read_bytes()
    with open(p, 'ab') as f: f.write(junk)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        got = read_jsonl_log(p)                                       # never raises
        assert got[:len(records)] == records                          # the valid prefix, record for record
        cut = len(good) + len(junk) - repair_tail(p)
        append_jsonl(p, [new])
        after = read_jsonl_log(p)
    assert after[:len(records)] == records and after[-1] == new       # nothing before lost, the new record intact
    raw = p.read_bytes()
    assert cut >= len(good) and raw[:cut] == (good + junk)[:cut]     # only the tail after the last record was cut...
    assert scan_jsonl(raw[cut:]) == ([new], [])                        # ...the new record follows on a line of its own...
    frags = torn_fragments(p)
    assert (good + junk)[cut:] == (frags[-1][1] if frags else b'')    # ...and the cut bytes are kept, byte for byte, with their offset
    assert not frags or frags[-1][0] == cut

@SETTINGS
@given(st.lists(_record, max_size=3))
def test_records_round_trip(records):
    p = _log('rt.jsonl', records)
    assert read_jsonl_log(p) == records
    assert p.read_bytes().count(b'\n') == len(records)               # one line per record, whatever its text holds

@SETTINGS
@given(st.binary(max_size=400))
def test_scan_any_bytes(raw):
    recs, bad = scan_jsonl(raw)
    assert all(isinstance(r, dict) for r in recs)
    assert all(raw[o:o + len(b)] == b for o, b in bad) and [o for o, _ in bad] == sorted({o for o, _ in bad})

_persona = json.dumps(dict(name='Maya Patel', gender='female', age=29, occupation='Data Analyst', location='Austin, TX',
                           schedule=[dict(start='07:00', end='08:00', activity='breakfast'), dict(start='9', end='17', activity='work')]))
_persona_text = st.one_of(
    st.text(st.characters(codec=None), max_size=300),
    _value.map(json.dumps),
    st.tuples(st.integers(0, len(_persona)), st.integers(0, len(_persona)), st.text(max_size=20))   # cuts and splices of a persona
      .map(lambda t: _persona[:min(t[:2])] + t[2] + _persona[max(t[:2]):]),
    st.lists(st.sampled_from(['{', '}', '[', ']', '"', ':', ',', 'null', '"age"', '1e999', 'NaN', '\\', '```json', '\x00']), max_size=60)
      .map(''.join))

@SETTINGS
@given(_persona_text)
def test_parse_persona_never_raises(text):
    p, r = parse_persona(text), parse_result(text)
    assert p is None or isinstance(p, Persona)
    assert isinstance(r, ParseResult) and (r.persona is None) != (r.error is None) and (p is None) == (r.persona is None)

@pytest.mark.parametrize('make', [lambda n: '[' * n, lambda n: '{"a": ' * (n // 6), lambda n: '{' + '"x": "' * (n // 6),
                                  lambda n: ('{"name": "' + 'é' * n)[:n], lambda n: ('\ud800{' * n)[:n], lambda n: '9' * n])
def test_parse_persona_on_1mb_is_bounded(make):
    t0 = time.time(); r = parse_result(make(1 << 20))
    assert r.persona is None and time.time() - t0 < 10
