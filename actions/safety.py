"""Safety first: smoke, sparks, burning smell, gas, a loose outdoor bracket, an electric shock."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_text, send
from bot.dialogue.safety import find_hazard, follow_up_answer, safety_reply
from bot.knowledge import get_knowledge
from bot.knowledge.base import SAFETY_HAZARD
from bot.knowledge.diagnosis import UNRESOLVED

ACTION = "action_safety_advice"


def hazard_in_message(tracker: Tracker) -> list[EventType]:
    """A hazard named in a message the NLU read as something else: safety advice comes first."""
    if find_hazard(get_knowledge().safety, latest_text(tracker)):
        return [FollowupAction(ACTION)]
    return []


def safety_first(tracker: Tracker) -> list[EventType]:
    """A hazard named in the message, or a question inside the open safety case
    (「孩子说手还有点麻 要不要去医院」 after a shock, which the NLU reads as not for us)."""
    in_open_case = tracker.get_slot("fault") == SAFETY_HAZARD
    if in_open_case and follow_up_answer(
        find_hazard(get_knowledge().safety, tracker.get_slot("problem")), latest_text(tracker)
    ):
        return [FollowupAction(ACTION)]
    return hazard_in_message(tracker)


class ActionSafetyAdvice(Action):
    """Immediate safety advice, whatever was going on, and a P1 ticket offered at once.
    A question inside a safety case (「要不要去医院」) gets its answer."""

    def name(self) -> str:
        return ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        knowledge = get_knowledge()
        product = knowledge.product_id(latest_entity(tracker, "product")) or tracker.get_slot(
            "product"
        )
        earlier: str | None = (
            tracker.get_slot("problem") if tracker.get_slot("fault") == SAFETY_HAZARD else None
        )
        send(dispatcher, safety_reply(knowledge.safety, latest_text(tracker), product, earlier))
        events: list[EventType] = (
            [ActiveLoop(None), SlotSet("requested_slot", None)]
            if (tracker.active_loop or {}).get("name")
            else []
        )
        return events + [
            SlotSet("fault", SAFETY_HAZARD),
            SlotSet("problem", earlier or latest_text(tracker)),
            SlotSet("diag_step", None),
            SlotSet("diag_answer", None),
            SlotSet("diag_outcome", UNRESOLVED),
            SlotSet("product", product),
        ]
