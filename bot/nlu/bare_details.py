"""A message that is nothing but a number or a date says only that detail: ``inform``.

「1203」 at the purchase-date question, 「13812345678」 at the contact question, 「2025.6」: the
classifier has seen few bare numbers and now and then reads one as goodbye or as a yes, and a
goodbye closes the ticket form with the customer's answer in it. A message made only of digits,
separators and date words gives a detail and nothing else, so its meaning is ``inform`` whatever
the classifier guessed; which slot the detail fills is the form's business.

Numbers that mean something in chat keep that meaning: a score of 1–5 read as a rating (the
answer to 「打个分」), and 88 / 886 read as goodbye. It acts only when ``inform`` is among the
classifier's ranked intents (DIET ranks its ten best), so a model trained on another label set (a
public benchmark) keeps every ranking as it is.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.rankings import Ranking, lead_with, set_ranking

DETAILS = "inform"
#: Digits with what separates or dates them: 1203, 138 1234 5678, 2025-06-01, 2025.6, 2025年6月.
BARE_DETAIL = re.compile(r"[\d\s\-–/.:：,，()（）+年月日号]*\d[\d\s\-–/.:：,，()（）+年月日号]*")


#: Bare numbers with a meaning of their own in chat, by the intent the classifier read.
CHAT_NUMBERS: dict[str, re.Pattern[str]] = {
    "rate_service": re.compile(r"[1-5](分|星)?"),
    "goodbye": re.compile(r"88+6?|886"),
}


def is_bare_detail(text: str) -> bool:
    return BARE_DETAIL.fullmatch(text.strip()) is not None


def details_ranking(text: str, ranking: Ranking) -> Ranking | None:
    """``inform`` first for a bare detail; None to leave the ranking."""
    if not ranking or ranking[0]["name"] == DETAILS or not is_bare_detail(text):
        return None
    if not any(r["name"] == DETAILS for r in ranking):
        return None
    chat_number = CHAT_NUMBERS.get(ranking[0]["name"])
    if chat_number is not None and chat_number.fullmatch(text.strip()):
        return None
    return lead_with(ranking, DETAILS, 1.0)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BareDetails(GraphComponent):
    """Reads a message of nothing but digits and date words as ``inform``."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BareDetails:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = details_ranking(
                message.get(TEXT) or "", message.get(INTENT_RANKING_KEY) or []
            )
            if ranking:
                set_ranking(message, ranking)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
