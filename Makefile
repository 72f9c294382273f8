# Two commands: `make run` (set up, migrate, load demo data once, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test setup lint format worker

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The pure-Python opencc-python-reimplemented (replaced by the compiled OpenCC) ships the same
	# module name; removed first so the two never share the opencc folder.
	$(BIN)/pip uninstall --quiet --yes opencc-python-reimplemented 2>/dev/null || true
	$(BIN)/pip install --quiet -r requirements-dev.txt -c requirements-lock.txt
	touch $@

setup: $(BIN)/.installed

run: setup
	FAZHI_DEMO=1 PORT=$(PORT) BIN=$(BIN) scripts/run.sh

test: setup
	BIN=$(BIN) scripts/test.sh

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

worker: setup
	$(BIN)/python manage.py run_worker
