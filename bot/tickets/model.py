"""The ticket domain: what a ticket is and the rules it follows. No ORM, no Rasa."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any


class Kind(str, Enum):
    REPAIR = "repair"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    HANDOFF = "handoff"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[Kind, str] = {
    Kind.REPAIR: "报修",
    Kind.COMPLAINT: "投诉",
    Kind.SUGGESTION: "建议",
    Kind.HANDOFF: "转人工",
}


class Priority(str, Enum):
    P1 = "P1"  # safety hazard or the whole unit unusable
    P2 = "P2"  # a main function fails
    P3 = "P3"  # minor fault
    P4 = "P4"  # how-to question

    @property
    def response_time(self) -> timedelta:
        return RESPONSE_TIMES[self]


RESPONSE_TIMES: dict[Priority, timedelta] = {
    Priority.P1: timedelta(minutes=30),
    Priority.P2: timedelta(hours=2),
    Priority.P3: timedelta(hours=24),
    Priority.P4: timedelta(hours=24),
}
#: Complaints are answered within 24 hours whatever their priority.
COMPLAINT_RESPONSE_TIME = timedelta(hours=24)
#: The follow-up call comes 48 hours after a repair is resolved.
FOLLOW_UP_AFTER = timedelta(hours=48)


class Status(str, Enum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.NEW: "已受理，等待分派",
    Status.ASSIGNED: "已分派给服务网点",
    Status.IN_PROGRESS: "维修处理中",
    Status.RESOLVED: "已处理完成",
    Status.CLOSED: "已关闭",
    Status.CANCELLED: "已取消",
}

ALLOWED_CHANGES: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.CANCELLED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}
OPEN_STATUSES = frozenset({Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS})


class TicketRuleError(ValueError):
    """A change the ticket's rules do not allow; the message is for people."""


#: The scores a customer may give, of a ticket or of a conversation the bot solved alone.
RATINGS = range(1, 6)


def check_rating(score: int) -> None:
    if score not in RATINGS:
        raise TicketRuleError(f"评分应为 {RATINGS[0]} 到 {RATINGS[-1]} 分")


class InvalidStatusChange(TicketRuleError):
    pass


@dataclass(frozen=True)
class Customer:
    name: str
    mobile: str


@dataclass(frozen=True)
class StatusChange:
    """One line of a ticket's history: a status change, or a note at the current status."""

    status: Status
    at: datetime
    by: str
    note: str = ""


class RequestKind(str, Enum):
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return {RequestKind.RESCHEDULE: "改约上门时间", RequestKind.CANCEL: "取消上门"}[self]


@dataclass(frozen=True)
class CustomerRequest:
    """A change the customer asked for on an open repair, waiting for staff to confirm it."""

    kind: RequestKind
    detail: str
    at: datetime

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind.value, "detail": self.detail, "at": self.at.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, str] | None) -> CustomerRequest | None:
        if not data:
            return None
        return cls(
            RequestKind(data["kind"]), data.get("detail") or "", datetime.fromisoformat(data["at"])
        )


@dataclass(frozen=True)
class Utterance:
    """One line of the conversation transcript kept on the ticket."""

    speaker: str  # customer / bot
    text: str
    at: datetime | None = None

    def as_json(self) -> dict[str, str | None]:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "at": self.at.isoformat() if self.at else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Utterance:
        at = data.get("at")
        return cls(data["speaker"], data["text"], datetime.fromisoformat(at) if at else None)


