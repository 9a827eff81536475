# The project's commands. `make chat` and `make test` are all a fresh clone needs:
# both set the project up on first use (Python 3.10 venv, pinned packages, trained model).
PYTHON := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false

.PHONY: install setup chat serve test test-fast lint validate kb-check nlu-eval nlu-crossval nlu-thresholds bench converse clean

install:          ## the virtualenv and the pinned packages only: nothing built, nothing trained
	@bash scripts/setup.sh --install-only

setup:            ## install (once) and train (when the data changed)
	@bash scripts/setup.sh

chat: setup       ## talk to the bot in this terminal
	@bash scripts/chat.sh

serve: setup      ## action server :5055 + Rasa server :5005 (REST, API); Ctrl-C stops both
	@bash scripts/serve.sh

test: setup       ## every test: unit, data validation, conversation tests, end to end
	@$(PYTHON) -m pytest

test-fast: install  ## every test that needs no trained model, no server, no browser and no database server (those are marked slow)
	@$(PYTHON) -m pytest -m "not slow" -n auto

lint: install     ## ruff (lint, then the format check), mypy (strict for bot/tickets, knowledge, dialogue) and the import contracts of .importlinter; settings in pyproject.toml
	@$(PYTHON) -m ruff check .
	@$(PYTHON) -m ruff format --check .
	@$(PYTHON) -m mypy
	@.venv/bin/lint-imports --no-cache

kb-check: setup   ## knowledge base schema + cross-check against domain, NLU data and rules
	@$(PYTHON) -m bot.nlu.kb_check

validate: setup   ## rasa data validate
	@$(PYTHON) -m rasa data validate --domain domain --data data --config config.yml

# local copies of the public repositories the real-customer sets and the benchmark are read from
REAL_CORPORA ?= var/corpora
# a public benchmark to run too (eval/benchmark.py: tnews, iflytek), e.g. make nlu-eval BENCHMARK=tnews
BENCHMARK ?=
# more options for python -m eval, e.g. NLU_EVAL_ARGS=--skip-baseline-commit
NLU_EVAL_ARGS ?=
# the config make nlu-crossval cross-validates
CONFIG ?= config.yml

nlu-eval: setup   ## NLU evaluation: train variants on data/nlu; understood/wrong/top-1 on tests/nlu, the real and everyday sets; entity F1; cost against the starting commit; every target with PASS/FAIL (about an hour)
	@$(PYTHON) -m eval --real-corpora $(REAL_CORPORA) $(if $(BENCHMARK),--benchmark $(BENCHMARK)) $(NLU_EVAL_ARGS)

nlu-crossval: setup  ## Rasa's own reports (per intent, confusions, entities) for CONFIG by 5-fold cross-validation on data/nlu: rasa test nlu --cross-validation
	@$(PYTHON) -m rasa test nlu --config $(CONFIG) --nlu data/nlu --cross-validation --folds 5 \
		--out var/nlu-eval/crossval/$(basename $(notdir $(CONFIG)))

nlu-thresholds: setup  ## fallback thresholds chosen by 5-fold cross-validation on data/nlu only (about 25 min)
	@$(PYTHON) -m eval.calibrate

bench: setup      ## load benchmark over REST: 1/10/20/50 customers back to back and 20 paced to 50 turns/s on one Rasa process, then two (round robin; also paced to 60/s); prints tables, writes var/bench/
	@$(PYTHON) -m bench.load --json var/bench/results.json
	@$(PYTHON) -m bench.load --replicas 2 --levels 1,20,20@50,20@60 --json var/bench/results-2-replicas.json

SEED ?= 1
COUNT ?= 100
converse: setup   ## simulated customers with goals over REST (SEED=N, COUNT=N); prints PASS/FAIL per target, writes var/converse/
	@$(PYTHON) -m bench.converse.run --seed $(SEED) --count $(COUNT)

clean:            ## remove trained models and generated files (keeps .venv)
	rm -rf models var/build
