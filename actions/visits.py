"""Returning customers: their open tickets when they come back, rescheduling or cancelling a visit.

A ticket belongs to the conversation (or WeChat openid: the sender id) that opened it. Only that
conversation is told about it, and only that one may ask to reschedule or cancel its visit; the
request is recorded on the ticket and staff confirm it with ``bin/staff confirm``.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent, latest_text, ticket_number_in_talk
from bot.dialogue.messages import no_open_visit, open_tickets_notice, visit_change_recorded
from bot.knowledge.hotline import hotline
from bot.tickets.model import Kind, RequestKind, Ticket, TicketRuleError
from bot.tickets.numbering import find_number
from bot.tickets.services import open_tickets_for_conversation, request_visit_change

logger = logging.getLogger(__name__)

REQUESTS = {"reschedule_visit": RequestKind.RESCHEDULE, "cancel_visit": RequestKind.CANCEL}


def own_open_tickets(tracker: Tracker) -> list[Ticket]:
    """Open tickets this sender opened; none when the ticket store cannot be read (told, not failed)."""
    try:
        return open_tickets_for_conversation(tracker.sender_id)
    except Exception:
        logger.warning("open tickets of %s not read", tracker.sender_id, exc_info=True)
        return []


class ActionSessionStart(Action):
    """A new session: Rasa's default, plus the customer's open tickets when they come back."""

    def name(self) -> str:
        return "action_session_start"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        tickets = own_open_tickets(tracker)
        if tickets:
            dispatcher.utter_message(text=open_tickets_notice(tickets))
        return [SessionStarted(), ActionExecuted("action_listen")]


def ticket_to_change(tracker: Tracker, tickets: list[Ticket]) -> Ticket | None:
    """The repair the customer means: the number they typed (or the latest one of this
    conversation: 「能改到周六吗」 right after its status) if it is theirs, else their newest open
    repair."""
    repairs = [t for t in tickets if t.kind is Kind.REPAIR]
    number = number_meant(tracker)
    if number:
        return next((t for t in repairs if t.number == number), None)
    return repairs[0] if repairs else None


def number_meant(tracker: Tracker) -> str | None:
    return (
        find_number(latest_text(tracker))
        or find_number(tracker.get_slot("ticket_id"))
        or ticket_number_in_talk(tracker)
    )


class ActionChangeVisit(Action):
    """「上门时间改到周六」/「取消上门」 on an open repair of this conversation."""

    def name(self) -> str:
        return "action_change_visit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        kind = REQUESTS.get(latest_intent(tracker) or "", RequestKind.RESCHEDULE)
        ticket = ticket_to_change(tracker, own_open_tickets(tracker))
        if ticket is None:
            dispatcher.utter_message(text=no_open_visit())
            return [SlotSet("ticket_id", None)]
        try:
            changed = request_visit_change(ticket.number, kind, latest_text(tracker))
        except TicketRuleError as refused:
            dispatcher.utter_message(text=f"{refused}。如需帮助请拨打 {hotline()}。")
            return [SlotSet("ticket_id", None)]
        logger.info("%s requested on ticket %s by %s", kind.value, ticket.number, tracker.sender_id)
        dispatcher.utter_message(text=visit_change_recorded(changed))
        return [SlotSet("ticket_id", None)]
