"""Who may see and rate tickets (issue 20): the mobile lookup's one-time code, WeChat's openid,
ratings only from the ticket's own conversation. The ticket actions call these."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.hotline import with_hotline
from bot.sms import SmsError, gateway
from bot.tickets.model import Ticket
from bot.tickets.services import find_ticket, recent_tickets_for_mobile
from bot.verification import (
    SMS,
    WECHAT,
    code_matches,
    code_message,
    one_time_code,
    proof,
    proven_method,
)

logger = logging.getLogger(__name__)

SMS_FAILED = with_hotline(
    "抱歉，验证码暂时发送不了。您可以直接提供工单号查询，或拨打 ${hotline} 人工查询。"
)


def on_wechat(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() == "wechat"


def start_mobile_check(
    dispatcher: CollectingDispatcher, tracker: Tracker, mobile: str
) -> dict[str, Any]:
    """A lookup by ``mobile`` begins. On WeChat the openid is the proof (only the tickets it
    opened will show); elsewhere a one-time code goes to the mobile by SMS."""
    if on_wechat(tracker):
        return {"lookup_mobile": mobile, "mobile_check": proof(WECHAT, tracker.sender_id, mobile)}
    try:
        gateway().send(mobile, code_message(one_time_code(tracker.sender_id, mobile)))
    except SmsError as error:
        logger.error("one-time code not sent: %s", error)
        dispatcher.utter_message(text=SMS_FAILED)
        return {"lookup_mobile": None, "mobile_check": None, "ticket_id": None}
    return {"lookup_mobile": mobile}


def check_code(value: Any, tracker: Tracker) -> dict[str, Any]:
    """The customer's answer to 「请输入验证码」: a proof if it is this mobile's code."""
    mobile = tracker.get_slot("lookup_mobile") or ""
    if mobile and code_matches(str(value or ""), tracker.sender_id, mobile):
        return {"mobile_check": proof(SMS, tracker.sender_id, mobile)}
    return {"mobile_check": "failed"}


def tickets_for_proven_mobile(tracker: Tracker) -> list[Ticket] | None:
    """The tickets this conversation has proven it may see for ``lookup_mobile``, or None when
    nothing is proven (a slot set from outside proves nothing)."""
    mobile = tracker.get_slot("lookup_mobile")
    method = proven_method(tracker.get_slot("mobile_check"), tracker.sender_id, mobile)
    if method is None:
        return None
    tickets = recent_tickets_for_mobile(mobile, limit=20 if method == WECHAT else 3)
    if method == WECHAT:
        tickets = [t for t in tickets if t.conversation_id == tracker.sender_id][:3]
    return tickets


def may_rate(number: str | None, tracker: Tracker) -> bool:
    """Only the conversation a ticket belongs to may rate it."""
    ticket = find_ticket(number) if number else None
    allowed = ticket is not None and ticket.conversation_id == tracker.sender_id
    if number and not allowed:
        logger.warning("rating of ticket %s from another conversation refused", number)
    return allowed
