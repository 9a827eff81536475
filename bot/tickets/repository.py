"""The ticket repository: domain tickets in, domain tickets out, SQL in between."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.tickets import orm
from bot.tickets.model import (
    Customer,
    CustomerRequest,
    Kind,
    Priority,
    Status,
    StatusChange,
    Ticket,
    Utterance,
)
from bot.tickets.numbering import new_number

#: How a ticket attribute is written to its column, where it is not stored as it is.
TO_COLUMN: dict[str, Callable[[Ticket], Any]] = {
    "kind": lambda t: t.kind.value,
    "priority": lambda t: t.priority.value,
    "status": lambda t: t.status.value,
    "customer_name": lambda t: t.customer.name,
    "customer_mobile": lambda t: t.customer.mobile,
    "steps_tried": lambda t: list(t.steps_tried),
    "transcript": lambda t: [u.as_json() for u in t.transcript],
    "pending_request": lambda t: t.pending_request.as_json() if t.pending_request else None,
    "response_due": lambda t: t.response_due,
}
#: How a ticket attribute is read back from its row, where it is not stored as it is.
FROM_ROW: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "kind": lambda r: Kind(r["kind"]),
    "priority": lambda r: Priority(r["priority"]),
    "status": lambda r: Status(r["status"]),
    "customer": lambda r: Customer(name=r["customer_name"], mobile=r["customer_mobile"]),
    "steps_tried": lambda r: tuple(r["steps_tried"] or ()),
    "transcript": lambda r: tuple(Utterance.from_json(u) for u in r["transcript"] or ()),
    "pending_request": lambda r: CustomerRequest.from_json(r["pending_request"]),
}
#: Ticket attributes that are not columns of the tickets table.
NOT_COLUMNS = frozenset({"history"})


def _row(ticket: Ticket) -> dict[str, Any]:
    """The row of ``ticket``: one value per column of the table (the table lists the columns)."""
    return {
        column.name: TO_COLUMN[column.name](ticket)
        if column.name in TO_COLUMN
        else getattr(ticket, column.name)
        for column in orm.tickets.columns
    }


def _ticket(row: Mapping[str, Any], history: Sequence[Mapping[str, Any]]) -> Ticket:
    """The ticket of ``row``: one value per attribute of the domain class (the class lists them)."""
    values = {
        f.name: FROM_ROW[f.name](row) if f.name in FROM_ROW else row[f.name]
        for f in fields(Ticket)
        if f.name not in NOT_COLUMNS
    }
    return Ticket(
        **values,
        history=[StatusChange(Status(e["status"]), e["at"], e["by"], e["note"]) for e in history],
    )


class SqlTicketRepository:
    def __init__(self, session: Session):
        self.session = session

    # --- numbers -----------------------------------------------------------------------------
    def next_number(self, day: date) -> str:
        """A fresh random number of ``day`` (uniqueness: ``add`` draws again on a clash)."""
        return new_number(day)

    # --- tickets -----------------------------------------------------------------------------
    def add(self, ticket: Ticket, attempts: int = 5) -> None:
        """Insert ``ticket``; should its random number be taken already (the unique key says
        so), it gets a new one. Other integrity errors are raised."""
        for attempt in range(attempts):
            if attempt:
                ticket.number = new_number(ticket.created_at.date())
            if self.get(ticket.number) is not None:
                continue
            try:
                with self.session.begin_nested():
                    self.session.execute(orm.tickets.insert().values(**_row(ticket)))
            except IntegrityError:
                if self.get(ticket.number) is None:
                    raise  # not the number: something else about the ticket is invalid
                continue  # another transaction took the number in between
            self._add_history(ticket.number, ticket.history)
            return
        raise RuntimeError(
            f"no free ticket number for {ticket.created_at:%Y-%m-%d} after {attempts} draws"
        )

    def save(self, ticket: Ticket) -> None:
        """Write a changed ticket back, with the history lines added since it was read."""
        self.session.execute(
            update(orm.tickets).where(orm.tickets.c.number == ticket.number).values(**_row(ticket))
        )
        stored = self.session.execute(
            select(func.count())
            .select_from(orm.ticket_events)
            .where(orm.ticket_events.c.ticket_number == ticket.number)
        ).scalar_one()
        self._add_history(ticket.number, ticket.history[stored:])

    def get(self, number: str, for_update: bool = False) -> Ticket | None:
        query = select(orm.tickets).where(orm.tickets.c.number == number)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).mappings().first()
        return self._with_history([row])[0] if row else None

    def find(
        self,
        statuses: Sequence[Status] | None = None,
        kinds: Sequence[Kind] | None = None,
        mobile: str | None = None,
        outlet_id: str | None = None,
        conversation_id: str | None = None,
        resolved_before: datetime | None = None,
        limit: int = 200,
    ) -> list[Ticket]:
        t = orm.tickets
        query = select(t)
        if statuses:
            query = query.where(t.c.status.in_([s.value for s in statuses]))
        if kinds:
            query = query.where(t.c.kind.in_([k.value for k in kinds]))
        if mobile:
            query = query.where(t.c.customer_mobile == mobile)
        if outlet_id:
            query = query.where(t.c.outlet_id == outlet_id)
        if conversation_id:
            query = query.where(t.c.conversation_id == conversation_id)
        if resolved_before:
            query = query.where(t.c.resolved_at <= resolved_before)
        rows = (
            self.session.execute(query.order_by(t.c.created_at.desc()).limit(limit))
            .mappings()
            .all()
        )
        return self._with_history(rows)

    # --- feedback ----------------------------------------------------------------------------
    def add_feedback(
        self,
        conversation_id: str,
        topic: str | None,
        rating: int,
        comment: str | None,
        at: datetime,
    ) -> None:
        self.session.execute(
            orm.feedback.insert().values(
                conversation_id=conversation_id, topic=topic, rating=rating, comment=comment, at=at
            )
        )

    def feedback_for(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._rows_of_conversation(orm.feedback, conversation_id)

    # --- attachments -------------------------------------------------------------------------
    def add_attachment(
        self, conversation_id: str, kind: str, url: str, media_id: str | None, at: datetime
    ) -> None:
        self.session.execute(
            orm.attachments.insert().values(
                conversation_id=conversation_id, kind=kind, url=url, media_id=media_id, at=at
            )
        )

    def attachments_for(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._rows_of_conversation(orm.attachments, conversation_id)

    # --- helpers -----------------------------------------------------------------------------
    def _rows_of_conversation(self, table: Table, conversation_id: str) -> list[dict[str, Any]]:
        query = select(table).where(table.c.conversation_id == conversation_id).order_by(table.c.id)
        return [dict(row) for row in self.session.execute(query).mappings()]

    def _with_history(self, rows: Sequence[Mapping[str, Any]]) -> list[Ticket]:
        if not rows:
            return []
        e = orm.ticket_events
        events: dict[str, list[Mapping[str, Any]]] = {r["number"]: [] for r in rows}
        for event in self.session.execute(
            select(e).where(e.c.ticket_number.in_(list(events))).order_by(e.c.id)
        ).mappings():
            events[event["ticket_number"]].append(event)
        return [_ticket(row, events[row["number"]]) for row in rows]

    def _add_history(self, number: str, changes: Sequence[StatusChange]) -> None:
        if changes:
            self.session.execute(
                orm.ticket_events.insert(),
                [
                    dict(ticket_number=number, status=c.status.value, at=c.at, by=c.by, note=c.note)
                    for c in changes
                ],
            )
