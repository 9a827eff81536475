"""Safety first: smoke, sparks, burning smell, electric leakage, a swollen battery."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, send
from bot.dialogue.messages import safety_message
from bot.knowledge import get_knowledge
from bot.knowledge.base import SAFETY_HAZARD


class ActionSafetyAdvice(Action):
    """Immediate safety advice, whatever was going on, and a P1 ticket offered at once."""

    def name(self) -> Text:
        return "action_safety_advice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        knowledge = get_knowledge()
        product = knowledge.product_id(latest_entity(tracker, "product")) or tracker.get_slot("product")
        send(dispatcher, safety_message(knowledge.safety, product))
        return [
            SlotSet("fault", SAFETY_HAZARD),
            SlotSet("problem", tracker.latest_message.get("text")),
            SlotSet("diag_step", None),
            SlotSet("diag_answer", None),
            SlotSet("diag_outcome", "unresolved"),
            SlotSet("product", product),
        ]
