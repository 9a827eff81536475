"""Train one variant, parse every message of every test set, time both and score the predictions."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eval.examples import Example, Prediction
from eval.metrics import EntityReport, entity_report
from eval.understanding import UNDERSTOOD, Understanding, understanding, verdict
from eval.variant import Parser, Variant

HELD_OUT, REAL, EVERYDAY, ENTITIES = "held-out", "real", "everyday", "entities"


@dataclass(frozen=True)
class EvalSet:
    name: str
    examples: Sequence[Example]
    #: HELD_OUT (tests/nlu/test_nlu.yml), REAL (real customers), EVERYDAY (queries not for us) or
    #: ENTITIES (tests/nlu/entities.yml: entity F1 only)
    kind: str


@dataclass(frozen=True)
class SetResult:
    #: None for a set scored on entities only
    understanding: Understanding | None
    #: F1 on normalised values; None when the variant extracts no entities or the set has none
    entities: EntityReport | None
    #: the messages not understood or with wrong entities (for improving the data)
    errors: list[dict[str, Any]]


@dataclass(frozen=True)
class VariantResult:
    name: str
    source: str
    train_seconds: float
    #: mean wall time of one parse over the first test set, after one warm-up parse
    parse_ms: float
    sets: dict[str, SetResult]
    #: training messages with entity annotations that do not fall on the variant's tokens
    misaligned_annotations: list[str]


def evaluate_variant(
    variant: Variant, train_dir: Path, sets: Sequence[EvalSet], work_dir: Path
) -> VariantResult:
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    variant.train(train_dir, work_dir)
    train_seconds = time.perf_counter() - started
    results: dict[str, SetResult] = {}
    parse_ms = 0.0
    with variant.loaded() as parse:
        for number, test_set in enumerate(sets):
            predictions, seconds = parse_all(parse, [e.text for e in test_set.examples])
            if number == 0:
                parse_ms = 1000 * seconds / max(len(predictions), 1)
            results[test_set.name] = score_set(test_set, predictions, variant.extracts_entities)
    return VariantResult(
        variant.name,
        variant.describe(),
        train_seconds,
        parse_ms,
        results,
        list(variant.misaligned_annotations),
    )


def per_message(
    examples: Sequence[Example], predictions: Sequence[Prediction]
) -> tuple[list[Example], list[Prediction]]:
    """A real set labels each value once per message, and only some entity types: its values and
    the predictions' are compared as sets, and only over the types the set labels."""
    types = {t for e in examples for t, _ in e.values}

    def kept(found: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted({(t, v) for t, v in found if t in types}))

    return (
        [replace(e, values=kept(e.values)) for e in examples],
        [replace(p, values=kept(p.values)) if p.values is not None else p for p in predictions],
    )


def score_set(
    test_set: EvalSet, predictions: Sequence[Prediction], extracts_entities: bool
) -> SetResult:
    examples = test_set.examples
    has_entities = any(e.values for e in examples)
    if test_set.kind in (REAL, EVERYDAY) and has_entities:
        examples, predictions = per_message(examples, predictions)
    return SetResult(
        understanding=None if test_set.kind == ENTITIES else understanding(examples, predictions),
        entities=entity_report([e.values for e in examples], [p.values or () for p in predictions])
        if extracts_entities and has_entities
        else None,
        errors=errors(examples, predictions, intents=test_set.kind != ENTITIES),
    )


def parse_all(parse: Parser, texts: Sequence[str]) -> tuple[list[Prediction], float]:
    """The predictions for ``texts`` and the time they took, after one warm-up parse."""
    if texts:
        parse(texts[0])
    started = time.perf_counter()
    predictions = [parse(text) for text in texts]
    return predictions, time.perf_counter() - started


def errors(
    examples: Sequence[Example], predictions: Sequence[Prediction], intents: bool = True
) -> list[dict[str, Any]]:
    found = []
    for example, prediction in zip(examples, predictions, strict=True):
        predicted = Counter(prediction.values) if prediction.values is not None else None
        missed = (
            sorted((Counter(example.values) - predicted).elements())
            if predicted is not None
            else []
        )
        spurious = (
            sorted((predicted - Counter(example.values)).elements())
            if predicted is not None
            else []
        )
        judged = verdict(example, prediction) if intents else UNDERSTOOD
        if judged != UNDERSTOOD or missed or spurious:
            found.append(
                {
                    "text": example.text,
                    "intent": example.intent,
                    "also": list(example.also),
                    "verdict": judged,
                    "acted_on": prediction.intent,
                    "top1": prediction.intent_before_fallback,
                    "offered": list(prediction.offered),
                    "missed_entities": [f"{t}:{v}" for t, v in missed],
                    "spurious_entities": [f"{t}:{v}" for t, v in spurious],
                }
            )
    return found
