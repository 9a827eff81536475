"""The event stream end to end on the real engines: Rasa's SQL broker (our masking subclass) into
its own SQLite file, Rasa's pika broker into the real RabbitMQ, and ``bot.events`` writing both
into the ticket database (SQLite, and PostgreSQL when reachable) once per event."""

import asyncio
import json
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, select, text, update

from bot.events.brokers import MaskingPikaEventBroker, MaskingSQLEventBroker
from bot.events.consumer import consume_amqp, consume_sql, ticket_engine
from bot.tickets.orm import review_items, stream_events, stream_offsets
from harness.servers import ROOT
from tests.events.conversations import (
    asked_back_then_none_of_these,
    wrong_fault_then_unreadable_twice,
)
from tests.external_servers import postgres_database, rabbitmq_url

MOBILE = "13912345678"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tickets.db'}"
        yield ticket_engine(url)
    else:
        for url in postgres_database():
            engine = ticket_engine(url)
            yield engine
            engine.dispose()


def stored(engine):
    with engine.connect() as connection:
        events = connection.execute(select(stream_events)).all()
        items = connection.execute(select(review_items).order_by(review_items.c.at)).all()
    return events, items


def sql_broker(path):
    return MaskingSQLEventBroker(dialect="sqlite", db=str(path))


def test_sql_broker_to_ticket_database_masked_and_once(tmp_path, database):
    events_db = tmp_path / "events.db"
    broker = sql_broker(events_db)
    conversation = asked_back_then_none_of_these("c-sql") + wrong_fault_then_unreadable_twice(
        "c-sql-2"
    )
    for event in conversation:
        broker.publish(event)
    source = f"sqlite:///{events_db}"

    # what the broker itself stored is masked already
    raw = "\n".join(
        r[0] for r in create_engine(source).connect().execute(text("select data from events"))
    )
    assert MOBILE not in raw and "139****5678" in raw

    assert consume_sql(source, database) == len(conversation)
    events, items = stored(database)
    assert len(events) == len(conversation)
    assert not any(
        MOBILE in json.dumps(e.data, ensure_ascii=False) or MOBILE in (e.text or "") for e in events
    )
    assert [(i.text, i.reasons) for i in items] == [
        (
            "那个东西一闪一闪的 139****5678",
            ["fallback", "clarify", "none_of_these", "handoff_after_failures"],
        ),
        ("屏幕有条纹", ["wrong_fault"]),
        ("嗯嗯那个啥", ["fallback"]),
        ("哎呀呀", ["fallback", "unreadable_twice"]),
    ]

    # read again from the start (a lost read position) and with the same events published twice
    with database.begin() as connection:
        connection.execute(update(stream_offsets).values(position=0))
    for event in conversation[:5]:
        broker.publish(event)
    assert consume_sql(source, database) == 0
    assert [len(x) for x in stored(database)] == [len(conversation), 4]


def test_the_consumer_command_reads_the_default_source_layout(tmp_path):
    broker = sql_broker(tmp_path / "events.db")
    for event in asked_back_then_none_of_these("c-cli"):
        broker.publish(event)
    database = f"sqlite:///{tmp_path / 'tickets.db'}"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.events",
            "--source",
            f"sqlite:///{tmp_path / 'events.db'}",
            "--database",
            database,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert f"{len(asked_back_then_none_of_these('x'))} new events" in run.stdout
    assert len(stored(create_engine(database))[1]) == 1


async def publish_with_rasas_pika_broker(url, queue, events):
    from urllib.parse import urlparse

    from rasa.utils.endpoints import EndpointConfig

    where = urlparse(url)
    config = EndpointConfig(
        url=where.hostname,
        type="bot.events.brokers.MaskingPikaEventBroker",
        port=where.port or 5672,
        username=where.username,
        password=where.password,
        queues=[queue],
    )
    broker = await MaskingPikaEventBroker.from_endpoint_config(config)
    for event in events:
        broker.publish(event)
    await asyncio.gather(*list(broker._background_tasks))
    await broker.close()


@pytest.mark.slow  # RabbitMQ
def test_rabbitmq_stream_written_once_even_when_redelivered(database):
    url = rabbitmq_url()
    queue = f"test_events_{uuid.uuid4().hex[:8]}"
    conversation = asked_back_then_none_of_these("c-amqp")
    # every event once, then the first four a second time (a redelivery)
    asyncio.run(publish_with_rasas_pika_broker(url, queue, conversation + conversation[:4]))
    try:
        assert consume_amqp(url, database, queue) == len(conversation)
        events, items = stored(database)
        assert len(events) == len(conversation)
        assert not any(MOBILE in json.dumps(e.data, ensure_ascii=False) for e in events)
        assert [(i.text, i.channel) for i in items] == [("那个东西一闪一闪的 139****5678", "rest")]
        assert consume_amqp(url, database, queue) == 0  # the queue was acknowledged: nothing left
    finally:

        async def drop():
            import aio_pika

            connection = await aio_pika.connect(url)
            async with connection:
                channel = await connection.channel()
                await channel.queue_delete(queue)

        asyncio.run(drop())


@pytest.mark.slow  # RabbitMQ
def test_the_endpoint_files_name_brokers_rasa_can_create(tmp_path, monkeypatch):
    """endpoints.yml and config/endpoints.production.yml, read by Rasa and their brokers created."""
    from urllib.parse import urlparse

    from rasa.core.brokers.broker import EventBroker
    from rasa.core.utils import AvailableEndpoints

    where = urlparse(rabbitmq_url())
    for name, value in {
        "RABBITMQ_HOST": where.hostname,
        "RABBITMQ_USER": where.username,
        "RABBITMQ_PASSWORD": where.password,
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook",
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_NAME": "x",
        "TRACKER_DB_USER": "x",
        "TRACKER_DB_PASSWORD": "x",
        "REDIS_HOST": "127.0.0.1",
        "ACTION_SERVER_TOKEN": "x",
    }.items():
        monkeypatch.setenv(name, value)

    async def create(path):
        broker = await EventBroker.create(AvailableEndpoints.read_endpoints(str(path)).event_broker)
        kind = type(broker)
        await broker.close()
        return kind

    assert (
        asyncio.run(create(ROOT / "config" / "endpoints.production.yml")) is MaskingPikaEventBroker
    )
    monkeypatch.chdir(tmp_path)  # endpoints.yml names var/events.db relative to the working folder
    (tmp_path / "var").mkdir()
    assert asyncio.run(create(ROOT / "endpoints.yml")) is MaskingSQLEventBroker
    assert (tmp_path / "var" / "events.db").exists()
