"""A confirmed ticket is never lost: when the database is down it waits in an outbox.

``open_or_queue`` tries the database; if it cannot be reached the request is written to a file
under ``OUTBOX_DIR`` (default ``var/outbox``, fsynced, renamed into place) and the customer is
told the truth. ``flush`` writes queued requests as tickets once the database answers again;
the action server runs it in the background and before every new ticket.

A request the database refuses as invalid (a value too long, a wrong type: retrying cannot help)
is not mistaken for "database down": it goes to the dead-letter folder ``OUTBOX_DIR/dead`` with
the reason, for staff to look at, and never holds up the requests queued behind it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.tickets.model import Kind, Priority, Ticket, Utterance
from bot.tickets.services import TicketRequest, now, open_ticket

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
_flush_lock = threading.Lock()


def outbox_dir() -> Path:
    return Path(os.environ.get("OUTBOX_DIR") or ROOT / "var" / "outbox")


def dead_letter_dir() -> Path:
    return outbox_dir() / "dead"


def database_down(error: BaseException) -> bool:
    """True when the database could not be reached (worth retrying later); False when it
    refused the request itself (an integrity or data error: retrying cannot help)."""
    return isinstance(error, OperationalError) or bool(
        getattr(error, "connection_invalidated", False)
    )


class Queued:
    """A ticket request kept in the outbox; ``reference`` is what the customer is given."""

    def __init__(self, reference: str):
        self.reference = reference


class Rejected(Queued):
    """A request the database refused as invalid: kept as a dead letter for staff (the customer
    is given its reference, as for a queued one)."""

    def __init__(self, reference: str, reason: str):
        super().__init__(reference)
        self.reason = reason


def _to_json(request: TicketRequest, at: datetime) -> str:
    data = asdict(request)
    data["kind"], data["priority"] = request.kind.value, request.priority.value
    data["transcript"] = [u.as_json() for u in request.transcript]
    data["steps_tried"] = list(request.steps_tried)
    return json.dumps({"at": at.isoformat(), "request": data}, ensure_ascii=False)


def _from_json(text: str) -> tuple[TicketRequest, datetime]:
    data = json.loads(text)
    raw = data["request"]
    raw["kind"], raw["priority"] = Kind(raw["kind"]), Priority(raw["priority"])
    raw["transcript"] = tuple(Utterance.from_json(u) for u in raw["transcript"])
    raw["steps_tried"] = tuple(raw["steps_tried"])
    return TicketRequest(**raw), datetime.fromisoformat(data["at"])


def queue(request: TicketRequest, at: datetime) -> Queued:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    reference = uuid.uuid4().hex[:8].upper()
    temporary = folder / f".{reference}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(_to_json(request, at))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.rename(folder / f"{at:%Y%m%d%H%M%S}-{reference}.json")
    logger.warning("database unavailable: ticket request %s kept in the outbox", reference)
    return Queued(reference)


def dead_letter(request: TicketRequest, at: datetime, reason: str) -> str:
    """Keep a request the database refused, with the reason; returns its reference."""
    folder = dead_letter_dir()
    folder.mkdir(parents=True, exist_ok=True)
    reference = uuid.uuid4().hex[:8].upper()
    data = json.loads(_to_json(request, at))
    data["reason"] = reason
    temporary = folder / f".{reference}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.rename(folder / f"{at:%Y%m%d%H%M%S}-{reference}.json")
    logger.error(
        "ticket request %s refused by the database, kept in %s: %s", reference, folder, reason
    )
    return reference


def _reason(error: BaseException) -> str:
    return f"{error.__class__.__name__}: {getattr(error, 'orig', None) or error}"[:500]


def flush() -> list[Ticket]:
    """Write queued requests as tickets, oldest first; stop when the database is down. A request
    the database refuses as invalid moves to the dead letters and the queue goes on."""
    created: list[Ticket] = []
    with _flush_lock:
        for path in sorted(outbox_dir().glob("*.json")):
            request, at = _from_json(path.read_text(encoding="utf-8"))
            try:
                ticket = open_ticket(request, at=at)
            except SQLAlchemyError as error:
                if database_down(error):
                    break
                dead_letter(request, at, _reason(error))
                path.unlink()
                continue
            path.unlink()
            created.append(ticket)
            logger.info("queued ticket request %s written as %s", path.stem, ticket.number)
    return created


def pending() -> int:
    return len(list(outbox_dir().glob("*.json")))


def open_or_queue(request: TicketRequest, at: datetime | None = None) -> Ticket | Queued:
    at = at or now()
    try:
        flush()
    except SQLAlchemyError:
        logger.exception("outbox flush failed")
    try:
        return open_ticket(request, at=at)
    except SQLAlchemyError as error:
        if not database_down(error):
            return Rejected(dead_letter(request, at, _reason(error)), _reason(error))
        logger.exception("ticket database unavailable")
        return queue(request, at)


def start_background_flush(every_seconds: float = 15.0) -> threading.Thread:
    """Retry the outbox every ``every_seconds`` in a daemon thread (the action server)."""

    def loop() -> None:
        while True:
            threading.Event().wait(every_seconds)
            try:
                if pending():
                    flush()
            except Exception:  # keep retrying whatever happened
                logger.exception("outbox flush failed")

    thread = threading.Thread(target=loop, name="ticket-outbox", daemon=True)
    thread.start()
    return thread
