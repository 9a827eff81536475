"""Action tests: real trackers (JSON fixtures in the shape the Rasa server sends), the real
domain and a real SQLite ticket database; only the dispatcher is a collector."""

import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(autouse=True)
def ticket_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def load_tracker(name: str, validating_form: str | None = None, **slot_overrides: Any) -> Tracker:
    """A tracker from ``fixtures/<name>.json``, with some slots changed for the case at hand.

    With ``validating_form``, the tracker is the one Rasa's FormAction sends to the form's
    validation action: the requested slot, the form's own execution, then the slot values
    extracted from the customer's message as candidates.
    """
    state = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    state["slots"].update(slot_overrides)
    if validating_form:
        events = state["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        candidates = [e for e in events[last_user + 1 :] if e["event"] == "slot"]
        events += [
            {
                "event": "slot",
                "name": "requested_slot",
                "value": state["slots"].get("requested_slot"),
            },
            {"event": "action", "name": validating_form},
            *candidates,
        ]
        state["latest_action_name"] = validating_form
    return Tracker.from_dict(state)


def texts(dispatcher: CollectingDispatcher):
    return [m.get("text") or m.get("response") for m in dispatcher.messages]


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
