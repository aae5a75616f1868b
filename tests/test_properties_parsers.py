"""Property tests for ponder's parsers and evaluators (issue 19): they never raise anything but their documented error,
they round-trip where they should, they agree with exact arithmetic, and they stay fast on hostile inputs of 1 MB.

Every property runs 1000 examples (derandomized, so CI is reproducible; no example database is written) and must
finish them within 10 s. Expected values are computed here from the generated structure, never with `eval`.
"""
import math, time
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ponder.tasks import (MAX_DIGITS, SCAN_CHARS, Problem, extract_answer, format_number, grade, is_correct,
                          normalize_number, parse_number)
from ponder.verify import (MAX_EXPR_CHARS, CalcError, Calculation, CalculatorVerifier, FormatReward, AccuracyReward,
                           check_calculations, safe_eval, split_steps)

PROP = settings(max_examples=1000, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LIMIT = 10 ** MAX_DIGITS

def within(seconds, prop):
    "Run a hypothesis property (all its examples) and assert it took at most `seconds`."
    t0 = time.perf_counter(); prop(); dt = time.perf_counter() - t0
    assert dt <= seconds, f"{prop.__name__} took {dt:.1f} s for its examples (limit {seconds} s)"

# ------------------------------------------------------------------------------------------------ strategies
FRAGMENTS = ['The answer is ', 'the final answer is: ', 'Answer: ', '#### ', '\\boxed{', '}', '{', '\\frac{', '\\dfrac{', '$', '\\$',
             '%', '\\%', '1e', 'e999', 'E-3', '1,000', '12,345.6', '.', ',', '/', ' ', '\n', '\n\n', '=', ' = ', '+', ' + ', '-', '−',
             '*', ' * ', '**', '^', '×', '÷', '\\times', '(', ')', '<<', '>>', 'twelve', 'minus ', 'twenty-one', 'nan', 'inf', 'Infinity',
             'Step 1:', '**Step 2:**', '<think>', '</think>', '<answer>', '</answer>', 'apples', ' x ', '5 apples + 3 apples',
             'because', '; ', 'USD ', '€', '\x00', '\ud800', '٣']
NUMBER_TEXT = st.one_of(st.integers(-10**30, 10**30).map(str), st.integers(1, 5000).map(lambda n: '9' * n),
                        st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
                        st.fractions(max_denominator=10**6).map(lambda f: f"{f.numerator}/{f.denominator}"),
                        st.tuples(st.integers(-99, 99), st.integers(-3000, 3000)).map(lambda t: f"{t[0]}e{t[1]}"))
PIECE = st.one_of(st.sampled_from(FRAGMENTS), NUMBER_TEXT, st.text(max_size=6))
TEXT = st.lists(PIECE, max_size=40).map(''.join)
ANYTHING = st.one_of(TEXT, NUMBER_TEXT, st.none(), st.booleans(), st.integers(), st.integers(10**990, 10**1100),
                     st.floats(allow_nan=True, allow_infinity=True), st.fractions(), st.lists(st.integers(), max_size=3),
                     st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.binary(max_size=20))
BIG_INT = st.integers(-(LIMIT - 1), LIMIT - 1)
TERMINATING = st.builds(lambda n, a, b: Fraction(n, 2**a * 5**b), st.integers(-10**40, 10**40), st.integers(0, 60), st.integers(0, 60))
EXACT = st.one_of(BIG_INT, TERMINATING, st.fractions(max_denominator=10**12), st.integers(-1000, 1000))

def canonical(s):
    "Is `s` a canonical number string (what format_number prints)?"
    v = parse_number(s)
    return v is not None and format_number(v) == s

# ------------------------------------------------------------------------------------------------ tasks: numbers
def test_parse_number_never_raises_and_is_bounded():
    @PROP
    @given(ANYTHING)
    def prop(x):
        v = parse_number(x)
        assert v is None or (isinstance(v, Fraction) and abs(v.numerator) < LIMIT and v.denominator < LIMIT)
    within(10, prop)

def test_format_number_round_trips():
    @PROP
    @given(EXACT)
    def prop(x):
        s = format_number(x)
        assert parse_number(s) == x and canonical(s)
        if isinstance(x, int) or (isinstance(x, Fraction) and x.denominator == 1): assert s == str(int(x))
    within(10, prop)

def test_format_number_of_floats_round_trips():
    @PROP
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def prop(x):
        assert parse_number(format_number(x)) == parse_number(x)
    within(10, prop)

def test_normalize_number_is_canonical_and_idempotent():
    @PROP
    @given(ANYTHING)
    def prop(x):
        s = normalize_number(x)
        assert s is None or (canonical(s) and normalize_number(s) == s)
    within(10, prop)

# ------------------------------------------------------------------------------------------------ tasks: extraction and grading
def test_extract_answer_never_raises_and_gives_a_canonical_number():
    @PROP
    @given(TEXT, st.booleans())
    def prop(text, fallback):
        a = extract_answer(text, fallback=fallback)
        assert a is None or canonical(a)
    within(10, prop)

def test_extract_answer_reads_the_answer_line():
    @PROP
    @given(TEXT, EXACT, st.sampled_from(['The answer is {}.', 'Final answer: {}', '#### {}', '\\boxed{{{}}}']))
    def prop(work, x, line):
        s = format_number(x)
        assert extract_answer(work + '\n' + line.format(s)) == s
    within(10, prop)

def test_is_correct_never_raises_symmetric_and_reflexive():
    @PROP
    @given(ANYTHING, ANYTHING)
    def prop(a, b):
        r = is_correct(a, b)
        assert isinstance(r, bool) and r == is_correct(b, a)
        if parse_number(a) is not None: assert is_correct(a, a)
    within(10, prop)

def test_grade_never_raises_and_accepts_the_answer_line():
    @PROP
    @given(TEXT, EXACT)
    def prop(text, x):
        p = Problem('p', 'q?', format_number(x))
        assert grade(p, text) in (True, False)
        assert grade(p, f"{text}\nThe answer is {format_number(x)}.") is True
        assert grade(p, f"{text}\nThe answer is {format_number(x + 1 + abs(x))}.") is False     # off by more than the tolerance
    within(10, prop)

# ------------------------------------------------------------------------------------------------ verify: safe_eval
def tree_strategy():
    "Arithmetic syntax trees: ('n', int), ('neg'|'pos', t) or (op, left, right)."
    leaf = st.integers(0, 60).map(lambda v: ('n', v))
    def grow(kids):
        return st.one_of(st.tuples(st.sampled_from(['+', '-', '*', '/', '**']), kids, kids),
                         st.tuples(st.sampled_from(['neg', 'pos']), kids))
    return st.recursive(leaf, grow, max_leaves=40)

PREC = {'n': 5, '**': 4, 'neg': 3, 'pos': 3, '*': 2, '/': 2, '+': 1, '-': 1}

def render(t) -> str:
    "The tree as text with as few parentheses as Python's grammar allows for this very tree."
    k = t[0]
    wrap = lambda c, need: f"({render(c)})" if need else render(c)
    if k == 'n': return str(t[1])
    if k in ('neg', 'pos'): return ('-' if k == 'neg' else '+') + wrap(t[1], PREC[t[1][0]] < 3)
    if k == '**': return f"{wrap(t[1], PREC[t[1][0]] <= 4)} ** {wrap(t[2], PREC[t[2][0]] < 3)}"
    return f"{wrap(t[1], PREC[t[1][0]] < PREC[k])} {k} {wrap(t[2], PREC[t[2][0]] <= PREC[k])}"

def expected(t, max_abs=10**15):
    "The exact value of the tree under safe_eval's documented rules, or CalcError (the class) where one is refused."
    k = t[0]
    if k == 'n': return Fraction(t[1])
    if k in ('neg', 'pos'):
        v = expected(t[1], max_abs)
        return v if v is CalcError else (-v if k == 'neg' else v)
    a, b = expected(t[1], max_abs), expected(t[2], max_abs)
    if a is CalcError or b is CalcError: return CalcError
    if k == '/' and b == 0: return CalcError
    if k == '**' and (b.denominator != 1 or abs(b) > 12 or abs(a) > 10**6 or (a == 0 and b < 0)): return CalcError
    v = {'+': a + b, '-': a - b, '*': a * b}[k] if k in '+-*' else a / b if k == '/' else a ** int(b)
    return CalcError if abs(v) > max_abs or v.denominator >= 10**MAX_DIGITS else v

def test_safe_eval_agrees_with_exact_arithmetic():
    @PROP
    @given(tree_strategy())
    def prop(t):
        e, want = render(t), expected(t)
        if want is CalcError:
            with pytest.raises(CalcError): safe_eval(e)
        else: assert safe_eval(e) == want and isinstance(safe_eval(e), Fraction)
    within(10, prop)

EXPR_TEXT = st.one_of(st.text(alphabet='0123456789.+-*/() e%\t', max_size=60), TEXT, st.text(max_size=30))

def test_safe_eval_raises_only_calc_error():
    @PROP
    @given(EXPR_TEXT)
    def prop(e):
        try: v = safe_eval(e)
        except CalcError as err: assert str(err)                  # a message, and no other error type
        else: assert isinstance(v, Fraction) and abs(v.numerator) < 10**(2 * MAX_DIGITS + 2)
    within(10, prop)

# ------------------------------------------------------------------------------------------------ verify: the calculator
def test_check_calculations_never_raises():
    @PROP
    @given(TEXT)
    def prop(text):
        for c in check_calculations(text):
            assert isinstance(c, Calculation) and isinstance(c.ok, bool) and isinstance(c.value, Fraction)
            assert c.ok == (c.value == c.claimed) or '.' in c.text    # exact unless the claim is a rounded decimal
    within(10, prop)

def has_binop(t): return t[0] in ('+', '-', '*', '/', '**') or (t[0] in ('neg', 'pos') and has_binop(t[1]))

def test_check_calculations_agrees_with_exact_arithmetic():
    @PROP
    @given(tree_strategy(), st.sampled_from(['{} = {}', 'So {} = {} apples.', 'Step 3: {} = {}']))
    def prop(t, shape):
        want = expected(t)
        if want is CalcError or not has_binop(t): return
        right, wrong = check_calculations(shape.format(render(t), format_number(want))), \
                       check_calculations(shape.format(render(t), format_number(want + 1)))
        assert [c.ok for c in right] == [True] and [c.ok for c in wrong] == [False]
    within(10, prop)

def test_calculator_verifier_scores_any_text_in_0_1():
    cv, mean = CalculatorVerifier(), CalculatorVerifier(agg='mean', require_answer=True)
    p = Problem('p', 'q?', '7')
    @PROP
    @given(TEXT)
    def prop(text):
        steps = split_steps(text)
        for v in (cv, mean):
            s = v.score(p, text)
            assert isinstance(s, float) and math.isfinite(s) and 0.0 <= s <= 1.0
            scores = v.step_scores(p, steps)
            assert len(scores) == len(steps) and all(x in (0.0, 1.0) for x in scores)
    within(10, prop)

def test_format_rewards_score_any_text():
    fr, ar, fr_think = FormatReward(), AccuracyReward(), FormatReward('think')
    p = Problem('p', 'q?', '7')
    @PROP
    @given(TEXT)
    def prop(text):
        assert all(v(p, text) in (0.0, 1.0) for v in (fr, ar, fr_think))
    within(10, prop)

# ------------------------------------------------------------------------------------------------ 1 MB of hostile input, each within 10 s
MB = 1_000_000
SHAPES = {
    'unclosed boxed': '\\boxed{' * (MB // 7), 'unclosed boxed, spaced': '\\boxed{1 ' * (MB // 9),
    'nested boxed': '\\boxed{' * (MB // 16) + '7' + '}' * (MB // 16), '1+': '1+' * (MB // 2), '1 + ': '1 + ' * (MB // 4),
    'digits': '7' * MB, 'nested parens': '(' * (MB // 2) + '1' + ')' * (MB // 2), 'braces': '{' * MB,
    'answer markers': 'The answer is ' * (MB // 14), 'comma digits': '999,' * (MB // 4), 'equals': '=' * MB,
    'claims': '3 + 4 = 7\n' * (MB // 10), 'spaces': ' ' * MB, 'newlines': 'a' + '\n' * MB + 'b',
    'step markers': 'Step 1:' * (MB // 7), 'think tags': '<think>' * (MB // 7) + '</answer>', 'frac': '\\frac{1}{' * (MB // 9),
}
PARSERS = {
    'extract_answer': extract_answer, 'parse_number': parse_number, 'normalize_number': normalize_number,
    'grade': lambda t: grade(Problem('p', 'q?', '7'), t), 'is_correct': lambda t: is_correct(t, t),
    'check_calculations': check_calculations, 'CalculatorVerifier.score': lambda t: CalculatorVerifier().score(Problem('p', 'q?', '7'), t),
    'FormatReward': lambda t: FormatReward()(Problem('p', 'q?', '7'), t), 'split_steps': split_steps,
}

@pytest.mark.parametrize('shape', list(SHAPES))
def test_one_megabyte_inputs_finish_fast(shape):
    text = SHAPES[shape]
    for name, f in PARSERS.items():
        t0 = time.perf_counter(); f(text); dt = time.perf_counter() - t0
        assert dt < 10, f"{name} on 1 MB of {shape!r} took {dt:.1f} s"

@pytest.mark.parametrize('shape', list(SHAPES))
def test_safe_eval_on_one_megabyte_refuses_fast(shape):
    t0 = time.perf_counter()
    with pytest.raises(CalcError): safe_eval(SHAPES[shape])          # longer than MAX_EXPR_CHARS: refused at once
    assert time.perf_counter() - t0 < 1

@pytest.mark.parametrize('e', ['+'.join(['1'] * 1500), ' + '.join(['1'] * 2499), '(' * 4999 + '1' + ')' * 4999, '-' * 9999 + '1',
                               '2 ** ' * 1999 + '1', '0.' + '3' * 400, '9' * 1000])
def test_safe_eval_at_the_size_limit(e):
    assert len(e) <= MAX_EXPR_CHARS
    t0 = time.perf_counter()
    try: safe_eval(e)
    except CalcError: pass
    assert time.perf_counter() - t0 < 2

def test_long_answers_are_exact_or_none():
    assert extract_answer('The answer is ' + '9' * 400 + '.') == '9' * 400                      # exact
    assert extract_answer('1e999') == '1' + '0' * 999 and extract_answer('1e5000') is None     # never 1
    assert extract_answer('The answer is ' + '7' * 5000) is None                                 # too long: no answer
    assert extract_answer('x ' * 30_000 + 'The answer is 5.') == '5' and SCAN_CHARS == 20_000
    assert grade(Problem('p', 'q?', '9' * 400), '\\boxed{' + '9' * 400 + '}') is True
