# Two commands on a fresh machine:  `make demo`  and  `make test`.
# Each creates .venv (if missing) and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
OUT    ?= out
STORE  ?= $(OUT)/demo-store

.PHONY: demo test lint bench eval wheel smoke clean venv test-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

## demo: ingest examples/articles/, print the meetings table, write Turtle and the HTML view
demo: venv
	mkdir -p $(OUT)
	$(KG) ingest examples/articles/ --store $(STORE)
	$(KG) query --name meetings --store $(STORE)
	$(KG) export -f turtle -o $(OUT)/graph.ttl --store $(STORE)
	$(KG) view -o $(OUT)/graph.html --store $(STORE)
	@echo "Open $(OUT)/graph.html in a browser; the store is in $(STORE)."

## test: lint and run the whole test suite (installs Chromium for the browser tests when root)
test: venv test-deps
	$(BIN)/ruff check kg tests bench
	$(BIN)/python -m pytest -q

test-deps:
	@bash scripts/install-test-deps.sh

lint: venv
	$(BIN)/ruff check kg tests bench

bench: venv
	$(BIN)/python bench/bench_store.py --triples 200000
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_view.py

## eval: score extraction on tests/devset and ../shared/devset-news (devset-news score.py rules)
eval: venv
	$(KG) eval tests/devset
	@if [ -d ../shared/devset-news ]; then $(KG) eval ../shared/devset-news; \
	else echo "skipped ../shared/devset-news: not found beside the checkout"; fi

## wheel: build the sdist and the wheel into dist/
wheel: venv
	$(BIN)/pip install --quiet build
	$(BIN)/python -m build --outdir dist .

## smoke: build the wheel, install it into a fresh venv and run every command outside the checkout
smoke:
	bash scripts/wheel-smoke.sh

clean:
	rm -rf $(OUT) kg-store .pytest_cache dist
