"""Fault injection for the server code: fake OpenAI-compatible servers on 127.0.0.1 that hang, reset, answer garbage,
`{}`, HTML, 500, a redirect or trickle bytes, and `LlamaServer` given a taken port, a binary that will not start, a
missing or truncated GGUF and a prompt over its context window.

The fake servers are real sockets (plain threads in this file), so httpx, the retry loop and the time limits run as they
do against a real server. Every failure must come as a documented ponder error (`ServerError` and its kinds) naming the
URL, within the time limit the client was given. Only the context-window test starts a real `llama-server`.
"""
import json, socket, threading, time
from pathlib import Path
import pytest

from ponder.core import load_lm, bundled_gguf
from ponder.openai import (OpenAIClient, OpenAILM, Capabilities, ServerError, ServerTimeout, ServerUnreachable, BadAnswer,
                           parse_openai_url)
from ponder.server import LlamaServer, PortInUse, ServerBinary, ServerDied, free_port


# ------------------------------------------------------------------------------------------------ fake servers
class FakeServer:
    "A loopback TCP server: each connection's request is read, then `handler(conn, request_bytes)` runs in its own thread."
    def __init__(self, handler):
        self.handler, self.requests, self.stop = handler, [], threading.Event()
        self.sock = socket.socket(); self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', 0)); self.sock.listen(64); self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._loop, daemon=True); self.thread.start()

    def _loop(self):
        while not self.stop.is_set():
            try: c, _ = self.sock.accept()
            except (socket.timeout, OSError): continue
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c):
        with c:
            try:
                req = _read_request(c)
                self.requests.append(req.split(b'\r\n', 1)[0].decode(errors='replace'))
                self.handler(self, c, req)
            except OSError: pass

    @property
    def base_url(self): return f'http://127.0.0.1:{self.port}/v1'
    @property
    def url(self): return f'openai://127.0.0.1:{self.port}/m'
    def wait(self, seconds): self.stop.wait(seconds)
    def __enter__(self): return self
    def __exit__(self, *exc): self.stop.set(); self.sock.close(); self.thread.join(2)


