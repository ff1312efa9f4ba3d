# council-pipeline: `make demo` and `make test` set everything up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps
TEST_SYSTEM_PACKAGES := chromium chromium-driver

.DEFAULT_GOAL := help
.PHONY: help setup system-deps demo test lint eval bench train channel dictionaries clean

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

system-deps: ## Install tesseract (deu) and fonts via apt-get when missing
	@scripts/install-system-deps.sh $(TEST_SYSTEM_PACKAGES)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: system-deps $(STAMP) ## Create .venv and install the project

demo: setup ## Ingest the shipped samples into out/demo.db and list the open obligations
	$(BIN)/council ingest samples --db out/demo.db
	$(BIN)/council obligations --db out/demo.db --status open

test: setup ## Run the test suite (real tesseract)
	$(BIN)/python -m pytest -q

lint: setup ## ruff (incl. complexity ≤ 30), mypy and the import-layer contract
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests scripts
	$(BIN)/mypy pipeline
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_architecture.py

eval: setup ## Quality on the dev corpus (../shared/corpus) against its gold
	$(BIN)/python -m scripts.eval

train: setup ## Fit the learned extraction parameters on ../shared/corpus into dictionaries/
	$(BIN)/python -m scripts.train

channel: setup ## Estimate the OCR error channel from rendered, OCRed German text into dictionaries/
	nice $(BIN)/python -m scripts.channel

bench: setup ## Speed figures
	$(BIN)/python -m scripts.bench

dictionaries: setup ## Rebuild dictionaries/ from registry packages (hunspell-de-de, wngerman, wordfreq)
	@scripts/install-system-deps.sh hunspell-de-de wngerman
	$(BIN)/python -m scripts.build_dictionaries

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .cache
