"""Intent rankings as the pipeline's components pass them on: ``[{"name", "confidence"}, …]``."""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

Ranking = list[dict[str, Any]]


def set_ranking(message: Message, ranking: Ranking) -> None:
    """A component's new reading of ``message``, on the parse result: the ranking, its first
    meaning as the intent."""
    top = ranking[0]
    message.set(INTENT, {"name": top["name"], "confidence": top["confidence"]}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def dropped(ranking: Ranking, name: str) -> Ranking:
    """The ranking without ``name``'s reading: it goes last, at no confidence; the other meanings
    keep theirs (the fallback classifier then asks back when none is sure)."""
    return [r for r in ranking if r["name"] != name] + [{"name": name, "confidence": 0.0}]


def lead_with(ranking: Ranking, name: str, confidence: float) -> Ranking:
    """``name`` first, with at least the ranking's top confidence; the other meanings share what it
    leaves, so the fallback classifier never sees a tie between the old and the new reading."""
    top = ranking[0]["confidence"] if ranking else 0.0
    confidence = max(confidence, top)
    rest = 1.0 - confidence
    return [{"name": name, "confidence": confidence}] + [
        {**r, "confidence": r["confidence"] * rest} for r in ranking if r["name"] != name
    ]
