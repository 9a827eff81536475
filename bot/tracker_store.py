"""Rasa's SQL tracker store with every event encrypted at rest.

The tracker store keeps the whole conversation, and with it full mobiles: the customer's own
messages and the ``phone_number`` slot, which the ticket form needs until the ticket is confirmed
(docs/security.md). Each event's ``data`` column (the event as JSON: text, slots, entities) is
stored as a Fernet token (AES-128-CBC and HMAC-SHA256) under a key derived from the project's
secret (``bot.security.tracker_store_key``). The columns Rasa queries (``sender_id``,
``type_name``, ``timestamp``) stay plain; ``intent_name`` and ``action_name`` hold the domain's
names, masked all the same should a mobile ever reach them.

Rows written before (plain JSON, beginning with ``{``) are read as they are: an upgrade loses no
conversation. A row the key does not open (the secret was changed or lost) raises
``TrackerStoreKeyError``: the newest row is tried when the store starts, so a wrong secret stops
the server instead of showing customers empty conversations, and ``bot/server.py`` keeps Rasa
from answering the error by starting a conversation over. The key is derived once per process.

Named by module path under ``tracker_store: type:`` in the endpoints files: ``endpoints.yml``
(SQLite, ``var/trackers.db``) and ``config/endpoints.production.yml`` (PostgreSQL).
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from rasa.core.tracker_store import SQLTrackerStore, _create_sequence
from rasa.shared.exceptions import RasaException
from sqlalchemy.ext.declarative import declarative_base

from bot.logs import mask_mobiles
from bot.security import tracker_store_key

#: How every row Rasa writes begins (``json.dumps`` of a dict), so every row from before.
PLAIN_JSON = "{"


class TrackerStoreKeyError(RasaException):
    """A stored event this secret does not decrypt. Not a ``ValueError``: Rasa's session scope
    takes any ``ValueError`` for a missing PostgreSQL schema and exits saying so."""


@functools.cache
def cipher() -> Fernet:
    """The key of this process, derived once: the one checked when the store started."""
    return Fernet(tracker_store_key())


def encrypt(data: str) -> str:
    return cipher().encrypt(data.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """The JSON of a stored event: a token decrypted, a plain row from before as it is."""
    if stored.startswith(PLAIN_JSON):
        return stored
    try:
        return cipher().decrypt(stored).decode("utf-8")
    except (InvalidToken, ValueError) as error:  # ValueError: not even base64
        raise TrackerStoreKeyError(
            "The tracker store holds conversations this secret cannot decrypt: they were written "
            "with another BOT_SECRET or var/secret (or the row is damaged). Restore that secret; "
            "without it the conversations stored before cannot be read."
        ) from error


class EncryptedText(sa.types.TypeDecorator):
    """Text encrypted on the way into the database and decrypted on the way out."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


class MaskedName(sa.types.TypeDecorator):
    """An intent's or an action's name, any mobile in it masked."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else mask_mobiles(value)


class EncryptingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on the same table ``events``, its ``data`` column encrypted.

    Rasa's queries, ``save`` and ``_retrieve`` all go through ``self.SQLEvent``: this one is
    Rasa's model column for column (``tests/security/test_tracker_store.py`` compares them), with the
    column types above."""

    Base: Any = declarative_base()

    class SQLEvent(Base):
        __tablename__ = "events"

        id = sa.Column(sa.Integer, _create_sequence(__tablename__), primary_key=True)
        sender_id = sa.Column(sa.String(255), nullable=False, index=True)
        type_name = sa.Column(sa.String(255), nullable=False)
        timestamp = sa.Column(sa.Float)
        intent_name = sa.Column(MaskedName(255))
        action_name = sa.Column(MaskedName(255))
        data = sa.Column(EncryptedText)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self.session_scope() as session:  # a wrong secret fails here, at start
            session.query(self.SQLEvent.data).order_by(self.SQLEvent.id.desc()).first()
