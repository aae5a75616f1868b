"""Faults in the model layer, on the real bundled SmolLM2: every bad argument of `generate`, `score` and `load_lm` is
refused by name before any compute; a damaged GGUF file or cache database is named (and the cache moved aside and
rebuilt, with correct results); a cache writer SIGKILLed at seeded random points loses nothing it had committed."""
import os, random, signal, sqlite3, struct, subprocess, sys, time, warnings
from pathlib import Path
import pytest
from ponder.core import GenCache, Generation, MAX_TOKENS_PER_CALL, MAX_SAMPLES_PER_CALL, bundled_gguf, check_gguf, load_lm
from ponder.lm import LM

VOCAB = 49152          # SmolLM2-135M's vocabulary

@pytest.fixture(scope='module')
def lm():
    return load_lm(cache=False)

def cached_lm(lm, cache):
    "The fixture's weights with a disk cache (building an LM around a loaded model costs nothing)."
    return LM(lm.model, lm.tokenizer, name=lm.name, fingerprint=lm.fingerprint, cache=cache)

def refused(fn, exc, needles, seconds=1.0):
    "fn() raises `exc` at once, with every needle in its message (so not an error from inside torch or jinja)."
    t = time.perf_counter()
    with pytest.raises(exc) as e: fn()
    assert time.perf_counter() - t < seconds
    msg = str(e.value)
    for s in needles: assert s in msg, (s, msg)
    return msg

# ---------------------------------------------------------------- generate's arguments
BAD_ARGS = [
    (dict(n=10**6), ['n=1000000 × max_new_tokens=256 = 256,000,000 tokens', f'at most {MAX_TOKENS_PER_CALL:,}', 'MAX_TOKENS_PER_CALL']),
    (dict(n=10**6, max_new_tokens=0), ['n=1000000 is not allowed: at most 65,536 samples per prompt', 'MAX_SAMPLES_PER_CALL']),
    (dict(max_new_tokens=10**9), ['max_new_tokens=1000000000', 'MAX_TOKENS_PER_CALL']),
    (dict(n=True), ['n=True is not allowed: an int >= 1']),
    (dict(n=0), ['n=0 is not allowed: an int >= 1']),
    (dict(n=2.0), ['n=2.0 is not allowed']),
    (dict(n='3'), ["n='3' is not allowed"]),
    (dict(max_new_tokens=False), ['max_new_tokens=False is not allowed: an int >= 0']),
    (dict(max_new_tokens=-1), ['max_new_tokens=-1 is not allowed']),
    (dict(stop=[1]), ['stop[0]=1 is not allowed: a non-empty string']),
    (dict(stop=''), ["stop='' is not allowed: a non-empty string"]),
    (dict(stop=['.', '']), ["stop[1]='' is not allowed"]),
    (dict(stop=5), ['stop=5 is not allowed: None, a non-empty string, or a list of non-empty strings']),
    (dict(stop={'.': 1}), ["stop={'.': 1} is not allowed"]),
    (dict(stop=[None]), ['stop[0]=None is not allowed']),
    (dict(temperature=-0.1), ['temperature=-0.1 is not allowed: a finite number >= 0']),
    (dict(temperature=float('nan')), ['temperature=nan is not allowed']),
    (dict(temperature=float('inf')), ['temperature=inf is not allowed']),
    (dict(temperature=True), ['temperature=True is not allowed']),
    (dict(temperature='0.7'), ["temperature='0.7' is not allowed"]),
    (dict(top_p=0), ['top_p=0 is not allowed: a finite number in (0, 1]']),
    (dict(top_p=1.01), ['top_p=1.01 is not allowed']),
    (dict(top_k=-1), ['top_k=-1 is not allowed']),
    (dict(top_k=True), ['top_k=True is not allowed']),
    (dict(min_p=1.0), ['min_p=1.0 is not allowed: a finite number in [0, 1)']),
    (dict(top_logprobs=-1), ['top_logprobs=-1 is not allowed']),
    (dict(top_logprobs=10**6), [f'top_logprobs=1000000 is not allowed: an int in [0, {VOCAB}]']),
    (dict(seed=1.5), ['seed=1.5 is not allowed: an int or None']),
    (dict(seed='0'), ["seed='0' is not allowed"]),
    (dict(chat='yes'), ["chat='yes' is not allowed: True or False"]),
    (dict(chat=None), ['chat=None is not allowed']),
    (dict(system=5), ['system=5 is not allowed: a string or None']),
    (dict(cache='yes'), ["cache='yes' is not allowed: True or False or None"]),
    (dict(progress=2), ['progress=2 is not allowed']),
]

