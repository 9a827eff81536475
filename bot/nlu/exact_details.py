"""Exact details in real customer messages, found by rule and normalised (issue 18 item 6).

Two Rasa components, around ``RuleBasedEntitiesWin`` (see ``config.yml``):

``ExactDetailsExtractor`` (after ``SpacyEntityExtractor``) adds what whole tokens can't show:
    - the ``in_text`` shapes of ``knowledge/shapes.yml``: ticket numbers of other systems by
      context (工单号WO20261103001, 单号 + 11 digits → ``ticket_id``, not ``model``), models with
      a suffix (P60 Pro, BCD-521WKPZM(E), X9s), landlines (0532 8888 6666 → ``phone_number``);
    - full names: a surname of ``knowledge/details.yml`` (欧阳 before 欧) after 我叫/联系人/…,
      or before 先生/女士, or a whole message that is a name, or a name next to a mobile;
    - purchase dates (``bot.dialogue.dates``) in a clause about buying (前天买的, 2024年春节前装的)
      or as the whole message;
    - the city at the start of an address (上海浦东 → 上海);
    - a product named by a word that counts only in context (机子 with 充电 → phone).
``NormalisedEntityValues`` (after the synonym mapper) gives every entity, whoever found it, its
    normal value: product id, canonical city (a city followed by 路/大道 is a street and dropped),
    purchase date as ISO date (``dates.today()``, ``BOT_TODAY``), ticket numbers upper case,
    landlines as 0532-88886666, fault codes upper case.

``rule_based_entities(nlp, text)`` runs the same steps on the spaCy pipeline alone (no trained
model), for tests and the entity evaluation (``eval/entities.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re import Pattern
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.contact import normalise_landline
from bot.dialogue.dates import IN_USE, find_dates, parse_purchase_date
from bot.knowledge import KnowledgeBase, get_knowledge
from bot.knowledge.details import DetailWords, get_details
from bot.nlu.entity_conflicts import resolve_conflicts

EXTRACTOR = "ExactDetailsExtractor"
Entity = dict[str, Any]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = re.compile(r"[，,。.！!？?；;、\n]")


def _entity(name: str, value: str, start: int, end: int) -> Entity:
    return {"entity": name, "value": value, "start": start, "end": end, "extractor": EXTRACTOR}


# --- shapes in running text ------------------------------------------------------------------


def _shape_entities(text: str, knowledge: KnowledgeBase) -> list[Entity]:
    found = []
    for shape in knowledge.shapes.values():
        if shape.entity and shape.in_text_only:
            found += [
                {**_entity(shape.entity, value, start, end), "shape": shape.name}
                for start, end, value in shape.finditer(text)
            ]
    return found


def _product_names_inside_words(
    text: str, existing: Iterable[Entity], knowledge: KnowledgeBase
) -> list[Entity]:
    """冰箱 in 冰箱门, 空调 in 空调管: a product's own name that jieba kept inside a longer word."""
    taken = [(e["start"], e["end"]) for e in existing if "start" in e]
    found = []
    for product in knowledge.products.values():
        for match in re.finditer(re.escape(product.name), text):
            start, end = match.span()
            if not any(start < b and a < end for a, b in taken):
                found.append(_entity("product", product.id, start, end))
    return found


# --- names -----------------------------------------------------------------------------------


def _surname_at(text: str, position: int, words: DetailWords) -> str | None:
    for surname in words.compound_surnames + words.surnames:
        if text.startswith(surname, position):
            return surname
    return None


@lru_cache(maxsize=1)
def _common_words() -> dict[str, int]:
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ


@dataclass(frozen=True)
class _Compiled:
    """What the rules match with, built once per knowledge base and detail words."""

    known_words: frozenset[str]  # product words and city names: never part of a name
    name_cue: Pattern[str]
    surname_cue: Pattern[str]
    title: Pattern[str]
    cities: Pattern[str]  # every city name, longest first
    city_of: dict[str, str]  # written form → canonical name
    district: Pattern[str]


