# make run   — install into .venv (once), ingest corpus/ if missing or changed, open the chat in the browser
# make test  — install into .venv (once) and run the test suite
# make wheel-check — build the wheel, install it into a throwaway venv, load prompts and eval data from it
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run chat test lint bench wheel-check clean

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

WHEEL_DIR := build/wheel-check
wheel-check: $(STAMP)
	rm -rf $(WHEEL_DIR)
	$(BIN)/python -m pip wheel . -w $(WHEEL_DIR) --no-deps --quiet
	$(BIN)/python -m venv $(WHEEL_DIR)/venv --system-site-packages
	$(WHEEL_DIR)/venv/bin/python -m pip install --quiet --no-deps $(WHEEL_DIR)/*.whl
	cd "$$(mktemp -d)" && $(CURDIR)/$(WHEEL_DIR)/venv/bin/python -c "from assistant.prompts import load_prompt; \
	from assistant.resources import data_dir; load_prompt('rewrite', history='h', question='q'); \
	assert (data_dir('evals') / 'gold.jsonl').is_file() and 'site-packages' in str(data_dir('evals')); print('wheel ok')"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info build
