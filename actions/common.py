"""Small helpers every action uses: reading the tracker and sending bot messages.

The tracker is read through rasa_sdk's own API (``applied_events()``, ``get_last_event_for``), so
what a restart, a rewind or an undo took back is never read again (a transcript, a slot's value).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import (
    ActionExecuted,
    EventType,
    FollowupAction,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.clarify import faults_said
from bot.dialogue.messages import BotMessage
from bot.dialogue.replies import chosen_button
from bot.knowledge import get_knowledge
from bot.knowledge.base import Product
from bot.knowledge.words import names_uncovered, uncovered_symptoms
from bot.tickets.model import Utterance
from bot.tickets.numbering import find_number


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


def send(dispatcher: CollectingDispatcher, message: BotMessage) -> None:
    if message.buttons:
        dispatcher.utter_message(text=message.text, buttons=message.button_dicts())
    else:
        dispatcher.utter_message(text=message.text)


def slots(tracker: Tracker, names: Iterable[str]) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in names}


def form_runs_after_user_message(tracker: Tracker) -> bool:
    """True when a form's validation runs on the customer's latest message.

    Rasa appends the form's own ``ActionExecuted`` to the tracker it sends for validation, so
    the action before it tells the cases apart: ``action_listen`` means the customer just
    wrote; anything else means the form resumes after a detour (a question answered).
    """
    before_form = tracker.get_last_event_for("action", skip=1)
    return before_form is not None and before_form.get("name") == "action_listen"


def transcript(tracker: Tracker, limit: int | None = 200) -> list[Utterance]:
    """The conversation so far, customer and bot lines in order (the last ``limit`` lines; every
    line with None)."""
    lines: list[Utterance] = []
    for event in tracker.applied_events():
        speaker = {"user": "customer", "bot": "bot"}.get(event.get("event"))
        text = (event.get("text") or "").strip()
        if speaker and text:
            at = (
                datetime.fromtimestamp(event["timestamp"]).replace(microsecond=0)
                if event.get("timestamp")
                else None
            )
            lines.append(Utterance(speaker, text, at))
    return lines[-limit:] if limit is not None else lines


def ticket_number_in_talk(tracker: Tracker) -> str | None:
    """The latest ticket number of this conversation: one the customer typed, or one the bot gave
    (a new ticket, a status): 「那师傅什么时候来」 after a status asks about that ticket."""
    for line in reversed(transcript(tracker, limit=None)):
        number = find_number(line.text)
        if number:
            return number
    return None


def source_text(tracker: Tracker, entity: str, value: Any) -> str | None:
    """The customer's message that gave ``entity`` = ``value`` (the latest one), for re-reading it whole."""
    for event in reversed(tracker.applied_events()):
        if event.get("event") != "user":
            continue
        for found in (event.get("parse_data") or {}).get("entities") or []:
            if found.get("entity") == entity and str(found.get("value")) == str(value):
                return event.get("text") or ""
    return None


def value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the customer's latest message filled it (None if never set)."""
    value, latest_message = None, tracker.get_last_event_for("user")
    for event in tracker.applied_events():
        if event is latest_message:
            break
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value


def back_to_summary(tracker: Tracker) -> list[EventType]:
    """The ticket summary again after a side question asked at it (「保修期内免费吗」 before
    「确认提交」): the ticket still waits for the customer's yes, and is never dropped."""
    return [FollowupAction("action_ticket_summary")] if at_summary(tracker) else []


#: Actions that ask back what the customer meant: the question they answer is the one before.
ASKING_BACK = frozenset({"action_listen", "action_clarify", "action_default_fallback"})


def at_summary(tracker: Tracker) -> bool:
    """The customer's latest message answers the ticket summary (确认提交 / 有误), also through a
    clarifying question about it (「上门修要收钱不」 asked back: 延保 or 维修收费)."""
    action = event_before_latest(
        tracker, lambda e: e.get("event") == "action" and e.get("name") not in ASKING_BACK
    )
    return action is not None and action.get("name") == "action_ticket_summary"


def message_before_latest(tracker: Tracker) -> dict[str, Any] | None:
    """The bot's last message before the customer's latest one: what the customer answered,
    also when the core fallback reverted the message they answered (its way out is reverted with
    the message, yet it was shown)."""
    return event_before_latest(tracker, lambda e: e.get("event") == "bot")


