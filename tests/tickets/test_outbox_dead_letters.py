"""Issue 20, finding 7: one ticket the database refuses as invalid must not jam the outbox."""

import json
from datetime import datetime

from bot.tickets import outbox
from bot.tickets.database import create_schema, make_engine
from bot.tickets.model import Kind, Priority
from bot.tickets.services import TicketRequest, find_ticket, recent_tickets_for_mobile


def request(mobile: str, channel) -> TicketRequest:
    return TicketRequest(
        kind=Kind.REPAIR,
        priority=Priority.P3,
        customer_name="张伟",
        mobile=mobile,
        fault="冰箱不制冷",
        channel=channel,
        conversation_id=f"conv-{mobile}",
    )


def invalid_channel(database_url: str):
    # SQLite refuses a JSON object as a text value; PostgreSQL a channel longer than its column
    return {"a": 1} if database_url.startswith("sqlite") else "x" * 40


def test_the_queue_drains_past_a_ticket_the_database_refuses(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    create_schema(make_engine(database_url))
    at = datetime(2026, 11, 30, 9, 0)
    # three requests were queued while the database was down; the middle one is invalid
    outbox.queue(request("13900000001", "rest"), at)
    outbox.queue(request("13900000002", invalid_channel(database_url)), at.replace(minute=1))
    outbox.queue(request("13900000003", "rest"), at.replace(minute=2))

    created = outbox.flush()

    assert [t.customer.mobile for t in created] == ["13900000001", "13900000003"]
    assert outbox.pending() == 0
    dead = list(outbox.dead_letter_dir().glob("*.json"))
    assert len(dead) == 1
    kept = json.loads(dead[0].read_text(encoding="utf-8"))
    assert kept["request"]["mobile"] == "13900000002" and kept["reason"]


def test_a_refused_ticket_is_kept_as_a_dead_letter_and_the_next_one_is_written(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    create_schema(make_engine(database_url))

    refused = outbox.open_or_queue(request("13900000004", invalid_channel(database_url)))
    written = outbox.open_or_queue(request("13900000005", "socketio"))

    assert isinstance(refused, outbox.Rejected) and outbox.pending() == 0
    assert len(list(outbox.dead_letter_dir().glob("*.json"))) == 1
    assert find_ticket(written.number) is not None
    assert recent_tickets_for_mobile("13900000004") == []