_COMPILED: dict[tuple[int, int], _Compiled] = {}


def _vocabulary(knowledge: KnowledgeBase) -> list[str]:
    from bot.nlu.vocabulary import vocabulary_words

    return list(vocabulary_words(knowledge))


def _compiled(knowledge: KnowledgeBase, words: DetailWords) -> _Compiled:
    key = (id(knowledge), id(words))
    if key not in _COMPILED:
        names = sorted(
            ((n, c.name) for c in knowledge.cities.values() for n in c.names),
            key=lambda p: -len(p[0]),
        )
        alternatives = lambda items: "|".join(map(re.escape, items))  # noqa: E731
        _COMPILED.clear()  # one knowledge base per process (tests may load another)
        _COMPILED[key] = _Compiled(
            known_words=frozenset(
                w
                for w in set(knowledge.synonym_map())
                | {n for n, _ in names}
                | set(_vocabulary(knowledge))
                if len(w) > 1
            ),
            name_cue=re.compile(rf"(?:{alternatives(words.before_name)})(?:是|叫|为|写)?[:：\s]*"),
            surname_cue=re.compile(rf"(?:{alternatives(words.before_surname)})[:：\s]*"),
            title=re.compile(rf"(?:{alternatives(words.titles)})"),
            cities=re.compile(alternatives(n for n, _ in names)),
            city_of=dict(names),
            district=re.compile(
                rf"[\u4e00-\u9fff]{{1,4}}?(?:{alternatives(words.district_suffixes)})"
            ),
        )
    return _COMPILED[key]


def _is_a_word(candidate: str, knowledge: KnowledgeBase, words: DetailWords) -> bool:
    """周末, 马上来 or 海信 is a word, not a name (a surname alone, 欧阳, is a name)."""
    frequency = _common_words()
    if candidate in words.surnames or candidate in words.compound_surnames:
        return False
    if frequency.get(candidate, 0) > 20:
        return True
    if candidate[:2] not in words.compound_surnames and (frequency.get(candidate[:2]) or 0) > 100:
        return True
    return _contains_known_word(candidate, knowledge, words)


def _contains_known_word(candidate: str, knowledge: KnowledgeBase, words: DetailWords) -> bool:
    """海信, 报修, 青岛: a word of the knowledge base is never part of a name."""
    return any(
        candidate[i:j] in _compiled(knowledge, words).known_words
        for i in range(len(candidate))
        for j in range(i + 2, len(candidate) + 1)
    )


def _given_name(text: str, position: int, words: DetailWords, longest: int = 2) -> str:
    given = ""
    while len(given) < longest and position + len(given) < len(text):
        here = position + len(given)
        char = text[here]
        if not _HAN.match(char) or char in words.not_in_name or text.startswith(words.titles, here):
            break
        given += char
    return given


def _frequent(word: str, above: int) -> bool:
    return (_common_words().get(word) or 0) > above