def event_before_latest(
    tracker: Tracker, wanted: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    """The last ``wanted`` event before the customer's latest message, nothing from before a
    restart or a new session. The one helper here that reads the raw ``tracker.events``."""
    before_latest = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            return None
        if kind == "user" and not before_latest:
            before_latest = True
        elif before_latest and wanted(event):
            return event
    return None


def offered_buttons(tracker: Tracker) -> list[tuple[str, str]]:
    """The buttons (title, payload) of the bot's last message before the customer's latest one."""
    bot = message_before_latest(tracker)
    return [
        (str(b.get("title") or ""), str(b.get("payload") or ""))
        for b in ((bot or {}).get("data") or {}).get("buttons") or []
    ]


def payload_parts(payload: str) -> tuple[str, dict[str, Any] | None]:
    """A button payload's intent and its entities (``/report_fault{"product": "tv"}`` →
    report_fault, {"product": "tv"}); a text payload is information (``inform``, None)."""
    if not payload.startswith("/"):
        return "inform", None
    intent, _, values = payload[1:].partition("{")
    if not values:
        return intent, None
    try:
        entities = json.loads("{" + values)
    except ValueError:
        return intent, {}
    return intent, entities if isinstance(entities, dict) else {}


def read_again_as(tracker: Tracker, payload: str) -> list[EventType]:
    """The customer's message once more, read as the button ``payload`` (``/intent``, or a text
    payload as information): the rules then go on as if the button had been pressed (the way
    Rasa's own two-stage fallback confirms a meaning)."""
    text = latest_text(tracker)
    intent, values = payload_parts(payload)  # /report_fault{"product": "tv"}: its entities too
    parse = {
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": k, "value": v} for k, v in (values or {}).items()],
        "text": text if payload.startswith("/") else payload,
    }
    return [
        UserUtteranceReverted(),
        ActionExecuted("action_listen"),
        UserUttered(
            parse["text"], parse_data=parse, input_channel=tracker.get_latest_input_channel()
        ),
    ]


def typed_button(tracker: Tracker, ignored_intent: str | None = None) -> list[EventType] | None:
    """The latest message read again as the button it names, when it names one of the buttons the
    bot offered just before (「行，帮我登记一下」 after 「需要登记报修吗？」, 「找个人工」 at the way
    out); None when it names none. Whatever the NLU made of the words (a fallback, or "not for
    us"), a button the customer typed is the answer. A button of ``ignored_intent`` (the intent
    the message already has) is no reason to read it again."""
    offered = offered_buttons(tracker)
    text = latest_text(tracker)
    button = chosen_button(text, offered, get_knowledge().replies) or fault_button_said(
        text, offered
    )
    ignored = ("/nlu_fallback",) + ((f"/{ignored_intent}",) if ignored_intent else ())
    if not button or button.startswith(ignored):
        return None
    return read_again_as(tracker, button)


def fault_button_said(text: str, offered: list[tuple[str, str]]) -> str | None:
    """The one offered fault button whose fault the customer's words name (``said_as`` of
    knowledge/faults): 「就是黑了 有声音好像」 after 「电视黑屏、没有图像 / …」 (it was refused as not for
    us); None when none or several are named."""
    said = faults_said(text, min_chars=1)
    named = {payload for _title, payload in offered if payload_parts(payload)[0] in said}
    return named.pop() if len(named) == 1 else None


def uncovered_symptom_button(tracker: Tracker) -> list[EventType] | None:
    """「都不是，是不进水」 right after buttons that offered 「洗衣机的其他问题」: a fault of that product
    no diagnosis covers (``uncovered_symptoms`` of knowledge/vocabulary.yml) is that button, read
    again as it (it was refused as not for us); None when the message names none."""
    text = latest_text(tracker).lower()
    symptoms = uncovered_symptoms()
    offered = offered_buttons(tracker)
    for _title, payload in offered:
        intent, values = payload_parts(payload)
        product = (values or {}).get("product") if intent == "report_fault" else None
        if product and names_uncovered(text, symptoms.get(str(product), ())):
            return read_again_as(tracker, payload)
    product = tracker.get_slot("product")
    if (
        product
        and any(payload == REPAIR for _title, payload in offered)
        and names_uncovered(text, symptoms.get(str(product), ()))
    ):
        # 「就是遥控器按了空调没反应啊」 at the air conditioner's fault menu, which has no such fault:
        # its 「都不是，登记维修」 button, the description kept as the problem (it looped on the menu)
        return read_again_as(tracker, REPAIR) + [SlotSet("problem", latest_text(tracker))]
    return None


#: The button that registers a repair (the fault menu's 「都不是，登记维修」).
REPAIR = "/request_repair"


def conversation_product(tracker: Tracker) -> str | None:
    """The product the conversation is about: the diagnosis's, else the one the customer named."""
    diagnosis = get_knowledge().diagnosis(tracker.get_slot("fault"))
    return diagnosis.product if diagnosis else tracker.get_slot("product")


def product_asked_about(tracker: Tracker) -> Product | None:
    """The product the customer last named, else the diagnosis's: whose model plate a model
    question points at (「冰箱也坏了，帮我报修」 after a TV's diagnosis asks for the fridge's)."""
    knowledge = get_knowledge()
    diagnosis = knowledge.diagnosis(tracker.get_slot("fault"))
    named = knowledge.product_id(tracker.get_slot("product"))
    return knowledge.products.get(named or (diagnosis.product if diagnosis else ""))
