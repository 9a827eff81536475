"""Issue 21: the tracker store keeps conversations encrypted (``bot/tracker_store.py``), on the
real engines: a SQLite file always, the real PostgreSQL too (slow). The raw table is read past
Rasa and past SQLAlchemy's column types."""

import asyncio
import sqlite3
import time

import pytest
import yaml
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.server import apply_fixes
from bot.tracker_store import EncryptingSQLTrackerStore, TrackerStoreKeyError, cipher
from harness.servers import ROOT
from tests.external_servers import postgres_database

MOBILE = "13812345678"
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [inform, report_fault]
entities: [phone_number]
slots:
  phone_number:
    type: text
    mappings: [{type: from_entity, entity: phone_number}]
"""
)


def use_secret(monkeypatch, value):
    """Another process's secret: the key is derived once per process."""
    monkeypatch.setenv("BOT_SECRET", value)
    cipher.cache_clear()


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    use_secret(monkeypatch, "the-secret-of-this-test")
    yield
    cipher.cache_clear()


class Database:
    """Where a store is made, and the ``events`` table as the database holds it."""

    def __init__(self, kwargs, raw_url):
        self.kwargs = kwargs
        self.raw_url = raw_url

    def store(self, kind=EncryptingSQLTrackerStore):
        return kind(domain=DOMAIN, **self.kwargs)

    def rows(self) -> list[tuple]:
        if self.raw_url.startswith("sqlite"):
            with sqlite3.connect(self.raw_url.split("///", 1)[1]) as connection:
                return connection.execute("select * from events order by id").fetchall()
        engine = create_engine(self.raw_url)
        try:
            with engine.connect() as connection:
                return [
                    tuple(r) for r in connection.execute(text("select * from events order by id"))
                ]
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "trackers.db"
        yield Database({"dialect": "sqlite", "db": str(path)}, f"sqlite:///{path}")
    else:
        for url in postgres_database():
            where = make_url(url)
            kwargs = {
                "dialect": "postgresql",
                "host": where.host,
                "port": where.port,
                "db": where.database,
                "username": where.username,
                "password": where.password,
            }
            yield Database(kwargs, url)


def conversation(sender: str) -> DialogueStateTracker:
    """A customer who gives a mobile for a ticket: in the message, the entity and the slot."""
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(
            "电视黑屏了",
            {"name": "report_fault", "confidence": 0.97},
            input_channel="rest",
        ),
        ActionExecuted("ticket_form"),
        ActiveLoop("ticket_form"),
        SlotSet("requested_slot", "phone_number"),
        BotUttered("请问您的手机号是？"),
        ActionExecuted("action_listen"),
        UserUttered(
            f"我的手机是{MOBILE}，尽快联系",
            {"name": "inform", "confidence": 0.91},
            [{"entity": "phone_number", "value": MOBILE, "start": 5, "end": 16}],
            input_channel="rest",
        ),
        SlotSet("phone_number", MOBILE),
        BotUttered("好的，我们会打 138****5678 联系您"),
    ]
    return DialogueStateTracker.from_events(sender, stamped(events), slots=DOMAIN.slots)


def stamped(events, start=None):
    """The events one second apart, the session's start and its action at the same time (Rasa
    reads a session from its ``session_started`` on: this way ``retrieve`` gives every event)."""
    start = start or time.time() - 3600
    for event in events:
        event.timestamp = start
        if not isinstance(event, ActionExecuted) or event.action_name != "action_session_start":
            start += 1
    return events


def as_dicts(tracker):
    return [event.as_dict() for event in tracker.events]


async def test_no_mobile_at_rest_and_the_conversation_comes_back_whole(database):
    store = database.store()
    tracker = conversation("c-1")
    await store.save(tracker)

    rows = database.rows()
    assert len(rows) == len(tracker.events)
    assert MOBILE not in repr(rows)
    assert "手机" not in repr(rows)  # the customer's text is not there either
    # the columns Rasa queries stay plain; every event's data is a token
    assert [(r[1], r[2]) for r in rows] == [("c-1", e.type_name) for e in tracker.events]
    assert "inform" in [r[4] for r in rows] and "ticket_form" in [r[5] for r in rows]
    assert all(r[6].startswith("gAAAAA") for r in rows)

    retrieved = await database.store().retrieve("c-1")
    assert as_dicts(retrieved) == as_dicts(tracker)
    assert retrieved.get_slot("phone_number") == MOBILE
    assert (await store.retrieve_full_tracker("c-1")).events == tracker.events


async def test_more_turns_and_a_new_session_are_stored_and_found(database):
    """Rasa counts the stored events of the session to save only new ones: that still works."""
    store = database.store()
    tracker = conversation("c-2")
    await store.save(tracker)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("好的", {"name": "inform", "confidence": 0.8}))
    await store.save(tracker)
    assert len(database.rows()) == len(tracker.events)
    assert as_dicts(await store.retrieve("c-2")) == as_dicts(tracker)

    later = await store.retrieve("c-2")
    for event in stamped([ActionExecuted("action_session_start"), SessionStarted()], time.time()):
        later.update(event)
    await store.save(later)
    assert as_dicts(await store.retrieve("c-2")) == as_dicts(later)[-2:]
    assert as_dicts(await store.retrieve_full_tracker("c-2")) == as_dicts(later)
    assert await store.keys() == ["c-2"]


