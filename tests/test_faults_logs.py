"""Fault injection on ponder's append-only logs (a study's results, a persona run), all on real parts: the bundled SmolLM2,
real files, a real SIGKILL, a real read-only and a real full file system (tmpfs; skipped, saying why, where none can be
mounted). What must hold: no record is ever lost or changed, a torn line is kept aside in `<log>.torn`, a resumed run
records exactly what an uninterrupted one does, and a folder that cannot be written is an error naming the file."""
import atexit, contextlib, errno, json, os, random, shutil, signal, subprocess, sys, tempfile, time, traceback, warnings
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

from ponder.lm import load_lm, set_threads
from ponder.tasks import arithmetic
from ponder.study import RunLog, Study, run_study, read_jsonl_log, append_jsonl, torn_fragments, torn_path
from ponder.persona import generate_personas, load_runs

STUDY = dict(strategies=['majority_vote', 'best_of_n'], budgets=[1, 2], options=dict(max_new_tokens=10, shots=0), progress=False)
PERSONA = dict(n=4, seed=0, constrained=False, max_new_tokens=10, chunk=2, progress=False)

def _problems(): return list(arithmetic(2, level=1, seed=0))
def _strip(r): return {k: v for k, v in r.items() if k != 'seconds'}          # wall-clock time is the only field allowed to differ
def _by_key(recs, k='key'): return {r[k]: _strip(r) for r in recs}
@contextlib.contextmanager
def _quiet():
    "Silence the warnings a torn line rightly gives (the tests check the files instead)."
    with warnings.catch_warnings(): warnings.simplefilter('ignore'); yield

@pytest.fixture(scope='module')
def lm():
    set_threads(1)
    return load_lm(cache=False)           # results must come from the seeds, never from stored generations

@pytest.fixture(scope='module')
def clean(lm, tmp_path_factory):
    "One uninterrupted study and persona run: the reference every faulted run is compared with."
    out = tmp_path_factory.mktemp('clean')
    t0 = time.time(); st = run_study('s', _problems(), lm, out=out, **STUDY); ts = time.time() - t0
    t0 = time.time(); ps = generate_personas(lm, out_dir=out/'personas', **PERSONA); tp = time.time() - t0
    assert len(st.records) == 2 * (1 + 4 + 1) and ps.n == 4
    return dict(out=out, study=out/'s', log=out/'s'/'results.jsonl', records=st.records, study_s=ts,
                persona=Path(ps.path), personas=ps.records, persona_s=tp)

def _scratch(tmp_path):
    "A folder on a RAM file system when there is one (thousands of fsyncs below), else under tmp_path."
    shm = Path('/dev/shm')
    if not (shm.is_dir() and os.access(shm, os.W_OK)): return tmp_path
    d = Path(tempfile.mkdtemp(dir=shm)); atexit.register(shutil.rmtree, d, True)
    return d

# ---------------------------------------------------------------- a torn last record, cut at every byte offset

def _cut_every_offset(path:Path, add, read, want:list):
    "Cut the log's last record at every byte offset, then `add` it again and `read`: every record back, the fragment kept aside."
    raw = path.read_bytes(); start = raw.rstrip(b'\n').rfind(b'\n') + 1; last = raw[start:]
    for k in range(len(last) + 1):
        path.write_bytes(raw[:start] + last[:k]); torn_path(path).unlink(missing_ok=True)
        with _quiet():
            before = read()
            assert before == want[:-1] + (want[-1:] if k == len(last) else []), f"cut at {k}: an earlier record was lost"
            if k < len(last): add(json.loads(last))                                 # what a resumed run appends
        assert path.read_bytes() == raw, f"cut at {k}: the log differs from the uncut one"
        assert read() == want
        assert torn_fragments(path) == ([(start, last[:k])] if 0 < k < len(last) else []), f"cut at {k}: fragment not kept"
    return len(last)

def test_study_log_cut_at_every_byte(clean, tmp_path):
    d = _scratch(tmp_path)/'s'; shutil.copytree(clean['study'], d)
    def add(rec): RunLog(d).add(rec)
    n = _cut_every_offset(d/'results.jsonl', add, lambda: RunLog(d).records, clean['records'])
    assert n > 200
    assert len(Study(d).complete) == 2

def test_persona_log_cut_at_every_byte(clean, tmp_path):
    d = _scratch(tmp_path)/'p'; f = d/clean['persona'].relative_to(clean['out']/'personas'); f.parent.mkdir(parents=True)
    shutil.copy(clean['persona'], f)
    add, read = lambda rec: append_jsonl(f, [rec]), lambda: read_jsonl_log(f, warn=False)
    assert _cut_every_offset(f, add, read, read_jsonl_log(f)) > 100                       # a persona the model wrote
    append_jsonl(f, [dict(index=4, text='Zoë 😀 naïve — \u2028 line', persona=None)])    # one with multi-byte characters
    want = read_jsonl_log(f)
    _cut_every_offset(f, add, read, want)
    with _quiet(): [ps] = load_runs(d)
    assert [r['index'] for r in ps.records] == [0, 1, 2, 3, 4] and ps.records[4]['text'] == want[-1]['text']

