"""What a conversation reached, against what the simulated customer wanted: the outcome, every
field of its ticket, repeated questions, turns to the ticket, and the messages the bot asked
back on. Pure functions over the transcript, the ticket rows and the tracker's events."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.converse.agent import Reply, digits, same_model, says_resolved
from bench.converse.customers import Customer
from bot.dialogue.dates import parse_purchase_date
from bot.knowledge import KnowledgeBase, get_knowledge
from bot.knowledge.places import nearest_outlet

#: The bot's actions that ask the customer back instead of acting on the message.
ASK_BACK_ACTIONS = frozenset(
    {
        "action_clarify",
        "utter_default",
        "utter_step_not_understood",
        "action_default_fallback",
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "utter_ask_rephrase",
    }
)
#: The outcome each goal calls for.
PROPER: dict[str, str] = {
    "fix": "fixed",
    "ticket": "ticket",
    "handoff": "handoff",
    "answer": "answered",
    "complaint": "complaint",
    "status": "status",
}
REPEATED = 3  # the same prompt this many times in one conversation is a trap


@dataclass
class Turn:
    customer: str
    replies: list[dict]
    asked_back: str | None = (
        None  # why the bot asked back on this message (an action or the fallback intent)
    )

    @property
    def reply(self) -> Reply:
        return Reply(self.replies)


@dataclass
class Verdict:
    outcome: str
    proper: bool
    ended: str  # contained / ticket / handoff
    wrong_fields: list[dict[str, Any]] = field(default_factory=list)
    repeated: dict[str, int] = field(default_factory=dict)
    turns_to_ticket: int | None = None


def ticket_row(ticket: Any) -> dict[str, Any]:
    """The fields of a domain ticket (from the repository) that the benchmark compares."""
    customer = getattr(ticket, "customer", None)
    contacts = [
        getattr(customer, "mobile", None),
        getattr(customer, "landline", None),
        getattr(ticket, "landline", None),
        getattr(customer, "phone", None),
    ]
    kind = getattr(ticket, "kind", None)
    priority = getattr(ticket, "priority", None)
    return {
        "number": ticket.number,
        "kind": getattr(kind, "value", kind),
        "priority": getattr(priority, "value", priority),
        "product": getattr(ticket, "product", None),
        "fault": getattr(ticket, "fault", None),
        "model": getattr(ticket, "model", None),
        "purchase_date": _text(getattr(ticket, "purchase_date", None)),
        "city": getattr(ticket, "city", None),
        "outlet_id": getattr(ticket, "outlet_id", None),
        "address": getattr(ticket, "address", None),
        "name": getattr(customer, "name", None),
        "contact": [str(c) for c in contacts if c],
        "created_at": _text(getattr(ticket, "created_at", None)),
    }


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _given(value: str | None) -> bool:
    """A ticket value that says something (not empty, not 'unknown')."""
    return bool(value) and str(value).strip() not in ("不详", "—", "-", "未知", "不知道", "None")


def expected_outlet(customer: Customer, knowledge: KnowledgeBase) -> str | None:
    v = customer.values
    outlet = nearest_outlet(
        knowledge.outlets.values(), knowledge.city(v.city), v.product, v.address
    )
    return outlet.id if outlet else None


def wrong_fields(
    customer: Customer, row: dict[str, Any], knowledge: KnowledgeBase | None = None
) -> list[dict[str, Any]]:
    """Each field of the ticket ``row`` that is not what the customer meant: {field, expected, actual}."""
    knowledge = knowledge or get_knowledge()
    v = customer.values
    wrong: list[dict[str, Any]] = []

    def check(name: str, ok: bool, expected: Any) -> None:
        if not ok:
            wrong.append(
                {
                    "field": name,
                    "expected": expected,
                    "actual": row.get(name if name != "fault" else "fault"),
                }
            )

    given = [digits(c) for c in row.get("contact") or ()]
    check("name", row.get("name") == v.name, v.name)
    check("contact", digits(v.contact) in given, v.contact)
    if customer.goal == "complaint":
        check("kind", row.get("kind") == "complaint", "complaint")
        return wrong
    diagnosis = knowledge.diagnosis(v.fault)
    check("kind", row.get("kind") == "repair", "repair")
    check("product", row.get("product") == v.product, v.product)
    check(
        "fault",
        bool(diagnosis and diagnosis.title in (row.get("fault") or "")),
        diagnosis.title if diagnosis else None,
    )
    priority = knowledge.fault_priority(v.fault)
    check("priority", row.get("priority") == priority, priority)
    if v.model:
        check("model", same_model(row.get("model"), v.model), v.model)
    else:
        check("model", not _given(row.get("model")), None)
    created = _created(row)
    parsed = parse_purchase_date(row.get("purchase_date"), created)
    check(
        "purchase_date",
        bool(parsed and (parsed.year, parsed.month) == v.purchase),
        f"{v.purchase[0]}-{v.purchase[1]:02d}" if v.purchase else None,
    )
    city = knowledge.city(row.get("city"))
    check("city", bool(city and city.name == v.city), v.city)
    outlet = expected_outlet(customer, knowledge)
    check("outlet_id", row.get("outlet_id") == outlet, outlet)
    address = re.sub(r"\s", "", row.get("address") or "")
    home_visit = diagnosis is not None and diagnosis.service == "home_visit"
    if home_visit or _given(row.get("address")):
        check("address", bool(v.address and v.address in address), v.address)
    return wrong


def _created(row: dict[str, Any]) -> date:
    created = row.get("created_at")
    try:
        return date.fromisoformat(str(created)[:10]) if created else date.today()
    except ValueError:
        return date.today()


def outcome(
    customer: Customer,
    turns: Sequence[Turn],
    rows: Sequence[dict[str, Any]],
    status_number: str = "",
) -> str:
    """What the conversation reached: handoff, ticket, complaint, fixed, answered, status or none."""
    kinds = {row.get("kind") for row in rows}
    texts = [t.reply.text for t in turns]
    if "handoff" in kinds:
        return "handoff"
    if "repair" in kinds:
        return "ticket"
    if "complaint" in kinds:
        return "complaint"
    if any(says_resolved(text) for text in texts):
        return "fixed"
    if customer.question and any(customer.question[2] in text for text in texts):
        return "answered"
    if status_number and any(status_number in text and "状态" in text for text in texts):
        return "status"
    return "none"


def ended(rows: Sequence[dict[str, Any]]) -> str:
    """How the conversation ended, as the analytics count it: with a person, a ticket, or neither."""
    kinds = {row.get("kind") for row in rows}
    if "handoff" in kinds:
        return "handoff"
    if kinds & {"repair", "complaint", "suggestion"}:
        return "ticket"
    return "contained"


def repeated_prompts(turns: Iterable[Turn], times: int = REPEATED) -> dict[str, int]:
    """The bot's prompts (a question or buttons) sent ``times`` times or more in the conversation."""
    counts: dict[str, int] = {}
    for turn in turns:
        for prompt in turn.reply.prompts():
            counts[prompt] = counts.get(prompt, 0) + 1
    return {prompt: n for prompt, n in counts.items() if n >= times}


