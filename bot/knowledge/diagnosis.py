"""Diagnostic flows and the walker that moves through them.

A diagnosis is the maker's troubleshooting procedure for one fault intent: an ordered set of
steps, each either an instruction to try ("check": did it help?), a yes/no question that
branches ("question"), or a request for information the engineer will need ("info").

The walker is a pure function of (diagnosis, current step, answer) -> where to go next. It
knows nothing of Rasa: actions carry its state in slots.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

#: Targets a step may point to besides another step id.
RESOLVED = "resolved"
ESCALATE = "escalate"
END_TARGETS = (RESOLVED, ESCALATE)
#: How a diagnosis ended (the ``diag_outcome`` slot, read by the report): RESOLVED, or this.
UNRESOLVED = "unresolved"


class StepKind(str, Enum):
    CHECK = "check"  # try this; yes -> resolved, no/skip -> next
    QUESTION = "question"  # yes -> `yes` target, no/skip -> `no` target
    INFO = "info"  # free-text answer stored under `field`, then next


class Answer(str, Enum):
    YES = "yes"
    NO = "no"
    SKIP = "skip"  # "这一步试过了": already tried, move on
    TEXT = "text"  # free text given to an info step
    FIXED = "fixed"  # "好了，不晃了" at any step: the problem is gone


#: What a step's outcomes may be called in knowledge/ (``replies:`` of a step, knowledge/replies.yml)
#: and the answer each one gives, per kind of step. ``unchanged`` is "done, nothing changed"
#: (「温度本来就是对的」): the step did not help, and it is not a failure either.
OUTCOMES: dict[StepKind, dict[str, Answer]] = {
    StepKind.CHECK: {
        "fixed": Answer.YES,
        "not_fixed": Answer.NO,
        "unchanged": Answer.SKIP,
        "affirm": Answer.YES,
        "deny": Answer.NO,
        "skip": Answer.SKIP,
    },
    StepKind.QUESTION: {
        "affirm": Answer.YES,
        "deny": Answer.NO,
        "fixed": Answer.FIXED,
        "skip": Answer.SKIP,
    },
    StepKind.INFO: {"fixed": Answer.FIXED, "skip": Answer.SKIP},
}


#: The ``field`` of a step that asks the model and the purchase date (the ticket's fields): not
#: asked when the customer gave both, the model only when the date is known.
MODEL_AND_DATE = "model_and_date"


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    title: str  # a few words for staff reading the ticket: 重插HDMI线
    text: str  # what the customer is told or asked
    next: str | None = None  # check / info
    yes: str | None = None  # question
    no: str | None = None  # question
    field: str | None = None  # info
    #: the buttons of a question, or of a check that asks whether the harmless case is the
    #: customer's (「您听到的属于这类声音吗？」)
    yes_label: str | None = None
    no_label: str | None = None
    #: what the bot says when such a check's yes ends the steps: the harmless case, nothing was
    #: fixed (「那是冰箱正常工作的声音」, not 「问题解决了」)
    resolved: str | None = None
    #: what this step's outcomes sound like: outcome (see OUTCOMES) -> regular expressions
    replies: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    help: str | None = None  # how to do the step, for 「我不会」「在哪看」
    #: a model-and-date step asked when the customer already gave the purchase date: the model only
    text_date_known: str | None = None
    #: a check the customer says, before it is asked, they already did without help
    #: (「充了一晚上还是黑的」 for the charging step): regular expressions; it is passed over
    done_before: tuple[str, ...] = ()
    #: a question an earlier message may already answer (「我家是波轮的」): affirm / deny ->
    #: regular expressions, stricter than ``replies`` (they are read in messages about anything)
    answered_early: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def targets(self) -> tuple[str, ...]:
        return tuple(t for t in (self.next, self.yes, self.no) if t)


@dataclass(frozen=True)
class Diagnosis:
    intent: str
    product: str
    title: str
    priority: str  # ticket priority when the customer's problem is not solved
    service: str  # how an engineer takes over: home_visit / repair_point / mail_in / remote
    first: str
    steps: dict[str, Step]
    unresolved: str  # what the bot says when the steps run out
    likely_causes: tuple[str, ...] = ()
    collect: tuple[str, ...] = field(default_factory=tuple)
    #: reached from a display code on this product line (「洗衣机显示E3」), not from an intent of its own
    by_code: bool = False
    #: faults one message cannot mean beside this one (the air conditioner heats or cools):
    #: 「制热不行，吹出来的是凉风」 is weak heating, though 「吹出来的是凉风」 alone reads as cooling
    excludes: tuple[str, ...] = ()
    #: what customers call the fault in their own words (卡机, 闪退 of 手机卡顿): the knowledge-base
    #: search matches a message to it by these as well as by its title and steps
    said_as: tuple[str, ...] = ()

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @property
    def starts_with_code(self) -> bool:
        """The first step asks for the display code (the code intent, and every ``by_code`` one)."""
        return self.step(self.first).field == "error_code"


def advance(diagnosis: Diagnosis, step_id: str, answer: Answer) -> str:
    """Return the target after answering ``step_id``: a step id, RESOLVED or ESCALATE."""
    step = diagnosis.step(step_id)
    if answer is Answer.FIXED:
        return RESOLVED
    if step.kind is StepKind.CHECK:
        if answer is Answer.YES:
            return RESOLVED
        return step.next or ESCALATE
    if step.kind is StepKind.QUESTION:
        if answer is Answer.YES:
            return step.yes or ESCALATE
        return step.no or ESCALATE
    return step.next or ESCALATE


#: Right before a ``done_before`` match, the customer says it was not done (没充过电, 不是波轮).
NOT_DONE = re.compile(r"[没不未别]$|还没$|没有$|不是$")
#: A negation inside a match of a pattern that names none itself: the pattern's gap took it
#: (「滤网没洗过」 for 「(滤网|过滤网).{0,4}(洗…)(过|了)」).
NEGATION = re.compile(r"[没不未别]")


def said_done(patterns: Sequence[str], text: str) -> bool:
    """A match of ``patterns`` in ``text`` not negated right before it (没充过电, 不是波轮) or
    inside it (滤网没洗过)."""
    return any(
        not NOT_DONE.search(text[max(0, match.start() - 2) : match.start()])
        and (NEGATION.search(pattern) or not NEGATION.search(match.group(0)))
        for pattern in patterns
        for match in re.finditer(pattern, text)
    )


def said_before(step: Step, texts: Sequence[str]) -> tuple[str, Answer] | None:
    """The customer's message that already answers ``step``, and the answer: a check said done
    without help (its ``done_before``), or a question answered one way only
    (``answered_early``: 「我家是波轮的」 to 「是滚筒洗衣机吗」)."""
    for text in texts:
        if step.kind is StepKind.CHECK and said_done(step.done_before, text):
            return text, Answer.NO
        if step.kind is StepKind.QUESTION and step.answered_early:
            yes = said_done(step.answered_early.get("affirm", ()), text)
            no = said_done(step.answered_early.get("deny", ()), text)
            if yes != no:
                return text, Answer.YES if yes else Answer.NO
    return None


def pass_over_done(
    diagnosis: Diagnosis, target: str, texts: Sequence[str]
) -> tuple[str, list[tuple[Step, str, Answer]]]:
    """From ``target`` on, the steps the customer already answered in an earlier message are
    passed over: the next target, and each step passed over with that message and its answer."""
    passed: list[tuple[Step, str, Answer]] = []
    while target in diagnosis.steps:
        step = diagnosis.step(target)
        found = said_before(step, texts)
        if found is None:
            break
        said, answer = found
        passed.append((step, said, answer))
        target = advance(diagnosis, target, answer)
    return target, passed


def answered_ahead(diagnosis: Diagnosis, step_id: str, text: str) -> list[Step]:
    """The steps after ``step_id`` that ``text`` already answers (「门封条看着挺好的没啥缝」 at the
    temperature step answers the door-seal check): they will be passed over when they come."""
    seen, queue, found = {step_id}, list(diagnosis.step(step_id).targets()), []
    while queue:
        target = queue.pop(0)
        if target in seen or target not in diagnosis.steps:
            continue
        seen.add(target)
        step = diagnosis.step(target)
        if said_before(step, [text]) is not None:
            found.append(step)
        queue.extend(step.targets())
    return found


def is_finished(target: str) -> bool:
    return target in END_TARGETS


#: What generic wording (knowledge/replies.yml) may name besides step outcomes.
READINGS = (
    "help",
    "wait",
    "other_product",
    "offer_accept",
    "offer_decline",
    "dont_know",
    "wants_engineer",
    # what a button of an offer means, keyed by its payload's intent (typed instead of pressed)
    "request_human",
    "request_repair",
    "stop",
)


@dataclass(frozen=True)
class ReplyWording:
    """Generic ways customers answer any step (knowledge/replies.yml)."""

    patterns: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # outcome or reading -> regexes
    negations: tuple[str, ...] = ()
    help: str = ""  # said for 「我不会」 when the step has no help of its own
    wait: str = ""  # said for 「好的，我试试」
    still_unclear: str = ""  # said when the way out was offered twice and still not understood
    visit_proposal: str = ""  # said when a home-visit repair is registered without being asked
    walk_in_city_question: str = ""  # the city question of a walk-in repair: the district too
    visit_decline: str = ""  # the button that declines it
