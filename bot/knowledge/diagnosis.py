"""Diagnostic flows and the walker that moves through them.

A diagnosis is the maker's troubleshooting procedure for one fault intent: an ordered set of
steps, each either an instruction to try ("check": did it help?), a yes/no question that
branches ("question"), or a request for information the engineer will need ("info").

The walker is a pure function of (diagnosis, current step, answer) -> where to go next. It
knows nothing of Rasa: actions carry its state in slots.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Dict, Optional, Tuple

#: Targets a step may point to besides another step id.
RESOLVED = "resolved"
ESCALATE = "escalate"
END_TARGETS = (RESOLVED, ESCALATE)


class StepKind(str, Enum):
    CHECK = "check"  # try this; yes -> resolved, no/skip -> next
    QUESTION = "question"  # yes -> `yes` target, no/skip -> `no` target
    INFO = "info"  # free-text answer stored under `field`, then next


class Answer(str, Enum):
    YES = "yes"
    NO = "no"
    SKIP = "skip"  # "这一步试过了": already tried, move on
    TEXT = "text"  # free text given to an info step


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    title: str  # a few words for staff reading the ticket: 重插HDMI线
    text: str  # what the customer is told or asked
    next: Optional[str] = None  # check / info
    yes: Optional[str] = None  # question
    no: Optional[str] = None  # question
    field: Optional[str] = None  # info
    yes_label: Optional[str] = None
    no_label: Optional[str] = None

    def targets(self) -> Tuple[str, ...]:
        return tuple(t for t in (self.next, self.yes, self.no) if t)


@dataclass(frozen=True)
class Diagnosis:
    intent: str
    product: str
    title: str
    priority: str  # ticket priority when the customer's problem is not solved
    service: str  # how an engineer takes over: home_visit / repair_point / mail_in / remote
    first: str
    steps: Dict[str, Step]
    unresolved: str  # what the bot says when the steps run out
    likely_causes: Tuple[str, ...] = ()
    collect: Tuple[str, ...] = field(default_factory=tuple)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]


def advance(diagnosis: Diagnosis, step_id: str, answer: Answer) -> str:
    """Return the target after answering ``step_id``: a step id, RESOLVED or ESCALATE."""
    step = diagnosis.step(step_id)
    if step.kind is StepKind.CHECK:
        if answer is Answer.YES:
            return RESOLVED
        return step.next or ESCALATE
    if step.kind is StepKind.QUESTION:
        if answer is Answer.YES:
            return step.yes or ESCALATE
        return step.no or ESCALATE
    return step.next or ESCALATE


def is_finished(target: str) -> bool:
    return target in END_TARGETS
