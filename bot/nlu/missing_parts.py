"""A unit delivered without what belongs in its box is a complaint about the sale, not a fault.

「只有一个裸机，连充电器、充电线都没有」 names the charger, and the classifier reads the charger as
the charging fault, sure of it: the customer would be walked through trying another socket. A
message that says a part of the box is missing (``box_parts`` with ``missing_words`` either side,
or a bare unit, 裸机) and describes no fault of a part in a clause that names one (``part_faults``:
充不进, 烫, 坏…) is a
``complaint`` when the classifier read it as a fault the parts are mistaken for (``mistaken_for``:
the charging fault); the fault stays in the ranking, behind it. A phone that lags as well (「不送
耳机，玩游戏还卡」) keeps its diagnosis. The words are in
``knowledge/vocabulary.yml``; they were studied on real phone reviews outside the test set.

It acts only when the classifier read one of the faults the parts are mistaken for, so a model
trained on another label set keeps every ranking as it is. The complaint need not be among the
ranked intents (DIET ranks its ten best): sure of the charging fault, the classifier often leaves it
out (「你不发充电器是什么意思？」).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.rankings import Ranking, lead_with, set_ranking

COMPLAINT = "complaint"
#: How far apart the missing word and the part may be (「没有送充电器」, 「充电器都没有」).
BEFORE, AFTER = 6, 4
#: What ends a clause; STOPS is any character inside one.
CLAUSE_ENDS = "，。,.！!？?；;\n"
STOPS = f"[^{CLAUSE_ENDS}]"


@dataclass(frozen=True)
class MissingParts:
    """The words of knowledge/vocabulary.yml that say the box came without a part."""

    said_missing: re.Pattern[str]
    parts: re.Pattern[str]
    part_faults: re.Pattern[str]
    mistaken_for: frozenset[str]

    @classmethod
    def from_words(
        cls,
        parts: Collection[str],
        missing: Collection[str],
        bare: Collection[str],
        faults: Collection[str],
        mistaken_for: Collection[str],
    ) -> MissingParts:
        def alternatives(words: Collection[str]) -> str:
            return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

        part, gone = alternatives(parts), alternatives(missing)
        said = f"(?:{gone}){STOPS}{{0,{BEFORE}}}(?:{part})|(?:{part}){STOPS}{{0,{AFTER}}}(?:{gone})"
        if bare:
            said += f"|{alternatives(bare)}"
        return cls(
            said_missing=re.compile(said),
            parts=re.compile(part),
            part_faults=re.compile(alternatives(faults)),
            mistaken_for=frozenset(mistaken_for),
        )

    @classmethod
    def from_knowledge(cls) -> MissingParts:
        from bot.knowledge.words import vocabulary_lists

        box = vocabulary_lists().get("missing_from_the_box") or {}
        return cls.from_words(
            box.get("parts") or [],
            box.get("missing") or [],
            box.get("bare_unit") or [],
            box.get("part_faults") or [],
            box.get("mistaken_for") or [],
        )

    def says_missing(self, text: str) -> bool:
        """A part is missing, and no clause that names a part says it is faulty (「手机坏了」 in
        another clause is no fault of the charger)."""
        if not self.said_missing.search(text):
            return False
        for clause in re.split(f"[{CLAUSE_ENDS}]", text):
            fault = self.part_faults.search(clause)
            # a charging fault is the part's wherever it is said (「充不进电了，换了充电器也没用」);
            # 坏 or 烫 only beside a part
            if fault and ("充" in fault.group() or self.parts.search(clause)):
                return False
        return True


def missing_parts_ranking(text: str, ranking: Ranking, words: MissingParts) -> Ranking | None:
    """``complaint`` first when a fault was read from a part missing from the box; None to leave."""
    if not ranking or ranking[0]["name"] not in words.mistaken_for:
        return None
    if not words.says_missing(text):
        return None
    return lead_with(ranking, COMPLAINT, ranking[0]["confidence"])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MissingFromTheBox(GraphComponent):
    """Reads 「连充电器都没有」 as a complaint about the sale, not as a charging fault."""

    def __init__(self, words: MissingParts) -> None:
        self.words = words

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MissingFromTheBox:
        return cls(MissingParts.from_knowledge())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = missing_parts_ranking(
                message.get(TEXT) or "",
                message.get(INTENT_RANKING_KEY) or [],
                self.words,
            )
            if ranking:
                set_ranking(message, ranking)
        return messages
