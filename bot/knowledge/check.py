"""``make kb-check``: the knowledge base is valid and agrees with the bot.

- every file passes the schema (load_knowledge);
- every fault in the knowledge base has an intent with training examples, is in the domain and
  starts a diagnosis in the rules; every fault intent of the domain has knowledge;
- every question intent of the domain has an answer, and every answer answers a real intent,
  except answers keyed by topic (with `keywords:`): a topic is never an intent, and the
  knowledge-base search must find it by its own keywords;
- every button in the knowledge base sends an intent the domain knows;
- every check step says what its outcomes sound like, every question its yes and its no.
"""
from __future__ import annotations

import re
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any, Dict, Iterable, List, Set

import yaml

from bot.knowledge import Answer, KnowledgeBase, KnowledgeError, StepKind, load_knowledge
from bot.knowledge.search import KnowledgeSearch

ROOT = Path(__file__).resolve().parents[2]
MIN_EXAMPLES = 30
#: Question intents answered by action_answer_faq from answers.yml.
ANSWERED_INTENTS = re.compile(r"^(ask_\w+|request_remote_assist)$")


def _yaml_files(folder: Path) -> Iterable[Dict[str, Any]]:
    for path in sorted(folder.rglob("*.yml")):
        yield yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def domain_intents(domain_dir: Path) -> Set[str]:
    intents: Set[str] = set()
    for data in _yaml_files(domain_dir):
        for intent in data.get("intents") or []:
            intents.add(intent if isinstance(intent, str) else next(iter(intent)))
    return intents


def example_counts(nlu_dir: Path) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for data in _yaml_files(nlu_dir):
        for block in data.get("nlu") or []:
            if "intent" in block:
                lines = [line for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- ")]
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(lines)
    return counts


def diagnosis_rule_intents(rules_dir: Path) -> Set[str]:
    """Intents that some rule sends straight to action_start_diagnosis."""
    found: Set[str] = set()
    for data in _yaml_files(rules_dir):
        for rule in data.get("rules") or []:
            steps = rule.get("steps") or []
            for before, step in pairwise(steps):
                if step.get("action") == "action_start_diagnosis":
                    found |= {s["intent"] for s in before.get("or", [before]) if "intent" in s}
    return found


def problems(knowledge: KnowledgeBase, root: Path = ROOT) -> List[str]:
    found: List[str] = []
    intents = domain_intents(root / "domain")
    counts = example_counts(root / "data" / "nlu")
    started = diagnosis_rule_intents(root / "data" / "rules")
    fault_intents = {i for i in intents if i.split("_", 1)[0] in knowledge.products}

    for intent in sorted(i for i, d in knowledge.diagnoses.items() if not d.by_code):
        if intent not in intents:
            found.append(f"faults: {intent}: not an intent of the domain")
        if counts.get(intent, 0) < MIN_EXAMPLES:
            found.append(f"faults: {intent}: {counts.get(intent, 0)} training examples (needs {MIN_EXAMPLES})")
        if intent not in started:
            found.append(f"faults: {intent}: no rule starts its diagnosis (data/rules)")
    for intent, diagnosis in sorted(knowledge.diagnoses.items()):
        for step in diagnosis.steps.values():
            if step.kind is StepKind.QUESTION and not {"affirm", "deny"} <= set(step.replies):
                found.append(f"faults: {intent}.{step.id}: a question needs affirm and deny wording (replies:)")
            if step.kind is StepKind.CHECK and not step.replies:
                found.append(f"faults: {intent}.{step.id}: no wording of its outcomes (replies:)")
    for intent in sorted(fault_intents - set(knowledge.diagnoses)):
        found.append(f"domain: {intent}: fault intent without a diagnosis in knowledge/faults")

    for intent in sorted(intents - {"nlu_fallback"}):
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
            found.append(f"answers.yml: {intent}: not an intent of the domain (a topic answer needs keywords:)")
        for title, payload in answer.buttons:
            target = payload.lstrip("/").split("{", 1)[0]
            if payload.startswith("/") and target not in intents:
                found.append(f"answers.yml: {intent}: button {title!r} sends unknown intent {target!r}")
    return found


def topic_problems(topic: str, answer: Answer, intents: Set[str], search: KnowledgeSearch) -> List[str]:
    """An answer keyed by topic: not an intent's name, and found first by its own keywords."""
    if topic in intents:
        return [f"answers.yml: {topic}: has keywords, but a topic must not be named like an intent of the domain"]
    hits = search.search(" ".join(answer.keywords), 1)
    if not hits or hits[0].key != topic:
        return [f"answers.yml: {topic}: the knowledge-base search does not find this topic by its keywords"]
    return []


def main() -> int:
    try:
        knowledge = load_knowledge()
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    found = problems(knowledge)
    for problem in found:
        print(problem, file=sys.stderr)
    summary = (
        f"{len(knowledge.diagnoses)} diagnoses, {sum(not a.topic for a in knowledge.answers.values())} answers by intent, "
        f"{sum(a.topic for a in knowledge.answers.values())} by topic, {len(knowledge.outlets)} outlets, "
        f"{len(knowledge.cities)} cities, {sum(len(c) for c in knowledge.error_codes.values())} error codes"
    )
    print(f"knowledge base {'has problems' if found else 'OK'}: {summary}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
