# Smart Payment Caller: every target creates and uses its own virtualenv in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: demo test lint typecheck cfn unit functional bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,pdf]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/spc demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy ivr scanners reports

cfn: $(STAMP)
	$(BIN)/cfn-lint sam/template.yaml

test: lint typecheck cfn
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m tests.benchmarks.bench_scan

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
