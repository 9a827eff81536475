"""Not sure what the customer meant: answer a question the knowledge base answers by topic, or ask
back with the likeliest meanings as buttons; after two rounds that did not help, offer a person or
a repair ticket instead of asking again."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import NLU_FALLBACK_INTENT_NAME
from rasa_sdk.types import DomainDict

from actions.common import (
    latest_entity,
    latest_text,
    send,
    typed_button,
    uncovered_symptom_button,
)
from actions.diagnosis import code_fault_of_message, fault_menu_again
from actions.fallback import CLARIFY, STILL_UNCLEAR, fallback_run
from actions.reask import send_prompt
from actions.safety import hazard_in_message
from bot.dialogue.clarify import (
    Candidate,
    candidates_for,
    clarification,
    give_up_offer,
    other_appliance_reply,
    sounds_upset,
    topic_reply,
)
from bot.dialogue.reasks import MAX_ASKS, OFFER, prompt_key
from bot.knowledge import get_knowledge

#: Asking back this many times in a row without understanding is enough (the shared limit).
MAX_ROUNDS = MAX_ASKS
PROMPT = CLARIFY  # what asking back is marked with (actions/fallback.py counts it)


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


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        hazard = hazard_in_message(tracker)  # a gas smell never gets a clarifying question
        if hazard:
            return hazard
        # 「行，帮我登记一下」 after 「需要登记报修吗？」, 「找个人工」 at the way out; 「都不是，是不进水」
        # after buttons that offered 「洗衣机的其他问题」
        button = uncovered_symptom_button(tracker) or typed_button(tracker)
        if button:
            return button
        if any(ch.isdigit() for ch in latest_text(tracker)) and get_knowledge().diagnosis(
            code_fault_of_message(tracker)
        ):
            return [FollowupAction("action_start_diagnosis")]  # 「洗衣机显示E3」
        text = latest_text(tracker)
        # 「你们能修燃气灶吗」: an appliance this bot does not diagnose, sent to the hotline rather
        # than offered faults of ours (unless the message names one of our products too)
        topic = topic_reply(text) or (
            None if latest_entity(tracker, "product") else other_appliance_reply(text)
        )
        # 「转不动了」 right after the washer's faults: the menu again
        if not topic and fault_menu_again(dispatcher, tracker):
            return []
        rounds = failed_rounds(tracker)
        not_understood, offers = fallback_run(tracker)  # the core fallback's replies count too
        if rounds > MAX_ROUNDS + MAX_ASKS or offers >= MAX_ASKS:  # no third offer in a row
            dispatcher.utter_message(
                text=get_knowledge().replies.still_unclear, prompt=STILL_UNCLEAR
            )
        elif rounds > MAX_ROUNDS or offers or not_understood >= MAX_ASKS:
            send_prompt(dispatcher, give_up_offer(), prompt_key(PROMPT, OFFER))
        elif topic:  # a question outside the intents that the knowledge base answers by topic
            send(dispatcher, topic)
        else:
            question = clarification(offered(tracker.latest_message), upset=sounds_upset(text))
            send_prompt(dispatcher, question, PROMPT)
        return []
