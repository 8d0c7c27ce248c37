# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
SAYSO := $(VENV)/bin/sayso
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench fuzz examples clean

install: $(VENV)/.installed

# Reinstall whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

examples: install
	$(SAYSO) ingest examples/

run: examples
	$(SAYSO) serve --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/ruff check sayso tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check sayso tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff format --check sayso tests bench

bench: install
	$(PY) bench/extract.py

# Generated hostile inputs read through sayso.ingest (tests/hostile/run.py): the long run of
# what tests/hostile/test_hostile.py checks on a few hundred. Prints the figures.
FUZZ_COUNT ?= 10000
FUZZ_SEED ?= 16
# Then generated API requests from /openapi.json (tests/web/apifuzz.py): 0 5xx, 0 violations.
FUZZ_REQUESTS ?= 20000
fuzz: install
	$(PY) -m tests.hostile.run --count $(FUZZ_COUNT) --seed $(FUZZ_SEED)
	$(PY) -m tests.web.apifuzz --requests $(FUZZ_REQUESTS) --seed $(FUZZ_SEED)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache test-artifacts
