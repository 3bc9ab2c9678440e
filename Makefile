# studylog: `make run` opens the app, `make test` runs the test suite. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all test-slow lint bench tally install clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing studylog and its dependencies into $(VENV) (the first time: about a minute)"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/studylog

# the fast lane (at most 3 minutes on 2 cores): lint, types, the tests not marked slow, in parallel
test: $(STAMP)
	$(BIN)/ruff check --quiet studylog tests migrations bench
	$(BIN)/mypy
	@echo "fast lane: the tests marked slow are left out (make test-all runs them too)"
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4

# everything, as CI runs it: the fast lane's checks and every test (faults, end to end, packaging, the
# subprocess probes, the 200 MB GPX), properties at Hypothesis's full counts
test-all: $(STAMP)
	$(BIN)/ruff check --quiet studylog tests migrations bench
	$(BIN)/mypy
	STUDYLOG_TEST_LANE=all $(BIN)/python -m pytest -q -n auto --maxprocesses 4 -m "slow or not slow"

# only the tests marked slow
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 -m slow

lint: $(STAMP)
	$(BIN)/ruff check studylog tests migrations bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

tally: $(STAMP)
	$(BIN)/python bench/tally.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
