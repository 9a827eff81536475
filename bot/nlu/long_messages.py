"""A long message the classifier is not quite sure of is asked back, not acted on.

Real customers write several sentences: a rant, a fault, what the shop said, a wish to return the
phone. On such messages the classifier is right less often at the same confidence than on the
short ones our data is made of: on the study sets of phone reviews and hotel and takeaway
complaints (eval/study/, session 22), of 51 long messages (40 characters or more) acted on below
0.9, 10 were acted on a wrong meaning (of the messages of 20 characters or more, 17 of 85, but there
「洗衣机不排水了，我家是波轮的，地漏也是通的」 would be asked back too: a rant is longer). Acting on a wrong meaning is the error that costs customers
most (issue 18: it is capped); asking back costs one tap, and the likeliest meaning is the first
button. So a long message whose best reading is a meaning of ours below ``sure`` gets the
clarifying question, the way the fallback classifier asks back on a short one below its threshold.

Conversation turns (yes, no, details, thanks, a rating, goodbye), out of scope and hazards are
left as they are: an answer mid-form is read by the form, a refusal stays a refusal, a hazard
always leads, and a request for a person or a repair is met (a repair registers the customer's own
words whatever the fault). It acts only on the meanings the knowledge base names, so a model trained on
another label set (a public benchmark) keeps every reading.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.base import NLU_FALLBACK
from bot.nlu.clauses import SAFETY
from bot.nlu.scope import CONVERSATION

#: A message this long (characters, spaces not counted) is a long one.
LONG = 40
#: Below this confidence a long message's reading is asked back (study sets, session 22).
SURE = 0.9
#: Acted on whatever the confidence: a customer who asks for a person gets one without a question.
ALWAYS_ACTED_ON = frozenset({SAFETY, "request_human", "request_repair"})
#: What the fallback intent carries (the FallbackClassifier's ``threshold`` in config.yml).
FALLBACK_CONFIDENCE = 0.5


def doubted(
    text: str, intent: dict[str, Any] | None, ours: Collection[str], long: int, sure: float
) -> bool:
    """The reading of ``text`` is one of ``ours`` (meanings of ours, no turns of the conversation)
    and not one always acted on, the message is long, and the classifier is below ``sure``."""
    if not intent or len("".join(text.split())) < long:
        return False
    name = intent.get("name")
    if name in ALWAYS_ACTED_ON or name not in ours:
        return False
    return float(intent.get("confidence") or 0.0) < sure


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LongMessageDoubt(GraphComponent):
    """Asks back on a long message whose reading is below ``sure`` (after the fallback classifier)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"long": LONG, "sure": SURE, "fallback_confidence": FALLBACK_CONFIDENCE}

    def __init__(self, config: dict[str, Any], ours: Collection[str]) -> None:
        self.long, self.sure = int(config["long"]), float(config["sure"])
        self.fallback_confidence = float(config["fallback_confidence"])
        self.ours = frozenset(ours)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongMessageDoubt:
        from bot.knowledge import load_knowledge

        knowledge = load_knowledge()
        ours = (set(knowledge.intent_labels) | set(knowledge.diagnoses)) - CONVERSATION
        return cls({**cls.get_default_config(), **config}, ours)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not doubted(
                message.get(TEXT) or "", message.get(INTENT), self.ours, self.long, self.sure
            ):
                continue
            fallback = {"name": NLU_FALLBACK, "confidence": self.fallback_confidence}
            ranking = list(message.get(INTENT_RANKING_KEY) or [])
            message.set(INTENT, dict(fallback), add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(fallback)] + ranking, add_to_output=True)
        return messages
