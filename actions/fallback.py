"""The core fallback: a message that fits nowhere in the conversation gets 「没太理解」, but never
a third time in a row; then a person or a ticket is offered instead."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import send
from bot.dialogue.clarify import give_up_offer
from bot.dialogue.reasks import MAX_ASKS

ACTION = "action_default_fallback"
RESPONSE = "utter_default"


def fallbacks_in_a_row(tracker: Tracker) -> int:
    """How many of the bot's latest replies in a row were this fallback. Read over every event,
    not the applied ones: the fallback reverts the customer's message, and with it its own reply,
    but the customer saw it."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        if (event.get("metadata") or {}).get("utter_action") != RESPONSE:
            break
        count += 1
    return count


class ActionDefaultFallback(Action):
    """Rasa's default fallback (the reply, then the message reverted), with the way out."""

    def name(self) -> str:
        return ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if fallbacks_in_a_row(tracker) >= MAX_ASKS:
            send(dispatcher, give_up_offer())
        else:
            dispatcher.utter_message(response=RESPONSE)
        return [UserUtteranceReverted()]
