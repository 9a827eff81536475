"""A confirmed ticket is never lost: when the database is down it waits in an outbox.

``open_or_queue`` tries the database; if it cannot be reached the request is written to a file
under ``OUTBOX_DIR`` (default ``var/outbox``, fsynced, renamed into place) and the customer is
told the truth. ``flush`` writes queued requests as tickets once the database answers again;
the action server runs it in the background and before every new ticket.
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
from typing import List, Optional, Union

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.tickets.model import Kind, Priority, Ticket, Utterance
from bot.tickets.services import TicketRequest, open_ticket

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
_flush_lock = threading.Lock()


def outbox_dir() -> Path:
    return Path(os.environ.get("OUTBOX_DIR") or ROOT / "var" / "outbox")


class Queued:
    """A ticket request kept in the outbox; ``reference`` is what the customer is given."""

    def __init__(self, reference: str):
        self.reference = reference


def _to_json(request: TicketRequest, at: datetime) -> str:
    data = asdict(request)
    data["kind"], data["priority"] = request.kind.value, request.priority.value
    data["transcript"] = [u.as_json() for u in request.transcript]
    data["steps_tried"] = list(request.steps_tried)
    return json.dumps({"at": at.isoformat(), "request": data}, ensure_ascii=False)


def _from_json(text: str) -> tuple:
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


def flush() -> List[Ticket]:
    """Write queued requests as tickets, oldest first; stop at the first database error."""
    created: List[Ticket] = []
    with _flush_lock:
        for path in sorted(outbox_dir().glob("*.json")):
            request, at = _from_json(path.read_text(encoding="utf-8"))
            try:
                ticket = open_ticket(request, at=at)
            except (OperationalError, DBAPIError):
                break
            path.unlink()
            created.append(ticket)
            logger.info("queued ticket request %s written as %s", path.stem, ticket.number)
    return created


def pending() -> int:
    return len(list(outbox_dir().glob("*.json")))


def open_or_queue(request: TicketRequest, at: Optional[datetime] = None) -> Union[Ticket, Queued]:
    at = at or datetime.now().replace(microsecond=0)
    try:
        flush()
        return open_ticket(request, at=at)
    except (OperationalError, DBAPIError):
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
            except Exception:  # noqa: BLE001 - keep retrying whatever happened
                logger.exception("outbox flush failed")

    thread = threading.Thread(target=loop, name="ticket-outbox", daemon=True)
    thread.start()
    return thread
