# The project's commands. `make chat` and `make test` are all a fresh clone needs:
# both set the project up on first use (Python 3.10 venv, pinned packages, trained model).
PYTHON := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup chat serve test validate nlu-eval clean

setup:            ## install (once) and train (when the data changed)
	@bash scripts/setup.sh

chat: setup       ## talk to the bot in this terminal
	@bash scripts/chat.sh

serve: setup      ## action server :5055 + Rasa server :5005 (REST, API); Ctrl-C stops both
	@bash scripts/serve.sh

test: setup       ## every test: unit, data validation, conversation tests, end to end
	@$(PYTHON) -m pytest

validate: setup   ## rasa data validate
	@$(PYTHON) -m rasa data validate --domain domain --data data --config config.yml

nlu-eval: setup   ## NLU benchmark: train variants on data/nlu, score them on tests/nlu (minutes)
	@$(PYTHON) -m bot.nlu.evaluation

clean:            ## remove trained models and generated files (keeps .venv)
	rm -rf models var/build
