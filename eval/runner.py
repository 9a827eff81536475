"""Train one variant, parse every test message, time both and score the predictions."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from eval.examples import Example, Prediction
from eval.metrics import EntityReport, IntentReport, entity_report, intent_report
from eval.variant import Parser, Variant


@dataclass(frozen=True)
class VariantResult:
    name: str
    source: str
    train_seconds: float
    #: mean wall time of one parse, after one warm-up parse
    parse_ms: float
    intents: IntentReport
    #: None when the variant extracts no entities
    entities: Optional[EntityReport]
    #: training messages with entity annotations that do not fall on the variant's tokens
    misaligned_annotations: List[str]
    #: the messages with a wrong intent or wrong entities (for improving the data)
    errors: List[Dict[str, Any]]


def evaluate_variant(
    variant: Variant, train_dir: Path, test: Sequence[Example], work_dir: Path
) -> VariantResult:
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    variant.train(train_dir, work_dir)
    train_seconds = time.perf_counter() - started
    with variant.loaded() as parse:
        predictions, parse_seconds = parse_all(parse, [e.text for e in test])
    return VariantResult(
        name=variant.name,
        source=variant.describe(),
        train_seconds=train_seconds,
        parse_ms=1000 * parse_seconds / max(len(test), 1),
        intents=intent_report(
            [e.intent for e in test],
            [p.intent for p in predictions],
            [p.intent_before_fallback for p in predictions],
        ),
        entities=score_entities(test, predictions) if variant.extracts_entities else None,
        misaligned_annotations=list(variant.misaligned_annotations),
        errors=errors(test, predictions),
    )


def parse_all(parse: Parser, texts: Sequence[str]) -> Tuple[List[Prediction], float]:
    """The predictions for ``texts`` and the time they took, after one warm-up parse."""
    if texts:
        parse(texts[0])
    started = time.perf_counter()
    predictions = [parse(text) for text in texts]
    return predictions, time.perf_counter() - started


def score_entities(test: Sequence[Example], predictions: Sequence[Prediction]) -> EntityReport:
    return entity_report(
        [e.entities for e in test], [p.entities or frozenset() for p in predictions]
    )


def errors(test: Sequence[Example], predictions: Sequence[Prediction]) -> List[Dict[str, Any]]:
    found = []
    for example, prediction in zip(test, predictions):
        predicted = prediction.entities
        missed = sorted(example.entities - predicted) if predicted is not None else []
        spurious = sorted(predicted - example.entities) if predicted is not None else []
        if prediction.intent != example.intent or missed or spurious:
            found.append({
                "text": example.text,
                "intent": example.intent,
                "predicted_intent": prediction.intent,
                "intent_before_fallback": prediction.intent_before_fallback,
                "missed_entities": [_entity(example.text, span) for span in missed],
                "spurious_entities": [_entity(example.text, span) for span in spurious],
            })
    return found


def _entity(text: str, span: Tuple[str, int, int]) -> str:
    entity, start, end = span
    return f"{text[start:end]}({entity})@{start}"
