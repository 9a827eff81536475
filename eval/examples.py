"""What a test message is and what a variant says about it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, FrozenSet, Iterable, List, Mapping, Optional, Tuple

#: An entity annotation: (entity type, start, end) in the message text.
Span = Tuple[str, int, int]

#: The intent Rasa's FallbackClassifier predicts when it is not confident enough.
FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class Example:
    """A message with its true intent and entity spans."""

    text: str
    intent: str
    entities: FrozenSet[Span] = frozenset()


@dataclass(frozen=True)
class Prediction:
    """What a variant predicts for one message.

    ``intent_before_fallback`` is the best intent other than ``nlu_fallback`` (the same as
    ``intent`` when no fallback happened); ``entities`` is None when the variant extracts none.
    """

    intent: str
    intent_before_fallback: str
    entities: Optional[FrozenSet[Span]] = None


def spans(entities: Iterable[Mapping[str, Any]]) -> FrozenSet[Span]:
    """The spans of Rasa entity dictionaries (duplicates from several extractors merged)."""
    return frozenset(
        (str(e["entity"]), int(e["start"]), int(e["end"]))
        for e in entities
        if "start" in e and "end" in e
    )


def load_examples(path: Path) -> List[Example]:
    """The intent examples of a Rasa NLU file or folder of files."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(message.get("text"), message.get("intent"), spans(message.get("entities") or []))
        for message in data.intent_examples
    ]
