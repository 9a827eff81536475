"""``make kb-check``: the knowledge base is valid and agrees with the bot.

- every file passes the schema (load_knowledge);
- every fault in the knowledge base has an intent with training examples, is in the domain and
  starts a diagnosis in the rules; every fault intent of the domain has knowledge;
- every question intent of the domain has an answer, and every answer answers a real intent,
  except answers keyed by topic (with `keywords:`): a topic is never an intent, and the
  knowledge-base search must find it by its own keywords;
- every button in the knowledge base sends an intent the domain knows;
- every check step says what its outcomes sound like, every question its yes and its no.

What the domain, the NLU data and the rules say comes in as ``BotData``, read with Rasa's own
readers by ``bot.nlu.kb_check`` (``make kb-check`` runs it): nothing here reads Rasa's files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge import Answer, KnowledgeBase, StepKind
from bot.knowledge.base import NLU_FALLBACK
from bot.knowledge.search import KnowledgeSearch

MIN_EXAMPLES = 30
#: Question intents answered by action_answer_faq from answers.yml.
ANSWERED_INTENTS = re.compile(r"^(ask_\w+|request_remote_assist)$")


@dataclass(frozen=True)
class BotData:
    """What the bot's Rasa data says about intents."""

    intents: set[str]  # the intents the domain declares
    examples: Mapping[str, int]  # training examples per intent in data/nlu
    diagnosis_starters: set[str]  # intents that a rule sends straight to action_start_diagnosis


def problems(knowledge: KnowledgeBase, bot: BotData) -> list[str]:
    found: list[str] = []
    intents, counts, started = bot.intents, bot.examples, bot.diagnosis_starters
    fault_intents = {i for i in intents if i.split("_", 1)[0] in knowledge.products}

    for intent in sorted(i for i, d in knowledge.diagnoses.items() if not d.by_code):
        if intent not in intents:
            found.append(f"faults: {intent}: not an intent of the domain")
        if counts.get(intent, 0) < MIN_EXAMPLES:
            found.append(
                f"faults: {intent}: {counts.get(intent, 0)} training examples (needs {MIN_EXAMPLES})"
            )
        if intent not in started:
            found.append(f"faults: {intent}: no rule starts its diagnosis (data/rules)")
    for intent, diagnosis in sorted(knowledge.diagnoses.items()):
        for step in diagnosis.steps.values():
            if step.kind is StepKind.QUESTION and not {"affirm", "deny"} <= set(step.replies):
                found.append(
                    f"faults: {intent}.{step.id}: a question needs affirm and deny wording (replies:)"
                )
            if step.kind is StepKind.CHECK and not step.replies:
                found.append(f"faults: {intent}.{step.id}: no wording of its outcomes (replies:)")
    for intent in sorted(fault_intents - set(knowledge.diagnoses)):
        found.append(f"domain: {intent}: fault intent without a diagnosis in knowledge/faults")

    for intent in sorted(intents - {NLU_FALLBACK}):
        if knowledge.intent_label(intent) is None:
            found.append(f"intents.yml: {intent}: no label to offer it by when the bot asks back")
    for intent in sorted(i for i in intents if ANSWERED_INTENTS.match(i)):
        if knowledge.answer(intent) is None:
            found.append(f"answers.yml: {intent}: the domain has this question but no answer")
    search = None
    for intent, answer in sorted(knowledge.answers.items()):
        if answer.topic:
            search = search or KnowledgeSearch(knowledge)  # one index for every topic
            found += topic_problems(intent, answer, intents, search)
        elif intent not in intents:
            found.append(
                f"answers.yml: {intent}: not an intent of the domain (a topic answer needs keywords:)"
            )
        for title, payload in answer.buttons:
            target = payload.lstrip("/").split("{", 1)[0]
            if payload.startswith("/") and target not in intents:
                found.append(
                    f"answers.yml: {intent}: button {title!r} sends unknown intent {target!r}"
                )
    return found


def topic_problems(
    topic: str, answer: Answer, intents: set[str], search: KnowledgeSearch
) -> list[str]:
    """An answer keyed by topic: not an intent's name, and found first by its own keywords."""
    if topic in intents:
        return [
            f"answers.yml: {topic}: has keywords, but a topic must not be named like an intent of the domain"
        ]
    hits = search.search(" ".join(answer.keywords), 1)
    if not hits or hits[0].key != topic:
        return [
            f"answers.yml: {topic}: the knowledge-base search does not find this topic by its keywords"
        ]
    return []


def summary(knowledge: KnowledgeBase) -> str:
    return (
        f"{len(knowledge.diagnoses)} diagnoses, {sum(not a.topic for a in knowledge.answers.values())} answers by intent, "
        f"{sum(a.topic for a in knowledge.answers.values())} by topic, {len(knowledge.outlets)} outlets, "
        f"{len(knowledge.cities)} cities, {sum(len(c) for c in knowledge.error_codes.values())} error codes"
    )
