"""A fault said together with a request for repair is one meaning: the fault, an engineer asked.

「我要报修，海信电视65E7K开机没反应，前年买的」: the classifier reads the fault (``tv_no_power``) and
``request_repair`` about equally, and the fallback classifier would ask which of the two the
customer means. The customer means both, and the bot has one answer for both: it takes the fault,
and because the message asks for an engineer (the ``wants_engineer`` words of
knowledge/replies.yml, the same function actions/diagnosis.py reads them with) it skips the steps
and registers the repair at once, with the fault named. Our data labels such messages as the
fault (「长沙 空调噪音大 要报修」).

So when the two best readings are a fault and ``request_repair``, the fallback would ask back, and
the message asks for an engineer, the fault leads with the two confidences together. It acts only
when ``request_repair`` is ranked, so a model trained on another label set keeps every ranking.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.replies import asks_for_engineer
from bot.knowledge.diagnosis import ReplyWording
from bot.nlu.rankings import Ranking, lead_with, set_ranking
from bot.nlu.scope import asks_back

REQUEST = "request_repair"


def fault_with_request(
    text: str, ranking: Ranking, faults: Collection[str], wording: ReplyWording
) -> Ranking | None:
    """The fault first, with its confidence and the request's; None to leave the ranking."""
    if len(ranking) < 2 or not asks_back(ranking):
        return None
    first, second = ranking[0]["name"], ranking[1]["name"]
    fault = first if second == REQUEST else second if first == REQUEST else None
    if not isinstance(fault, str) or fault not in faults:
        return None
    if not asks_for_engineer(text, fault, wording):
        return None
    together = ranking[0]["confidence"] + ranking[1]["confidence"]
    return lead_with(ranking, fault, min(together, 1.0))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaultWithRequest(GraphComponent):
    """Reads a fault said with 「我要报修」 as the fault when the classifier could not choose."""

    def __init__(self, faults: Collection[str], wording: ReplyWording) -> None:
        self.faults, self.wording = frozenset(faults), wording

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FaultWithRequest:
        from bot.knowledge import load_knowledge

        knowledge = load_knowledge()
        return cls(knowledge.diagnoses, knowledge.replies)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = fault_with_request(
                message.get(TEXT) or "",
                message.get(INTENT_RANKING_KEY) or [],
                self.faults,
                self.wording,
            )
            if ranking:
                set_ranking(message, ranking)
        return messages
