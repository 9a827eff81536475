"""Writing the event stream into the ticket database: each event once (by its key), then the
review items of the conversations it touched."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.events.masking import mask_event
from bot.events.review import review_items
from bot.tickets.orm import review_items as review_table
from bot.tickets.orm import stream_events, stream_offsets


def event_key(event: dict[str, Any]) -> str:
    """The same event always has the same key, so a redelivered event is recognised."""
    return hashlib.sha256(
        json.dumps(event, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _insert_ignoring_duplicates(
    connection: Connection, table, rows: list[dict[str, Any]], unique: str
) -> int:
    if not rows:
        return 0
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        module = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
        statement = module.insert(table).on_conflict_do_nothing(index_elements=[unique])
        return connection.execute(statement, rows).rowcount or 0
    existing = set(
        connection.execute(
            select(table.c[unique]).where(table.c[unique].in_([r[unique] for r in rows]))
        ).scalars()
    )
    fresh = [r for r in rows if r[unique] not in existing]
    if fresh:
        connection.execute(table.insert(), fresh)
    return len(fresh)


def row_for(event: dict[str, Any]) -> dict[str, Any] | None:
    event = mask_event(event)
    conversation = event.get("sender_id")
    if not conversation or not event.get("event"):
        return None
    return {
        "key": event_key(event),
        "conversation_id": str(conversation),
        "type": str(event["event"])[:40],
        "name": (
            event.get("name") or ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        )
        if event["event"] in ("action", "user", "slot")
        else None,
        "text": event.get("text"),
        "channel": event.get("input_channel"),
        "at": datetime.fromtimestamp(float(event.get("timestamp") or 0)),
        "data": event,
    }


def record(connection: Connection, events: Iterable[dict[str, Any]]) -> int:
    """Store ``events`` (masked; duplicates ignored) and refresh the review items of their
    conversations. Returns how many events were new."""
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        row = row_for(event)
        if row is not None:
            rows.setdefault(row["key"], row)
    added = 0
    for start in range(0, len(rows), 500):
        added += _insert_ignoring_duplicates(
            connection, stream_events, list(rows.values())[start : start + 500], "key"
        )
    refresh_reviews(connection, {row["conversation_id"] for row in rows.values()})
    return added


def refresh_reviews(connection: Connection, conversations: set[str]) -> None:
    """Recompute the review items of ``conversations`` from their stored events; labels stay."""
    for conversation in sorted(conversations):
        events = connection.execute(
            select(stream_events.c.key, stream_events.c.data)
            .where(stream_events.c.conversation_id == conversation)
            .order_by(stream_events.c.at, stream_events.c.id)
        ).all()
        found = review_items(conversation, [(key, data) for key, data in events])
        known = {
            row.message_key: row
            for row in connection.execute(
                select(review_table.c.message_key, review_table.c.reasons).where(
                    review_table.c.conversation_id == conversation
                )
            )
        }
        for item in found:
            if item.message_key in known:
                reasons = list(known[item.message_key].reasons or [])
                merged = reasons + [r for r in item.reasons if r not in reasons]
                if merged != reasons:
                    connection.execute(
                        update(review_table)
                        .where(review_table.c.message_key == item.message_key)
                        .values(reasons=merged)
                    )
            else:
                _insert_ignoring_duplicates(
                    connection,
                    review_table,
                    [
                        {
                            "message_key": item.message_key,
                            "conversation_id": conversation,
                            "text": item.text,
                            "guesses": item.guesses,
                            "reasons": item.reasons,
                            "channel": item.channel,
                            "at": item.at,
                        }
                    ],
                    "message_key",
                )


def position(connection: Connection, source: str) -> int:
    value = connection.execute(
        select(stream_offsets.c.position).where(stream_offsets.c.source == source)
    ).scalar()
    return int(value or 0)


def set_position(connection: Connection, source: str, value: int) -> None:
    if (
        connection.execute(
            update(stream_offsets).where(stream_offsets.c.source == source).values(position=value)
        ).rowcount
        == 0
    ):
        connection.execute(stream_offsets.insert().values(source=source, position=value))
