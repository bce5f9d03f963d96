# Two commands matter: `make run` starts the bot, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run demo migrate check test lint format bench docs-preview clean lock image image-check

# Exact versions (with hashes) from the lockfiles; `make lock` renews them from pyproject.toml.
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m bot run

# The bot against the built-in Telegram stand-in, with a chat page on 127.0.0.1 (no token,
# no internet): `make demo`, `make demo SEED=1` (demo data), DEMO_PORT=8090, RESET=1.
DEMO_PORT ?= 8080
demo_flags = $(if $(filter-out 0,$(SEED)),--seed) $(if $(filter-out 0,$(RESET)),--reset)
demo: $(STAMP)
	$(PY) -m bot demo --port $(DEMO_PORT) $(demo_flags)

migrate: $(STAMP)
	$(PY) -m bot migrate

check: $(STAMP)
	$(PY) -m bot check

# Most tests wait on a bot, a fake Telegram or a database rather than on the CPU: four
# workers (pytest-xdist) keep the whole suite within minutes on two cores.
TEST_WORKERS ?= 4
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: $(STAMP)
	$(PY) -m bench.dispatch

# Every generated document from sample data, rendered to PDF/PNG by LibreOffice if installed.
docs-preview: $(STAMP)
	$(PY) -m bench.docs_preview

LOCK_TOOL := $(VENV)/lock-tool
PIP_COMPILE = $(LOCK_TOOL)/bin/pip-compile --quiet --strip-extras --generate-hashes \
	--allow-unsafe --no-emit-index-url --no-emit-find-links

lock:
	$(PYTHON) -m venv $(LOCK_TOOL)
	$(LOCK_TOOL)/bin/pip install --quiet pip-tools
	$(PIP_COMPILE) --upgrade -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --upgrade --extra dev -o requirements-dev.lock pyproject.toml

# Build the image and run `migrate` and `check` in it on a fresh SQLite volume.
IMAGE ?= kuzbass-bot:check
ENGINE ?= $(shell command -v podman || command -v docker)

image:
	@deploy/image-check.sh build "$(ENGINE)" "$(IMAGE)"

image-check:
	@deploy/image-check.sh check "$(ENGINE)" "$(IMAGE)"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
