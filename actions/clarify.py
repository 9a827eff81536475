"""Not sure what the customer meant: answer a question the knowledge base answers by topic, or ask
back with the likeliest meanings as buttons; after two rounds that did not help, offer a person or
a repair ticket instead of asking again."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import send
from bot.dialogue.clarify import Candidate, candidates, clarification, give_up_offer, topic_reply

FALLBACK = "nlu_fallback"
#: Asking back this many times in a row without understanding is enough.
MAX_ROUNDS = 2


def failed_rounds(tracker: Tracker) -> int:
    """How many of the latest customer messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != FALLBACK:
                break
            count += 1
    return count


def offered(latest_message: Dict[str, Any]) -> List[Candidate]:
    """The buttons for the customer's latest message (``bot.dialogue.clarify.candidates``)."""
    return candidates(latest_message.get("intent_ranking") or [], latest_message.get("text"))


class ActionClarify(Action):
    def name(self) -> Text:
        return "action_clarify"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        topic = topic_reply(tracker.latest_message.get("text"))
        if failed_rounds(tracker) > MAX_ROUNDS:
            send(dispatcher, give_up_offer())
        elif topic:  # a question outside the intents that the knowledge base answers by topic
            send(dispatcher, topic)
        else:
            send(dispatcher, clarification(offered(tracker.latest_message)))
        return []
