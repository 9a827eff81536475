"""Conversations as the report counts them (pure: stored events in, sessions out).

A conversation is a Rasa session (it starts at ``session_started``). It has ended when a goodbye,
a ticket or a handoff closed it, or after ``IDLE`` without a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.knowledge.base import NLU_FALLBACK as FALLBACK
from bot.knowledge.diagnosis import RESOLVED

IDLE = timedelta(minutes=30)
HANDOFF = "action_handoff"
CLARIFY = "action_clarify"


@dataclass(frozen=True)
class Event:
    type: str
    name: str | None
    text: str | None
    channel: str | None
    at: datetime
    data: dict[str, Any]


@dataclass
class Session:
    conversation_id: str
    started: datetime
    channel: str | None = None
    last_at: datetime | None = None
    first_message_at: datetime | None = None
    first_reply_at: datetime | None = None
    messages: int = 0
    clarified: int = 0
    fallbacks: int = 0
    goodbye: bool = False
    handoff: bool = False
    fault: str | None = None
    steps: list[str] = field(default_factory=list)
    outcome: str | None = (
        None  # RESOLVED / UNRESOLVED (bot.knowledge.diagnosis), from the diagnosis
    )
    tickets: list[dict[str, Any]] = field(default_factory=list)

    def ended(self, now: datetime) -> bool:
        return (
            self.goodbye
            or self.handoff
            or bool(self.tickets)
            or (self.last_at or self.started) + IDLE <= now
        )

    @property
    def contained(self) -> bool:
        """Ended without a person or a ticket."""
        return not self.handoff and not self.tickets

    @property
    def gave_up_at(self) -> str | None:
        """The diagnostic step the customer left at (a diagnosis without an outcome)."""
        return self.steps[-1] if self.fault and self.steps and self.outcome is None else None

    @property
    def fixed_at(self) -> str | None:
        return self.steps[-1] if self.outcome == RESOLVED and self.steps else None


def sessions(
    conversation_id: str, events: Sequence[Event], tickets: Sequence[dict[str, Any]] = ()
) -> list[Session]:
    """The sessions of one conversation; ``tickets`` (rows with ``created_at``) of the same
    conversation are given to the session they were created in."""
    found: list[Session] = []
    current: Session | None = None
    for event in events:
        if event.type == "session_started" or current is None:
            current = Session(conversation_id, event.at)
            found.append(current)
            if event.type == "session_started":
                continue
        if event.type == "user":
            if (event.text or "").startswith("/session_start"):
                continue
            current.messages += 1
            current.last_at = event.at
            current.first_message_at = current.first_message_at or event.at
            current.channel = current.channel or event.channel
            intent = ((event.data.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == FALLBACK and not (event.text or "").startswith("/"):
                current.fallbacks += 1
            if intent == "goodbye":
                current.goodbye = True
        elif event.type == "bot":
            if current.first_message_at and current.first_reply_at is None:
                current.first_reply_at = event.at
        elif event.type == "action":
            if event.name == HANDOFF:
                current.handoff = True
            elif event.name == CLARIFY:
                current.clarified += 1
        elif event.type == "slot":
            value = event.data.get("value")
            if event.name == "fault" and value:
                current.fault, current.steps, current.outcome = str(value), [], None
            elif event.name == "diag_step" and value:
                current.steps.append(str(value))
            elif event.name == "diag_outcome" and value:
                current.outcome = str(value)
    # tickets record their time to the second (bot.tickets.services.now): compare at that
    # resolution, or a ticket opened in the session's first second falls before the session
    for index, session in enumerate(found):
        since = session.started.replace(microsecond=0)
        until = (
            found[index + 1].started.replace(microsecond=0)
            if index + 1 < len(found)
            else datetime.max
        )
        session.tickets = [t for t in tickets if since <= t["created_at"] < until]
    return [s for s in found if s.messages]
