"""Not sure what the customer meant: answer a question the knowledge base answers by topic, or ask
back with the likeliest meanings as buttons; after two rounds that did not help, offer a person or
a repair ticket instead of asking again."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    EventType,
    FollowupAction,
    UserUtteranceReverted,
    UserUttered,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import NLU_FALLBACK_INTENT_NAME
from rasa_sdk.types import DomainDict

from actions.common import latest_text, send
from actions.diagnosis import code_fault_of_message
from actions.reask import send_prompt
from actions.safety import hazard_in_message
from bot.dialogue.clarify import (
    Candidate,
    candidates_for,
    clarification,
    give_up_offer,
    topic_reply,
)
from bot.dialogue.messages import AFFIRM, DENY
from bot.dialogue.reasks import MAX_ASKS, OFFER, prompt_key
from bot.dialogue.replies import answer_to_offer
from bot.knowledge import get_knowledge

#: Asking back this many times in a row without understanding is enough (the shared limit).
MAX_ROUNDS = MAX_ASKS
PROMPT = "clarify"


def failed_rounds(tracker: Tracker) -> int:
    """How many of the latest customer messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "user":
            if ((event.get("parse_data") or {}).get("intent") or {}).get(
                "name"
            ) != NLU_FALLBACK_INTENT_NAME:
                break
            count += 1
    return count


def offered(latest_message: dict[str, Any]) -> list[Candidate]:
    """The buttons for the customer's latest message (``bot.dialogue.clarify.candidates``)."""
    return candidates_for(latest_message)


def offered_yes_no(tracker: Tracker) -> bool:
    """The bot's last message before the customer's latest one offered yes / no buttons."""
    events = tracker.applied_events()
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    bot = next((e for e in reversed(events[:latest_user]) if e.get("event") == "bot"), None)
    payloads = {b.get("payload") for b in ((bot or {}).get("data") or {}).get("buttons") or []}
    return {AFFIRM, DENY} <= payloads


def read_again_as(tracker: Tracker, intent: str) -> list[EventType]:
    """The customer's message once more, read as ``intent``: the rules then go on as if the
    button had been pressed (the way Rasa's own two-stage fallback confirms a meaning)."""
    text = latest_text(tracker)
    parse = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
    return [
        UserUtteranceReverted(),
        ActionExecuted("action_listen"),
        UserUttered(text, parse_data=parse, input_channel=tracker.get_latest_input_channel()),
    ]


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        hazard = hazard_in_message(tracker)  # a gas smell never gets a clarifying question
        if hazard:
            return hazard
        answer = answer_to_offer(latest_text(tracker), get_knowledge().replies)
        if answer and offered_yes_no(tracker):
            return read_again_as(tracker, answer)  # 「行，帮我登记一下」 after 「需要登记报修吗？」
        if any(ch.isdigit() for ch in latest_text(tracker)) and get_knowledge().diagnosis(
            code_fault_of_message(tracker)
        ):
            return [FollowupAction("action_start_diagnosis")]  # 「洗衣机显示E3」
        topic = topic_reply(tracker.latest_message.get("text"))
        if failed_rounds(tracker) > MAX_ROUNDS:
            send_prompt(dispatcher, give_up_offer(), prompt_key(PROMPT, OFFER))
        elif topic:  # a question outside the intents that the knowledge base answers by topic
            send(dispatcher, topic)
        else:
            send_prompt(dispatcher, clarification(offered(tracker.latest_message)), PROMPT)
        return []
