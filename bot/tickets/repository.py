"""The ticket repository: domain tickets in, domain tickets out, SQL in between."""
from __future__ import annotations

from datetime import date
from typing import List, Optional

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.tickets import orm
from bot.tickets.model import (
    Customer,
    Kind,
    Priority,
    Status,
    StatusChange,
    Ticket,
)
from bot.tickets.numbering import day_key, format_number


class SqlTicketRepository:
    def __init__(self, session: Session):
        self.session = session

    def next_number(self, day: date) -> str:
        """Reserve the next number of ``day``; the row stays locked until the unit of work ends."""
        key = day_key(day)
        counters = orm.ticket_counters
        for _attempt in range(5):
            bumped = self.session.execute(
                update(counters).where(counters.c.day == key).values(last=counters.c.last + 1)
            )
            if bumped.rowcount:
                last = self.session.execute(select(counters.c.last).where(counters.c.day == key)).scalar_one()
                return format_number(day, last)
            try:
                with self.session.begin_nested():
                    self.session.execute(counters.insert().values(day=key, last=1))
                return format_number(day, 1)
            except IntegrityError:
                continue  # another transaction created the day's row first: bump it instead
        raise RuntimeError(f"could not reserve a ticket number for {key}")

    def add(self, ticket: Ticket) -> None:
        self.session.execute(
            orm.tickets.insert().values(
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
                city=ticket.city,
                address=ticket.address,
                channel=ticket.channel,
                conversation_id=ticket.conversation_id,
                created_at=ticket.created_at,
                response_due=ticket.response_due,
            )
        )
        self._add_history(ticket.number, ticket.history)

    def save_status(self, ticket: Ticket, new_changes: List[StatusChange]) -> None:
        self.session.execute(
            update(orm.tickets).where(orm.tickets.c.number == ticket.number).values(status=ticket.status.value)
        )
        self._add_history(ticket.number, new_changes)

    def get(self, number: str) -> Optional[Ticket]:
        row = self.session.execute(select(orm.tickets).where(orm.tickets.c.number == number)).mappings().first()
        if row is None:
            return None
        events = self.session.execute(
            select(orm.ticket_events)
            .where(orm.ticket_events.c.ticket_number == number)
            .order_by(orm.ticket_events.c.id)
        ).mappings()
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
            city=row["city"],
            address=row["address"],
            channel=row["channel"],
            conversation_id=row["conversation_id"],
            status=Status(row["status"]),
            history=[
                StatusChange(status=Status(e["status"]), at=e["at"], by=e["by"], note=e["note"]) for e in events
            ],
        )

    def _add_history(self, number: str, changes: List[StatusChange]) -> None:
        for change in changes:
            self.session.execute(
                orm.ticket_events.insert().values(
                    ticket_number=number, status=change.status.value, at=change.at, by=change.by, note=change.note
                )
            )