@pytest.mark.parametrize('kw,needles', BAD_ARGS, ids=[repr(k) for k, _ in BAD_ARGS])
def test_generate_refuses_bad_arguments_before_compute(lm, kw, needles):
    before = lm.usage
    refused(lambda: lm.generate('Hi', **kw), ValueError, needles, seconds=0.5)
    assert lm.usage == before                   # nothing ran

BAD_PROMPTS = [
    ([[1, 2, 60000]], ValueError, [f"prompts[0][2]=60000 is not allowed: a token id in [0, {VOCAB}): the model's vocabulary has {VOCAB} tokens"]),
    ([[1, VOCAB]], ValueError, [f'prompts[0][1]={VOCAB} is not allowed']),
    ([[0, -5]], ValueError, ['prompts[0][1]=-5 is not allowed: a token id in [0, 49152)']),
    ([[1, True]], ValueError, ['prompts[0][1]=True is not allowed']),
    ([[1, 'a']], ValueError, ["prompts[0][1]='a' is not allowed"]),
    ([[{'role': 'user'}]], ValueError, ["prompts[0][0]={'role': 'user'} has no 'content'"]),
    (['ok', [{'role': 'user', 'content': 'a'}, {'role': 'assistant'}]], ValueError, ["prompts[1][1]={'role': 'assistant'} has no 'content'"]),
    ([[{'content': 'hi'}]], ValueError, ["prompts[0][0]={'content': 'hi'} has no 'role'"]),
    ([[{'role': 'robot', 'content': 'hi'}]], ValueError, ["prompts[0][0]['role']='robot' is not allowed: one of ['system', 'user', 'assistant']"]),
    ([[{'role': 'user', 'content': None}]], ValueError, ["prompts[0][0]['content']=None is not allowed: a string"]),
    ([[{'role': 'user', 'content': 'a'}, 'b']], ValueError, ["prompts[0][1]='b' is not allowed: a chat message"]),
    ([None], TypeError, ['prompts[0]=None is not allowed: a str, a non-empty list of token ids']),
    ([[[1, 2]]], TypeError, ['prompts[0]=[[1, 2]] is not allowed']),
    (['a', []], TypeError, ['prompts[1]=[] is not allowed']),
    (5, TypeError, ['prompts=5 is not allowed']),
    ({'role': 'user', 'content': 'x'}, TypeError, ["prompts={'role': 'user', 'content': 'x'} is not allowed"]),
    ([], ValueError, ['prompts=[] is not allowed: give at least one prompt']),
]

@pytest.mark.parametrize('prompts,exc,needles', BAD_PROMPTS, ids=[repr(p)[:40] for p, _, _ in BAD_PROMPTS])
def test_generate_refuses_bad_prompts_by_index(lm, prompts, exc, needles):
    before = lm.usage
    refused(lambda: lm.generate(prompts, max_new_tokens=2), exc, needles, seconds=0.5)
    assert lm.usage == before