def turns_to_ticket(turns: Sequence[Turn], number: str | None) -> int | None:
    """Customer messages up to (and with) the one whose reply confirmed the ticket."""
    if not number:
        return None
    for index, turn in enumerate(turns, 1):
        if number in turn.reply.text:
            return index
    return None


def asked_back(events: Sequence[dict[str, Any]]) -> list[str | None]:
    """For each customer message in the tracker, the action with which the bot asked back on it
    (a clarifying question, the fallback, a step re-asked as not understood); None: it acted.
    A message classified as ``nlu_fallback`` that a form still took as its answer is not asked back."""
    reasons: list[str | None] = []
    for event in events:
        if event.get("event") == "user":
            reasons.append(None)
        elif (
            event.get("event") == "action"
            and reasons
            and reasons[-1] is None
            and event.get("name") in ASK_BACK_ACTIONS
        ):
            reasons[-1] = event["name"]
    return reasons


def judge(
    customer: Customer,
    turns: Sequence[Turn],
    rows: Sequence[dict[str, Any]],
    status_number: str = "",
    knowledge: KnowledgeBase | None = None,
) -> Verdict:
    reached = outcome(customer, turns, rows, status_number)
    wanted_kind = {"ticket": "repair", "complaint": "complaint"}.get(customer.goal)
    ticket = (
        next((row for row in rows if row.get("kind") == wanted_kind), None) if wanted_kind else None
    )
    wrong = wrong_fields(customer, ticket, knowledge) if ticket else []
    proper = reached == PROPER[customer.goal] and not wrong
    return Verdict(
        outcome=reached,
        proper=proper,
        ended=ended(rows),
        wrong_fields=wrong,
        repeated=repeated_prompts(turns),
        turns_to_ticket=turns_to_ticket(turns, ticket["number"])
        if ticket and wanted_kind == "repair"
        else None,
    )
