"""Repair tickets in the chat: the ticket form, the read-back, creation and status queries."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_text, send, slots, transcript, value_before_latest_message
from bot.dialogue.contact import clean_name, find_mobile
from bot.dialogue.messages import (
    queued_confirmation,
    rating_request,
    ticket_confirmation,
    ticket_status,
    ticket_summary,
    tickets_for_mobile,
    unknown_ticket,
)
from bot.dialogue.dates import parse_purchase_date
from bot.knowledge import get_knowledge
from bot.knowledge.base import SAFETY_HAZARD
from bot.knowledge.policy import check_warranty
from bot.tickets.model import Kind, Priority, Status, Ticket
from actions.verification import check_code, start_mobile_check, tickets_for_proven_mobile
from bot.tickets.numbering import find_number
from bot.tickets.outbox import Queued, open_or_queue
from bot.tickets.services import TicketRequest, find_ticket

logger = logging.getLogger(__name__)

TICKET_SLOTS = ["problem", "customer_name", "phone_number", "product_model", "purchase_date", "city", "address"]
DIAGNOSIS_SLOTS = ["fault", "diag_step", "diag_answer", "diag_log", "diag_outcome", "error_code"]
UNKNOWN_WORDS = ("不知道", "不清楚", "忘了", "不记得", "找不到", "没有")


def fault_description(tracker: Tracker) -> str:
    fault, problem = tracker.get_slot("fault"), tracker.get_slot("problem")
    if fault == SAFETY_HAZARD:
        return f"安全隐患：{problem or '客户报告'}"
    diagnosis = get_knowledge().diagnosis(fault)
    if diagnosis:
        code = tracker.get_slot("error_code")
        return f"{diagnosis.title}（代码 {code}）" if code else diagnosis.title
    return problem or "客户报修"


def warranty_label(product: Optional[str], purchase_text: Optional[str]) -> str:
    knowledge = get_knowledge()
    warranty = knowledge.warranties.get(product or "")
    purchased = parse_purchase_date(purchase_text, date.today())
    if warranty is None or purchased is None:
        return "待核实"
    return check_warranty(warranty, purchased, date.today()).label


def optional_answer(value: Any) -> Optional[Text]:
    text = str(value or "").strip()
    if not text:
        return None
    return "不详" if any(word in text for word in UNKNOWN_WORDS) and len(text) <= 8 else text[:200]


class ContactValidation:
    """Name and mobile checks, shared by every form that asks for them."""

    def validate_customer_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {"customer_name": clean_name(str(value or ""))}

    def validate_phone_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        mobile = find_mobile(str(value or ""))
        if mobile:
            return {"phone_number": mobile}
        if tracker.get_slot("requested_slot") != "phone_number":
            # a number-like piece of another answer (an address), not an answer to "your mobile?"
            return {"phone_number": value_before_latest_message(tracker, "phone_number")}
        dispatcher.utter_message(response="utter_invalid_phone_number")
        return {"phone_number": None}


class ValidateTicketForm(ContactValidation, FormValidationAction):
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
        knowledge = get_knowledge()
        diagnosis = knowledge.diagnosis(tracker.get_slot("fault"))
        values = slots(tracker, TICKET_SLOTS)
        product = diagnosis.product if diagnosis else tracker.get_slot("product")
        request = conversation_request(
            tracker, Kind.REPAIR,
            Priority(knowledge.fault_priority(tracker.get_slot("fault"), tracker.get_slot("error_code"))),
            fault_description(tracker), "客户",
            product=product,
            model=values["product_model"],
            steps_tried=tuple(tracker.get_slot("diag_log") or ()),
            purchase_date=values["purchase_date"],
            warranty=warranty_label(product, values["purchase_date"]),
            city=values["city"],
            address=values["address"],
        )
        ticket = submit(dispatcher, request, ticket_confirmation)
        reset = [SlotSet(name, None) for name in TICKET_SLOTS + DIAGNOSIS_SLOTS]
        return reset + [SlotSet("ticket_id", ticket.number)] if ticket else reset


def conversation_request(
    tracker: Tracker, kind: Kind, priority: Priority, fault: str, unnamed: str, with_transcript: bool = True, **details: Any
) -> TicketRequest:
    """A ticket request for this conversation: the customer as far as known, the channel, the transcript."""
    return TicketRequest(
        kind=kind,
        priority=priority,
        customer_name=tracker.get_slot("customer_name") or unnamed,
        mobile=tracker.get_slot("phone_number") or "",
        fault=fault,
        channel=tracker.get_latest_input_channel() or "chat",
        conversation_id=tracker.sender_id,
        transcript=transcript(tracker) if with_transcript else (),
        **details,
    )


def submit(dispatcher: CollectingDispatcher, request: TicketRequest, confirmation: Callable[[Ticket], str]) -> Optional[Ticket]:
    """Open the ticket and confirm it; if the database is down, keep it in the outbox and say so."""
    result = open_or_queue(request)
    if isinstance(result, Queued):
        dispatcher.utter_message(text=queued_confirmation(result.reference, request.kind))
        return None
    logger.info("%s ticket %s opened for conversation %s", result.kind.value, result.number, request.conversation_id)
    dispatcher.utter_message(text=confirmation(result))
    return result


class ValidateTicketQueryForm(FormValidationAction):
    """A status query needs a ticket number, or a mobile number proven by a one-time code (on
    WeChat: by the openid that opened the tickets; actions/verification.py)."""

    def name(self) -> Text:
        return "validate_ticket_query_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("ticket_id"):
            return []
        if tracker.get_slot("lookup_mobile"):
            # lookup_mobile stays listed: rasa_sdk returns only the slots of this list
            return ["lookup_mobile", "mobile_check"]
        return ["ticket_id"]

    def extract_ticket_id(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        """「查进度 139…」: a mobile number in the opening message starts the mobile lookup."""
        if tracker.get_slot("requested_slot") or tracker.get_slot("ticket_id") or tracker.get_slot("lookup_mobile"):
            return {}
        mobile = find_mobile(latest_entity(tracker, "phone_number") or latest_text(tracker))
        return {"lookup_mobile": mobile} if mobile else {}

    def validate_ticket_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        number = find_number(text)
        if number:
            return {"ticket_id": number}
        mobile = find_mobile(text)
        if mobile:
            return {"ticket_id": None, **start_mobile_check(dispatcher, tracker, mobile)}
        dispatcher.utter_message(response="utter_invalid_ticket_id")
        return {"ticket_id": None}

    def validate_lookup_mobile(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        mobile = find_mobile(str(value or ""))
        return start_mobile_check(dispatcher, tracker, mobile) if mobile else {"lookup_mobile": None}

    def validate_mobile_check(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return check_code(value, tracker)


class ActionTicketStatus(Action):
    def name(self) -> Text:
        return "action_ticket_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reset = [SlotSet("ticket_id", None), SlotSet("lookup_mobile", None), SlotSet("mobile_check", None)]
        number = find_number(tracker.get_slot("ticket_id"))
        if number:
            ticket = find_ticket(number)
            if ticket is None:
                dispatcher.utter_message(text=unknown_ticket(number))
                return reset
            dispatcher.utter_message(text=describe(ticket))
            # only the conversation the ticket belongs to may rate it (actions/verification.py)
            return reset + (offer_rating(dispatcher, ticket) if ticket.conversation_id == tracker.sender_id else [])
        mobile = tracker.get_slot("lookup_mobile")
        tickets = tickets_for_proven_mobile(tracker) if mobile else None
        if tickets is not None:
            dispatcher.utter_message(text=tickets_for_mobile(mobile, tickets, describe))
            return reset
        if mobile:
            dispatcher.utter_message(response="utter_mobile_check_failed")
            return reset
        dispatcher.utter_message(response="utter_ask_ticket_id")
        return reset


def describe(ticket: Ticket) -> str:
    return ticket_status(ticket, get_knowledge().outlets.get(ticket.outlet_id or ""))


def offer_rating(dispatcher: CollectingDispatcher, ticket: Ticket) -> List[EventType]:
    """A finished repair that was not rated yet: ask for the 1-5 rating."""
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or ticket.rating is not None:
        return []
    send(dispatcher, rating_request("这张工单已经处理完成，麻烦您为本次服务打个分："))
    return [SlotSet("rating_ticket", ticket.number)]
