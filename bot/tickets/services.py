"""Ticket use cases, called by the bot's actions and by the staff tool alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional, Sequence

from bot.tickets.model import Customer, Kind, Priority, Ticket, new_ticket
from bot.tickets.unit_of_work import SqlUnitOfWork


@dataclass(frozen=True)
class TicketRequest:
    """What the conversation collected for a new ticket."""

    kind: Kind
    priority: Priority
    customer_name: str
    mobile: str
    fault: str
    product: Optional[str] = None
    model: Optional[str] = None
    steps_tried: Sequence[str] = field(default_factory=tuple)
    purchase_date: Optional[str] = None
    city: Optional[str] = None
    address: Optional[str] = None
    channel: str = "chat"
    conversation_id: Optional[str] = None


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def open_ticket(request: TicketRequest, uow: Optional[SqlUnitOfWork] = None, at: Optional[datetime] = None) -> Ticket:
    """Store a new ticket and return it with its number. Commits before returning."""
    at = at or now()
    with uow or SqlUnitOfWork() as work:
        ticket = new_ticket(
            number=work.tickets.next_number(at.date()),
            kind=request.kind,
            priority=request.priority,
            customer=Customer(name=request.customer_name, mobile=request.mobile),
            fault=request.fault,
            created_at=at,
            product=request.product,
            model=request.model,
            steps_tried=tuple(request.steps_tried),
            purchase_date=request.purchase_date,
            city=request.city,
            address=request.address,
            channel=request.channel,
            conversation_id=request.conversation_id,
        )
        work.tickets.add(ticket)
        work.commit()
    return ticket


def find_ticket(number: str, uow: Optional[SqlUnitOfWork] = None) -> Optional[Ticket]:
    with uow or SqlUnitOfWork() as work:
        return work.tickets.get(number)
