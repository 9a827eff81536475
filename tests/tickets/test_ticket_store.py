"""The ticket store on a real database (SQLite, and PostgreSQL when available)."""

from datetime import datetime

import pytest

from bot.knowledge import get_knowledge
from bot.tickets.model import Kind, Priority, Status, TicketRuleError, Utterance
from bot.tickets.numbering import find_number
from bot.tickets.repository import SqlTicketRepository
from bot.tickets.services import (
    TicketRequest,
    assign_ticket,
    change_status,
    find_ticket,
    follow_ups_due,
    list_tickets,
    open_ticket,
    rate_ticket,
    recent_tickets_for_mobile,
    record_feedback,
    schedule_arrival,
)
from bot.tickets.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 11, 27, 9, 30)


def request(**overrides):
    values = dict(
        kind=Kind.REPAIR,
        priority=Priority.P2,
        customer_name="张伟",
        mobile="13912345678",
        fault="电视黑屏、没有图像",
        product="tv",
        model="55E3F",
        steps_tried=("检查 HDMI 线 → 否/无效",),
        purchase_date="2024年5月",
        city="青岛",
        address="市南区香港中路8号",
        conversation_id="conv-1",
    )
    values.update(overrides)
    return TicketRequest(**values)


def test_a_ticket_is_stored_and_read_back(session_factory):
    created = open_ticket(request(), SqlUnitOfWork(session_factory), at=AT)
    assert find_number(created.number) == created.number and created.number.startswith(
        "HX20261127-"
    )
    stored = find_ticket(created.number, SqlUnitOfWork(session_factory))
    assert stored.customer.mobile == "13912345678"
    assert stored.steps_tried == ("检查 HDMI 线 → 否/无效",)
    assert stored.status is Status.ASSIGNED and stored.priority is Priority.P2
    assert [c.status for c in stored.history] == [Status.NEW, Status.ASSIGNED]
    assert stored.response_due == datetime(2026, 11, 27, 11, 30)


def test_numbers_carry_their_day_and_a_clash_draws_again(session_factory, monkeypatch):
    import bot.tickets.repository as repository

    first = open_ticket(request(), SqlUnitOfWork(session_factory), at=AT).number
    other_day = open_ticket(
        request(), SqlUnitOfWork(session_factory), at=datetime(2026, 11, 28, 8, 0)
    ).number
    assert first.startswith("HX20261127-") and other_day.startswith("HX20261128-")
    # the random part comes out the same as an existing ticket's: the new ticket draws again
    draws = iter([first, "HX20261127-AAAA-BBBB"])
    monkeypatch.setattr(SqlTicketRepository, "next_number", lambda self, day: next(draws))
    monkeypatch.setattr(repository, "new_number", lambda day: next(draws))
    second = open_ticket(request(), SqlUnitOfWork(session_factory), at=AT).number
    assert second == "HX20261127-AAAA-BBBB"
    assert find_ticket(first, SqlUnitOfWork(session_factory)).number == first


def test_unknown_number_is_none(session_factory):
    assert find_ticket("HX20000101-0001", SqlUnitOfWork(session_factory)) is None


def test_repairs_are_dispatched_to_the_nearest_outlet_of_the_city(session_factory):
    ticket = open_ticket(
        request(city="青岛", address="市南区香港中路8号"), SqlUnitOfWork(session_factory), at=AT
    )
    assert ticket.status is Status.ASSIGNED
    assert ticket.outlet_id and get_knowledge().outlets[ticket.outlet_id].city == "青岛"
    stored = find_ticket(ticket.number, SqlUnitOfWork(session_factory))
    assert stored.outlet_id == ticket.outlet_id and "自动分派" in stored.history[-1].note


def test_a_city_without_outlets_gets_the_closest_one(session_factory):
    ticket = open_ticket(request(city="烟台", address=""), SqlUnitOfWork(session_factory), at=AT)
    assert get_knowledge().outlets[ticket.outlet_id].city in ("青岛", "济南")


