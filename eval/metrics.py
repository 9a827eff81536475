"""Scoring functions: plain lists in, figures out (no Rasa, no sklearn)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Sequence

from eval.examples import FALLBACK_INTENT, Span


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    #: how many true items (messages of an intent, entities of a type) the test set has
    support: int


@dataclass(frozen=True)
class Confusion:
    true: str
    predicted: str
    count: int


@dataclass(frozen=True)
class IntentReport:
    accuracy: float
    #: accuracy had the FallbackClassifier not replaced the best intent by nlu_fallback
    accuracy_before_fallback: float
    fallback_rate: float
    macro_f1: float
    per_intent: Dict[str, Scores]
    worst_confusions: List[Confusion]


@dataclass(frozen=True)
class EntityReport:
    overall: Scores
    per_type: Dict[str, Scores]


def _ratio(numerator: float, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def scores(true_positives: int, predicted: int, actual: int) -> Scores:
    precision = _ratio(true_positives, predicted)
    recall = _ratio(true_positives, actual)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, actual)


def accuracy(true: Sequence[str], predicted: Sequence[str]) -> float:
    return _ratio(sum(t == p for t, p in zip(true, predicted)), len(true))


def per_label_scores(true: Sequence[str], predicted: Sequence[str]) -> Dict[str, Scores]:
    """Precision, recall and F1 of every true label (predicted-only labels such as
    ``nlu_fallback`` count against recall but get no row)."""
    hits = Counter(t for t, p in zip(true, predicted) if t == p)
    actual, guessed = Counter(true), Counter(predicted)
    return {label: scores(hits[label], guessed[label], actual[label]) for label in sorted(actual)}


def macro_f1(per_label: Dict[str, Scores]) -> float:
    return _ratio(sum(s.f1 for s in per_label.values()), len(per_label))


def worst_confusions(true: Sequence[str], predicted: Sequence[str], top: int = 10) -> List[Confusion]:
    """The ``top`` most frequent (true → predicted) mistakes, most frequent first."""
    pairs = Counter((t, p) for t, p in zip(true, predicted) if t != p)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [Confusion(t, p, count) for (t, p), count in ranked[:top]]


def intent_report(
    true: Sequence[str], predicted: Sequence[str], before_fallback: Sequence[str]
) -> IntentReport:
    per_intent = per_label_scores(true, predicted)
    return IntentReport(
        accuracy=accuracy(true, predicted),
        accuracy_before_fallback=accuracy(true, before_fallback),
        fallback_rate=_ratio(sum(p == FALLBACK_INTENT for p in predicted), len(predicted)),
        macro_f1=macro_f1(per_intent),
        per_intent=per_intent,
        worst_confusions=worst_confusions(true, predicted),
    )


def entity_report(
    true: Sequence[FrozenSet[Span]], predicted: Sequence[FrozenSet[Span]]
) -> EntityReport:
    """Strict entity scores: a predicted entity counts only with the same type, start and end."""
    hits: Counter = Counter()
    actual: Counter = Counter()
    guessed: Counter = Counter()
    for true_spans, predicted_spans in zip(true, predicted):
        hits.update(entity for entity, _, _ in true_spans & predicted_spans)
        actual.update(entity for entity, _, _ in true_spans)
        guessed.update(entity for entity, _, _ in predicted_spans)
    per_type = {
        entity: scores(hits[entity], guessed[entity], actual[entity])
        for entity in sorted(set(actual) | set(guessed))
    }
    overall = scores(sum(hits.values()), sum(guessed.values()), sum(actual.values()))
    return EntityReport(overall, per_type)
