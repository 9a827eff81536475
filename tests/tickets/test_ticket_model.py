"""Ticket rules without a database: priorities, deadlines, status changes, numbers."""
from datetime import date, datetime, timedelta

import pytest

from bot.tickets.model import Customer, InvalidStatusChange, Kind, Priority, Status, new_ticket
from bot.tickets.numbering import find_number, format_number

AT = datetime(2026, 11, 27, 10, 0)


def ticket(priority=Priority.P2):
    return new_ticket("HX20261127-0001", Kind.REPAIR, priority, Customer("张伟", "13912345678"), "电视黑屏", AT)


@pytest.mark.parametrize(
    "priority, due",
    [(Priority.P1, timedelta(minutes=30)), (Priority.P2, timedelta(hours=2)), (Priority.P3, timedelta(hours=24)), (Priority.P4, timedelta(hours=24))],
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


def test_numbers_are_readable_and_found_in_text():
    assert format_number(date(2026, 11, 27), 7) == "HX20261127-0007"
    assert find_number("帮我查一下 hx20261127-0007 谢谢") == "HX20261127-0007"
    assert find_number("HX2026") is None
