"""Never trap a customer: how often the bot already asked the same thing.

Every prompt for a form slot or a diagnostic step is a bot message marked with what it asks:
``metadata.prompt`` for messages of our ask actions, ``metadata.utter_action`` (``utter_ask_<slot>``)
for the domain's prompts. Counting them over the conversation's applied events (Rasa's
``tracker.applied_events()``) catches every re-send, also after a detour. The count of a slot
starts again once the slot was filled (or, for a step, once the conversation moved to another step).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: The bot asks the same thing at most this often; the next time it offers a way out instead.
MAX_ASKS = 2
OFFER = "offer"


def prompt_key(slot: str, kind: str | None = None) -> str:
    """What a bot message asking for ``slot`` is marked with (``kind``: e.g. the offer)."""
    return f"{slot}:{kind}" if kind else slot


def _asks_for(event: dict[str, Any], key: str) -> bool:
    metadata = event.get("metadata") or {}
    if metadata.get("prompt") is not None:
        return metadata.get("prompt") == key
    action = metadata.get("utter_action") or ""
    return ":" not in key and (
        action == f"utter_ask_{key}"
        or action.endswith(f"_{key}")
        and action.startswith("utter_ask_")
    )


def times_asked(events: Iterable[dict[str, Any]], key: str, reset_on: Iterable[str] = ()) -> int:
    """How many bot messages asked ``key`` since the count last started again.

    The count starts again when the slot named by ``key`` is set to a value, or when any slot in
    ``reset_on`` is set (a diagnosis moving to another step), and after a restart.
    """
    slot, resets, count = key.split(":", 1)[0], set(reset_on), 0
    for event in events:
        kind = event.get("event")
        if kind == "bot" and _asks_for(event, key):
            count += 1
        elif kind == "slot" and (
            event.get("name") in resets
            or (event.get("name") == slot and event.get("value") is not None)
        ):
            count = 0
        elif kind in ("restart", "session_started"):
            count = 0
    return count


def should_offer_way_out(
    events: Iterable[dict[str, Any]], slot: str, reset_on: Iterable[str] = ()
) -> bool:
    """True when asking for ``slot`` again would be the third time: offer a way out instead."""
    return times_asked(list(events), prompt_key(slot), reset_on) >= MAX_ASKS
