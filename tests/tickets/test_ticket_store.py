"""The ticket store on a real database (SQLite, and PostgreSQL when available)."""
from datetime import datetime

from bot.tickets.model import Kind, Priority, Status
from bot.tickets.services import TicketRequest, find_ticket, open_ticket
from bot.tickets.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 11, 27, 9, 30)


def request(**overrides):
    values = dict(
        kind=Kind.REPAIR, priority=Priority.P2, customer_name="张伟", mobile="13912345678", fault="电视黑屏、没有图像",
        product="tv", model="55E3F", steps_tried=("检查 HDMI 线 → 否/无效",), purchase_date="2024年5月",
        city="青岛", address="市南区香港中路8号", conversation_id="conv-1",
    )
    values.update(overrides)
    return TicketRequest(**values)


def test_a_ticket_is_stored_and_read_back(session_factory):
    created = open_ticket(request(), SqlUnitOfWork(session_factory), at=AT)
    assert created.number == "HX20261127-0001"
    stored = find_ticket(created.number, SqlUnitOfWork(session_factory))
    assert stored.customer.mobile == "13912345678"
    assert stored.steps_tried == ("检查 HDMI 线 → 否/无效",)
    assert stored.status is Status.NEW and stored.priority is Priority.P2
    assert [c.status for c in stored.history] == [Status.NEW]
    assert stored.response_due == datetime(2026, 11, 27, 11, 30)


def test_numbers_follow_each_other_per_day(session_factory):
    numbers = [open_ticket(request(), SqlUnitOfWork(session_factory), at=AT).number for _ in range(3)]
    other_day = open_ticket(request(), SqlUnitOfWork(session_factory), at=datetime(2026, 11, 28, 8, 0)).number
    assert numbers == ["HX20261127-0001", "HX20261127-0002", "HX20261127-0003"]
    assert other_day == "HX20261128-0001"


def test_unknown_number_is_none(session_factory):
    assert find_ticket("HX20000101-0001", SqlUnitOfWork(session_factory)) is None