def test_good_edge_arguments_still_work(lm):
    [g] = lm.generate([[1, 2, VOCAB - 1]], max_new_tokens=2, temperature=0)[0]       # the last id is in range
    assert g.n_tokens == 2
    msgs = [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Say hi.'}]
    [g] = lm.generate([msgs], max_new_tokens=3, temperature=0, stop=('\n', '.'))[0]
    assert g.n_tokens <= 3 and g.prompt == lm.chat_prompt(msgs)
    [z] = lm.generate('Hi', max_new_tokens=0)[0]
    assert z.text == '' and z.n_tokens == 0
    at_limit = lm.gen_request('Hi', n=MAX_SAMPLES_PER_CALL, max_new_tokens=MAX_TOKENS_PER_CALL // MAX_SAMPLES_PER_CALL)   # checked, not run
    assert (at_limit.n, at_limit.max_new_tokens) == (65536, 64)

def test_score_and_prompt_building_refuse_bad_input(lm):
    refused(lambda: lm.score_batch([('q',)]), ValueError, ["pairs[0]=('q',) is not allowed: a (prompt, continuation) pair"])
    refused(lambda: lm.score_batch([('q', 5)]), ValueError, ['pairs[0][1]=5 is not allowed: a string'])
    refused(lambda: lm.score_batch([([1, 10**6], ' a')]), ValueError, [f'pairs[0][0][1]=1000000 is not allowed: a token id in [0, {VOCAB})'])
    refused(lambda: lm.score([{'role': 'user'}], ' a'), ValueError, ["pairs[0][0][0]={'role': 'user'} has no 'content'"])
    refused(lambda: lm.score_batch('qa'), TypeError, ["pairs='qa' is not allowed"])
    refused(lambda: lm.encode([5, 10**9]), ValueError, ['prompt[1]=1000000000 is not allowed'])
    refused(lambda: lm.chat_prompt([{'role': 'user', 'content': 'Hi'}, {'role': 'user'}]), ValueError, ["messages[1]={'role': 'user'} has no 'content'"])
    refused(lambda: lm.chat_prompt(7), ValueError, ['messages=7 is not allowed'])
    s = lm.score('Capital of France?', ' Paris')
    assert s.n_tokens >= 1 and all(lp <= 0 for lp in s.logprobs)

def test_a_huge_bad_value_is_named_not_repeated(lm):
    msg = refused(lambda: lm.generate('Hi', stop=[1, 'x' * 10**6]), ValueError, ['stop[0]=1'])
    msg = refused(lambda: lm.generate([[{'role': 'user', 'content': 'x' * 10**6, 'extra': 1}, {'role': 'user'}]]), ValueError, ["has no 'content'"])
    assert len(msg) < 1000

# ---------------------------------------------------------------- load_lm's name, and damaged GGUF files
@pytest.mark.parametrize('name', ['', ' ', '\t\n', 5, ['smollm2'], b'smollm2', 1.5])
def test_load_lm_refuses_names_that_name_nothing(name, tmp_path, monkeypatch):
    (tmp_path/'model.gguf').symlink_to(bundled_gguf())        # '' must not mean "whatever .gguf is in the current folder"
    monkeypatch.chdir(tmp_path)
    refused(lambda: load_lm(name, cache=False), ValueError, [f'name_or_path={name!r} is not allowed: None (the default model), a bundled alias'])

def _gguf_bytes():
    return bundled_gguf().read_bytes()

def _sparse_cut(path, head:bytes, size:int):
    "A file of `size` bytes starting with `head` (the rest a hole): the bundled model with its tail cut off, cheaply."
    with open(path, 'wb') as f: f.write(head); f.truncate(size)

DAMAGED = {
    'empty':        (lambda p, b: p.write_bytes(b''), "has 0 bytes: too short for a GGUF header"),
    'noise':        (lambda p, b: p.write_bytes(random.Random(1).randbytes(1 << 20)), "does not start with the GGUF magic b'GGUF'"),
    'first-1MB':    (lambda p, b: p.write_bytes(b[:1 << 20]), "ends inside its header"),
    'first-100B':   (lambda p, b: p.write_bytes(b[:100]), "says it holds 272 tensors and 33 metadata entries, more than its 100 bytes can hold (truncated"),
    'first-64kB':   (lambda p, b: p.write_bytes(b[:1 << 16]), "ends inside its header: metadata 'tokenizer.ggml.tokens' (49,152 strings, at least 8 bytes each) at byte"),
    'tail-cut':     (lambda p, b: _sparse_cut(p, b[:4 << 20], len(b) - 4096), "is truncated: its 272 tensors need"),
    'half':         (lambda p, b: _sparse_cut(p, b[:4 << 20], len(b) // 2), "is truncated"),
    'version-99':   (lambda p, b: p.write_bytes(b[:4] + struct.pack('<I', 99) + b[8:1 << 20]), "has GGUF version 99"),
    'huge-counts':  (lambda p, b: p.write_bytes(b'GGUF' + struct.pack('<IQQ', 3, 2**60, 2**60) + bytes(1000)), "says it holds 1,152,921,504,606,846,976 tensors"),
    'huge-string':  (lambda p, b: p.write_bytes(b'GGUF' + struct.pack('<IQQQ', 3, 0, 1, 2**62) + bytes(1000)), "metadata key 0 at byte 32 needs"),
}

@pytest.fixture(scope='module')
def gguf_bytes():
    return _gguf_bytes()

@pytest.mark.parametrize('kind', list(DAMAGED))
def test_damaged_gguf_is_named_with_its_fault(kind, tmp_path, gguf_bytes):
    make, fault = DAMAGED[kind]
    p = tmp_path/f'{kind}.gguf'; make(p, gguf_bytes)
    needles = [f"GGUF file {str(p)!r}", fault]
    refused(lambda: check_gguf(p), ValueError, needles)
    msg = refused(lambda: load_lm(str(p), cache=False, dequant_cache=False), ValueError, needles, seconds=5)
    assert 'reshape' not in msg and 'unpack_from' not in msg

def test_missing_or_folder_gguf_is_named(tmp_path):
    refused(lambda: load_lm(str(tmp_path/'missing.gguf'), cache=False), FileNotFoundError, [f"GGUF file {str(tmp_path/'missing.gguf')!r} does not exist"])
    (tmp_path/'dir.gguf').mkdir()
    refused(lambda: load_lm(tmp_path/'dir.gguf', cache=False), ValueError, [f"GGUF file {str(tmp_path/'dir.gguf')!r} is not a file"])

def test_the_bundled_gguf_passes_the_check():
    f = check_gguf(bundled_gguf())
    assert (f['version'], f['n_tensors'], f['size']) == (3, 272, bundled_gguf().stat().st_size) and f['data_offset'] < f['size']

# ---------------------------------------------------------------- the generation cache
def _fill(cache:GenCache, n:int=200, start:int=0):
    cache.put_many({GenCache.key(filler=i): Generation(f'filler {i} ' + 'x' * 2000) for i in range(start, start + n)})

def _checkpoint_and_close(cache:GenCache):
    "Fold the write-ahead log into the file and close: the state a cache is in after its last user exits."
    con = cache._con(); con.execute('PRAGMA wal_checkpoint(TRUNCATE)'); con.close()

def _warnings_of(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        out = fn()
    return out, [str(x.message) for x in w if 'generation cache' in str(x.message)]

PROMPTS = ['Name a colour.']

@pytest.fixture(scope='module')
def reference(lm):
    "What a clean run gives: the samples every damaged-cache run must reproduce."
    return [[g.token_ids for g in row] for row in lm.generate(PROMPTS, n=2, max_new_tokens=6, seed=3, cache=False)]

def _same_as(lmc, reference, cached):
    out = lmc.generate(PROMPTS, n=2, max_new_tokens=6, seed=3)
    assert [[g.token_ids for g in row] for row in out] == reference
    assert {g.cached for row in out for g in row} == {cached}

def test_garbage_cache_file_is_moved_aside_and_rebuilt(lm, reference, tmp_path):
    p = tmp_path/'gens.sqlite'; junk = random.Random(7).randbytes(64 * 1024); p.write_bytes(junk)
    lmc, warned = _warnings_of(lambda: cached_lm(lm, p))
    aside = list(tmp_path.glob('gens.sqlite.corrupt-*'))
    assert len(aside) == 1 and aside[0].read_bytes() == junk
    assert len(warned) == 1 and str(p) in warned[0] and str(aside[0]) in warned[0] and 'file is not a database' in warned[0]
    assert repr(lmc).endswith('cache=empty)')
    _same_as(lmc, reference, cached=False); _same_as(lmc, reference, cached=True)
    assert repr(lmc).endswith('cache=2 entries)')

@pytest.mark.parametrize('cut', [0.5, 4096 + 17])
def test_truncated_cache_file_is_moved_aside_and_rebuilt(lm, reference, tmp_path, cut):
    p = tmp_path/'gens.sqlite'
    lmc = cached_lm(lm, p); _same_as(lmc, reference, cached=False); _fill(lmc.cache); _checkpoint_and_close(lmc.cache)
    size = p.stat().st_size
    with open(p, 'r+b') as f: f.truncate(int(size * cut) if cut < 1 else cut)
    lmc, warned = _warnings_of(lambda: cached_lm(lm, p))
    assert len(warned) == 1 and str(p) in warned[0] and 'truncated' in warned[0] and '.corrupt-' in warned[0]
    _same_as(lmc, reference, cached=False); _same_as(lmc, reference, cached=True)

def test_damage_found_later_is_handled_the_same_way(lm, reference, tmp_path):
    p = tmp_path/'gens.sqlite'
    lmc = cached_lm(lm, p); _fill(lmc.cache, start=0); _same_as(lmc, reference, cached=False); _fill(lmc.cache, start=200)
    _checkpoint_and_close(lmc.cache)
    pages = p.stat().st_size // 4096
    with open(p, 'r+b') as f:                          # the table's and index's roots and random pages; page 1 (the header) stays sound
        for page in [1, 2] + random.Random(3).sample(range(3, pages - 2), 40): f.seek(page * 4096); f.write(random.Random(page).randbytes(4096))
    lmc, warned = _warnings_of(lambda: cached_lm(lm, p))
    out, warned2 = _warnings_of(lambda: lmc.generate(PROMPTS, n=2, max_new_tokens=6, seed=3))
    assert len(warned + warned2) == 1 and 'is corrupt' in (warned + warned2)[0]
    assert [[g.token_ids for g in row] for row in out] == reference
    _same_as(lmc, reference, cached=True)

def test_processes_opening_one_corrupt_cache_together_move_it_aside_once(tmp_path):
    p = tmp_path/'gens.sqlite'; p.write_bytes(b'not a database ' * 5000)
    code = ("import sys; from ponder.core import GenCache, Generation\n"
            "c = GenCache(sys.argv[1]); c.put_many({GenCache.key(w=sys.argv[2]): Generation(sys.argv[2])}); print(len(c))")
    procs = [subprocess.Popen([sys.executable, '-c', code, str(p), f'w{i}'], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
    outs = [pr.communicate(timeout=60) for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0, 0], outs
    assert len(list(tmp_path.glob('gens.sqlite.corrupt-*'))) == 1
    assert len(GenCache(p)) == 3                       # every process wrote to the one fresh cache

def test_repr_says_off_empty_or_how_many(lm, tmp_path):
    assert repr(lm).endswith('cache=off)')
    lmc = cached_lm(lm, tmp_path/'r.sqlite')
    assert repr(lmc).endswith('cache=empty)')
    lmc.generate('Hi', n=1, max_new_tokens=2, seed=0)
    assert repr(lmc).endswith('cache=1 entry)')

WRITER = r'''
import sys
from ponder.core import GenCache, Generation
def text(j): return f'g{j}:' + 'abcdefgh'[j % 8] * ((j * 7919) % 20000)
c = GenCache(sys.argv[1]); i = int(sys.argv[2]); sizes = [1, 3, 40, 7, 25, 2, 60, 11]
for b in range(10**6):
    k = sizes[b % len(sizes)]
    print('begin', i, i + k, flush=True)
    c.put_many({GenCache.key(t='kill', i=j): Generation(text(j)) for j in range(i, i + k)})
    print('done', i + k, flush=True)
    i += k
'''

def _text(j): return f'g{j}:' + 'abcdefgh'[j % 8] * ((j * 7919) % 20000)

def _kill_writer(db:Path, start:int, seed:int)->tuple:
    "Start a writer, SIGKILL it at a seeded random point; (committed end, in-flight batch or None)."
    rng = random.Random(seed)
    proc = subprocess.Popen([sys.executable, '-c', WRITER, str(db), str(start)], stdout=subprocess.PIPE, text=True)
    lines, want = [], rng.randint(1, 40)
    while sum(l.startswith('done') for l in lines) < want:
        line = proc.stdout.readline()
        assert line, 'the writer died by itself'
        lines.append(line)
    time.sleep(rng.uniform(0, 0.02))
    proc.send_signal(signal.SIGKILL); proc.wait(timeout=30)
    lines += [l for l in proc.stdout.read().splitlines(keepends=True) if l.endswith('\n')]   # a line torn by the kill is no report: its batch counts as in flight
    assert proc.returncode == -signal.SIGKILL
    done = [int(l.split()[1]) for l in lines if l.startswith('done')]
    begins = [tuple(map(int, l.split()[1:])) for l in lines if l.startswith('begin')]
    inflight = begins[-1] if begins and begins[-1][1] != done[-1] else None
    return done[-1], inflight

def test_sigkill_during_cache_writes_loses_nothing_committed(tmp_path):
    db, start, present = tmp_path/'kill.sqlite', 0, set()
    for seed in range(8):
        end, inflight = _kill_writer(db, start, seed)
        con = sqlite3.connect(db)
        assert con.execute('PRAGMA integrity_check').fetchone() == ('ok',)
        con.close()
        cache, warned = _warnings_of(lambda: GenCache(db))
        assert warned == []                              # a killed writer leaves nothing to repair
        committed = range(start, end)
        got = cache.get_many([GenCache.key(t='kill', i=j) for j in committed])
        assert len(got) == len(committed), f'seed {seed}: {len(committed) - len(got)} committed entries lost'
        assert all(got[GenCache.key(t='kill', i=j)].text == _text(j) for j in committed)
        if inflight:                                     # the batch being written: all of it or none of it
            part = cache.get_many([GenCache.key(t='kill', i=j) for j in range(*inflight)])
            assert len(part) in (0, inflight[1] - inflight[0]), f'seed {seed}: a torn batch {len(part)}/{inflight}'
            if part: end = inflight[1]
        present |= set(range(start, end))
        assert len(cache) == len(present)
        start = end
    assert len(present) > 8

# ---------------------------------------------------------------- properties: the checks never fail any other way
from hypothesis import given, settings, strategies as st, HealthCheck
from ponder.core import BaseLM

def _tiny_gguf_bytes(tmp:Path)->bytes:
    "A whole GGUF of 576 bytes (metadata, a string array, two tensors), written by the gguf package itself."
    import numpy as np, gguf
    w = gguf.GGUFWriter(str(tmp/'tiny.gguf'), 'llama')
    w.add_string('general.name', 'tiny'); w.add_array('tokenizer.ggml.tokens', ['a', 'bb', 'ccc']); w.add_array('tokenizer.ggml.scores', [0.5, 1.0, 2.0])
    w.add_tensor('w', np.ones((4, 8), dtype=np.float32)); w.add_tensor('h', np.zeros(64, dtype=np.float16))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
    return (tmp/'tiny.gguf').read_bytes()

@pytest.fixture(scope='module')
def tiny_gguf(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('gguf')
    return tmp, _tiny_gguf_bytes(tmp)

@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 575), flips=st.lists(st.tuples(st.integers(0, 575), st.integers(0, 255)), max_size=4))
def test_any_damaged_gguf_header_is_a_named_valueerror(tiny_gguf, cut, flips):
    tmp, whole = tiny_gguf
    b = bytearray(whole)
    for at, v in flips: b[at] = v
    p = tmp/'damaged.gguf'; p.write_bytes(bytes(b[:cut]) if not flips else bytes(b))
    t = time.perf_counter()
    try: check_gguf(p)
    except ValueError as e: assert str(p) in str(e)
    else: assert flips, f'a GGUF cut to {cut} of 576 bytes passed'
    assert time.perf_counter() - t < 1

class _Vocab(BaseLM):
    vocab_size = VOCAB

_json = st.recursive(st.none() | st.booleans() | st.integers(-2, 10**6) | st.floats(allow_nan=True) | st.text(max_size=5),
                     lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(['role', 'content', 'x']), kids, max_size=3),
                     max_leaves=6)

@settings(max_examples=1000, deadline=None)
@given(arg=st.sampled_from(['prompts', 'stop', 'n', 'system', 'temperature']), value=_json)
def test_gen_request_refuses_anything_malformed_with_a_named_error(arg, value):
    "Whatever JSON-like value is passed as one argument: a checked request, or a ValueError/TypeError (never IndexError, KeyError, ...)."
    kw = dict(prompts='Hi', n=2, stop=None, max_new_tokens=4); kw[arg] = value
    try: r = _Vocab().gen_request(**kw)
    except (ValueError, TypeError) as e: assert 'is not allowed' in str(e) or 'has no' in str(e), str(e)
    else:
        assert all(isinstance(s, str) and s for s in r.stops) and 1 <= r.n <= MAX_SAMPLES_PER_CALL
        for p in r.prompts:
            assert isinstance(p, str) or all(isinstance(t, int) and 0 <= t < VOCAB for t in p) or \
                   all(isinstance(m, dict) and isinstance(m['content'], str) for m in p)
