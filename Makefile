# biwu: the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: test bench run clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# lint and formatting first (seconds), then the suite; ruff's settings are in pyproject.toml
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(BENCH_STAMP)
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

run: $(STAMP)
	$(BIN)/biwu serve --demo --db sqlite+aiosqlite:///./biwu.db

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