def _name_entities(text: str, knowledge: KnowledgeBase, words: DetailWords) -> list[Entity]:
    found: list[Entity] = []
    compiled = _compiled(knowledge, words)

    def add(start: int, name: str, strict: bool = True) -> None:
        """``strict``: without words that say a name comes (我叫…), it must not be a word either."""
        is_word = (
            _is_a_word(name, knowledge, words)
            if strict
            else _contains_known_word(name, knowledge, words)
        )
        if (
            name
            and not is_word
            and not any(start < e["end"] and e["start"] < start + len(name) for e in found)
        ):
            found.append(_entity("person_name", name, start, start + len(name)))

    for match in compiled.name_cue.finditer(text):
        start = match.end()
        familiar = next((f for f in words.familiar if text.startswith(f, start)), "")
        surname = _surname_at(text, start + len(familiar), words)
        if surname and familiar:  # 叫我小陈就行
            if not _HAN.match(
                text[
                    start + len(familiar) + len(surname) : start + len(familiar) + len(surname) + 1
                ]
                or "x"
            ) or text.startswith(("就", "吧"), start + len(familiar) + len(surname)):
                add(start + len(familiar), surname, strict=False)
        elif surname:
            given = _given_name(text, start + len(surname), words)
            if given or text.startswith(words.titles, start + len(surname)):
                add(start, surname + given, strict=False)
    for match in compiled.surname_cue.finditer(text):
        surname = _surname_at(text, match.end(), words)
        if surname:
            add(match.end(), surname, strict=False)
    for match in compiled.title.finditer(text):
        # the longest run of up to 4 characters before the title that starts with a surname
        for length in (4, 3, 2, 1):
            start = match.start() - length
            candidate = text[start : match.start()] if start >= 0 else ""
            surname = _surname_at(text, start, words) if candidate else None
            if (
                surname
                and all(_HAN.match(c) and c not in words.not_in_name for c in candidate)
                and len(candidate) - len(surname) <= 2
            ):
                add(start, candidate)
                break
    # a clause that is a name (the answer to "您贵姓"), 老郭 / 小陈, or a name right before a mobile
    for clause in re.finditer(r"[^\s，,。.!！~？?：:；;]+", text):
        candidate, start = clause.group(), clause.start()
        familiar = next((f for f in words.familiar if candidate.startswith(f)), "")
        if familiar and _surname_at(candidate, len(familiar), words) == candidate[len(familiar) :]:
            add(start + len(familiar), candidate[len(familiar) :], strict=False)
        elif clause.group() == text.strip(" ，,。.!！~") and _looks_like_a_name(
            candidate, words, shortest=3
        ):
            add(start, candidate)
    for match in _NAME_BEFORE_MOBILE.finditer(text):
        if _looks_like_a_name(match.group(1), words, shortest=2, everyday_given_ok=True):
            add(match.start(1), match.group(1))
    return found


_NAME_BEFORE_MOBILE = re.compile(
    r"(?:^|[\s，,：:])([\u4e00-\u9fff]{2,4})[\s，,：:]*(?:联系电话|电话|手机号|手机)?[\s，,：:是]*1[3-9]\d{9}"
)


def _looks_like_a_name(
    candidate: str, words: DetailWords, shortest: int, everyday_given_ok: bool = False
) -> bool:
    """Surname + one or two characters that are not an everyday word (查进度 is no name; next to a
    mobile number 于海洋 is)."""
    surname = _surname_at(candidate, 0, words)
    if not surname or not all(_HAN.match(c) for c in candidate):
        return False
    given = candidate[len(surname) :]
    return (
        1 <= len(given) <= 2
        and len(candidate) >= shortest - (surname in words.compound_surnames)
        and not any(c in words.not_in_name for c in given)
        and (everyday_given_ok or len(given) == 1 or not _frequent(given, 500))
    )


# --- purchase dates --------------------------------------------------------------------------