def test_history_transcript_and_changes_survive_a_round_trip(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    number = open_ticket(
        request(city=None, transcript=(Utterance("customer", "电视黑屏", AT),)), uow(), at=AT
    ).number
    assign_ticket(number, "qd-shinan", "李工", uow=uow(), at=AT)
    schedule_arrival(number, datetime(2026, 11, 28, 14, 0), "李工", uow=uow(), at=AT)
    change_status(number, Status.IN_PROGRESS, "李工", uow=uow(), at=AT)
    change_status(
        number, Status.RESOLVED, "李工", "更换背光灯条", uow=uow(), at=datetime(2026, 11, 28, 15, 0)
    )
    rate_ticket(number, 5, "很专业", uow=uow(), at=datetime(2026, 11, 29, 9, 0))
    stored = find_ticket(number, uow())
    assert [c.status for c in stored.history] == [
        Status.NEW,
        Status.ASSIGNED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.RESOLVED,
    ]
    assert stored.engineer_arrival == datetime(2026, 11, 28, 14, 0)
    assert stored.rating == 5 and stored.rating_comment == "很专业"
    assert stored.transcript == (Utterance("customer", "电视黑屏", AT),)
    assert follow_ups_due(uow(), at=datetime(2026, 11, 30, 14, 59)) == []
    assert [t.number for t in follow_ups_due(uow(), at=datetime(2026, 11, 30, 15, 0))] == [number]


def test_invalid_changes_are_refused_and_nothing_is_written(session_factory):
    number = open_ticket(request(city=None), SqlUnitOfWork(session_factory), at=AT).number
    with pytest.raises(TicketRuleError):
        change_status(number, Status.CLOSED, "staff", uow=SqlUnitOfWork(session_factory))
    with pytest.raises(TicketRuleError):
        assign_ticket(number, "no-such-outlet", "staff", uow=SqlUnitOfWork(session_factory))
    stored = find_ticket(number, SqlUnitOfWork(session_factory))
    assert stored.status is Status.NEW and len(stored.history) == 1


def test_recent_tickets_by_mobile_newest_first(session_factory):
    for hour in (8, 9, 10, 11):
        open_ticket(
            request(city=None), SqlUnitOfWork(session_factory), at=datetime(2026, 11, 27, hour)
        )
    open_ticket(request(city=None, mobile="13800000000"), SqlUnitOfWork(session_factory), at=AT)
    found = recent_tickets_for_mobile("13912345678", SqlUnitOfWork(session_factory))
    assert [t.created_at.hour for t in found] == [11, 10, 9]


def test_overdue_tickets_are_listed_first(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    p3 = open_ticket(
        request(city=None, priority=Priority.P3), uow(), at=datetime(2026, 11, 27, 8, 0)
    ).number
    p1 = open_ticket(
        request(city=None, priority=Priority.P1), uow(), at=datetime(2026, 11, 27, 9, 0)
    ).number
    listed = list_tickets(uow=uow(), at=datetime(2026, 11, 27, 10, 0))
    assert [t.number for t in listed] == [p1, p3]  # the P1 is overdue (30 min), the P3 is not


def test_feedback_of_a_bot_fix_is_stored(session_factory):
    record_feedback(
        "conv-9", "tv_no_picture", 5, "很快就好了", uow=SqlUnitOfWork(session_factory), at=AT
    )
    with SqlUnitOfWork(session_factory) as work:
        [row] = work.tickets.feedback_for("conv-9")
    assert (row["rating"], row["comment"], row["topic"]) == (5, "很快就好了", "tv_no_picture")


def test_a_walk_in_repair_goes_to_the_outlet_of_the_customers_district(session_factory):
    # a phone has no address; 「北京海淀区」 at the city question names where the customer is
    outlets = get_knowledge().outlets
    phone = dict(product="phone", fault="手机无法开机", city="北京", address=None)
    near = open_ticket(
        request(**phone, district="海淀区", service="repair_point"),
        SqlUnitOfWork(session_factory),
        at=AT,
    )
    assert outlets[near.outlet_id].district == "海淀区"
    assert find_ticket(near.number, SqlUnitOfWork(session_factory)).district == "海淀区"
    city_only = open_ticket(
        request(**phone, service="repair_point"), SqlUnitOfWork(session_factory), at=AT
    )
    assert outlets[city_only.outlet_id].district != "海淀区"  # the one nearest the city centre
