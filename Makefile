# Smart Payment Caller: every target creates and uses its own virtualenv in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: demo test lint typecheck cfn system-deps bench bench-artifacts clean lock requirements package asl-validator
ARCH ?=
SYSTEM_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,pdf]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/spc demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	MYPYPATH=sam $(BIN)/mypy ivr scanners reports sam/deploy

# The Lambdas' dependencies: lock.txt pins pyproject.toml's for the template's runtime and architecture;
# <LogicalId>.txt keeps the part of it each function imports (run after changing imports or the lock).
lock: $(STAMP)
	PYTHONPATH=sam $(BIN)/python -m deploy lock --uv $(BIN)/uv

requirements: $(STAMP)
	PYTHONPATH=sam $(BIN)/python -m deploy requirements --uv $(BIN)/uv

# Every function's artifact in build/lambda/<LogicalId>/ (ARCH=x86_64: build/lambda/x86_64/<LogicalId>/).
package: $(STAMP)
	PYTHONPATH=sam $(BIN)/python -m deploy package $(if $(ARCH),--arch $(ARCH))

# sam build (Metadata: BuildMethod: makefile) runs `make build-<LogicalId>` with ARTIFACTS_DIR set: same recipe.
build-%: $(STAMP)
	PYTHONPATH=sam $(BIN)/python -m deploy package --function $* --out "$(ARTIFACTS_DIR)" --force

cfn: $(STAMP)
	$(BIN)/cfn-lint --include-checks I -- sam/template.yaml

# checkov pins an older boto3 and ships bc-detect-secrets (the same detect_secrets module as the project's
# detect-secrets), so it lives in its own virtualenv; tests/unit/test_template_hardening.py runs it.
CHECKOV_VENV  := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
$(CHECKOV_STAMP):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet 'checkov>=3.2,<4'
	touch $(CHECKOV_STAMP)

# asl-validator (npm) validates sam/statemachines/*.asl.json; without npm the test skips and says so.
ASL_VALIDATOR := build/node/node_modules/.bin/asl-validator
asl-validator:
	@if [ -x $(ASL_VALIDATOR) ]; then exit 0; fi; \
	if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --prefix build/node 'asl-validator@^4'; \
	else echo "npm not found: the asl-validator checks will skip"; fi

# Headless Chromium and pdftoppm for the report checks, WeasyPrint's libraries for PDFs: installed from Debian
# when missing and we may (root with apt-get); otherwise those tests skip and say why.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing:$$missing"; export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null 2>&1; apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1; } || \
		echo "could not install:$$missing (the tests that need them will skip)"; \
	else echo "not installed:$$missing (needs root and apt-get; the tests that need them will skip)"; fi

test: lint typecheck cfn system-deps $(CHECKOV_STAMP) asl-validator
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests

# Issue 11 targets in one run: speed per core against Presidio and ripgrep, then the memory cases (1 GB log,
# 100k tiny files, 200k findings...), ~10 min. ripgrep (Debian) is installed when missing and we may; otherwise
# its column is skipped and the run says why. Quicker: make bench BENCH_ARGS="--mb 20 --big-gb 0.2 --tiny-files 20000"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	@command -v rg >/dev/null || { \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing: ripgrep"; export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends ripgrep >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null 2>&1; apt-get install -y -q --no-install-recommends ripgrep >/dev/null 2>&1; } || \
		echo "could not install ripgrep: the ripgrep column will be skipped"; \
	else echo "ripgrep not installed (needs root and apt-get): the ripgrep column will be skipped"; fi; }
	@# bytecode as an installed package has it (pip compiles at install; the peers were installed that way): with
	@# PYTHONDONTWRITEBYTECODE set, every spc process would otherwise compile all its modules again (~0.1 s each)
	$(BIN)/python -m compileall -q scanners
	$(BIN)/python -m tests.benchmarks.bench_scan $(BENCH_ARGS)

# Payment Lambda cold init from its artifact (import + first validate) and every artifact's size.
bench-artifacts: $(STAMP)
	PYTHONPATH=sam $(BIN)/python -m tests.benchmarks.bench_artifacts

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