def _clause(text: str, start: int, end: int) -> str:
    """The words around a date up to punctuation or a space; after a space only the next word,
    when it goes on with the date (去年双十一 买的)."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    head = re.split(r"\s+", text[left:start])[-1]
    tail = re.split(r"\s+", text[end : right.start() if right else len(text)])
    if not tail[0] and len(tail) > 1 and _GOES_ON.match(tail[1]):
        return head + text[start:end] + tail[1]
    return head + text[start:end] + tail[0]


#: a word after a space that continues a date's clause: 买的, 装的, 购入, 到货, 收到
_GOES_ON = re.compile(r"买|装|购|到|收")


def _date_entities(text: str, words: DetailWords) -> list[Entity]:
    found = []
    whole = re.sub(
        r"^(?:大概|应该|好像|差不多|是|在)+|(?:吧|的|买的|左右|那会儿|的时候|应该)+$",
        "",
        text.strip(" ，,。.!！~?？"),
    )
    for start, end, expression in find_dates(text):
        clause = _clause(text, start, end)
        if (
            expression == whole
            or IN_USE.match(expression)  # 「用了半个月」: had it that long
            or any(word in clause for word in words.purchase_words)
        ):
            value = parse_purchase_date(expression)
            if value:
                found.append(
                    (
                        bool(IN_USE.match(expression)),
                        _entity("purchase_date", expression, start, end),
                    )
                )
    # 「去年双十一买的冰箱，才用了一年多就…」: the date said wins over the rough time in use
    said = [entity for in_use, entity in found if not in_use]
    return said or [entity for _, entity in found]


# --- cities at the start of an address, streets ----------------------------------------------


@lru_cache(maxsize=1)
def _place_tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def _is_street_after(text: str, end: int, words: DetailWords) -> bool:
    return text.startswith(words.street_suffixes, end)


def _city_entities(text: str, knowledge: KnowledgeBase, words: DetailWords) -> list[Entity]:
    """A city name inside a longer word, followed by its district: 上海浦东(新区), 苏州工业园区."""
    compiled = _compiled(knowledge, words)
    found: list[Entity] = []
    for match in compiled.cities.finditer(text):
        start, end = match.span()
        if _is_street_after(text, end, words):
            continue
        rest = text[end : end + 6]
        district = compiled.district.match(rest)
        place = next((rest[:n] for n in (3, 2) if _place_tags().get(rest[:n]) == "ns"), None)
        if (district and not _is_street_after(rest, district.end(), words)) or place:
            found.append(_entity("city", match.group(), start, end))
    return found


# --- products named in context ---------------------------------------------------------------


def _context_products(text: str, existing: Iterable[Entity], words: DetailWords) -> list[Entity]:
    existing = list(existing)
    named = {e.get("value") for e in existing if e.get("entity") == "product"}
    shapes = {e.get("shape") for e in existing}
    found = []
    for word, rule in words.context_words.items():
        cued = any(cue.lower() in text.lower() for cue in rule.when_any) or bool(
            shapes & set(rule.when_shapes)
        )
        if word in text and cued:
            other = {
                p for p in named if get_knowledge().synonym_map().get(str(p), p) != rule.product
            }
            if not other:
                start = text.index(word)
                found.append(_entity("product", rule.product, start, start + len(word)))
    return found


def find_details(
    text: str,
    existing: Iterable[Entity] = (),
    knowledge: KnowledgeBase | None = None,
    words: DetailWords | None = None,
) -> list[Entity]:
    """The exact details of ``text`` (not normalised yet), given the entities found before."""
    knowledge, words = knowledge or get_knowledge(), words or get_details()
    existing = list(existing)
    shapes = _shape_entities(text, knowledge)
    return (
        shapes
        + _name_entities(text, knowledge, words)
        + _date_entities(text, words)
        + _city_entities(text, knowledge, words)
        + _context_products(text, existing + shapes, words)
        + _product_names_inside_words(text, existing, knowledge)
    )


# --- normal values ---------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("（）－：", "()-:")
#: 手机号 / 手机：13812345678 - the word labels a number
_CONTACT_LABEL = re.compile(r"(?:号码?|是|[:：\s])*(?:号|\d)")
#: 不是株洲 / 不在中山: the customer says where they are not
_NOT_HERE = ("不是", "不在")


def _as_ticket(entity: Entity, knowledge: KnowledgeBase) -> Entity:
    """A "model" with the whole shape of a ticket number (HX20261127-4K2M-7QPN) is a ticket number."""
    if entity.get("entity") == "model" and any(
        shape.entity == "ticket_id"
        and not shape.context
        and shape.matches(str(entity.get("value")))
        for shape in knowledge.shapes.values()
    ):
        return {**entity, "entity": "ticket_id"}
    return entity


def normal_value(
    entity: Entity, text: str, knowledge: KnowledgeBase, words: DetailWords
) -> str | None:
    """The entity's normal value; None when the entity is not what it seems (a street)."""
    kind, value = entity.get("entity"), str(entity.get("value") or "").strip()
    end = entity.get("end", len(text))
    start = entity.get("start", 0)
    if kind == "product":
        if _CONTACT_LABEL.match(text, end):  # 手机号, 手机：138…: a number follows, not a product
            return None
        if any(
            m.start() < end and start < m.end()
            for word in words.not_products
            for m in re.finditer(re.escape(word), text)
        ):  # 电视剧, 电视台
            return None
        return knowledge.synonym_map().get(value, knowledge.synonym_map().get(value.lower(), value))
    if kind == "city":
        if _is_street_after(text, end, words) or text[max(0, start - 2) : start] in _NOT_HERE:
            return None
        compiled = _compiled(knowledge, words)
        written = compiled.cities.match(value)
        if written:
            return compiled.city_of[written.group()]
        as_a_place = text.startswith(words.district_suffixes, end) or text[
            max(0, start - 3) : start
        ].endswith(words.before_place)
        return value if as_a_place else None
    if kind == "person_name":  # 海信 is no name, whoever took it for one
        return None if _contains_known_word(value, knowledge, words) else value
    if kind == "purchase_date":
        parsed = parse_purchase_date(value)
        return parsed.isoformat() if parsed else None
    if kind == "ticket_id":
        return re.sub(r"\s+", "", value).upper()
    if kind == "phone_number":
        if value.startswith(("0", "(", "（")):
            return normalise_landline(value) or value
        return re.sub(r"[\s\-－]", "", value)
    if kind == "error_code":
        return value.upper()
    if kind == "model":
        return value.translate(_FULL_WIDTH)
    return value


