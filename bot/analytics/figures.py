"""The report's figures, computed from the stored event stream and the ticket tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.analytics.sessions import Event, Session, sessions
from bot.knowledge.diagnosis import RESOLVED
from bot.tickets.orm import feedback, stream_events, ticket_events, tickets


@dataclass
class Figures:
    since: datetime
    now: datetime
    conversations: int = 0
    ended: int = 0
    contained: int = 0
    with_ticket: int = 0
    escalated: int = 0
    messages: int = 0
    clarified: int = 0
    fallbacks: int = 0
    per_day_channel: dict[tuple[str, str], int] = field(default_factory=dict)
    diagnoses: dict[str, int] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)
    gave_up_at: dict[str | None, Counter] = field(default_factory=dict)
    fixed_at: dict[str, Counter] = field(default_factory=dict)
    tickets_by: dict[str, Counter] = field(default_factory=dict)
    tickets_total: int = 0
    sla_due: int = 0
    sla_missed: int = 0
    ratings: Counter = field(default_factory=Counter)
    first_reply_seconds: float | None = None
    ticket_minutes: float | None = None

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def containment(self) -> float:
        return self.rate(self.contained, self.ended)

    @property
    def escalation(self) -> float:
        return self.rate(self.escalated, self.ended)

    @property
    def clarify_rate(self) -> float:
        return self.rate(self.clarified, self.messages)

    @property
    def fallback_rate(self) -> float:
        return self.rate(self.fallbacks, self.messages)


def load_sessions(connection: Connection, since: datetime) -> list[Session]:
    """Sessions with a customer message at or after ``since``."""
    conversations = (
        connection.execute(
            select(stream_events.c.conversation_id).where(stream_events.c.at >= since).distinct()
        )
        .scalars()
        .all()
    )
    found: list[Session] = []
    for conversation in sorted(conversations):
        rows = connection.execute(
            select(
                stream_events.c.type,
                stream_events.c.name,
                stream_events.c.text,
                stream_events.c.channel,
                stream_events.c.at,
                stream_events.c.data,
            )
            .where(stream_events.c.conversation_id == conversation)
            .order_by(stream_events.c.at, stream_events.c.id)
        ).all()
        its_tickets = [
            dict(r._mapping)
            for r in connection.execute(
                select(tickets.c.number, tickets.c.kind, tickets.c.created_at).where(
                    tickets.c.conversation_id == conversation
                )
            )
        ]
        found += [
            s
            for s in sessions(conversation, [Event(*r) for r in rows], its_tickets)
            if (s.last_at or s.started) >= since
        ]
    return found


def compute(connection: Connection, since: datetime, now: datetime) -> Figures:
    figures = Figures(since=since, now=now)
    first_replies, to_ticket = [], []
    for session in load_sessions(connection, since):
        figures.conversations += 1
        day = f"{(session.first_message_at or session.started):%Y-%m-%d}"
        key = (day, session.channel or "-")
        figures.per_day_channel[key] = figures.per_day_channel.get(key, 0) + 1
        figures.messages += session.messages
        figures.clarified += session.clarified
        figures.fallbacks += session.fallbacks
        if session.first_message_at and session.first_reply_at:
            first_replies.append(
                (session.first_reply_at - session.first_message_at).total_seconds()
            )
        if session.first_message_at and session.tickets:
            to_ticket.append(
                (
                    min(t["created_at"] for t in session.tickets) - session.first_message_at
                ).total_seconds()
                / 60
            )
        if session.fault:
            figures.diagnoses[session.fault] = figures.diagnoses.get(session.fault, 0) + 1
            if session.outcome == RESOLVED:
                figures.fixed[session.fault] = figures.fixed.get(session.fault, 0) + 1
            if session.fixed_at:
                figures.fixed_at.setdefault(session.fault, Counter())[session.fixed_at] += 1
        if not session.ended(now):
            continue
        figures.ended += 1
        if session.contained:
            figures.contained += 1
        if session.tickets:
            figures.with_ticket += 1
        if session.handoff:
            figures.escalated += 1
        if session.gave_up_at and not session.tickets and not session.handoff:
            figures.gave_up_at.setdefault(session.fault, Counter())[session.gave_up_at] += 1
    figures.first_reply_seconds = median(first_replies) if first_replies else None
    figures.ticket_minutes = median(to_ticket) if to_ticket else None
    _tickets(connection, figures)
    return figures


def _tickets(connection: Connection, figures: Figures) -> None:
    rows = connection.execute(select(tickets).where(tickets.c.created_at >= figures.since)).all()
    fault_of = _session_faults(connection, [r.conversation_id for r in rows if r.conversation_id])
    by: dict[str, Counter] = {
        "fault": Counter(),
        "product": Counter(),
        "priority": Counter(),
        "kind": Counter(),
    }
    for row in rows:
        by["fault"][fault_of.get(row.conversation_id or "", "-")] += 1
        by["product"][row.product or "-"] += 1
        by["priority"][row.priority] += 1
        by["kind"][row.kind] += 1
        if row.rating:
            figures.ratings[int(row.rating)] += 1
        if row.response_due <= figures.now:
            figures.sla_due += 1
            answered = connection.execute(
                select(ticket_events.c.at)
                .where(ticket_events.c.ticket_number == row.number)
                .where(ticket_events.c.at > row.created_at)
                .order_by(ticket_events.c.at)
                .limit(1)
            ).scalar()
            if answered is None or answered > row.response_due:
                figures.sla_missed += 1
    figures.tickets_by, figures.tickets_total = by, len(rows)
    for (rating,) in connection.execute(
        select(feedback.c.rating).where(feedback.c.at >= figures.since)
    ):
        figures.ratings[int(rating)] += 1


def _session_faults(connection: Connection, conversations: list[str]) -> dict[str, str]:
    """The fault the bot diagnosed in each conversation (its latest ``fault`` slot)."""
    found: dict[str, str] = {}
    for start in range(0, len(conversations), 500):
        chunk = conversations[start : start + 500]
        for conversation, data in connection.execute(
            select(stream_events.c.conversation_id, stream_events.c.data)
            .where(stream_events.c.conversation_id.in_(chunk))
            .where(stream_events.c.type == "slot")
            .where(stream_events.c.name == "fault")
            .order_by(stream_events.c.at)
        ):
            if data.get("value"):
                found[conversation] = str(data["value"])
    return found
