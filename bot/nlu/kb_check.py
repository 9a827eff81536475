"""``make kb-check`` (``python -m bot.nlu.kb_check``): the knowledge base against the bot's Rasa
data. The domain, the NLU data and the rules are read with Rasa's own readers (what Rasa trains
on, ``or:`` rules and duplicate examples included as Rasa takes them); ``bot.knowledge.check``
says what must agree. Not a component: the model's fingerprint leaves this file out."""

from __future__ import annotations

import sys
from pathlib import Path

from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryStep
from rasa.shared.nlu.training_data.loading import load_data

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.check import BotData, problems, summary

ROOT = Path(__file__).resolve().parents[2]
STARTS_A_DIAGNOSIS = "action_start_diagnosis"


def declared_intents(domain: Domain) -> set[str]:
    """The domain's intents without the defaults Rasa adds to every domain (restart, back…)."""
    added = set(DEFAULT_INTENTS) - set(domain.overridden_default_intents)
    return set(domain.intents) - added


def diagnosis_starters(steps: list[StoryStep]) -> set[str]:
    """Intents whose message a rule answers with ``action_start_diagnosis`` at once. Rasa reads
    an ``or:`` of intents as steps of their own that end where the rule's next step starts."""
    ending_at: dict[str, list[StoryStep]] = {}
    for step in steps:
        for checkpoint in step.end_checkpoints:
            ending_at.setdefault(checkpoint.name, []).append(step)
    found: set[str] = set()
    for step in steps:
        for index, event in enumerate(step.events):
            if not (isinstance(event, ActionExecuted) and event.action_name == STARTS_A_DIAGNOSIS):
                continue
            before = (
                [step.events[:index]]
                if index
                else [
                    earlier.events
                    for checkpoint in step.start_checkpoints
                    for earlier in ending_at.get(checkpoint.name, [])
                ]
            )
            found |= {
                events[-1].intent_name
                for events in before
                if events and isinstance(events[-1], UserUttered)
            }
    return found


def read_bot_data(root: Path = ROOT) -> BotData:
    domain = Domain.load(str(root / "domain"))
    reader = YAMLStoryReader(domain)
    rules = [
        step
        for path in sorted((root / "data" / "rules").rglob("*.yml"))
        for step in reader.read_from_file(str(path))
    ]
    return BotData(
        intents=declared_intents(domain),
        examples=load_data(str(root / "data" / "nlu")).number_of_examples_per_intent,
        diagnosis_starters=diagnosis_starters(rules),
    )


def main() -> int:
    try:
        knowledge = load_knowledge()
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    found = problems(knowledge, read_bot_data())
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"knowledge base {'has problems' if found else 'OK'}: {summary(knowledge)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
