# Two commands on a fresh clone: `make run` (set up, then open the app) and `make test` (set up, then every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench samples

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py

test: $(STAMP)
	$(PY) -m pytest -q -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/bench_pipeline.py
	$(PY) bench/bench_cli.py
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_exports.py
	$(PY) bench/bench_app.py
	$(PY) bench/bench_robustness.py

samples: $(STAMP)
	$(PY) data/samples/build_samples.py
