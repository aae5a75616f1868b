"""A study on a real local Ray cluster (127.0.0.1, two worker processes): the same records as the in-process run, unit for
unit; the same records again when one worker is killed with SIGKILL in the middle of the run (it is replaced and its
unit sent again); and again when the driver itself (another process, joined to the cluster by its address) is killed
with SIGKILL and the study is started again. The cluster's processes are gone afterwards. ~2-3 min on 2 shared cores."""
import json, os, signal, subprocess, sys, threading, time
from pathlib import Path
import pytest

ray = pytest.importorskip('ray')
from ponder.tasks import arithmetic
from ponder.study import run_study, ray_cluster, worker_events

PROBLEMS = list(arithmetic(2, level=1, seed=0))
KW = dict(strategies=['majority_vote', 'best_of_n', dict(strategy='beam_search', options=dict(width=2))], budgets=[1, 2],
          options=dict(max_new_tokens=24), tree_options=dict(step_tokens=12, max_steps=2), progress=False)
N_RECORDS = 2 * (1 + 2*2 + 1 + 1)        # per problem: the pool, 2 pooled specs x 2 budgets, beam search at N=2, the greedy baseline
N_UNITS = N_RECORDS + 2                  # + beam search at N=1 (width 2): a unit that is skipped, not recorded

def _strip(recs):
    "Records without wall-clock fields, in a canonical order."
    return sorted(json.dumps({k: v for k, v in r.items() if k != 'seconds'}, sort_keys=True) for r in recs)

def _alive(pid:int)->bool:
    "Is process `pid` running (a zombie is not)?"
    try: return Path(f'/proc/{pid}/stat').read_text().split(') ')[-1][0] != 'Z'
    except (FileNotFoundError, ProcessLookupError): return False

@pytest.fixture(scope='module')
def cluster():
    # no generation cache (here and on the workers): identical records must come from the seeds, not from stored generations
    old = os.environ.get('PONDER_CACHE'); os.environ['PONDER_CACHE'] = '0'
    try:
        with ray_cluster(num_cpus=2) as r:
            node = r._private.worker._global_node
            pids = [p.process.pid for ps in node.all_processes.values() for p in ps]
            assert r.util.get_node_ip_address() == '127.0.0.1' and 'node:127.0.0.1' in r.cluster_resources()
            yield r
        assert not r.is_initialized()
        time.sleep(1)
        left = [p for p in pids if _alive(p)]
        assert not left, f"the cluster's processes {left} are still running after it was stopped"
    finally:
        if old is None: os.environ.pop('PONDER_CACHE', None)
        else: os.environ['PONDER_CACHE'] = old

@pytest.fixture(scope='module')
def reference(cluster, tmp_path_factory):
    st = run_study('local', PROBLEMS, 'smollm2', out=tmp_path_factory.mktemp('local'), **KW)
    assert len(st.records) == N_RECORDS
    return st

def _by_key(st):
    "Answer and correctness of every answering unit, by its key."
    return {r['key']: (r.get('answer'), r.get('correct')) for r in st.records if r['kind'] != 'pool'}

def test_same_records_as_in_process(cluster, reference, tmp_path):
    st = run_study('ray', PROBLEMS, 'smollm2', executor='ray', workers=2, out=tmp_path, **KW)
    assert _by_key(st) == _by_key(reference)
    assert _strip(st.records) == _strip(reference.records)
    ev = worker_events(tmp_path/'ray')
    starts = [e for e in ev if e['event'] == 'start']
    assert len(starts) == 2 and len({e['pid'] for e in starts}) == 2 and os.getpid() not in {e['pid'] for e in starts}
    assert [e['nice'] for e in starts] == [os.nice(0)] * 2, "the workers run at another priority than the driver"
    assert ev[-1]['event'] == 'done' and ev[-1]['failures'] == 0 and ev[-1]['units'] == N_UNITS
    assert sorted(p.name for p in (tmp_path/'ray'/'trees').glob('*.json')) == \
           sorted(p.name for p in (reference.folder/'trees').glob('*.json'))
    assert json.loads((tmp_path/'ray'/'config.json').read_text()) == json.loads((reference.folder/'config.json').read_text())