def _read_request(c)->bytes:
    "The request's head and (by Content-Length) its body."
    c.settimeout(5); data = b''
    while b'\r\n\r\n' not in data:
        b = c.recv(65536)
        if not b: return data
        data += b
    head, body = data.split(b'\r\n\r\n', 1)
    n = next((int(l.split(b':', 1)[1]) for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')), 0)
    while len(body) < n:
        b = c.recv(65536)
        if not b: break
        body += b
    return data


def http(body, status='200 OK', ctype='application/json', extra=''):
    "A handler that answers `body` with `status`."
    b = body.encode() if isinstance(body, str) else body
    def h(srv, c, req):
        c.sendall(f'HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(b)}\r\n{extra}Connection: close\r\n\r\n'.encode() + b)
    return h

def hang(srv, c, req): srv.wait(60)                    # accepts, reads the request, never answers
def reset(srv, c, req):                                # RST instead of an answer
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
def garbage(srv, c, req): c.sendall(b'\x00\xff\xfe garbage, not HTTP at all \x01\x02')
def cut_short(srv, c, req):                            # promises 1000 bytes, sends 12, closes
    c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"choices": ')
def trickle(srv, c, req):                              # a byte every 0.1 s: never silent long enough for a read timeout
    c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n')
    while not srv.stop.is_set():
        c.sendall(b' '); srv.wait(0.1)

MODELS = json.dumps({'object': 'list', 'data': [{'id': 'm', 'object': 'model', 'owned_by': 'someone'}]})
def routed(default):
    "A server that lists model 'm' at /v1/models and answers everything else with `default`."
    def h(srv, c, req):
        (http(MODELS) if b' /v1/models ' in req.split(b'\r\n', 1)[0] else default)(srv, c, req)
    return h

CAPS = Capabilities(flavor='unknown', model='m', completions=True, chat=True, logprobs=True).to_dict()   # skip the probe


def fails(f, exc, *needles, within:float):
    "Run `f`: it must raise `exc` within `within` seconds, with every needle in the message; returns the error."
    t0 = time.monotonic()
    with pytest.raises(exc) as ei: f()
    took = time.monotonic() - t0
    assert took < within, f"took {took:.1f} s, more than {within} s: {ei.value}"
    for n in needles: assert n in str(ei.value), f"{n!r} not in: {ei.value}"
    return ei.value


# ------------------------------------------------------------------------------------------------ defaults
def test_default_limits_are_seconds_not_minutes():
    c = OpenAIClient('http://127.0.0.1:1/v1')
    assert c.probe_timeout <= 15 and c.connect_timeout <= 10          # probing and connecting: seconds
    assert c.timeout <= 300 and c.deadline <= 600                     # one request: bounded, all tries included
    import inspect
    p = inspect.signature(OpenAILM).parameters
    assert (p['probe_timeout'].default, p['connect_timeout'].default) == (c.probe_timeout, c.connect_timeout)
    assert (p['timeout'].default, p['deadline'].default) == (c.timeout, c.deadline)


def test_load_lm_on_a_hung_server_fails_within_the_default_probe_timeout():
    with FakeServer(hang) as srv:
        e = fails(lambda: load_lm(srv.url, tokenizer=None, cache=False), ServerTimeout,
                  f'{srv.base_url}/models', 'probe_timeout=10', 'it had answered nothing', within=10 + 3)
        assert e.url == f'{srv.base_url}/models' and e.status is None and not e.retryable
        assert len(srv.requests) == 1                                  # a silent server is not asked again


# ------------------------------------------------------------------------------------------------ hangs and slowness
def test_hang_on_generate_fails_after_the_silence_timeout():
    with FakeServer(hang) as srv:
        lm = OpenAILM(srv.base_url, 'm', tokenizer=None, capabilities=CAPS, cache=False, timeout=0.5, deadline=30)
        fails(lambda: lm.generate('Hi', max_new_tokens=2, chat=False), ServerTimeout, f'{srv.base_url}/completions',
              'fell silent for 0.5 s (timeout=0.5)', within=3)
        assert len(srv.requests) == 1


def test_trickling_server_hits_the_deadline():
    with FakeServer(trickle) as srv:
        c = OpenAIClient(srv.base_url, timeout=5, deadline=1.0, retries=3)
        e = fails(lambda: c.post('/completions', {'prompt': 'x'}), ServerTimeout, f'{srv.base_url}/completions',
                  'no complete answer within 1 s (deadline=1)', 'it had sent HTTP 200 and', within=3)
        assert e.status == 200 and c.stats['retries'] == 0


def test_trickling_server_hits_the_probe_deadline_on_load():
    with FakeServer(trickle) as srv:
        fails(lambda: load_lm(srv.url, tokenizer=None, cache=False, probe_timeout=1.0), ServerTimeout,
              f'{srv.base_url}/models', 'probe_timeout=1', within=3)


def test_deadline_bounds_retries_of_a_failing_server():
    with FakeServer(http('{"error": "overloaded"}', '503 Service Unavailable')) as srv:
        c = OpenAIClient(srv.base_url, retries=100, backoff=0.2, max_backoff=0.2, deadline=1.5)
        e = fails(lambda: c.get('/models'), ServerError, f'{srv.base_url}/models answered HTTP 503: overloaded', within=3)
        assert e.status == 503 and 2 <= c.stats['retries'] < 100


# ------------------------------------------------------------------------------------------------ broken connections
def test_connection_reset_is_retried_then_named():
    with FakeServer(reset) as srv:
        c = OpenAIClient(srv.base_url, retries=2, backoff=0.01)
        fails(lambda: c.get('/models'), ServerUnreachable, f'{srv.base_url}/models', 'connection broke', within=5)
        assert len(srv.requests) == 3 and c.stats['retries'] == 2


def test_answer_cut_short_is_named_with_what_arrived():
    with FakeServer(cut_short) as srv:
        c = OpenAIClient(srv.base_url, retries=0)
        e = fails(lambda: c.get('/models'), ServerUnreachable, f'{srv.base_url}/models', 'it had sent HTTP 200 and 12 bytes', within=5)
        assert e.status == 200


def test_refused_connection_on_load():
    port = free_port()                                                    # nobody listens
    fails(lambda: load_lm(f'openai://127.0.0.1:{port}/m', tokenizer=None, cache=False, probe_timeout=2), ServerUnreachable,
          f'http://127.0.0.1:{port}/v1/models', 'cannot connect', within=4)


# ------------------------------------------------------------------------------------------------ bad answers
@pytest.mark.parametrize('handler, needles', [
    (garbage, ['its answer is not HTTP']),
    (http('{}'), ["no 'data' list of models", "it answered '{}'"]),
    (http('<html><body>Welcome to nginx!</body></html>', ctype='text/html'), ['not JSON', "'<html><body>Welcome to nginx!"]),
    (http('[1, 2, 3]'), ['a JSON list, not an object']),
    (http(b'\x89PNG\r\n\x1a\n' + bytes(range(256)), ctype='image/png'), ['not JSON']),
    (http(''), ['an empty body']),
    (http('{"data": "m"}'), ["no 'data' list of models"]),
])
def test_bad_answers_on_load(handler, needles):
    with FakeServer(handler) as srv:
        e = fails(lambda: load_lm(srv.url, tokenizer=None, cache=False), BadAnswer, f'{srv.base_url}/models', *needles, within=5)
        assert not e.retryable and len(srv.requests) == 1                # refused at once: not retried


@pytest.mark.parametrize('body, needle', [
    ('{}', "no 'choices' list in its answer; it answered '{}'"),
    ('{"choices": 5}', "no 'choices' list"),
    ('{"choices": []}', "not a non-empty list of objects"),
    ('{"choices": ["a"]}', "not a non-empty list of objects"),
    ('{"choices": [{"text": 5}]}', "a choice's text is int, not str"),
    ('{"choices": [{"text": "a", "logprobs": 7}]}', 'unexpected shape'),
    ('{"choices": [{"text": "a", "logprobs": {"content": [{"token": "a", "logprob": "high"}]}}]}', 'unexpected shape'),
    ('{"choices": [{"text": "a"}], "usage": [1]}', 'unexpected shape'),
    ('{"choices": [{"text": "a"}, {"text": "b"}]}', 'asked for 1 choices and gave 2'),
    ('<!DOCTYPE html><html><h1>502 Bad Gateway</h1></html>', "not JSON"),
])
def test_bad_answers_on_generate(body, needle):
    with FakeServer(routed(http(body))) as srv:
        lm = OpenAILM(srv.base_url, 'm', tokenizer=None, capabilities=CAPS, cache=False, retries=0)
        e = fails(lambda: lm.generate('Hi', max_new_tokens=2, chat=False, top_logprobs=0), BadAnswer,
                  f'{srv.base_url}/completions answered HTTP 200', needle, within=5)
        assert e.url == f'{srv.base_url}/completions'


def test_bad_answers_while_probing_name_the_endpoint():
    with FakeServer(routed(http('{"nothing": "here"}'))) as srv:
        fails(lambda: load_lm(srv.url, tokenizer=None, cache=False), BadAnswer,
              f'{srv.base_url}/completions answered HTTP 200', "no 'choices' list", "'{\"nothing\": \"here\"}'", within=5)


def test_http_500_with_a_body_names_status_url_and_body():
    page = '<html><head><title>500 Internal Server Error</title></head><body>' + 'x' * 1000 + '</body></html>'
    with FakeServer(http(page, '500 Internal Server Error', ctype='text/html')) as srv:
        c = OpenAIClient(srv.base_url, retries=2, backoff=0.01)
        e = fails(lambda: c.post('/completions', {'prompt': 'x'}), ServerError,
                  f'{srv.base_url}/completions answered HTTP 500', "'<html><head><title>500 Internal Server Error", within=5)
        assert e.status == 500 and len(e.message) < 300 and len(srv.requests) == 3   # a 5xx is retried, then named


def test_redirect_is_refused_and_not_followed():
    with FakeServer(http('{"data": []}')) as target:
        moved = http('', '302 Found', extra=f'Location: {target.base_url}/models\r\n')
        with FakeServer(moved) as srv:
            e = fails(lambda: load_lm(srv.url, tokenizer=None, cache=False), BadAnswer,
                      f'{srv.base_url}/models answered HTTP 302', f"redirects to '{target.base_url}/models'", within=5)
            assert e.status == 302 and target.requests == []              # never followed


def test_errors_are_documented_types():
    for cls in (ServerTimeout, ServerUnreachable, BadAnswer):
        assert issubclass(cls, ServerError)
    assert issubclass(ServerTimeout, TimeoutError) and issubclass(ServerUnreachable, ConnectionError) and issubclass(BadAnswer, ValueError)


# ------------------------------------------------------------------------------------------------ LlamaServer
def _fake_binary(tmp_path, script:str)->ServerBinary:
    "A stand-in `llama-server` (a shell script) that leaves a mark when it runs."
    p = tmp_path/'llama-server'
    p.write_text(f'#!/bin/sh\ntouch {tmp_path}/ran\n{script}\n'); p.chmod(0o755)
    return ServerBinary(p, 'env')


def test_port_in_use_is_named_before_starting(tmp_path):
    b = _fake_binary(tmp_path, 'sleep 30')
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0)); taken.listen(); port = taken.getsockname()[1]
        srv = LlamaServer('smollm2', port=port, binary=b, startup_timeout=5)
        fails(srv.start, PortInUse, f'port={port} is not allowed', f'127.0.0.1:{port}', 'Address already in use', within=2)
    assert not (tmp_path/'ran').exists() and not srv.running


