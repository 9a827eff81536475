"""A week of service as the report sees it: four conversations (fixed by self-service, asked back
then handed to a person, given up at a step, a P1 ticket nobody answered) and two ratings."""

from datetime import datetime

from bot.events.consumer import ticket_engine
from bot.events.store import record
from bot.tickets.model import Kind, Priority
from bot.tickets.services import TicketRequest, open_ticket, record_feedback
from tests.events.conversations import (
    action,
    asked_back_then_none_of_these,
    at,
    bot,
    session,
    slot,
    user,
)


def fixed_by_self_service(sender):
    return session(sender) + [
        user(sender, "电视黑屏了", "tv_no_picture", 0.95),
        action(sender, "action_start_diagnosis"),
        slot(sender, "fault", "tv_no_picture"),
        slot(sender, "diag_step", "standby_light"),
        bot(sender, "待机指示灯亮吗？"),
        user(sender, "亮着", "affirm", 0.9),
        slot(sender, "diag_step", "hdmi"),
        bot(sender, "检查 HDMI 线"),
        user(sender, "好了", "affirm", 0.9),
        slot(sender, "diag_outcome", "resolved"),
        bot(sender, "太好了"),
        user(sender, "再见", "goodbye", 0.99),
        bot(sender, "再见"),
    ]


def gave_up(sender):
    return session(sender) + [
        user(sender, "冰箱不制冷", "fridge_not_cooling", 0.95, channel="wechat"),
        action(sender, "action_start_diagnosis"),
        slot(sender, "fault", "fridge_not_cooling"),
        slot(sender, "diag_step", "power"),
        bot(sender, "插头插好了吗？"),
    ]


def ticket_conversation(sender):
    return session(sender) + [
        user(sender, "空调不制冷", "ac_not_cooling", 0.95),
        slot(sender, "fault", "ac_not_cooling"),
        bot(sender, "这个需要工程师上门，请问您的姓名？"),
    ]


def fill(url: str) -> None:
    events = (
        fixed_by_self_service("fixed")
        + asked_back_then_none_of_these("handoff")
        + gave_up("gaveup")
    )
    events += ticket_conversation("ticket")
    created = datetime.fromtimestamp(at()).replace(microsecond=0)
    with ticket_engine(url).begin() as connection:
        record(connection, events)
    number = open_ticket(
        TicketRequest(
            kind=Kind.REPAIR,
            priority=Priority.P1,
            customer_name="张伟",
            mobile="13912345678",
            fault="空调不制冷",
            product="ac",
            conversation_id="ticket",
        ),
        at=created,
    ).number
    assert number
    record_feedback("ticket", None, 4)
    record_feedback("fixed", "tv_no_picture", 5)
