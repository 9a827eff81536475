"""Reschedule / cancel requests, the service of a repair and returning customers' tickets,
on a real database (SQLite, and PostgreSQL when available)."""

from datetime import datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from bot.knowledge import get_knowledge
from bot.tickets.database import MIGRATIONS, create_schema, make_engine
from bot.tickets.model import Kind, RequestKind, Status, TicketRuleError
from bot.tickets.services import (
    assign_ticket,
    confirm_request,
    decline_request,
    find_ticket,
    last_repair_for_conversation,
    open_ticket,
    open_tickets_for_conversation,
    pending_requests,
    request_visit_change,
)
from bot.tickets.unit_of_work import SqlUnitOfWork
from tests.tickets.test_ticket_store import request as store_request

AT = datetime(2026, 11, 27, 9, 30)


def request(**overrides):
    """test_ticket_store's request, from a WeChat conversation with a landline and an ISO purchase date."""
    return store_request(
        **{
            "mobile": "0532-88886666",
            "purchase_date": "2024-05",
            "conversation_id": "wx-openid-1",
            **overrides,
        }
    )


def test_a_landline_ticket_with_its_service_is_stored_and_read_back(session_factory):
    number = open_ticket(request(), SqlUnitOfWork(session_factory), at=AT).number
    stored = find_ticket(number, SqlUnitOfWork(session_factory))
    assert stored.customer.mobile == "0532-88886666" and stored.service == "home_visit"
    assert stored.pending_request is None and stored.purchase_date == "2024-05"


def test_a_phone_repair_goes_to_a_walk_in_outlet(session_factory):
    ticket = open_ticket(
        request(product="phone", service="repair_point", city="南京", address=None),
        SqlUnitOfWork(session_factory),
        at=AT,
    )
    outlet = get_knowledge().outlets[ticket.outlet_id]
    assert outlet.walk_in and "phone" in outlet.products and outlet.city == "南京"
    assert find_ticket(ticket.number, SqlUnitOfWork(session_factory)).service == "repair_point"


def test_a_reschedule_is_recorded_then_confirmed_by_staff(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    number = open_ticket(request(), uow(), at=AT).number  # dispatched: assigned
    request_visit_change(number, RequestKind.RESCHEDULE, "上门时间改到周六上午", uow=uow(), at=AT)
    waiting = find_ticket(number, uow())
    assert (
        waiting.pending_request.kind is RequestKind.RESCHEDULE
        and waiting.pending_request.detail == "上门时间改到周六上午"
    )
    assert (
        "客户申请改约上门时间" in waiting.history[-1].note and waiting.history[-1].by == "customer"
    )
    assert [t.number for t in pending_requests(uow())] == [number]

    with pytest.raises(TicketRuleError):  # a reschedule needs the new time
        confirm_request(number, "李工", uow=uow(), at=AT)
    confirm_request(number, "李工", datetime(2026, 11, 28, 10, 0), uow=uow(), at=AT)
    done = find_ticket(number, uow())
    assert done.engineer_arrival == datetime(2026, 11, 28, 10, 0) and done.pending_request is None
    assert pending_requests(uow()) == []
    assert "已按客户申请改约" in done.history[-1].note and done.history[-1].by == "李工"


def test_a_cancel_confirmed_cancels_the_ticket(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    number = open_ticket(request(), uow(), at=AT).number
    request_visit_change(number, RequestKind.CANCEL, "已经自己修好了", uow=uow(), at=AT)
    confirm_request(number, "李工", uow=uow(), at=AT)
    stored = find_ticket(number, uow())
    assert stored.status is Status.CANCELLED and stored.pending_request is None
    with pytest.raises(TicketRuleError):  # a cancelled ticket takes no more requests
        request_visit_change(number, RequestKind.RESCHEDULE, "还是来吧", uow=uow(), at=AT)


def test_a_declined_request_is_noted_and_cleared(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    number = open_ticket(request(), uow(), at=AT).number
    request_visit_change(number, RequestKind.CANCEL, "不修了", uow=uow(), at=AT)
    decline_request(number, "李工", "配件已经订好", uow=uow(), at=AT)
    stored = find_ticket(number, uow())
    assert stored.status is Status.ASSIGNED and stored.pending_request is None
    assert "未获同意：配件已经订好" in stored.history[-1].note
    with pytest.raises(TicketRuleError):
        confirm_request(number, "李工", uow=uow(), at=AT)  # nothing pending any more


def test_only_repairs_take_visit_requests(session_factory):
    number = open_ticket(request(kind=Kind.COMPLAINT), SqlUnitOfWork(session_factory), at=AT).number
    with pytest.raises(TicketRuleError):
        request_visit_change(
            number, RequestKind.CANCEL, "", uow=SqlUnitOfWork(session_factory), at=AT
        )


def test_a_conversation_finds_its_own_open_tickets_and_last_repair(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    old = open_ticket(request(model="55E3F"), uow(), at=datetime(2026, 11, 20, 9, 0)).number
    new = open_ticket(request(model="65U7K", purchase_date="2025-07"), uow(), at=AT).number
    open_ticket(request(conversation_id="someone-else", model="75E7N"), uow(), at=AT)
    assign_ticket(old, "qd-shinan", "李工", uow=uow(), at=AT)
    assert [t.number for t in open_tickets_for_conversation("wx-openid-1", uow())] == [new, old]
    assert open_tickets_for_conversation("nobody", uow()) == []
    last = last_repair_for_conversation("wx-openid-1", "tv", uow())
    assert (last.number, last.model, last.purchase_date) == (new, "65U7K", "2025-07")
    assert last_repair_for_conversation("wx-openid-1", "fridge", uow()) is None


def test_a_database_of_the_previous_schema_is_upgraded_with_its_tickets(database_url):
    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(
            text(
                "insert into tickets (number, kind, priority, status, customer_name, customer_mobile, fault, steps_tried,"
                " channel, created_at, response_due, transcript) values ('HX20261101-0001', 'repair', 'P2', 'new', '张伟',"
                " '13912345678', '电视黑屏', '[]', 'chat', '2026-11-01 09:00:00', '2026-11-01 11:00:00', '[]')"
            )
        )
    create_schema(engine)
    assert {"service", "pending_request"} <= {
        c["name"] for c in inspect(engine).get_columns("tickets")
    }
    from sqlalchemy.orm import sessionmaker

    old = find_ticket("HX20261101-0001", SqlUnitOfWork(sessionmaker(bind=engine, future=True)))
    assert old.service == "home_visit" and old.pending_request is None
    engine.dispose()


def test_a_request_made_from_the_ticket_fields_survives_the_outbox(tmp_path, monkeypatch):
    from bot.tickets import outbox
    from bot.tickets.model import Utterance

    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path))
    kept = request(
        service="repair_point",
        steps_tried=("重启 → 否/无效",),
        transcript=(Utterance("customer", "手机开不了机", AT),),
    )
    outbox.queue(kept, AT)
    [path] = tmp_path.glob("*.json")
    assert outbox._from_json(path.read_text(encoding="utf-8")) == (kept, AT)


def test_no_pending_request_is_sql_null(session_factory):
    uow = lambda: SqlUnitOfWork(session_factory)  # noqa: E731
    number = open_ticket(request(), uow(), at=AT).number
    request_visit_change(number, RequestKind.CANCEL, "不修了", uow=uow(), at=AT)
    decline_request(number, "李工", "配件已到", uow=uow(), at=AT)
    with SqlUnitOfWork(session_factory) as work:
        raw = work.session.execute(
            text("select pending_request from tickets where number = :n"), {"n": number}
        ).scalar_one()
    assert raw is None
