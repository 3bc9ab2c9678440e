# studylog: `make run` opens the app, `make test` runs the test suite. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint bench tally install clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/studylog

test: $(STAMP)
	$(BIN)/ruff check --quiet studylog tests migrations bench
	$(BIN)/python -m pytest -q

# the tests marked slow (a 200 MB GPX read with bounded memory); CI runs them after `make test`
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check studylog tests migrations bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

tally: $(STAMP)
	$(BIN)/python bench/tally.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
