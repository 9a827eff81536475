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
on buttons (actions/clarify.py). Words of mood alone (垃圾, 失望, 气死, 电话没人接) do not: the
complaint becomes a secondary meaning (``mood_beside_fault``), and the bot diagnoses and says it
heard the complaint (bot/dialogue/secondary.py).

The other way round, a statement of trouble read as a turn it is not (``statement_meaning``): as
a question or request of ours the message does not ask (「小米的售后你拥有不起，再也别见了」 read as
the outlets question, 「买了10天降了500块钱 不退差价」 as the product question), or as a turn of the
conversation (「发烫！！！女朋友十分不满意」 as a rating of the service). When it names a fault no
diagnosis covers (``report_fault``) or says a grievance (``complaint``: ``grievance_words.service``
and ``mood``, not 客服 alone), that meaning leads tied with the reading, and the bot asks back.

It acts only when the best reading is one of our faults, so a model trained on another label set
keeps every ranking as it is.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.words import names_uncovered
from bot.nlu.clauses import SAFETY, SECONDARY_INTENTS
from bot.nlu.rankings import Ranking, set_ranking

COMPLAINT = "complaint"
OTHER_FAULT = "report_fault"
#: Shorter messages (好的, 不满意) are what they say.
MIN_CHARS = 6
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
    if primary != OTHER_FAULT and names_uncovered(lowered, uncovered.get(product, ())):
        return OTHER_FAULT
    if any(w in lowered for w in service_grievances):
        return COMPLAINT
    return None


#: Readings that answer a question or a request: a message that asks nothing is none of them.
QUESTION_READINGS = frozenset({"check_ticket_status", "request_human", "bot_challenge"})
#: Turns of the conversation a statement of trouble is mistaken for.
TURN_READINGS = frozenset({"rate_service", "stop", "suggestion", "inform"})
#: The message asks or requests something (a question of ours may stand).
ASKS = re.compile(
    r"[?？]|吗|请问|想问|问一?下|咨询|多少|怎么|怎样|如何|能不能|能否|可不可以|可以吗|是否|有没有|哪|几|"
    r"什么时候|啥时候|查一?下|告诉我|帮我|给我|我要|我想|人工|真人"
)


def statement_meaning(
    text: str,
    ranking: Ranking,
    uncovered: Mapping[str, Collection[str]],
    grievances: Collection[str],
) -> str | None:
    """The meaning a statement of trouble has beside the question or turn it was read as: a fault
    no diagnosis covers, else a grievance; None when the reading stands."""
    if not ranking or len(text.strip()) < MIN_CHARS:
        return None
    reading = str(ranking[0]["name"])
    question = reading.startswith("ask_") or reading in QUESTION_READINGS
    if not question and reading not in TURN_READINGS:
        return None
    if question and ASKS.search(text):
        return None
    lowered = text.lower()
    if any(names_uncovered(lowered, words) for words in uncovered.values()):
        return OTHER_FAULT
    if any(w in lowered for w in grievances):
        return COMPLAINT
    return None


def mood_beside_fault(
    text: str,
    ranking: Ranking,
    secondary: Ranking,
    fault_products: Mapping[str, str],
    mood: Collection[str],
) -> Ranking | None:
    """The secondary meanings with ``complaint`` added when a fault is the reading and the message
    says the customer is angry (「你们这什么破冰箱！！！…打你们电话半天没人接，我真是气死了」);
    None when nothing is added."""
    if not ranking or ranking[0]["name"] not in fault_products or ranking[0]["name"] == SAFETY:
        return None
    if any(meaning.get("name") == COMPLAINT for meaning in secondary):
        return None
    lowered = text.lower()
    if not any(word in lowered for word in mood):
        return None
    said = next((m["confidence"] for m in ranking if m["name"] == COMPLAINT), 0.0)
    return [*secondary, {"name": COMPLAINT, "confidence": said}]


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
    """Asks back, offering both, when a fault comes with a second meaning of the same weight, or a
    statement of trouble was read as a question or a turn it is not."""

    def __init__(
        self,
        fault_products: Mapping[str, str],
        uncovered: Mapping[str, Collection[str]],
        service_grievances: Collection[str],
        exclusive: Mapping[str, Collection[str]] | None = None,
        grievances: Collection[str] = (),
        mood: Collection[str] = (),
    ) -> None:
        self.fault_products = dict(fault_products)
        self.uncovered, self.service_grievances = uncovered, service_grievances
        self.exclusive = dict(exclusive or {})
        self.grievances, self.mood = grievances, mood

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
            grievance_words().said,
            grievance_words().mood,
        )

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text, ranking = message.get(TEXT) or "", message.get(INTENT_RANKING_KEY) or []
            secondary = message.get(SECONDARY_INTENTS) or []
            other = second_meaning(
                text,
                ranking,
                secondary,
                self.fault_products,
                self.uncovered,
                self.service_grievances,
                self.exclusive,
            ) or statement_meaning(text, ranking, self.uncovered, self.grievances)
            if other:
                set_ranking(message, both_first(ranking, other))
                continue
            noted = mood_beside_fault(text, ranking, secondary, self.fault_products, self.mood)
            if noted:
                message.set(SECONDARY_INTENTS, noted, add_to_output=True)
        return messages
