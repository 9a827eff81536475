"""The core fallback: a message that fits nowhere in the conversation. Typed words that name a
button just offered act as that button; else 「没太理解」, but never a third time in a row at
the same point: then a person or a ticket is offered instead, and while the offer stands the
customer gets it again (not 「没太理解」); after the offer came twice, a short note without a
question (the offer still stands)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_intent, typed_button, uncovered_symptom_button
from actions.reask import send_prompt
from actions.safety import hazard_in_message
from bot.dialogue.clarify import give_up_offer
from bot.dialogue.reasks import MAX_ASKS, OFFER, prompt_key
from bot.knowledge import get_knowledge

ACTION = "action_default_fallback"
RESPONSE = "utter_default"
#: What the way out of this fallback is marked with (BotUttered metadata ``prompt``).
PROMPT = prompt_key("fallback", OFFER)
#: ... and the note said instead of a third offer.
STILL_UNCLEAR = prompt_key("fallback", "still_unclear")


#: Replies of the clarifying question (actions/clarify.py): asking back, and its way out.
CLARIFY, CLARIFY_OFFER = "clarify", prompt_key("clarify", OFFER)


def fallback_run(tracker: Tracker) -> tuple[int, int]:
    """(replies that did not understand, way-out offers) among the bot's latest replies in a row:
    this fallback's 「没太理解」 and the clarifying question's asking back, and their offers. Read
    over every event, not the applied ones: the fallback reverts the customer's message, and with
    it its own reply, but the customer saw it."""
    not_understood, offers = 0, 0
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        if metadata.get("utter_action") == RESPONSE or metadata.get("prompt") == CLARIFY:
            not_understood += 1
        elif metadata.get("prompt") in (PROMPT, STILL_UNCLEAR, CLARIFY_OFFER):
            offers += 1
        else:
            break
    return not_understood, offers


class ActionDefaultFallback(Action):
    """Rasa's default fallback (the reply, then the message reverted), with the way out."""

    def name(self) -> str:
        return ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        button = uncovered_symptom_button(tracker) or typed_button(
            tracker, ignored_intent=latest_intent(tracker)
        )
        if button:
            return (
                button  # 「转人工吧」 typed at a way-out offer; 「都不是，是不进水」 after a menu
            )
        hazard = hazard_in_message(tracker)
        if hazard:
            return hazard  # 「我儿子去开洗衣机盖 被电得一哆嗦」 read as bare details: safety first
        not_understood, offers = fallback_run(tracker)
        if not not_understood and not offers and latest_entity(tracker, "product"):
            # 「我妈说洗衣机不进水了…能不能直接派人去？地址…」 read as bare details (inform) by one
            # trained model: it names our product, so the customer is asked which problem, with
            # buttons, never 「没太理解」 for a message that says so much
            from actions.clarify import ActionClarify  # (actions.clarify imports this module)

            # reverted like every core fallback: the policies then wait for the customer's answer
            return ActionClarify().run(dispatcher, tracker, domain) + [UserUtteranceReverted()]
        if offers >= MAX_ASKS:
            dispatcher.utter_message(
                text=get_knowledge().replies.still_unclear, prompt=STILL_UNCLEAR
            )
            return [UserUtteranceReverted()]
        if offers or not_understood >= MAX_ASKS:
            send_prompt(dispatcher, give_up_offer(), PROMPT)
        else:
            dispatcher.utter_message(response=RESPONSE)
        return [UserUtteranceReverted()]


def asked_back_about(tracker: Tracker) -> str | None:
    """The customer's message a clarifying question asked back about, when the latest message
    answered that question (「投诉」 or the button after a long complaint): what it said is there."""
    asked = asked_back_event(tracker)
    return ((asked or {}).get("text") or "").strip() or None


def message_asked_about(tracker: Tracker) -> dict[str, Any]:
    """The parse data of the message the latest one answers a clarifying question about
    (「你们这什么破冰箱！！！…打你们电话半天没人接…」, then 「冰箱不制冷」 pressed: the complaint beside
    the fault is still heard); else the latest message itself."""
    asked = asked_back_event(tracker)
    return (asked or {}).get("parse_data") or tracker.latest_message


def asked_back_event(tracker: Tracker) -> dict[str, Any] | None:
    """The customer's event a clarifying question asked back about, when the latest message
    answered that question; None otherwise."""
    seen_latest = False
    asked = False
    for event in reversed(tracker.applied_events()):
        kind = event.get("event")
        if kind == "user":
            if not seen_latest:
                seen_latest = True
                continue
            return event if asked else None
        if kind == "bot" and seen_latest:
            if (event.get("metadata") or {}).get("prompt") != CLARIFY:
                return None
            asked = True
    return None
