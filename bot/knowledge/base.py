"""The knowledge base as the rest of the bot sees it: read-only, typed, loaded once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.knowledge.diagnosis import Diagnosis, ReplyWording
from bot.knowledge.places import City, Outlet, find_city
from bot.knowledge.policy import AfterSales, ErrorCode, SafetyAdvice, Warranty
from bot.knowledge.shapes import Shape

SAFETY_HAZARD = "safety_hazard"
#: The intent Rasa's FallbackClassifier predicts below its thresholds (the bot asks back). Actions
#: use rasa_sdk's ``NLU_FALLBACK_INTENT_NAME``; bot/ does not import rasa_sdk, so this is its one
#: name for it (a test checks that both agree).
NLU_FALLBACK = "nlu_fallback"
#: Keys our NLU components (bot/nlu) add to a parse result, read by the dialogue: the other
#: meanings of a long message, and what the classifier had read when the domain check overruled it.
SECONDARY_INTENTS = "secondary_intents"
OVERRULED = "out_of_scope_overruled"
DEFAULT_PRIORITY = "P3"


#: How a repair reaches an engineer when the customer brings it (knowledge/faults ``service``).
WALK_IN_SERVICES = ("repair_point", "mail_in")


@dataclass(frozen=True)
class Product:
    id: str  # normalised value: tv, fridge, ac, washer, phone
    name: str  # how the bot calls it in Chinese
    synonyms: tuple[str, ...]
    #: where its model is written (「冷藏室内侧的铭牌上（如 BCD-520WFK）」), for the model question
    model_plate: str | None = None


@dataclass(frozen=True)
class Answer:
    """A policy or FAQ answer, sent as one message."""

    intent: str  # the intent it answers, or its topic when it answers by topic (keywords)
    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    #: an answer keyed by topic, found by the knowledge-base search (bot/knowledge/search.py)
    #: with these words, not by an intent
    keywords: tuple[str, ...] = ()

    @property
    def topic(self) -> bool:
        return bool(self.keywords)


@dataclass(frozen=True)
class KnowledgeBase:
    products: dict[str, Product]
    diagnoses: dict[str, Diagnosis]
    answers: dict[str, Answer]
    cities: dict[str, City]
    outlets: dict[str, Outlet]
    warranties: dict[str, Warranty]
    error_codes: dict[str, dict[str, ErrorCode]]  # product -> code -> meaning
    safety: SafetyAdvice
    intent_labels: dict[str, str]  # what the bot calls an intent when it asks back
    shapes: dict[str, Shape]  # shapes of typed values: model numbers, codes, ticket numbers
    replies: ReplyWording = ReplyWording()  # generic wording of answers to any step
    after_sales: AfterSales | None = None  # return, exchange and extended-warranty rules
    product_types: dict[str, dict[str, tuple[str, ...]]] = field(
        default_factory=dict
    )  # washer -> 滚筒 -> words

    def district_cities(self) -> dict[str, tuple[str, ...]]:
        """District -> every city that has a district of that name (knowledge/cities.yml):
        天河区 -> (广州,), 鼓楼区 -> (南京, 福州, 徐州, 开封)."""
        found: dict[str, list[str]] = {}
        for city in self.cities.values():
            for district in city.districts:
                found.setdefault(district, []).append(city.name)
        return {district: tuple(names) for district, names in found.items()}

    def districts(self) -> dict[str, str]:
        """District -> city, for the districts only one city has (崂山区 -> 青岛; never 鼓楼区)."""
        return {d: names[0] for d, names in self.district_cities().items() if len(names) == 1}

    def kinds_named(self, product: str | None, texts: Iterable[str]) -> list[str]:
        """The kinds of ``product`` the customer named in ``texts`` (滚筒, 外机), in knowledge order."""
        joined = "\n".join(texts)
        return [
            kind
            for kind, words in self.product_types.get(product or "", {}).items()
            if any(w in joined for w in words)
        ]

    def intent_label(self, intent: str | None) -> str | None:
        diagnosis = self.diagnosis(intent)
        return diagnosis.title if diagnosis else self.intent_labels.get(intent or "")

    def diagnosis(self, intent: str | None) -> Diagnosis | None:
        return self.diagnoses.get(intent or "")

    def answer(self, intent: str | None) -> Answer | None:
        return self.answers.get(intent or "")

    def walks_in(self, product_id: str | None) -> bool:
        """The product's repairs are brought to an outlet or mailed in (a phone), never a visit:
        every fault of it has one of the ``WALK_IN_SERVICES``."""
        services = {d.service for d in self.diagnoses.values() if d.product == product_id}
        return bool(services) and services <= set(WALK_IN_SERVICES)

    def product_name(self, product_id: str | None) -> str:
        product = self.products.get(product_id or "")
        return product.name if product else "产品"

    def city(self, text: str | None) -> City | None:
        return find_city(text, self.cities)

    def error_code(self, code: str | None, product: str | None = None) -> ErrorCode | None:
        """The meaning of ``code`` for ``product`` (or for the only line that has it)."""
        code = (code or "").strip().upper()
        if product:
            return self.error_codes.get(product, {}).get(code)
        found = [codes[code] for codes in self.error_codes.values() if code in codes]
        return found[0] if len(found) == 1 else None

    def code_diagnosis(self, product: str | None) -> Diagnosis | None:
        """The diagnosis of a display code on ``product`` (it starts by asking for the code)."""
        return next(
            (d for d in self.diagnoses.values() if d.product == product and d.starts_with_code),
            None,
        )

    def product_named(self, text: str | None) -> str | None:
        """The product line a message names by any of its words (the longest word wins)."""
        found = [
            (len(word), pid)
            for word, pid in self.synonym_map().items()
            if word and word in (text or "")
        ]
        return max(found)[1] if found else None

    def code_fault(
        self, intent: str | None, named: str | None, current: str | None, code: str | None = None
    ) -> str | None:
        """The fault to diagnose for ``intent``: a display code (the NLU's one code intent, or a
        ``code`` in a message that is no fault) is read with the product the customer ``named``,
        else the product of the conversation."""
        diagnosis = self.diagnosis(intent)
        if diagnosis is not None and not diagnosis.starts_with_code:
            return intent
        if diagnosis is None and not code:
            return intent
        for product in (named, current):
            found = self.code_diagnosis(product)
            if found is not None:
                return found.intent
        return intent

    def product_id(self, value: str | None) -> str | None:
        """``tv`` for 电视机, 彩电, TV or tv; None for anything else."""
        if not value:
            return None
        if value in self.products:
            return value
        synonyms = self.synonym_map()
        return synonyms.get(value) or synonyms.get(value.lower())

    def fault_priority(self, fault: str | None, error_code: str | None = None) -> str:
        """Ticket priority for an unsolved fault: the most urgent of the fault's and the code's."""
        if fault == SAFETY_HAZARD:
            return self.safety.priority
        diagnosis = self.diagnosis(fault)
        code = (
            self.error_code(error_code, diagnosis.product if diagnosis else None)
            if error_code
            else None
        )
        found = [
            p
            for p in (diagnosis.priority if diagnosis else None, code.priority if code else None)
            if p
        ]
        return min(found) if found else DEFAULT_PRIORITY

    def synonym_map(self) -> dict[str, str]:
        """Every way customers name a product -> its normalised id."""
        return {syn: p.id for p in self.products.values() for syn in (p.name, *p.synonyms)}
