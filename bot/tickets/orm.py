"""Database tables for tickets (SQLAlchemy Core). The domain model never imports this.

Changing a table here needs a migration under ``bot/tickets/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()


def _row_id() -> Column:
    """An integer key the database numbers."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _conversation(length: int = 128) -> Column:
    """The conversation a row belongs to (Rasa's sender id, or a WeChat openid), looked up by it."""
    return Column("conversation_id", String(length), nullable=False, index=True)


def _event_key(name: str) -> Column:
    """The hash of a stream event (hex SHA-256): one row per event, a redelivered one is a no-op."""
    return Column(name, String(64), nullable=False, unique=True)


def _at(index: bool | None = None) -> Column:
    """When it happened."""
    return Column("at", DateTime, nullable=False, index=index)


tickets = Table(
    "tickets",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("priority", String(2), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("customer_name", String(100), nullable=False),
    Column("customer_mobile", String(20), nullable=False, index=True),
    Column("product", String(20)),
    Column("model", String(64)),
    Column("fault", Text, nullable=False),
    Column("steps_tried", JSON, nullable=False),
    Column("purchase_date", String(64)),
    Column("warranty", String(20)),
    Column("city", String(64)),
    Column("district", String(64)),
    Column("address", Text),
    Column("channel", String(20), nullable=False),
    Column("conversation_id", String(128), index=True),
    Column("related_ticket", String(32)),
    Column("outlet_id", String(64)),
    Column("service", String(20), nullable=False, server_default="home_visit"),
    Column("pending_request", JSON(none_as_null=True)),  # SQL NULL when nothing is pending
    Column("engineer_arrival", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("response_due", DateTime, nullable=False, index=True),
    Column("resolved_at", DateTime),
    Column("rating", Integer),
    Column("rating_comment", Text),
    Column("transcript", JSON, nullable=False),
)

ticket_events = Table(
    "ticket_events",
    metadata,
    _row_id(),
    Column("ticket_number", String(32), ForeignKey("tickets.number"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    _at(),
    Column("by", String(64), nullable=False),
    Column("note", Text, nullable=False),
)

#: Unused since ticket numbers are random (bot/tickets/numbering.py); kept to spare a migration.
ticket_counters = Table(
    "ticket_counters",
    metadata,
    Column("day", String(8), primary_key=True),
    Column("last", Integer, nullable=False),
)

#: Ratings of conversations the bot solved on its own (ratings of tickets live on the ticket).
feedback = Table(
    "feedback",
    metadata,
    _row_id(),
    _conversation(),
    Column("topic", String(64)),
    Column("rating", Integer, nullable=False),
    Column("comment", Text),
    _at(),
)

#: Files customers sent (WeChat images), shown with the tickets of their conversation.
attachments = Table(
    "attachments",
    metadata,
    _row_id(),
    _conversation(),
    Column("kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("media_id", String(256)),
    _at(),
)

#: The conversation event stream as ``python -m bot.events`` stored it (mobiles masked). One row per
#: event; ``key`` (a hash of the event) makes a redelivered event a no-op.
stream_events = Table(
    "stream_events",
    metadata,
    _row_id(),
    _event_key("key"),
    _conversation(255),
    Column("type", String(40), nullable=False),
    Column("name", String(128)),
    Column("text", Text),
    Column("channel", String(64)),
    _at(index=True),
    Column("data", JSON, nullable=False),
)

#: Messages the bot did not act on confidently, one row per customer message (``message_key`` is
#: that message's ``stream_events.key``); ``reasons`` lists why it was asked back or missed.
review_items = Table(
    "review_items",
    metadata,
    _row_id(),
    _event_key("message_key"),
    _conversation(255),
    Column("text", Text, nullable=False),
    Column("guesses", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("channel", String(64)),
    _at(index=True),
    Column("label_kind", String(20)),
    Column("label", String(128)),
    Column("labelled_by", String(64)),
    Column("labelled_at", DateTime),
)

#: How far the consumer has read each source (the broker's SQL ``events`` table by row id).
stream_offsets = Table(
    "stream_offsets",
    metadata,
    Column("source", String(255), primary_key=True),
    Column("position", Integer, nullable=False),
)
