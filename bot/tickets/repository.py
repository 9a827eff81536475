"""The ticket repository: domain tickets in, domain tickets out, SQL in between."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.tickets import orm
from bot.tickets.model import Customer, Kind, Priority, Status, StatusChange, Ticket, Utterance
from bot.tickets.numbering import new_number


def _row(ticket: Ticket) -> Dict[str, Any]:
    return dict(
        number=ticket.number,
        kind=ticket.kind.value,
        priority=ticket.priority.value,
        status=ticket.status.value,
        customer_name=ticket.customer.name,
        customer_mobile=ticket.customer.mobile,
        product=ticket.product,
        model=ticket.model,
        fault=ticket.fault,
        steps_tried=list(ticket.steps_tried),
        purchase_date=ticket.purchase_date,
        warranty=ticket.warranty,
        city=ticket.city,
        address=ticket.address,
        channel=ticket.channel,
        conversation_id=ticket.conversation_id,
        related_ticket=ticket.related_ticket,
        outlet_id=ticket.outlet_id,
        engineer_arrival=ticket.engineer_arrival,
        created_at=ticket.created_at,
        response_due=ticket.response_due,
        resolved_at=ticket.resolved_at,
        rating=ticket.rating,
        rating_comment=ticket.rating_comment,
        transcript=[u.as_json() for u in ticket.transcript],
    )


def _ticket(row: Mapping[str, Any], history: Sequence[Mapping[str, Any]]) -> Ticket:
    return Ticket(
        number=row["number"],
        kind=Kind(row["kind"]),
        priority=Priority(row["priority"]),
        customer=Customer(name=row["customer_name"], mobile=row["customer_mobile"]),
        fault=row["fault"],
        created_at=row["created_at"],
        product=row["product"],
        model=row["model"],
        steps_tried=tuple(row["steps_tried"] or ()),
        purchase_date=row["purchase_date"],
        warranty=row["warranty"],
        city=row["city"],
        address=row["address"],
        channel=row["channel"],
        conversation_id=row["conversation_id"],
        related_ticket=row["related_ticket"],
        outlet_id=row["outlet_id"],
        engineer_arrival=row["engineer_arrival"],
        resolved_at=row["resolved_at"],
        rating=row["rating"],
        rating_comment=row["rating_comment"],
        transcript=tuple(Utterance.from_json(u) for u in row["transcript"] or ()),
        status=Status(row["status"]),
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
        raise RuntimeError(f"no free ticket number for {ticket.created_at:%Y-%m-%d} after {attempts} draws")

    def save(self, ticket: Ticket) -> None:
        """Write a changed ticket back, with the history lines added since it was read."""
        self.session.execute(update(orm.tickets).where(orm.tickets.c.number == ticket.number).values(**_row(ticket)))
        stored = self.session.execute(
            select(func.count()).select_from(orm.ticket_events).where(orm.ticket_events.c.ticket_number == ticket.number)
        ).scalar_one()
        self._add_history(ticket.number, ticket.history[stored:])

    def get(self, number: str, for_update: bool = False) -> Optional[Ticket]:
        query = select(orm.tickets).where(orm.tickets.c.number == number)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).mappings().first()
        return self._with_history([row])[0] if row else None

    def find(
        self,
        statuses: Optional[Sequence[Status]] = None,
        kinds: Optional[Sequence[Kind]] = None,
        mobile: Optional[str] = None,
        outlet_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        resolved_before: Optional[datetime] = None,
        limit: int = 200,
    ) -> List[Ticket]:
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
        rows = self.session.execute(query.order_by(t.c.created_at.desc()).limit(limit)).mappings().all()
        return self._with_history(rows)

    # --- feedback ----------------------------------------------------------------------------
    def add_feedback(self, conversation_id: str, topic: Optional[str], rating: int, comment: Optional[str], at: datetime) -> None:
        self.session.execute(
            orm.feedback.insert().values(conversation_id=conversation_id, topic=topic, rating=rating, comment=comment, at=at)
        )

    def feedback_for(self, conversation_id: str) -> List[Dict[str, Any]]:
        return self._rows_of_conversation(orm.feedback, conversation_id)

    # --- attachments -------------------------------------------------------------------------
    def add_attachment(self, conversation_id: str, kind: str, url: str, media_id: Optional[str], at: datetime) -> None:
        self.session.execute(
            orm.attachments.insert().values(conversation_id=conversation_id, kind=kind, url=url, media_id=media_id, at=at)
        )

    def attachments_for(self, conversation_id: str) -> List[Dict[str, Any]]:
        return self._rows_of_conversation(orm.attachments, conversation_id)

    # --- helpers -----------------------------------------------------------------------------
    def _rows_of_conversation(self, table, conversation_id: str) -> List[Dict[str, Any]]:
        query = select(table).where(table.c.conversation_id == conversation_id).order_by(table.c.id)
        return [dict(row) for row in self.session.execute(query).mappings()]

    def _with_history(self, rows: Sequence[Mapping[str, Any]]) -> List[Ticket]:
        if not rows:
            return []
        e = orm.ticket_events
        events: Dict[str, List[Mapping[str, Any]]] = {r["number"]: [] for r in rows}
        for event in self.session.execute(
            select(e).where(e.c.ticket_number.in_(list(events))).order_by(e.c.id)
        ).mappings():
            events[event["ticket_number"]].append(event)
        return [_ticket(row, events[row["number"]]) for row in rows]

    def _add_history(self, number: str, changes: Sequence[StatusChange]) -> None:
        if changes:
            self.session.execute(
                orm.ticket_events.insert(),
                [dict(ticket_number=number, status=c.status.value, at=c.at, by=c.by, note=c.note) for c in changes],
            )