def test_port_taken_after_the_check_is_named_with_the_log(tmp_path):
    b = _fake_binary(tmp_path, "echo \"couldn't bind HTTP server socket, hostname: 127.0.0.1\"; exit 1")
    port = free_port()
    srv = LlamaServer('smollm2', port=port, binary=b, startup_timeout=10)
    fails(srv.start, PortInUse, f'port={port}', "couldn't bind HTTP server socket", within=8)
    srv.stop()


def test_server_that_exits_at_start_shows_its_log(tmp_path):
    b = _fake_binary(tmp_path, 'echo "gguf_init_from_file: failed to read magic"; echo "error: model failed to load" >&2; exit 3')
    srv = LlamaServer('smollm2', binary=b, startup_timeout=10)
    fails(srv.start, ServerDied, 'exited with code 3', 'failed to read magic', 'error: model failed to load', str(bundled_gguf()), within=8)
    assert not srv.running; srv.stop()


def test_server_that_never_gets_healthy_times_out_with_its_log(tmp_path):
    b = _fake_binary(tmp_path, 'echo "still loading the model..."; exec sleep 30')
    srv = LlamaServer('smollm2', binary=b, startup_timeout=1.0)
    fails(srv.start, TimeoutError, 'did not become healthy within 1 s', '/health', 'still loading the model...', within=4)
    assert not srv.running; srv.stop()