# ---------------------------------------------------------------- SIGKILL at seeded random times, then resume

def _killed_at(job, delay:float)->bool:
    "Run `job` in a forked child (the model is already loaded), SIGKILL it `delay` s after it starts; True if it was still running."
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:                                             # the child: run, never return into pytest
        code = 0
        try: os.close(r); os.write(w, b'!'); os.close(w); job()
        except BaseException: traceback.print_exc(); code = 1
        os._exit(code)
    os.close(w); os.read(r, 1); os.close(r)
    time.sleep(delay)
    running = os.waitpid(pid, os.WNOHANG) == (0, 0)
    if running: os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
    return running

def test_sigkill_study_then_resume(lm, clean, tmp_path):
    rng, out, kills = random.Random(19), tmp_path/'k', []
    job = lambda: run_study('s', _problems(), lm, out=out, **STUDY)
    for _ in range(2):                                       # killed twice, at seeded random points of the run
        delay = rng.uniform(0.05, 0.9) * clean['study_s']
        kills.append((round(delay, 2), _killed_at(job, delay)))
        if (out/'s'/'results.jsonl').exists():
            with _quiet(): n = len(RunLog(out/'s').records)
            kills[-1] += (n,)
    assert any(k[1] for k in kills), f"the study finished before any kill: {kills}"
    with _quiet(): st = job()                                # resume
    got = [r['key'] for r in st.records]
    assert len(got) == len(set(got)), "a unit was recorded twice"
    assert _by_key(st.records) == _by_key(clean['records']), f"the resumed study differs from the clean run (kills: {kills})"
    print('study kills (delay s, killed, records on disk):', kills)

def test_sigkill_persona_then_resume(lm, clean, tmp_path):
    rng, out, kills = random.Random(7), tmp_path/'k', []
    job = lambda: generate_personas(lm, out_dir=out, **PERSONA)
    for _ in range(2):
        delay = rng.uniform(0.05, 0.9) * clean['persona_s']
        kills.append((round(delay, 2), _killed_at(job, delay)))
    assert any(k[1] for k in kills), f"the persona run finished before any kill: {kills}"
    with _quiet(): ps = job()
    assert [r['index'] for r in ps.records] == [0, 1, 2, 3]
    assert _by_key(ps.records, 'index') == _by_key(clean['personas'], 'index'), f"resumed personas differ (kills: {kills})"
    assert len(read_jsonl_log(ps.path)) == 4, "the run file holds a persona twice or misses one"
    print('persona kills (delay s, killed):', kills)

# ---------------------------------------------------------------- a read-only and a full run folder (real tmpfs)

@contextlib.contextmanager
def _tmpfs(path:Path, size:str='1m'):
    "A fresh tmpfs of `size` mounted at `path` (skip, saying why, where mounting is impossible), unmounted afterwards."
    path.mkdir(parents=True, exist_ok=True)
    try: r = subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', str(path)], capture_output=True, text=True)
    except FileNotFoundError as e: r = subprocess.CompletedProcess([], 1, '', str(e))
    if r.returncode: pytest.skip(f"a real read-only / full file system needs a tmpfs mount, impossible here: {r.stderr.strip()}")
    try: yield path
    finally: subprocess.run(['umount', '-l', str(path)], capture_output=True)

def _remount_ro(path:Path): subprocess.run(['mount', '-o', 'remount,ro', str(path)], check=True, capture_output=True)

def _fill(folder:Path):
    "Fill the file system holding `folder` to the last byte."
    fd = os.open(folder/'filler', os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 4096, 1):
            with contextlib.suppress(OSError):
                while True: os.write(fd, b'\0' * size)
    finally: os.close(fd)

def _drop_last(log:Path, k:int=1, slack:int|None=None)->bytes:
    """Cut the last k records off a log (as if they were never run). With `slack`, a blank line (which readers skip) pads the log so
    that exactly `slack` bytes are left in its last 4 KiB page: the next record then fits only partly and its write fails half-way."""
    lines = log.read_bytes().splitlines(keepends=True)
    keep = lines[:-k]
    if slack is not None:
        pad = (4096 - slack - sum(map(len, keep)) - 1) % 4096
        keep = keep[:1] + [b' ' * pad + b'\n'] + keep[1:]
    log.write_bytes(b''.join(keep))
    return log.read_bytes()

def _persona_copy(clean, root:Path)->Path:
    f = root/'personas'/clean['persona'].relative_to(clean['out']/'personas'); f.parent.mkdir(parents=True)
    shutil.copy(clean['persona'], f)
    return f

