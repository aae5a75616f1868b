"The walkthrough `nbs/tutorials/06_persona.ipynb` (live personas in two arms, the audit against SSA/BLS/ATUS, the committed audit read back), run as a learner would, small."
import re
import pytest
from _tutorials import run_tutorial

CI = dict(n=3, max_new_tokens=64, B=100, n_exercise=2, exercise_tokens=48)

@pytest.fixture(scope='module')
def run(tmp_path_factory): return run_tutorial('06_persona', tmp_path_factory.mktemp('persona'), **CI)

def _markdown(nb)->list:
    return [''.join(o['data']['text/markdown']) for c in nb['cells'] for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]

def test_the_prompt_and_both_arms(run):
    t, md = run['text'], '\n'.join(_markdown(run['nb']))
    assert 'chat prompt, as smollm2 sees it' in t and '<|im_start|>user\nImagine a person. Describe them as a JSON object' in t
    arms = dict(re.findall(r'\*\*smollm2 · (constrained|unconstrained) · T=1\*\* \(imagine, seed 0\): (\d+)/3 valid personas', md))
    assert set(arms) == {'constrained', 'unconstrained'}, md[:500]
    assert re.search(r'constrained-t1-imagine-s0-[0-9a-f]{10}\.jsonl', t) and re.search(r'unconstrained-t1-imagine-s0-[0-9a-f]{10}\.jsonl', t)
    assert re.search(r'→ (a valid persona|parse failure: [a-z_]+(:\w+)?); fields that validate on their own: .*; stopped by: (length|eos|stop)', t)

def test_categories_and_references(run):
    t = run['text']
    assert 'soc_method' in t and 'gender_cat' in t and 'p_female' in t                     # the feature table
    assert 'US adults: 50.9% women; 62.7% older than 38' in t                              # SSA × cohort life tables, not typed in
    assert 'Michael 1.58%' in t and 'ATUS: at most 29.1% of people 15+ can be at work' in t and '67.6% of all work happens' in t
    assert 'BLS OEWS May 2025' in t and 'BLS ATUS Table A-3, 2024' in t

def test_small_n_is_inconclusive(run):
    t, md = run['text'], '\n'.join(_markdown(run['nb']))
    m = re.search(r'smollm2 · constrained · T=1: (\d+) women of (\d+) personas stating a gender = \d+%, Wilson 95% \[(\d+)%, (\d+)%\]', t)
    assert m and int(m[2]) <= 3 and int(m[3]) < 51 < int(m[4])                            # 3 personas cannot decide a skew
    assert 'imagined people are skewed toward men (fewer women than among US adults). Here: **inconclusive** (the 95% CI includes 0.509)' in md
    v = re.search(r'(\d+) verdicts on 3 personas per arm: inconclusive ×(\d+)\n', t)        # every seed claim rests on < 10 outputs
    assert v and v[1] == v[2] and int(v[1]) in (4, 8)
    assert len([o for c in run['nb']['cells'] for o in c.get('outputs', []) if 'application/vnd.plotly.v1+json' in o.get('data', {})]) >= 5

def test_exercises_ran(run):
    t = run['text']
    assert 'us_adult wording: Imagine a randomly chosen adult living in the United States.' in t
    assert re.search(r'smollm2 · constrained · us_adult: top occupations', t)
    assert re.search(r'soc_major\s+[\d.]+\s+[\d.]+\s+[\d.]+\nage_band\s+[\d.]+', t) or re.search(r'soc_major\s+(nan|[\d.]+)', t)
    rows = re.findall(r'^(12|30|90|300)\s+\d+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s+(replicates|does not replicate|inconclusive)$', t, re.M)
    assert [int(r[0]) for r in rows] == [12, 30, 90, 300]
    widths = [float(hi) - float(lo) for _, lo, hi, _ in rows]; assert all(a > b for a, b in zip(widths, widths[1:]))

def test_the_committed_audit_is_read(run):
    t, h = run['text'], run['html']
    assert 'most common title ("software engineer" 67% [56%, 76%]) → partially replicates: mode collapse, but onto "software engineer"' in t
    assert re.search(r'first names: effective number 2\.67 \[[\d.]+, [\d.]+\] \(reference 1388\.95, n=90\)', t)
    assert 'US reference: name effective number 1389, SOC effective number 17.4, share over 38 63%' in t
    assert 'qwen2.5-coder-1.5b · constrained · T=1' in h and 'Software Engineer' in h    # two of its personas, from the committed report
    assert re.search(r'soc_major\s+[\d.]+ \[[\d.]+, [\d.]+\]\s+[\d.]+ \[[\d.]+, [\d.]+\]\s+[\d.]+ \[', t)   # the arms' JSD per model