def test_missing_and_truncated_gguf_are_named_before_starting(tmp_path):
    b = _fake_binary(tmp_path, 'sleep 30')
    missing = tmp_path/'nope.gguf'
    fails(lambda: LlamaServer(str(missing), binary=b), FileNotFoundError, str(missing), within=2)
    cut = tmp_path/'cut.gguf'
    with open(bundled_gguf(), 'rb') as f: cut.write_bytes(f.read(20_000_000))
    fails(lambda: LlamaServer(str(cut), binary=b), ValueError, str(cut), 'truncated', within=5)
    junk = tmp_path/'junk.gguf'; junk.write_bytes(b'PK\x03\x04' + bytes(1000))
    fails(lambda: LlamaServer(str(junk), binary=b), ValueError, str(junk), 'GGUF magic', within=2)
    assert not (tmp_path/'ran').exists()


def test_prompt_over_the_context_window_is_named():
    "The one test with a real llama-server: a prompt longer than its window, by the client, by OpenAILM with and without a local tokenizer."
    long_prompt = 'one two three four five six seven eight nine ten ' * 40          # ~400 tokens
    with LlamaServer('smollm2', n_threads=1, n_ctx=128, startup_timeout=120) as srv:
        c = OpenAIClient(srv.base_url, retries=0)
        e = fails(lambda: c.post('/completions', dict(model='smollm2', prompt=long_prompt, max_tokens=4)), ServerError,
                  f'{srv.base_url}/completions answered HTTP 4', 'context', within=60)
        assert 400 <= e.status < 500 and not e.retryable
        bare = srv.lm(cache=False, tokenizer=None, retries=0)           # no local tokenizer: the server's answer is surfaced
        fails(lambda: bare.generate(long_prompt, chat=False, max_new_tokens=4), ServerError,
              f'{srv.base_url}/completions answered HTTP 4', 'context', within=60)
        local = srv.lm(cache=False)                                     # a local tokenizer: refused before sending
        fails(lambda: local.generate(long_prompt, chat=False, max_new_tokens=4), ValueError,
              'the context window of smollm2 is 128', within=10)
