"""Which customer messages the bot did not act on confidently (pure: a conversation's events in,
review items out). One item per message, with every reason that applies to it:

- ``clarify``: the bot asked back (``action_clarify``);
- ``fallback``: the message was below the fallback thresholds (``nlu_fallback``);
- ``none_of_these``: the customer answered the clarifying buttons with 「都不是」;
- ``unreadable_twice``: the second reply at one diagnostic step the bot could not read;
- ``wrong_fault``: the customer said 「不对」 right after the bot named a fault for this message;
- ``handoff_after_failures``: the conversation went to a person after this misunderstood message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.knowledge.base import NLU_FALLBACK as FALLBACK

CLARIFY = "action_clarify"
NOT_UNDERSTOOD = "utter_step_not_understood"
START_DIAGNOSIS = "action_start_diagnosis"
HANDOFF = "action_handoff"
#: Rasa's own fallback actions and responses: the bot did not understand the message before them.
DEFAULT_FALLBACKS = frozenset(
    {
        "utter_default",
        "action_default_fallback",
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "utter_ask_rephrase",
    }
)
#: How a customer says the fault the bot named is not theirs (besides the ``deny`` intent).
WRONG = frozenset({"不对", "不是", "不是这个", "不对不对", "错了", "不是这个问题", "都不对"})
GUESSES = 3


@dataclass
class ReviewItem:
    message_key: str
    conversation_id: str
    text: str
    guesses: list[dict[str, Any]]
    channel: str | None
    at: datetime
    reasons: list[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


def intent_of(event: dict[str, Any]) -> str | None:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def top_guesses(event: dict[str, Any], limit: int = GUESSES) -> list[dict[str, Any]]:
    ranking = (event.get("parse_data") or {}).get("intent_ranking") or []
    return [
        {"intent": r["name"], "confidence": round(float(r.get("confidence") or 0), 3)}
        for r in ranking
        if r.get("name") and r["name"] != FALLBACK
    ][:limit]


def is_payload(text: str | None) -> bool:
    return (text or "").startswith("/")


def review_items(
    conversation_id: str, events: Sequence[tuple[str, dict[str, Any]]]
) -> list[ReviewItem]:
    """The review items of one conversation; ``events`` are (key, event) in the order they happened."""
    items: dict[str, ReviewItem] = {}
    last_text: tuple[str, dict[str, Any]] | None = None  # the latest message the customer typed
    clarified = False  # the bot's latest turn asked back
    fault_message: tuple[str, dict[str, Any]] | None = None  # the message a fault was named for
    failed: tuple[str, dict[str, Any]] | None = None  # the latest misunderstood message
    unreadable_at_step = 0

    def item(entry: tuple[str, dict[str, Any]] | None, reason: str) -> None:
        if entry is None:
            return
        key, event = entry
        if key not in items:
            items[key] = ReviewItem(
                key,
                conversation_id,
                event.get("text") or "",
                top_guesses(event),
                event.get("input_channel"),
                datetime.fromtimestamp(float(event.get("timestamp") or 0)),
            )
        items[key].add(reason)

    for key, event in events:
        kind = event.get("event")
        if kind == "session_started":
            last_text = fault_message = failed = None
            clarified = False
            unreadable_at_step = 0
        elif kind == "user":
            text = (event.get("text") or "").strip()
            if fault_message and (intent_of(event) == "deny" or text in WRONG):
                item(fault_message, "wrong_fault")
            fault_message = None
            if is_payload(text):
                if intent_of(event) == FALLBACK and clarified:
                    item(last_text, "none_of_these")
            else:
                last_text = (key, event)
                if intent_of(event) == FALLBACK:
                    item(last_text, "fallback")
                    failed = last_text
            clarified = False
        elif kind == "slot" and event.get("name") == "diag_step":
            unreadable_at_step = 0
        elif kind == "action":
            name = event.get("name")
            if name == CLARIFY and last_text:
                item(last_text, "clarify")
                failed, clarified = last_text, True
            elif name == NOT_UNDERSTOOD and last_text:
                unreadable_at_step += 1
                failed = last_text
                if unreadable_at_step >= 2:
                    item(last_text, "unreadable_twice")
            elif name in DEFAULT_FALLBACKS and last_text:
                item(last_text, "fallback")
                failed = last_text
            elif name == START_DIAGNOSIS:
                fault_message = last_text
            elif name == HANDOFF and failed:
                item(failed, "handoff_after_failures")
    return sorted(items.values(), key=lambda i: i.at)
