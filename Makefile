# `make run` opens the application on the demo cases; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SYSTEM_READY := $(VENV)/.system-packages

.PHONY: run test setup system-packages lint typecheck architecture pytest screenshots report-pages bench clean

run: setup
	$(BIN)/reviewer demo

test: setup lint typecheck architecture pytest

setup: system-packages $(INSTALLED)

system-packages:
	@bash .ci/system-packages.sh

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

architecture:
	$(BIN)/lint-imports

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

screenshots: setup
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python docs/screenshots/take_screenshots.py
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python docs/screenshots/take_workspace_screenshots.py
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python docs/screenshots/take_billing_screenshots.py

report-pages: setup
	$(BIN)/python docs/screenshots/render_reports.py

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/import_bench.py
	$(BIN)/python bench/search_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/viewer_bench.py
	$(BIN)/python bench/ocr_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/gui_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/word_copy_bench.py
	$(BIN)/python bench/cli_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/window_bench.py
	$(BIN)/python bench/billing_bench.py
	$(BIN)/python bench/findings_bench.py
	$(BIN)/python bench/integrity_bench.py
	$(BIN)/python bench/verify_bench.py
	$(BIN)/python bench/chronology_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/timeline_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/spellcheck_bench.py
	$(BIN)/python bench/missing_records_bench.py
	$(BIN)/python bench/dictation_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