async def test_conversations_stored_before_in_plain_json_are_read_and_kept(database):
    """The upgrade: Rasa's own store wrote plain rows; ours reads them and adds encrypted ones."""
    before = conversation("old")
    await database.store(SQLTrackerStore).save(before)
    assert MOBILE in repr(database.rows())  # what the upgrade starts from

    store = database.store()
    assert as_dicts(await store.retrieve("old")) == as_dicts(before)
    before.update(ActionExecuted("action_listen"))
    before.update(UserUttered(f"不对，号码是{MOBILE[:-1]}9", {"name": "inform", "confidence": 0.9}))
    await store.save(before)

    rows = database.rows()
    assert [r[6].startswith("{") for r in rows] == [True] * (len(before.events) - 2) + [False] * 2
    assert f"{MOBILE[:-1]}9" not in repr(rows)
    assert as_dicts(await database.store().retrieve("old")) == as_dicts(before)


async def test_another_secret_fails_loudly(database, monkeypatch):
    tracker = conversation("c-3")
    await database.store().save(tracker)

    use_secret(monkeypatch, "another-secret")
    with pytest.raises(TrackerStoreKeyError, match="BOT_SECRET or var/secret"):
        database.store()  # the server does not start

    use_secret(monkeypatch, "the-secret-of-this-test")
    store = database.store()
    use_secret(monkeypatch, "another-secret")
    with pytest.raises(TrackerStoreKeyError):
        await store.retrieve("c-3")  # nor is a conversation read with another key

    use_secret(monkeypatch, "the-secret-of-this-test")
    assert as_dicts(await store.retrieve("c-3")) == as_dicts(tracker)


async def test_rasa_does_not_start_a_conversation_over_that_it_cannot_decrypt(
    database, monkeypatch
):
    """Rasa's agent wraps every store in a FailSafeTrackerStore, which answers a failed read with
    no conversation (so a new one, and the stored one overwritten in part); bot/server.py's fix
    lets the error fail the turn."""
    store = database.store()
    await store.save(conversation("c-5"))
    use_secret(monkeypatch, "another-secret")

    assert await FailSafeTrackerStore(store).retrieve("c-5") is None  # Rasa on its own
    fixes = apply_fixes()
    try:
        with pytest.raises(TrackerStoreKeyError):
            await FailSafeTrackerStore(store).get_or_create_tracker("c-5")
        with pytest.raises(TrackerStoreKeyError):
            await FailSafeTrackerStore(store).retrieve_full_tracker("c-5")
        assert await FailSafeTrackerStore(store).keys() == ["c-5"]
    finally:
        fixes.undo()


async def test_a_mobile_never_reaches_the_name_columns(database):
    """Intent and action names come from the domain (Rasa drops an unknown ``/intent``); were a
    mobile ever to reach one (an event posted through the API), the column masks it."""
    store = database.store()
    tracker = conversation("c-4")
    tracker.update(ActionExecuted(f"action_{MOBILE}"))
    await store.save(tracker)
    rows = database.rows()
    assert MOBILE not in repr(rows) and rows[-1][5] == "action_138****5678"
    assert (await store.retrieve("c-4")).events[-1].action_name == f"action_{MOBILE}"


def test_the_table_is_rasas_column_for_column():
    """The same table Rasa creates (an upgrade reads it as it is); only the column types differ."""

    def columns(model):
        return [
            (c.name, getattr(c.type, "impl", c.type).__class__, getattr(c.type, "length", None))
            + (c.nullable, c.primary_key, c.index)
            for c in model.__table__.columns
        ]

    ours, rasas = EncryptingSQLTrackerStore.SQLEvent, SQLTrackerStore.SQLEvent
    assert ours.__tablename__ == rasas.__tablename__
    assert columns(ours) == columns(rasas)
    assert [c.name for c in ours.__table__.columns] == ["id", "sender_id", "type_name",
        "timestamp", "intent_name", "action_name", "data"]  # fmt: skip


def test_the_endpoint_files_name_this_store(tmp_path, monkeypatch):
    """endpoints.yml read by Rasa makes our store (a wrong module path would make Rasa fall back
    to keeping conversations in memory, with a warning only)."""
    # endpoints.yml names var/trackers.db relative to the working folder
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "x")  # as scripts/lib.sh exports them
    monkeypatch.setenv("ACTION_PORT", "5055")
    (tmp_path / "var").mkdir()
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store, domain=DOMAIN)
    assert type(store) is EncryptingSQLTrackerStore
    assert (tmp_path / "var" / "trackers.db").exists()
    production = yaml.safe_load((ROOT / "config" / "endpoints.production.yml").read_text())
    assert production["tracker_store"]["type"] == "bot.tracker_store.EncryptingSQLTrackerStore"


@pytest.mark.slow  # PostgreSQL
def test_the_production_endpoints_make_this_store_on_postgresql(monkeypatch):
    for url in postgres_database():
        where = make_url(url)
        for name, value in {
            "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook",
            "ACTION_SERVER_TOKEN": "x",
            "TRACKER_DB_HOST": where.host,
            "TRACKER_DB_NAME": where.database,
            "TRACKER_DB_USER": where.username,
            "TRACKER_DB_PASSWORD": where.password or "",
            "REDIS_HOST": "127.0.0.1",
            "RABBITMQ_HOST": "127.0.0.1",
            "RABBITMQ_USER": "x",
            "RABBITMQ_PASSWORD": "x",
        }.items():
            monkeypatch.setenv(name, value)
        endpoints = AvailableEndpoints.read_endpoints(
            str(ROOT / "config" / "endpoints.production.yml")
        )
        store = TrackerStore.create(endpoints.tracker_store, domain=DOMAIN)
        assert type(store) is EncryptingSQLTrackerStore
        tracker = conversation("prod")
        asyncio.run(store.save(tracker))
        assert as_dicts(asyncio.run(store.retrieve("prod"))) == as_dicts(tracker)
        store.engine.dispose()
