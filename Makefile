# Two commands on a fresh machine: `make demo` and `make test` (each installs first).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= store
REPORTS ?= reports
MONTH  ?= 2026-10
# The shipped samples were exported on this date: later check-ins in them are future-dated errors.
SAMPLES_AS_OF := 2026-10-31

.PHONY: install demo test lint bench lab samples

install: $(STAMP)

# Re-installs only when the project's metadata changed (a no-op otherwise).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: install
	$(BIN)/beyou clean data_samples/export --store $(STORE) --as-of $(SAMPLES_AS_OF)
	$(BIN)/beyou report batch --month $(MONTH) --store $(STORE) --out $(REPORTS) --jobs 2
	$(BIN)/beyou serve --store $(STORE)

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_dashboard.py

# JupyterLab for researchers, with the project's kernel and the sample store as default parameters.
# A demo pseudonymisation key (never a real one: real keys live outside the repository).
lab: install
	$(BIN)/beyou clean data_samples/export --store $(STORE) --as-of $(SAMPLES_AS_OF)
	@test -f .demo/research.key || (mkdir -p .demo && $(BIN)/beyou keygen --out .demo/research.key)
	BEYOU_STORE=$(abspath $(STORE)) BEYOU_KEY_FILE=$(abspath .demo/research.key) \
	  $(BIN)/jupyter lab --ip=127.0.0.1 --no-browser notebooks

# Regenerates the shipped sample export (see data_samples/README.md).
samples: install
	$(BIN)/beyou synth --patients 150 --seed 20261031 --as-of 2026-10-31 --out data_samples/export