def normalise(
    entities: list[Entity],
    text: str,
    knowledge: KnowledgeBase | None = None,
    words: DetailWords | None = None,
) -> list[Entity]:
    knowledge, words = knowledge or get_knowledge(), words or get_details()
    normalised = []
    for entity in entities:
        entity = _as_ticket(entity, knowledge)
        value = normal_value(entity, text, knowledge, words)
        if value is not None:
            normalised.append({**entity, "value": value})
    return normalised


# --- the same steps on the spaCy pipeline alone ----------------------------------------------

#: the labels config.yml's SpacyEntityExtractor keeps
RULER_DIMENSIONS = ("product", "model", "error_code", "city", "ticket_id", "phone_number", "imei")


def rule_based_entities(nlp: Any, text: str) -> list[Entity]:
    """What the pipeline's rule-based steps extract from ``text`` (no trained model): spaCy's
    ruler, ``ExactDetailsExtractor``, ``RuleBasedEntitiesWin`` and ``NormalisedEntityValues``."""
    ruler = [
        {
            "entity": e.label_,
            "value": e.text,
            "start": e.start_char,
            "end": e.end_char,
            "extractor": "SpacyEntityExtractor",
        }
        for e in nlp(text).ents
        if e.label_ in RULER_DIMENSIONS
    ]
    entities = resolve_conflicts(ruler + find_details(text, ruler))
    return normalise(entities, text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ExactDetailsExtractor(GraphComponent):
    """Adds the exact details rules find (see the module)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ExactDetailsExtractor:
        (
            _common_words(),
            _place_tags(),
        )  # load jieba's tables with the model, not on the first message
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            existing = message.get(ENTITIES) or []
            found = find_details(text, existing)
            if found:
                message.set(ENTITIES, existing + found, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class NormalisedEntityValues(GraphComponent):
    """Gives every entity its normal value (see the module); drops streets taken for cities."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NormalisedEntityValues:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES)
            if entities:
                message.set(
                    ENTITIES, normalise(entities, message.get(TEXT) or ""), add_to_output=True
                )
        return messages
