"""The llama.cpp server smoke test, run before anything that depends on the server (`make smoke`, first in `make test`).

Starts the `llama-server` binary that the install's self-test chose (`ponder.server.llama_server_binary()`), on the
bundled SmolLM2-135M-Instruct GGUF on 127.0.0.1, asks for one completion with log-probs, and stops it. A binary that
cannot run on this CPU fails here within seconds, naming its exit signal and the last lines of its log.
"""
import signal, subprocess, sys
import httpx, pytest
from ponder.server import LlamaServer, ServerDied, llama_server_binary, selftest


def test_binary_runs_here():
    b = llama_server_binary()
    r = subprocess.run([str(b.path), '--version'], capture_output=True, text=True, timeout=30, env=b.environ())
    assert r.returncode == 0, f"{b.path} --version exited {r.returncode}: {r.stderr[-2000:]}"
    assert 'version' in (r.stdout + r.stderr)


def test_start_one_completion_with_logprobs_stop():
    with LlamaServer('smollm2', n_threads=1, startup_timeout=120) as srv:
        proc, port = srv.proc, srv.port
        r = httpx.post(srv.base_url + '/completions', timeout=120,
                       json=dict(model='smollm2', prompt='2+2=', max_tokens=4, temperature=0, logprobs=3)).json()
        srv.raise_if_dead()                      # a server that crashed on the completion says how, with its log
        content = r['choices'][0]['logprobs']['content']
        assert r['usage']['completion_tokens'] == len(content) >= 1
        assert all(c['logprob'] <= 0 and len(c['top_logprobs']) == 3 for c in content)
    assert proc.poll() is not None, "llama-server still running after leaving the with block"
    with pytest.raises(httpx.ConnectError): httpx.get(f'http://127.0.0.1:{port}/health', timeout=2)


def test_a_dead_server_names_its_signal():
    srv = LlamaServer('smollm2', n_threads=1).start()
    lm = srv.lm(cache=False)
    srv.proc.send_signal(signal.SIGKILL); srv.proc.wait(10)
    with pytest.raises(ServerDied, match='killed by SIGKILL'):
        lm.generate('Hi', max_new_tokens=2, temperature=0)
    srv.stop()


def test_selftest_reports_a_broken_binary(tmp_path):
    fake = tmp_path/'llama-server'
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && { echo "version: fake"; exit 0; }\nkill -ILL $$\n'); fake.chmod(0o755)
    from ponder.server import ServerBinary
    st = selftest(ServerBinary(fake, 'env'), timeout=20)
    assert not st['ok'] and 'SIGILL' in st['error'] and st['version'] == 'version: fake'
