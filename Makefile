# The project's commands. `make chat` and `make test` are all a fresh clone needs:
# both set the project up on first use (Python 3.10 venv, pinned packages, trained model).
PYTHON := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup chat serve test validate kb-check nlu-eval nlu-thresholds bench clean

setup:            ## install (once) and train (when the data changed)
	@bash scripts/setup.sh

chat: setup       ## talk to the bot in this terminal
	@bash scripts/chat.sh

serve: setup      ## action server :5055 + Rasa server :5005 (REST, API); Ctrl-C stops both
	@bash scripts/serve.sh

test: setup       ## every test: unit, data validation, conversation tests, end to end
	@$(PYTHON) -m pytest

kb-check: setup   ## knowledge base schema + cross-check against domain, NLU data and rules
	@$(PYTHON) -m bot.knowledge.check

validate: setup   ## rasa data validate
	@$(PYTHON) -m rasa data validate --domain domain --data data --config config.yml

nlu-eval: setup   ## NLU benchmark: train variants on data/nlu, score them on tests/nlu (minutes)
	@$(PYTHON) -m eval

nlu-thresholds: setup  ## fallback thresholds chosen by 5-fold cross-validation on data/nlu only (about 25 min)
	@$(PYTHON) -m eval.calibrate

bench: setup      ## load benchmark over REST: 1/10/20/50 customers back to back and 20 paced to 50 turns/s on one Rasa process, then two (round robin; also paced to 60/s); prints tables, writes var/bench/
	@$(PYTHON) -m bench.load --json var/bench/results.json
	@$(PYTHON) -m bench.load --replicas 2 --levels 1,20,20@50,20@60 --json var/bench/results-2-replicas.json

clean:            ## remove trained models and generated files (keeps .venv)
	rm -rf models var/build
