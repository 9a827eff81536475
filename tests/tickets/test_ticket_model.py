"""Ticket rules without a database: priorities, deadlines, status changes, numbers."""

import re
from datetime import date, datetime, timedelta

import pytest

from bot.tickets.model import (
    Customer,
    InvalidStatusChange,
    Kind,
    Priority,
    Status,
    TicketRuleError,
    new_ticket,
)
from bot.tickets.numbering import find_number, new_number

AT = datetime(2026, 11, 27, 10, 0)


def ticket(priority=Priority.P2):
    return new_ticket(
        "HX20261127-0001", Kind.REPAIR, priority, Customer("张伟", "13912345678"), "电视黑屏", AT
    )


@pytest.mark.parametrize(
    "priority, due",
    [
        (Priority.P1, timedelta(minutes=30)),
        (Priority.P2, timedelta(hours=2)),
        (Priority.P3, timedelta(hours=24)),
        (Priority.P4, timedelta(hours=24)),
    ],
)
def test_response_deadline_follows_priority(priority, due):
    assert ticket(priority).response_due == AT + due


def test_new_ticket_starts_new_with_history():
    t = ticket()
    assert t.status is Status.NEW
    assert [c.status for c in t.history] == [Status.NEW]


def test_status_moves_forward_and_is_recorded():
    t = ticket()
    t.change_status(Status.ASSIGNED, AT, "staff", "青岛市南网点")
    t.change_status(Status.IN_PROGRESS, AT, "staff")
    assert t.status is Status.IN_PROGRESS
    assert [c.status for c in t.history] == [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS]


def test_a_new_ticket_cannot_be_closed():
    with pytest.raises(InvalidStatusChange):
        ticket().change_status(Status.CLOSED, AT, "staff")


def test_numbers_are_readable_unguessable_and_found_in_text():
    assert new_number(date(2026, 11, 27), "7K3M9Q2P") == "HX20261127-7K3M-9Q2P"
    assert find_number("帮我查一下 hx20261127-7k3m-9q2p 谢谢") == "HX20261127-7K3M-9Q2P"
    assert find_number("单号HX202611277K3M9Q2P") == "HX20261127-7K3M-9Q2P"
    assert find_number("HX20261127-0007") is None  # the old sequential shape
    assert find_number("HX20261127-7K3I-9Q2P") is None  # I, L, O, U are not Crockford characters
    assert find_number("HX2026") is None
    drawn = {new_number(date(2026, 11, 27)) for _ in range(200)}
    assert len(drawn) == 200 and all(
        re.fullmatch(r"HX20261127-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", n) for n in drawn
    )


def test_complaints_are_answered_within_24_hours_whatever_the_priority():
    complaint = new_ticket(
        "HX20261127-0002",
        Kind.COMPLAINT,
        Priority.P2,
        Customer("王芳", "13812345678"),
        "态度差",
        AT,
    )
    assert complaint.response_due == AT + timedelta(hours=24)


def test_assign_schedule_resolve_and_follow_up():
    t = ticket()
    t.assign("qd-shinan", AT, "staff")
    assert t.status is Status.ASSIGNED and t.outlet_id == "qd-shinan"
    t.schedule_arrival(datetime(2026, 11, 28, 10, 0), AT, "staff")
    assert t.engineer_arrival == datetime(2026, 11, 28, 10, 0)
    t.change_status(Status.IN_PROGRESS, AT, "staff")
    t.change_status(Status.RESOLVED, AT + timedelta(hours=3), "staff", "更换电源板")
    assert t.follow_up_due == AT + timedelta(hours=51)
    assert "预约工程师" in t.history[2].note


def test_scheduling_needs_an_outlet_first():
    with pytest.raises(TicketRuleError):
        ticket().schedule_arrival(datetime(2026, 11, 28, 10, 0), AT, "staff")


def test_overdue_means_new_past_its_deadline():
    t = ticket(Priority.P1)
    assert not t.is_overdue(AT + timedelta(minutes=29))
    assert t.is_overdue(AT + timedelta(minutes=31))
    t.change_status(Status.ASSIGNED, AT, "staff")
    assert not t.is_overdue(AT + timedelta(hours=5))


def test_rating_only_after_the_repair_is_done_and_only_1_to_5():
    t = ticket()
    with pytest.raises(TicketRuleError):
        t.rate(5, None, AT)
    for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED):
        t.change_status(status, AT, "staff")
    with pytest.raises(TicketRuleError):
        t.rate(6, None, AT)
    t.rate(4, "师傅很准时", AT)
    assert (t.rating, t.rating_comment) == (4, "师傅很准时")


def test_a_handoff_is_finished_through_in_progress_to_resolved():
    t = new_ticket(
        "HX20261127-0003", Kind.HANDOFF, Priority.P2, Customer("在线客户", ""), "转人工", AT
    )
    t.finish_handoff(AT, "staff", "已电话回复")
    assert [c.status for c in t.history] == [Status.NEW, Status.IN_PROGRESS, Status.RESOLVED]
    with pytest.raises(TicketRuleError):
        ticket().finish_handoff(AT, "staff", "")
