"""Ticket use cases, called by the bot's actions and by the staff tool alike.

Every function takes an optional unit of work (tests pass one bound to their database) and an
optional ``now`` (tests pin the clock); production code passes neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import MISSING, field, fields, make_dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from bot.knowledge import KnowledgeBase, get_knowledge
from bot.knowledge.base import WALK_IN_SERVICES
from bot.knowledge.places import nearest_outlet
from bot.tickets.model import (
    FOLLOW_UP_AFTER,
    OPEN_STATUSES,
    Customer,
    CustomerRequest,
    Kind,
    RequestKind,
    Status,
    Ticket,
    TicketRuleError,
    check_rating,
    new_ticket,
)
from bot.tickets.unit_of_work import SqlUnitOfWork


class TicketNotFound(TicketRuleError):
    pass


#: Services where the customer brings or sends the product: the outlet must take walk-ins.


#: The customer's name and phone, which make the ticket's ``Customer``.
CUSTOMER_FIELDS = ("customer_name", "mobile")
#: Ticket attributes a request never carries: the number, the customer (from CUSTOMER_FIELDS),
#: and what creation and the service desk set later.
NOT_REQUESTED = frozenset(
    {
        "number",
        "customer",
        "created_at",
        "status",
        "history",
        "outlet_id",
        "engineer_arrival",
        "resolved_at",
        "rating",
        "rating_comment",
        "pending_request",
    }
)


def _details(self: Any) -> dict[str, Any]:
    """The ticket's own attributes: every field of the request but the customer's."""
    values = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in CUSTOMER_FIELDS}
    values["steps_tried"], values["transcript"] = tuple(self.steps_tried), tuple(self.transcript)
    return values


def _request_fields() -> list[Any]:
    """The request's fields: the customer's, then the ``Ticket`` fields a conversation fills (with their defaults)."""
    found: list[Any] = [(name, str) for name in CUSTOMER_FIELDS]
    for f in fields(Ticket):
        if f.name in NOT_REQUESTED:
            continue
        if f.default is not MISSING:
            found.append((f.name, f.type, field(default=f.default)))
        elif f.default_factory is not MISSING:
            found.append((f.name, f.type, field(default_factory=f.default_factory)))
        else:
            found.append((f.name, f.type))
    return found


#: What a conversation collected for a new ticket (kind, priority, customer_name, mobile, fault,
#: product, model, …). Made from the fields of ``Ticket``, so a ticket field is listed once: in the
#: domain class (and as a column of the table). Frozen and JSON-able for the outbox.
if TYPE_CHECKING:

    class TicketRequest:
        """What the type checker knows of the class made below: its fields are ``Ticket``'s."""

        __dataclass_fields__: ClassVar[dict[str, Any]]

        def __init__(self, **values: Any) -> None: ...
        def __getattr__(self, name: str) -> Any: ...
        def details(self) -> dict[str, Any]: ...
else:
    TicketRequest = make_dataclass(
        "TicketRequest",
        _request_fields(),
        frozen=True,
        namespace={"details": _details, "__module__": __name__},
    )


def now() -> datetime:
    """The tickets' clock: local time to the second, as tickets record it."""
    return datetime.now().replace(microsecond=0)


def _uow(uow: SqlUnitOfWork | None) -> SqlUnitOfWork:
    return uow or SqlUnitOfWork()