def test_read_only_run_folder(lm, clean, tmp_path):
    with _tmpfs(tmp_path/'ro') as ro:
        shutil.copytree(clean['study'], ro/'s'); before = _drop_last(ro/'s'/'results.jsonl')
        pf = _persona_copy(clean, ro); pbefore = _drop_last(pf, 2)
        _remount_ro(ro)
        with _quiet(): assert len(Study(ro/'s').records) == len(clean['records']) - 1        # reading works
        with pytest.raises(OSError) as e: run_study('s', _problems(), lm, out=ro, **STUDY)    # the last unit cannot be stored
        assert e.value.errno == errno.EROFS and f"cannot append to {ro}/s/results.jsonl: the file system is read-only" in str(e.value)
        assert (ro/'s'/'results.jsonl').read_bytes() == before
        with pytest.raises(OSError) as e: run_study('new', _problems(), lm, out=ro, **STUDY)
        assert e.value.errno == errno.EROFS and f"cannot create the run folder {ro}/new" in str(e.value)
        t0 = time.time()
        with pytest.raises(OSError) as e: generate_personas(lm, out_dir=ro/'personas', **PERSONA)
        assert e.value.errno == errno.EROFS and f"cannot open the persona run file {pf}" in str(e.value)
        assert time.time() - t0 < 1, "the persona run generated before finding out it cannot write"
        assert pf.read_bytes() == pbefore
        with _quiet(): assert [s.n for s in load_runs(ro/'personas')] == [2]
        code, err, _ = _ponder_run('nbs/studies/scaling.ipynb', '--out', str(ro/'report'))        # a report into it: refused at once
        assert code == 2 and f"--out='{ro}/report' is not allowed: a folder that can be written (Read-only file system)" in err, err

def test_full_disk_run_folder(lm, clean, tmp_path):
    with _tmpfs(tmp_path/'full') as full:
        shutil.copytree(clean['study'], full/'s'); log = full/'s'/'results.jsonl'
        before = _drop_last(log, slack=100)
        pf = _persona_copy(clean, full); pbefore = _drop_last(pf, 2, slack=50)
        _fill(full)
        with pytest.raises(OSError) as e: run_study('s', _problems(), lm, out=full, **STUDY)
        assert e.value.errno == errno.ENOSPC and f"cannot append to {log}: no space left on the device" in str(e.value)
        assert log.read_bytes() == before, "a write that failed half-way left part of a record in the log"
        with pytest.raises(OSError) as e: generate_personas(lm, out_dir=full/'personas', **PERSONA)
        assert e.value.errno == errno.ENOSPC and str(pf) in str(e.value)
        assert pf.read_bytes() == pbefore
        with open(log, 'ab') as f: f.write(b'{"key": "torn')                  # a torn tail, on a full disk: it cannot be kept aside...
        with pytest.raises(OSError) as e: append_jsonl(log, [dict(key='x')])
        assert e.value.errno == errno.ENOSPC and str(torn_path(log)) in str(e.value)
        assert log.read_bytes() == before + b'{"key": "torn'                    # ...so it is not cut off either
        (full/'filler').unlink()                                                # free space: the runs resume and lose nothing
        with _quiet(): st = run_study('s', _problems(), lm, out=full, **STUDY); ps = generate_personas(lm, out_dir=full/'personas', **PERSONA)
        assert _by_key(st.records) == _by_key(clean['records'])
        assert torn_fragments(log) == [(len(before), b'{"key": "torn')]
        assert _by_key(ps.records, 'index') == _by_key(clean['personas'], 'index')

# ---------------------------------------------------------------- ponder-run refuses a bad command line before any kernel

def _ponder_run(*args):
    t0 = time.time()
    r = subprocess.run([sys.executable, '-c', 'import sys; from ponder.report import main; sys.exit(main(sys.argv[1:]))', *args],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    return r.returncode, r.stderr, time.time() - t0

def test_ponder_run_checks_before_a_kernel(tmp_path):
    code, err, s = _ponder_run('nbs/studies/scaling.ipynb', '--out', str(tmp_path/'o'), '-p', 'n_problems', 'abc')
    assert code == 2 and "n_problems='abc' is not allowed: an int, like the default 6" in err, err
    assert s < 10 and not (tmp_path/'o'/'scaling.ipynb').exists()
    code, err, _ = _ponder_run('nbs/studies/scaling.ipynb', '--out', str(tmp_path/'o'), '-p', 'budget', '[1]')
    assert code == 2 and "parameter='budget' is not allowed: one of the parameters of scaling.ipynb" in err and "'budgets'" in err, err
    code, err, _ = _ponder_run('nbs/studies/nope.ipynb', '--out', str(tmp_path/'o'))
    assert code == 2 and "notebook 'nbs/studies/nope.ipynb' does not exist" in err, err
    (tmp_path/'f').write_text('')
    code, err, _ = _ponder_run('nbs/studies/scaling.ipynb', '--out', str(tmp_path/'f'))
    assert code == 2 and f"--out='{tmp_path/'f'}' is not allowed: a folder (this is a file)" in err, err
