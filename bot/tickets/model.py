"""The ticket domain: what a ticket is and the rules it follows. No ORM, no Rasa."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Dict, FrozenSet, List, Optional, Tuple


class Kind(str, Enum):
    REPAIR = "repair"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    HANDOFF = "handoff"
    REMOTE_ASSIST = "remote_assist"


class Priority(str, Enum):
    P1 = "P1"  # safety hazard or the whole unit unusable
    P2 = "P2"  # a main function fails
    P3 = "P3"  # minor fault
    P4 = "P4"  # how-to question

    @property
    def response_time(self) -> timedelta:
        return RESPONSE_TIMES[self]

    @property
    def label(self) -> str:
        return PRIORITY_LABELS[self]


RESPONSE_TIMES: Dict[Priority, timedelta] = {
    Priority.P1: timedelta(minutes=30),
    Priority.P2: timedelta(hours=2),
    Priority.P3: timedelta(hours=24),
    Priority.P4: timedelta(hours=24),
}

PRIORITY_LABELS: Dict[Priority, str] = {
    Priority.P1: "30 分钟内",
    Priority.P2: "2 小时内",
    Priority.P3: "24 小时内",
    Priority.P4: "24 小时内",
}


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


STATUS_LABELS: Dict[Status, str] = {
    Status.NEW: "已受理，等待分派",
    Status.ASSIGNED: "已分派给服务网点",
    Status.IN_PROGRESS: "维修处理中",
    Status.RESOLVED: "已处理完成",
    Status.CLOSED: "已关闭",
    Status.CANCELLED: "已取消",
}

ALLOWED_CHANGES: Dict[Status, FrozenSet[Status]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.CANCELLED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}


class InvalidStatusChange(ValueError):
    pass


@dataclass(frozen=True)
class Customer:
    name: str
    mobile: str


@dataclass(frozen=True)
class StatusChange:
    status: Status
    at: datetime
    by: str
    note: str = ""


@dataclass
class Ticket:
    number: str
    kind: Kind
    priority: Priority
    customer: Customer
    fault: str  # what is wrong, in the customer's or the knowledge base's words
    created_at: datetime
    product: Optional[str] = None
    model: Optional[str] = None
    steps_tried: Tuple[str, ...] = ()
    purchase_date: Optional[str] = None
    city: Optional[str] = None
    address: Optional[str] = None
    channel: str = "chat"
    conversation_id: Optional[str] = None
    status: Status = Status.NEW
    history: List[StatusChange] = field(default_factory=list)

    @property
    def response_due(self) -> datetime:
        return self.created_at + self.priority.response_time

    def change_status(self, new: Status, at: datetime, by: str, note: str = "") -> None:
        if new not in ALLOWED_CHANGES[self.status]:
            raise InvalidStatusChange(
                f"工单 {self.number} 当前状态为「{self.status.label}」，不能改为「{new.label}」"
            )
        self.status = new
        self.history.append(StatusChange(status=new, at=at, by=by, note=note))


def new_ticket(
    number: str,
    kind: Kind,
    priority: Priority,
    customer: Customer,
    fault: str,
    created_at: datetime,
    **details,
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
    ticket.history.append(StatusChange(status=Status.NEW, at=created_at, by="bot", note="客户在线提交"))
    return ticket