def open_ticket(
    request: TicketRequest,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Ticket:
    """Store a new ticket and return it with its number. Repairs with a known city are
    dispatched to the nearest outlet at once. Commits before returning."""
    at = at or now()
    knowledge = knowledge or get_knowledge()
    with _uow(uow) as work:
        ticket = new_ticket(
            number=work.tickets.next_number(at.date()),
            customer=Customer(name=request.customer_name, mobile=request.mobile),
            created_at=at,
            **request.details(),
        )
        if ticket.kind is Kind.REPAIR:
            outlet = nearest_outlet(
                knowledge.outlets.values(),
                knowledge.city(request.city),
                request.product,
                request.district or request.address,
                walk_in=request.service in WALK_IN_SERVICES,
            )
            if outlet:
                ticket.assign(outlet.id, at, "bot", f"自动分派至最近网点：{outlet.name}")
        work.tickets.add(ticket)
        work.commit()
    return ticket


def find_ticket(number: str, uow: SqlUnitOfWork | None = None) -> Ticket | None:
    with _uow(uow) as work:
        return work.tickets.get(number)


def recent_tickets_for_mobile(
    mobile: str, uow: SqlUnitOfWork | None = None, limit: int = 3
) -> list[Ticket]:
    with _uow(uow) as work:
        return work.tickets.find(mobile=mobile, limit=limit)


def open_tickets_for_conversation(
    conversation_id: str, uow: SqlUnitOfWork | None = None
) -> list[Ticket]:
    """Open repairs and complaints this conversation (or WeChat openid) opened, newest first."""
    with _uow(uow) as work:
        return work.tickets.find(
            conversation_id=conversation_id,
            kinds=[Kind.REPAIR, Kind.COMPLAINT],
            statuses=list(OPEN_STATUSES),
        )


#: A complaint said again within this long of the one this conversation filed is that complaint.
SAME_COMPLAINT_WITHIN = timedelta(hours=2)


def recent_complaint_for_conversation(
    conversation_id: str, uow: SqlUnitOfWork | None = None, at: datetime | None = None
) -> Ticket | None:
    """The open complaint this conversation filed within ``SAME_COMPLAINT_WITHIN``, newest first:
    what the customer says of it next belongs to it, not to a second complaint."""
    since = (at or now()) - SAME_COMPLAINT_WITHIN
    found = [
        t
        for t in open_tickets_for_conversation(conversation_id, uow)
        if t.kind is Kind.COMPLAINT and t.created_at >= since
    ]
    return found[0] if found else None


def add_customer_note(
    number: str, note: str, uow: SqlUnitOfWork | None = None, at: datetime | None = None
) -> Ticket:
    """What the customer added to a ticket of theirs in the chat, in its history."""
    return _change(number, uow, lambda t: t.add_note(f"客户补充：{note}", at or now(), "customer"))


def last_repair_for_conversation(
    conversation_id: str, product: str | None, uow: SqlUnitOfWork | None = None
) -> Ticket | None:
    """The newest repair of ``product`` this conversation opened (its model and purchase date are offered again)."""
    if not product:
        return None
    with _uow(uow) as work:
        found = [
            t
            for t in work.tickets.find(
                conversation_id=conversation_id, kinds=[Kind.REPAIR], limit=20
            )
            if t.product == product
        ]
    return found[0] if found else None


def request_visit_change(
    number: str,
    kind: RequestKind,
    detail: str = "",
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The customer asks to reschedule or cancel: recorded on the ticket until staff confirm it."""
    return _change(
        number, uow, lambda t: t.request_change(CustomerRequest(kind, detail[:200], at or now()))
    )


def confirm_request(
    number: str,
    by: str,
    arrival: datetime | None = None,
    note: str = "",
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> Ticket:
    return _change(number, uow, lambda t: t.confirm_request(at or now(), by, arrival, note))


def decline_request(
    number: str, by: str, note: str, uow: SqlUnitOfWork | None = None, at: datetime | None = None
) -> Ticket:
    return _change(number, uow, lambda t: t.decline_request(at or now(), by, note))


def pending_requests(uow: SqlUnitOfWork | None = None) -> list[Ticket]:
    """Open repairs with a reschedule / cancel request waiting for staff, oldest request first."""
    with _uow(uow) as work:
        found = [
            (t.pending_request.at, t)
            for t in work.tickets.find(
                statuses=list(OPEN_STATUSES), kinds=[Kind.REPAIR], limit=1000
            )
            if t.pending_request
        ]
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def _change(number: str, uow: SqlUnitOfWork | None, change: Callable[[Ticket], object]) -> Ticket:
    """Load a ticket (row-locked), apply ``change`` to it, save, commit."""
    with _uow(uow) as work:
        ticket = work.tickets.get(number, for_update=True)
        if ticket is None:
            raise TicketNotFound(f"没有工单 {number}")
        change(ticket)
        work.tickets.save(ticket)
        work.commit()
    return ticket


def change_status(
    number: str,
    status: Status,
    by: str,
    note: str = "",
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> Ticket:
    return _change(number, uow, lambda t: t.change_status(status, at or now(), by, note))


def assign_ticket(
    number: str,
    outlet_id: str,
    by: str,
    note: str = "",
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Ticket:
    knowledge = knowledge or get_knowledge()
    if outlet_id not in knowledge.outlets:
        raise TicketRuleError(
            f"没有编号为 {outlet_id} 的服务网点（网点列表见 knowledge/outlets.yml）"
        )
    return _change(number, uow, lambda t: t.assign(outlet_id, at or now(), by, note))


def schedule_arrival(
    number: str,
    arrival: datetime,
    by: str,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> Ticket:
    return _change(number, uow, lambda t: t.schedule_arrival(arrival, at or now(), by))


def finish_handoff(
    number: str, by: str, note: str, uow: SqlUnitOfWork | None = None, at: datetime | None = None
) -> Ticket:
    return _change(number, uow, lambda t: t.finish_handoff(at or now(), by, note))


def rate_ticket(
    number: str,
    score: int,
    comment: str | None = None,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> Ticket:
    return _change(number, uow, lambda t: t.rate(score, comment, at or now()))


def record_feedback(
    conversation_id: str,
    topic: str | None,
    score: int,
    comment: str | None = None,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> None:
    check_rating(score)
    with _uow(uow) as work:
        work.tickets.add_feedback(conversation_id, topic, score, comment, at or now())
        work.commit()


def add_attachment(
    conversation_id: str,
    kind: str,
    url: str,
    media_id: str | None = None,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
) -> None:
    """Keep a file the customer sent; it shows with every ticket of the conversation."""
    with _uow(uow) as work:
        work.tickets.add_attachment(conversation_id, kind, url, media_id, at or now())
        work.commit()


def attachments_for(
    conversation_id: str | None, uow: SqlUnitOfWork | None = None
) -> list[dict[str, Any]]:
    if not conversation_id:
        return []
    with _uow(uow) as work:
        return work.tickets.attachments_for(conversation_id)


def list_tickets(
    statuses: Sequence[Status] | None = None,
    kinds: Sequence[Kind] | None = None,
    outlet_id: str | None = None,
    mobile: str | None = None,
    uow: SqlUnitOfWork | None = None,
    at: datetime | None = None,
    limit: int = 200,
) -> list[Ticket]:
    """Tickets for the service desk: overdue first, then by response deadline."""
    at = at or now()
    with _uow(uow) as work:
        found = work.tickets.find(
            statuses=statuses, kinds=kinds, outlet_id=outlet_id, mobile=mobile, limit=limit
        )
    return sorted(found, key=lambda t: (not t.is_overdue(at), not t.is_open, t.response_due))


def follow_ups_due(
    uow: SqlUnitOfWork | None = None, at: datetime | None = None, within: timedelta = timedelta(0)
) -> list[Ticket]:
    """Resolved repairs whose 48-hour follow-up call is due (or due within ``within``)."""
    at = at or now()
    with _uow(uow) as work:
        due = work.tickets.find(
            statuses=[Status.RESOLVED], resolved_before=at + within - FOLLOW_UP_AFTER
        )
    return sorted(due, key=lambda t: t.follow_up_due or at)  # resolved, so always due
