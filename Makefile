# lintas: two commands a new user needs, `make demo` and `make test`; everything else supports them.
# torch is installed first and pinned to the CPU build (a bare `torch` pulls a multi-GB CUDA build).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.lintas-installed
# Other packages that install a top-level `translate`; tests/test_packaging.py installs each beside lintas.
WHEELS := .cache/wheels
COLLIDERS := translate-toolkit translate
TORCH_SPEC ?= torch==2.13.0
FIXTURES := .cache/fixtures
SAMPLE := data/samples/korona-sejuta-kasus.md

export HF_HUB_DISABLE_TELEMETRY := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: venv test test-fast lint typecheck format demo demo-offline fixtures bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip download --quiet --dest $(WHEELS) $(COLLIDERS)
	touch $(STAMP)

lint: venv typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow the editable install's import hook from `lintas.translate` to translate/, so it reads the
# package through a folder of links that has the installed layout (lintas/translate, lintas/eval).
TYPECHECK := .cache/typecheck
typecheck: venv
	mkdir -p $(TYPECHECK)/lintas
	ln -sfn ../../../translate $(TYPECHECK)/lintas/translate
	ln -sfn ../../../eval $(TYPECHECK)/lintas/eval
	$(BIN)/mypy -p lintas

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Everything: what CI and the README run.
test: lint
	HF_HUB_OFFLINE=1 $(BIN)/pytest

# The edit-test loop: everything but the tests marked `slow` (Ray clusters, the opus-shape build, fresh venvs,
# killed subprocesses).
test-fast: venv
	HF_HUB_OFFLINE=1 $(BIN)/pytest -m "not slow"

# Translate the sample article with the default model (needs the hub, or the model in the local cache).
demo: venv
	@PATH="$(abspath $(BIN)):$$PATH" scripts/demo.sh "$(SAMPLE)"

# The same pipeline on the offline tiny fixture model: every stage runs, the English is noise.
demo-offline: venv $(FIXTURES)/tiny/config.json
	@PATH="$(abspath $(BIN)):$$PATH" scripts/demo-offline.sh "$(SAMPLE)" "$(FIXTURES)/tiny"

$(FIXTURES)/tiny/config.json: | venv
	HF_HUB_OFFLINE=1 $(BIN)/python -m lintas.translate.fixtures tiny $(FIXTURES)/tiny

$(FIXTURES)/opus-shape/config.json: | venv
	HF_HUB_OFFLINE=1 $(BIN)/python -m lintas.translate.fixtures opus-shape $(FIXTURES)/opus-shape

fixtures: $(FIXTURES)/tiny/config.json $(FIXTURES)/opus-shape/config.json

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache *.egg-info