def _kill_a_worker_midrun(folder:Path, after:int, killed:dict):
    "Wait until the run has `after` records, then SIGKILL worker 0's process (its pid as the worker itself reported it)."
    t0 = time.time()
    while time.time() - t0 < 300:
        ev = worker_events(folder) if (folder/'workers.jsonl').exists() else []
        res = folder/'results.jsonl'
        n = len(res.read_text().splitlines()) if res.exists() else 0
        pids = [e['pid'] for e in ev if e['event'] == 'start' and e['worker'] == 0]
        if pids and n >= after:
            os.kill(pids[0], signal.SIGKILL); killed.update(pid=pids[0], records=n); return
        time.sleep(0.02)

def test_worker_killed_midrun(cluster, reference, tmp_path):
    killed = {}
    t = threading.Thread(target=_kill_a_worker_midrun, args=(tmp_path/'killed', 3, killed), daemon=True); t.start()
    t0 = time.time()
    st = run_study('killed', PROBLEMS, 'smollm2', executor='ray', workers=2, out=tmp_path, **KW)
    t.join(5)
    assert killed and killed['records'] < N_RECORDS, f"the run ended before a worker could be killed: {killed}"
    keys = [r['key'] for r in st.records]
    assert len(keys) == len(set(keys)) == N_RECORDS, "a unit was recorded twice, or not at all"
    assert _by_key(st) == _by_key(reference)
    assert _strip(st.records) == _strip(reference.records), "the run with a killed worker differs from the in-process run"
    ev = worker_events(tmp_path/'killed')
    died = [e for e in ev if e['event'] == 'died']
    assert len(died) >= 1 and died[0]['worker'] == 0 and died[0]['attempt'] == 1
    restarted = [e for e in ev if e['event'] == 'start' and e['worker'] == 0]
    assert len(restarted) == 2 and restarted[1]['pid'] != killed['pid'], "worker 0 was not replaced by a new process"
    assert ev[-1]['event'] == 'done' and ev[-1]['failures'] == len(died) and ev[-1]['units'] == N_UNITS
    print(f"\nkilled worker pid {killed['pid']} after {killed['records']}/{N_RECORDS} records; {len(died)} unit(s) sent again "
          f"({died[0]['unit']}); run finished in {time.time() - t0:.1f} s with records identical to the in-process run")

DRIVER = """
import json, sys
from ponder.tasks import arithmetic
from ponder.study import run_study
run_study('driver', list(arithmetic(2, level=1, seed=0)), 'smollm2', executor='ray', workers=2, ray_address=sys.argv[1],
          out=sys.argv[2], **json.loads(sys.argv[3]))
"""

def _records_on_disk(folder:Path)->list:
    "The complete lines of a run's results file."
    f = folder/'results.jsonl'
    return [l for l in f.read_text().splitlines(keepends=True) if l.endswith('\n')] if f.exists() else []

def test_driver_killed_and_restarted(cluster, reference, tmp_path):
    address = cluster.get_runtime_context().gcs_address               # a driver in another process joins this cluster
    assert address.startswith('127.0.0.1:')
    p = subprocess.Popen([sys.executable, '-c', DRIVER, address, str(tmp_path), json.dumps(KW)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = time.time()
    while len(_records_on_disk(tmp_path/'driver')) < 3 and p.poll() is None and time.time() - t0 < 240: time.sleep(0.05)
    assert p.poll() is None, f"the driver ended before it could be killed: {p.stderr.read().decode()[-2000:]}"
    p.send_signal(signal.SIGKILL); p.wait(); p.stderr.close()
    before = _records_on_disk(tmp_path/'driver')
    assert 3 <= len(before) < N_RECORDS
    st = run_study('driver', PROBLEMS, 'smollm2', executor='ray', workers=2, out=tmp_path, **KW)    # started again
    after = _records_on_disk(tmp_path/'driver')
    assert after[:len(before)] == before, "a record written before the driver was killed changed"
    assert _by_key(st) == _by_key(reference) and _strip(st.records) == _strip(reference.records)
    runs = [e for e in worker_events(tmp_path/'driver') if e['event'] == 'run']
    assert len(runs) == 2 and runs[1]['units'] == N_UNITS - len(before)        # the second driver ran only what was missing
    print(f"\ndriver killed after {len(before)}/{N_RECORDS} records; started again: {N_UNITS - len(before)} units left, "
          f"records identical to the in-process run")
