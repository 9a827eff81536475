"""The service desk in the chat: complaints, suggestions and handing over to a person."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, slots
from actions.tickets import ContactValidation, conversation_request, submit
from bot.dialogue.messages import complaint_confirmation, handoff_message, suggestion_thanks
from bot.tickets.model import Kind, Priority
from bot.tickets.numbering import find_number

logger = logging.getLogger(__name__)

#: An opening message this long already says what happened: no need to ask again.
SELF_EXPLAINING = 15
NOTHING = ("没有", "无", "没", "不知道", "不记得")


def from_opening_message(tracker: Tracker, slot: Text) -> Dict[Text, Any]:
    """「我要投诉，师傅迟到了三个小时…」already says it: the opening message fills ``slot``."""
    text = latest_text(tracker).strip()
    if tracker.get_slot(slot) is None and tracker.get_slot("requested_slot") is None and len(text) >= SELF_EXPLAINING:
        return {slot: text}
    return {}


class ValidateComplaintForm(ContactValidation, FormValidationAction):
    def name(self) -> Text:
        return "validate_complaint_form"

    def extract_complaint_text(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return from_opening_message(tracker, "complaint_text")

    def validate_complaint_about(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "").strip()
        number = find_number(text) or find_number(tracker.get_slot("ticket_id"))
        if number:
            return {"complaint_about": number}
        return {"complaint_about": "未指明" if not text or text.startswith(NOTHING) else text[:200]}


class ActionCreateComplaint(Action):
    def name(self) -> Text:
        return "action_create_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        values = slots(tracker, ["complaint_text", "complaint_about", "customer_name", "phone_number"])
        about = values["complaint_about"]
        submit(
            dispatcher,
            conversation_request(
                tracker, Kind.COMPLAINT, Priority.P2, values["complaint_text"] or "客户投诉", "客户",
                related_ticket=about if find_number(about) else None,
                steps_tried=() if find_number(about) else (f"涉及：{about}",),
            ),
            complaint_confirmation,
        )
        return [SlotSet(name, None) for name in ("complaint_text", "complaint_about")]


class ValidateSuggestionForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_suggestion_form"

    def extract_suggestion_text(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return from_opening_message(tracker, "suggestion_text")


class ActionRecordSuggestion(Action):
    def name(self) -> Text:
        return "action_record_suggestion"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = str(tracker.get_slot("suggestion_text") or "")[:2000]
        submit(
            dispatcher,
            conversation_request(tracker, Kind.SUGGESTION, Priority.P4, text, "匿名客户", with_transcript=False),
            lambda _ticket: suggestion_thanks(),
        )
        return [SlotSet("suggestion_text", None)]


class ActionHandoff(Action):
    """转人工: a handoff ticket with the transcript; the bot then stays quiet in this
    conversation until staff release it (``bin/staff release``)."""

    def name(self) -> Text:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        fault = f"客户要求转人工（{tracker.get_latest_input_channel() or 'chat'}）"
        ticket = submit(dispatcher, conversation_request(tracker, Kind.HANDOFF, Priority.P2, fault, "在线客户"), handoff_message)
        if ticket:
            logger.info("conversation %s handed over to staff (%s)", tracker.sender_id, ticket.number)
        return [ConversationPaused()]
