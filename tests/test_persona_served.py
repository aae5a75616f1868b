"""The persona audit's two arms on a model served by llama.cpp's own server: the constrained arm through the server's
JSON-schema decoding, the free arm as plain text (no `sampler=` hook on a server), both resumable run files."""
import json
from ponder.core import load_lm
from ponder.persona import generate_personas, persona_decoding, Persona

def test_persona_arms_on_llama_server(tmp_path):
    lm = load_lm('smollm2', engine='llama.cpp', parallel=4, n_threads=1, cache=False)
    assert persona_decoding(lm, True).schema['required'] == Persona.model_json_schema()['required']
    con = generate_personas(lm, 4, constrained=True, max_new_tokens=200, chunk=4, out_dir=tmp_path, progress=False)
    free = generate_personas(lm, 4, constrained=False, max_new_tokens=120, chunk=4, out_dir=tmp_path, progress=False)
    # the server's grammar gives JSON of the persona's shape: every output that finished is an object with its keys
    # (whether the values pass the persona's checks, e.g. a non-empty name, is what the audit measures)
    keys = set(Persona.model_json_schema()['required'])
    finished = [r for r in con.records if r['finish_reason'] != 'length']
    assert finished and all(keys <= set(json.loads(r['text'])) for r in finished), [r['text'] for r in finished]
    assert all(r['text'].lstrip().startswith('{') for r in con.records)
    assert len(free.records) == 4 and all(isinstance(r['text'], str) for r in free.records)
    # each arm has its own resumable run file, one line per persona; a second call computes nothing new
    files = sorted((tmp_path/lm.name).glob('*.jsonl'))
    assert [len(f.read_text().splitlines()) for f in files] == [4, 4], files
    again = generate_personas(lm, 4, constrained=True, max_new_tokens=200, chunk=4, out_dir=tmp_path, progress=False)
    assert [r['text'] for r in again.records] == [r['text'] for r in con.records]
