"""What a test message is and what a variant says about it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

#: An entity annotation: (entity type, start, end) in the message text.
Span = tuple[str, int, int]
#: An entity as the bot uses it: (entity type, normalised value), e.g. ("city", "上海") for 上海浦东.
Value = tuple[str, str]


@dataclass(frozen=True)
class Example:
    """A message with its true (primary) intent, secondary intents and entities."""

    text: str
    intent: str
    entities: frozenset[Span] = frozenset()
    #: the entities' normalised values, one per annotation, sorted (what entity F1 is counted on)
    values: tuple[Value, ...] = ()
    #: secondary meanings (a complaint around a fault): acting on one is neither understood nor wrong
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prediction:
    """What a variant predicts for one message.

    ``intent`` is what the bot acts on (``nlu_fallback``: it asks back); ``intent_before_fallback``
    the classifier's best intent (its top-1); ``offered`` the intents of the buttons it offers when
    it asks back (``bot.dialogue.clarify.candidates``); ``entities`` and ``values`` are None when
    the variant extracts no entities.
    """

    intent: str
    intent_before_fallback: str
    entities: frozenset[Span] | None = None
    offered: tuple[str, ...] = ()
    values: tuple[Value, ...] | None = None


def spans(entities: Iterable[Mapping[str, Any]]) -> frozenset[Span]:
    """The spans of Rasa entity dictionaries (duplicates from several extractors merged)."""
    return frozenset(
        (str(e["entity"]), int(e["start"]), int(e["end"]))
        for e in entities
        if "start" in e and "end" in e
    )


def values(entities: Iterable[Mapping[str, Any]]) -> tuple[Value, ...]:
    """The (type, normalised value) pairs of Rasa entity dictionaries, sorted: one per entity (the
    same entity of the same span from several extractors once; the same value twice in a message
    twice)."""
    unique = {
        (str(e["entity"]), str(e.get("value")), e.get("start"), e.get("end"))
        for e in entities
        if e.get("value") is not None
    }
    return tuple(sorted((entity, value) for entity, value, _, _ in unique))


def load_examples(path: Path) -> list[Example]:
    """The examples of a Rasa NLU file or folder of files (messages without an intent get "")."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(
            message.get("text"),
            message.get("intent") or "",
            spans(message.get("entities") or []),
            values(message.get("entities") or []),
        )
        for message in data.training_examples
        if message.get("text")
    ]


def with_synonyms(examples: Iterable[Example], synonyms: Mapping[str, str]) -> list[Example]:
    """``examples`` with each entity value replaced by its synonym's target (matched in lower case),
    the way the pipeline's synonym mappers normalise what they extract: for a set annotated with
    the words as written (``[电视](product)``) to be scored on normalised values (``tv``)."""
    return [
        replace(e, values=tuple(sorted((t, synonyms.get(v.lower(), v)) for t, v in e.values)))
        for e in examples
    ]


def pipeline_synonyms(train_data: Path) -> dict[str, str]:
    """The synonyms the pipeline learns: the knowledge base's product words and those of the
    training data (``KnowledgeSynonymMapper``), lower-cased."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.knowledge import load_knowledge

    found = {
        word.lower(): value for word, value in load_data(str(train_data)).entity_synonyms.items()
    }
    found.update(
        {word.lower(): product for word, product in load_knowledge().synonym_map().items()}
    )
    return found
