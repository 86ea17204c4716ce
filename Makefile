# make run   — install into .venv (once), ingest corpus/ if missing or changed, open the chat in the browser
# make test  — install into .venv (once) and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run chat test lint bench clean

run: $(STAMP)
	$(BIN)/assistant ingest corpus/ --prune --quiet || test $$? -eq 1  # 1 = some file skipped (reported); go on
	$(BIN)/python app.py

chat: $(STAMP)
	$(BIN)/assistant ingest corpus/ --prune --quiet || test $$? -eq 1
	$(BIN)/assistant chat

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/query.py

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info
