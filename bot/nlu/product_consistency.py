"""When the customer names one product, a fault of another product is not what they meant.

"冰箱底下漏水，地上一滩水" mentions 冰箱; if the classifier still ranks ``washer_water_leak``
first, the same kind of fault of the fridge takes its place when a diagnosis covers it
(``fridge_water_leak``), else the fridge's best-ranked fault, with the top confidence, so the
fallback classifier judges the message by the same top confidence. The displaced fault drops to
the promoted one's old confidence, so it no longer ties with it when the classifier had set them
apart. When the named product has no fault among the ranked intents, or only one the
classifier all but ruled out (「手机信号特别差」 read as the TV's ``tv_no_signal``: no fault of ours
covers a phone's signal), the meaning is a fault of that product none of our diagnoses covers,
``report_fault``. A message that names no product is about the one its context words point to
(knowledge/details.yml: 「无服务，信号比较差」, 「打王者卡」 are a phone's). Nothing changes when no
product or several products are named or cued, when the top intent is not a fault, or when it is
the display-code intent: 「洗衣机显示E3」 read as ``ac_error_code`` is the washer's code, which the
dialogue reads with the product named (``KnowledgeBase.code_fault``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.clauses import CLAUSE_OF
from bot.nlu.rankings import set_ranking

PRODUCT_ENTITY = "product"
#: A fault of a product that none of our diagnoses covers (the dialogue asks which product's).
OTHER_FAULT = "report_fault"
#: The named product's best fault takes the top's place only when the classifier gave it at least
#: this much; a fault it all but ruled out is no reading of the message, ``report_fault`` is.
CONTENDER = 0.1


def product_of(intent: str | None, products: set[str]) -> str | None:
    prefix = (intent or "").split("_", 1)[0]
    return prefix if prefix in products else None


def twin_fault(intent: str, product: str, faults: Collection[str]) -> str | None:
    """The same kind of fault of ``product`` (``ac_noise`` for ``fridge_noise``), when a diagnosis
    starts from it: the classifier read the symptom right and the product wrong."""
    kind = intent.split("_", 1)[1] if "_" in intent else ""
    twin = f"{product}_{kind}"
    return twin if kind and twin in faults else None


def consistent_ranking(
    intent: dict[str, Any],
    ranking: list[dict[str, Any]],
    named: set[str],
    products: set[str],
    faults: Collection[str] = (),
    codes: Collection[str] = (),
) -> list[dict[str, Any]] | None:
    """The re-ranked intents, or None when nothing should change. ``faults``: the fault intents a
    diagnosis starts from, for the same kind of fault of the named product; ``codes``: the intent
    of a display code, which the dialogue reads with the named product (``code_fault``)."""
    top = product_of(intent.get("name"), products)
    if len(named) != 1 or top is None or top in named or intent.get("name") in codes:
        return None
    wanted = next(iter(named))
    twin = twin_fault(intent["name"], wanted, faults)
    best: dict[str, Any] | None
    if twin:
        missing: dict[str, Any] = {"name": twin, "confidence": 0.0}
        best = next((r for r in ranking if r.get("name") == twin), missing)
    else:
        best = next((r for r in ranking if product_of(r.get("name"), products) == wanted), None)
    if best is not None and best["confidence"] < CONTENDER and best["name"] != twin:
        best = None  # the phone's charging fault at 0.02 beside the TV's no-signal is noise
    if best is None:
        best = next((r for r in ranking if r.get("name") == OTHER_FAULT), None)
    if best is None:
        best = {"name": OTHER_FAULT, "confidence": 0.0}
    promoted = {**best, "confidence": max(best["confidence"], intent["confidence"])}
    # the displaced fault takes the promoted one's confidence: left at the top's it would tie, and
    # the bot would ask back offering a TV's remote for an air conditioner's
    rest = [
        {**r, "confidence": best["confidence"]} if r.get("name") == intent.get("name") else r
        for r in ranking
        if r is not best
    ]
    return [promoted] + sorted(rest, key=lambda r: -r["confidence"])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ProductConsistentIntent(GraphComponent):
    """Re-ranks fault intents to agree with the one product the customer named."""

    def __init__(
        self,
        products: set[str],
        cued: Callable[[str], set[str]] | None = None,
        faults: Collection[str] = (),
        codes: Collection[str] = (),
    ) -> None:
        self.products = products
        self.cued = cued or (lambda text: set())
        self.faults, self.codes = frozenset(faults), frozenset(codes)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProductConsistentIntent:
        from bot.knowledge import load_knowledge
        from bot.knowledge.details import get_details

        knowledge = load_knowledge()
        diagnoses = knowledge.diagnoses.values()
        return cls(
            set(knowledge.products),
            get_details().cued_products,
            faults={d.intent for d in diagnoses if not d.by_code},
            codes={d.intent for d in diagnoses if d.starts_with_code},
        )

    def about(self, message: Message) -> set[str]:
        """The products ``message`` names, else those its context words alone point to."""
        named = {
            e.get("value") for e in message.get(ENTITIES) or [] if e.get("entity") == PRODUCT_ENTITY
        }
        return (named & self.products) or self.cued(message.get(TEXT) or "") & self.products

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            named = self.about(message)
            owner = message.get(CLAUSE_OF)
            if not named and owner is not None:
                # a clause of a long message is about what the whole message is about: 「信号特别差」
                # in 「新买的，信号特别差，老是显示无服务」 is a phone's
                named = self.about(messages[owner])
            ranking = consistent_ranking(
                message.get(INTENT) or {},
                message.get(INTENT_RANKING_KEY) or [],
                named,
                self.products,
                self.faults,
                self.codes,
            )
            if ranking:
                set_ranking(message, ranking)
        return messages