@dataclass
class Ticket:
    number: str
    kind: Kind
    priority: Priority
    customer: Customer
    fault: str  # what is wrong (or what the complaint / suggestion says)
    created_at: datetime
    product: str | None = None
    model: str | None = None
    steps_tried: tuple[str, ...] = ()
    purchase_date: str | None = None
    warranty: str | None = None  # 保修期内 / 已过保修期 / 待核实
    city: str | None = None
    district: str | None = None  # 海淀区: where a walk-in customer is, for the nearest outlet
    address: str | None = None
    channel: str = "chat"
    conversation_id: str | None = None
    related_ticket: str | None = None  # a complaint about another ticket
    outlet_id: str | None = None
    service: str = (
        "home_visit"  # home_visit / repair_point / mail_in / remote (the fault's service)
    )
    pending_request: CustomerRequest | None = None  # reschedule / cancel, until staff confirm
    engineer_arrival: datetime | None = None
    resolved_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    transcript: tuple[Utterance, ...] = ()
    status: Status = Status.NEW
    history: list[StatusChange] = field(default_factory=list)

    # --- deadlines -------------------------------------------------------------------------
    @property
    def response_due(self) -> datetime:
        if self.kind is Kind.COMPLAINT:
            return self.created_at + COMPLAINT_RESPONSE_TIME
        return self.created_at + self.priority.response_time

    @property
    def follow_up_due(self) -> datetime | None:
        return self.resolved_at + FOLLOW_UP_AFTER if self.resolved_at else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: datetime) -> bool:
        """Still waiting for its first response (nobody took it) past the deadline."""
        return self.status is Status.NEW and now > self.response_due

    # --- changes -----------------------------------------------------------------------------
    def change_status(self, new: Status, at: datetime, by: str, note: str = "") -> None:
        if new not in ALLOWED_CHANGES[self.status]:
            raise InvalidStatusChange(
                f"工单 {self.number} 当前状态为「{self.status.label}」，不能改为「{new.label}」"
            )
        self.status = new
        if new is Status.RESOLVED:
            self.resolved_at = at
        self.history.append(StatusChange(status=new, at=at, by=by, note=note))

    def assign(self, outlet_id: str, at: datetime, by: str, note: str = "") -> None:
        if self.status not in (Status.NEW, Status.ASSIGNED):
            raise TicketRuleError(
                f"工单 {self.number} 当前状态为「{self.status.label}」，不能再分派网点"
            )
        self.outlet_id = outlet_id
        if self.status is Status.NEW:
            self.change_status(Status.ASSIGNED, at, by, note or f"分派至网点 {outlet_id}")
        else:
            self.add_note(f"改派至网点 {outlet_id}" + (f"：{note}" if note else ""), at, by)

    def schedule_arrival(self, arrival: datetime, at: datetime, by: str) -> None:
        if self.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
            raise TicketRuleError(f"工单 {self.number} 需先分派网点，才能预约工程师上门")
        self.engineer_arrival = arrival
        self.add_note(f"预约工程师 {arrival:%Y-%m-%d %H:%M} 上门", at, by)

    def add_note(self, note: str, at: datetime, by: str) -> None:
        self.history.append(StatusChange(status=self.status, at=at, by=by, note=note))

    def request_change(self, request: CustomerRequest) -> None:
        """The customer asks to reschedule or cancel the visit: recorded until staff confirm it."""
        if self.kind is not Kind.REPAIR:
            raise TicketRuleError(f"工单 {self.number} 不是报修工单，不能改约或取消上门")
        if not self.is_open:
            raise TicketRuleError(
                f"工单 {self.number} 当前状态为「{self.status.label}」，不能再{request.kind.label}"
            )
        self.pending_request = request
        self.add_note(
            f"客户申请{request.kind.label}" + (f"：{request.detail}" if request.detail else ""),
            request.at,
            "customer",
        )

    def confirm_request(
        self, at: datetime, by: str, arrival: datetime | None = None, note: str = ""
    ) -> None:
        """Staff confirm the customer's pending request: the visit is cancelled or moved."""
        request = self.pending_request
        if request is None:
            raise TicketRuleError(f"工单 {self.number} 没有待确认的客户申请")
        if request.kind is RequestKind.CANCEL:
            self.change_status(
                Status.CANCELLED, at, by, note or f"按客户申请取消（{request.detail or '无说明'}）"
            )
        else:
            if arrival is None:
                raise TicketRuleError('改约需要给出新的上门时间（--at "YYYY-MM-DD HH:MM"）')
            self.schedule_arrival(arrival, at, by)
            self.add_note("已按客户申请改约" + (f"：{note}" if note else ""), at, by)
        self.pending_request = None

    def decline_request(self, at: datetime, by: str, note: str) -> None:
        request = self.pending_request
        if request is None:
            raise TicketRuleError(f"工单 {self.number} 没有待确认的客户申请")
        self.pending_request = None
        self.add_note(f"客户申请{request.kind.label}未获同意：{note}", at, by)

    def finish_handoff(self, at: datetime, by: str, note: str) -> None:
        """Staff are done with a handed-over conversation: the handoff ticket is resolved."""
        if self.kind is not Kind.HANDOFF:
            raise TicketRuleError(f"工单 {self.number} 不是转人工工单")
        if self.status in (Status.NEW, Status.ASSIGNED):
            self.change_status(Status.IN_PROGRESS, at, by, "人工接手")
        if self.status is Status.IN_PROGRESS:
            self.change_status(Status.RESOLVED, at, by, note)

    def rate(self, score: int, comment: str | None, at: datetime) -> None:
        check_rating(score)
        if self.status not in (Status.RESOLVED, Status.CLOSED):
            raise TicketRuleError(f"工单 {self.number} 尚未处理完成，暂不能评价")
        self.rating, self.rating_comment = score, comment
        self.add_note(f"客户评分 {score} 分" + (f"：{comment}" if comment else ""), at, "customer")


def new_ticket(
    number: str,
    kind: Kind,
    priority: Priority,
    customer: Customer,
    fault: str,
    created_at: datetime,
    **details: Any,
) -> Ticket:
    ticket = Ticket(
        number=number,
        kind=kind,
        priority=priority,
        customer=customer,
        fault=fault,
        created_at=created_at,
        **details,
    )
    ticket.history.append(
        StatusChange(status=Status.NEW, at=created_at, by="bot", note="客户在线提交")
    )
    return ticket
