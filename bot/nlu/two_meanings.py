"""Two meanings with the same weight in one message: the bot asks which one comes first.

Real customers put two things in one message: two faults (「耗电快，还卡」), a fault no diagnosis
covers beside one that has a diagnosis (「发热严重，续航也差」: overheating is ``report_fault``), or a
fault and a complaint about the sale or the service (「屏幕有问题，客服说重装APP，不给退」). Which
one the customer wants dealt with first is theirs to say; acting on either leaves the other
unheard, and the classifier's choice between them is a guess. So when the best reading is a fault
(not a hazard: a hazard always leads) and the message also gives

- another fault the clauses read surely (``secondary_intents`` of ``ClauseCombiner``, at least
  ``ACTED_ON``),
- a fault no diagnosis of that product covers (``uncovered_symptoms`` of knowledge/vocabulary.yml)
  → ``report_fault``,
- or a grievance about the sale or the service (``grievance_words.service``) → ``complaint``,

the two lead the ranking with the same confidence (unless the two faults exclude each other,
``excludes`` of knowledge/faults: 「空调制热不行，吹出来的是凉风」 is weak heating only), and the fallback classifier asks back with both
on buttons (actions/clarify.py). Words of mood alone (垃圾, 失望) do not: the bot diagnoses, and
says it heard the complaint (bot/dialogue/secondary.py).

It acts only when the best reading is one of our faults, so a model trained on another label set
keeps every ranking as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.clauses import SAFETY, SECONDARY_INTENTS
from bot.nlu.rankings import Ranking, set_ranking

COMPLAINT = "complaint"
OTHER_FAULT = "report_fault"
#: A reading this sure is one the bot would act on (the FallbackClassifier's ``threshold`` in
#: config.yml; a test checks they agree).
ACTED_ON = 0.5


def second_meaning(
    text: str,
    ranking: Ranking,
    secondary: Ranking,
    fault_products: Mapping[str, str],
    uncovered: Mapping[str, Collection[str]],
    service_grievances: Collection[str],
    exclusive: Mapping[str, Collection[str]] | None = None,
) -> str | None:
    """The other meaning the message gives beside its best reading, a fault; None when none
    (``exclusive``: the faults one message cannot mean beside a fault)."""
    if not ranking or ranking[0]["name"] not in fault_products or ranking[0]["name"] == SAFETY:
        return None
    primary = ranking[0]["name"]
    excluded = (exclusive or {}).get(primary, ())
    for meaning in secondary:
        name = meaning.get("name")
        if name in fault_products and name not in (primary, SAFETY) and name not in excluded:
            if meaning.get("confidence", 0.0) >= ACTED_ON:
                return str(name)
    lowered = text.lower()
    product = fault_products[primary]
    if primary != OTHER_FAULT and any(w in lowered for w in uncovered.get(product, ())):
        return OTHER_FAULT
    if any(w in lowered for w in service_grievances):
        return COMPLAINT
    return None


def exclusive_faults(diagnoses: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Each fault's ``excludes``, both ways (heating excludes cooling, so cooling heating)."""
    pairs: dict[str, set[str]] = {}
    for intent, diagnosis in diagnoses.items():
        for other in diagnosis.excludes:
            pairs.setdefault(intent, set()).add(other)
            pairs.setdefault(other, set()).add(intent)
    return {intent: frozenset(others) for intent, others in pairs.items()}


def both_first(ranking: Ranking, other: str) -> Ranking:
    """The best reading and ``other`` first, with the same confidence (the bot asks back)."""
    top = ranking[0]
    return [dict(top), {"name": other, "confidence": top["confidence"]}] + [
        r for r in ranking[1:] if r["name"] != other
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TwoMeanings(GraphComponent):
    """Asks back, offering both, when a fault comes with a second meaning of the same weight."""

    def __init__(
        self,
        fault_products: Mapping[str, str],
        uncovered: Mapping[str, Collection[str]],
        service_grievances: Collection[str],
        exclusive: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.fault_products = dict(fault_products)
        self.uncovered, self.service_grievances = uncovered, service_grievances
        self.exclusive = dict(exclusive or {})

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TwoMeanings:
        from bot.knowledge import load_knowledge
        from bot.knowledge.words import grievance_words, uncovered_symptoms

        knowledge = load_knowledge()
        faults = {intent: d.product for intent, d in knowledge.diagnoses.items()}
        return cls(
            {**faults, OTHER_FAULT: "", SAFETY: ""},
            uncovered_symptoms(),
            grievance_words().service,
            exclusive_faults(knowledge.diagnoses),
        )

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            other = second_meaning(
                message.get(TEXT) or "",
                ranking,
                message.get(SECONDARY_INTENTS) or [],
                self.fault_products,
                self.uncovered,
                self.service_grievances,
                self.exclusive,
            )
            if other:
                set_ranking(message, both_first(ranking, other))
        return messages
