"""Reading the stream: Rasa's SQL event broker's table (default, ``var/events.db``) or a RabbitMQ
queue filled by Rasa's pika broker (production). Each batch is written in one transaction of the
ticket database; the read position (SQL) or the acknowledgement (RabbitMQ) follows the commit, so
a crash can only make the consumer read an event again, which ``store.record`` ignores."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.events import store
from bot.tickets.database import create_schema, make_engine

log = logging.getLogger(__name__)
BATCH = 500
#: The queue Rasa's pika broker declares and fills (``queues:`` in config/endpoints.production.yml).
QUEUE = "rasa_events"


def ticket_engine(url: str) -> Engine:
    engine = make_engine(url)
    create_schema(engine)
    return engine


def consume_sql(source_url: str, database: Engine, follow: bool = False, poll: float = 1.0) -> int:
    """Copy the broker's ``events`` rows after the stored position into the ticket database."""
    source = create_engine(source_url, future=True)
    total = 0
    while True:
        with database.begin() as connection:
            after = store.position(connection, source_url)
            with source.connect() as reader:
                try:
                    rows = reader.execute(
                        text("select id, data from events where id > :after order by id limit :n"),
                        {"after": after, "n": BATCH},
                    ).all()
                except Exception as error:  # the broker has not created its table yet
                    if "no such table" not in str(error):
                        raise
                    rows = []
            if rows:
                total += store.record(connection, [json.loads(row.data) for row in rows])
                store.set_position(connection, source_url, rows[-1].id)
        if len(rows) == BATCH:
            continue
        if not follow:
            return total
        time.sleep(poll)


async def _consume_amqp(
    url: str, queue_name: str, database: Engine, follow: bool, idle: float
) -> int:
    import aio_pika

    connection = await aio_pika.connect_robust(url) if follow else await aio_pika.connect(url)
    total = 0
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        while True:
            messages: list[Any] = []
            while len(messages) < BATCH:
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    break
                messages.append(message)
            if messages:
                events = []
                for message in messages:
                    try:
                        events.append(json.loads(message.body))
                    except ValueError:
                        log.warning("not an event, dropped: %r", message.body[:200])
                with database.begin() as db:
                    total += store.record(db, events)
                for message in messages:
                    await message.ack()
                continue
            if not follow:
                return total
            await asyncio.sleep(idle)


def consume_amqp(
    url: str, database: Engine, queue: str = QUEUE, follow: bool = False, idle: float = 1.0
) -> int:
    """Take every message waiting in ``queue`` (and, with ``follow``, every later one)."""
    return asyncio.run(_consume_amqp(url, queue, database, follow, idle))


def consume(source: str, database_url: str, follow: bool = False, queue: str = QUEUE) -> int:
    database = ticket_engine(database_url)
    if source.startswith("amqp"):
        return consume_amqp(source, database, queue, follow)
    return consume_sql(source, database, follow)
