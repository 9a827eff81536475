"""Repair tickets in the chat: the ticket form, the read-back, creation and status queries."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import send, slots
from bot.dialogue.contact import clean_name, find_mobile
from bot.dialogue.messages import ticket_confirmation, ticket_status, ticket_summary, unknown_ticket
from bot.knowledge import get_knowledge
from bot.tickets.model import Kind, Priority
from bot.tickets.numbering import find_number
from bot.tickets.services import TicketRequest, find_ticket, open_ticket

logger = logging.getLogger(__name__)

TICKET_SLOTS = ["problem", "customer_name", "phone_number", "product_model", "purchase_date", "city", "address"]
DIAGNOSIS_SLOTS = ["fault", "diag_step", "diag_answer", "diag_log", "diag_outcome"]
UNKNOWN_WORDS = ("不知道", "不清楚", "忘了", "不记得", "找不到", "没有")


def fault_description(tracker: Tracker) -> str:
    diagnosis = get_knowledge().diagnosis(tracker.get_slot("fault"))
    if diagnosis:
        return diagnosis.title
    return tracker.get_slot("problem") or "客户报修"


def optional_answer(value: Any) -> Optional[Text]:
    text = str(value or "").strip()
    if not text:
        return None
    return "不详" if any(word in text for word in UNKNOWN_WORDS) and len(text) <= 8 else text[:200]


class ValidateTicketForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_ticket_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if get_knowledge().diagnosis(tracker.get_slot("fault")):
            # the diagnosis already says what is wrong
            return [slot for slot in domain_slots if slot != "problem"]
        return domain_slots

    def validate_problem(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"problem": optional_answer(value)}

    def validate_customer_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"customer_name": clean_name(str(value or ""))}

    def validate_phone_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        mobile = find_mobile(str(value or ""))
        if mobile is None:
            dispatcher.utter_message(response="utter_invalid_phone_number")
        return {"phone_number": mobile}

    def validate_product_model(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"product_model": optional_answer(value)}

    def validate_purchase_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"purchase_date": optional_answer(value)}

    def validate_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"city": optional_answer(value)}

    def validate_address(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"address": optional_answer(value)}


class ActionTicketSummary(Action):
    def name(self) -> Text:
        return "action_ticket_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, ticket_summary(slots(tracker, TICKET_SLOTS), fault_description(tracker)))
        return []


class ActionResetTicketForm(Action):
    def name(self) -> Text:
        return "action_reset_ticket_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_restart_ticket")
        return [SlotSet(name, None) for name in TICKET_SLOTS]


class ActionCreateTicket(Action):
    def name(self) -> Text:
        return "action_create_ticket"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        diagnosis = get_knowledge().diagnosis(tracker.get_slot("fault"))
        values = slots(tracker, TICKET_SLOTS)
        request = TicketRequest(
            kind=Kind.REPAIR,
            priority=Priority(diagnosis.priority) if diagnosis else Priority.P3,
            customer_name=values["customer_name"] or "客户",
            mobile=values["phone_number"] or "",
            fault=fault_description(tracker),
            product=diagnosis.product if diagnosis else tracker.get_slot("product"),
            model=values["product_model"],
            steps_tried=tuple(tracker.get_slot("diag_log") or ()),
            purchase_date=values["purchase_date"],
            city=values["city"],
            address=values["address"],
            channel=tracker.get_latest_input_channel() or "chat",
            conversation_id=tracker.sender_id,
        )
        ticket = open_ticket(request)
        logger.info("ticket %s opened for conversation %s", ticket.number, tracker.sender_id)
        dispatcher.utter_message(text=ticket_confirmation(ticket))
        return (
            [SlotSet(name, None) for name in TICKET_SLOTS + DIAGNOSIS_SLOTS]
            + [SlotSet("ticket_id", ticket.number)]
        )


class ValidateTicketQueryForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_ticket_query_form"

    def validate_ticket_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        number = find_number(str(value or ""))
        if number is None:
            dispatcher.utter_message(response="utter_invalid_ticket_id")
        return {"ticket_id": number}


class ActionTicketStatus(Action):
    def name(self) -> Text:
        return "action_ticket_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        number = find_number(tracker.get_slot("ticket_id"))
        if number is None:
            dispatcher.utter_message(response="utter_ask_ticket_id")
            return []
        ticket = find_ticket(number)
        dispatcher.utter_message(text=ticket_status(ticket) if ticket else unknown_ticket(number))
        return [SlotSet("ticket_id", None)]
