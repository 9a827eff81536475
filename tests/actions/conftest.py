"""Action tests: real trackers (JSON fixtures in the shape the Rasa server sends), the real
domain and a real SQLite ticket database; only the dispatcher is a collector."""
import json
from pathlib import Path
from typing import Any, Dict

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
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


def load_tracker(name: str, **slot_overrides: Any) -> Tracker:
    """A tracker from ``fixtures/<name>.json``, with some slots changed for the case at hand."""
    state = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    state["slots"].update(slot_overrides)
    return Tracker.from_dict(state)


def texts(dispatcher: CollectingDispatcher):
    return [m.get("text") or m.get("response") for m in dispatcher.messages]


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
