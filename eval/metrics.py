"""Scoring functions: plain lists in, figures out (no Rasa, no sklearn).

Rasa's ``rasa test nlu`` reports per-intent scores, confusion matrices and strict entity scores
(``make nlu-crossval``); what is here is what it does not compute: entity scores on normalised
values, and the confusions of cross-validated rankings for ``make nlu-thresholds``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    #: how many true items (entities of a type) the test set has
    support: int


@dataclass(frozen=True)
class Confusion:
    true: str
    predicted: str
    count: int


@dataclass(frozen=True)
class EntityReport:
    #: micro average over every entity of every type
    overall: Scores
    per_type: dict[str, Scores]


def ratio(numerator: float, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def scores(true_positives: int, predicted: int, actual: int) -> Scores:
    precision = ratio(true_positives, predicted)
    recall = ratio(true_positives, actual)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, actual)


def accuracy(true: Sequence[str], predicted: Sequence[str]) -> float:
    return ratio(sum(t == p for t, p in zip(true, predicted, strict=True)), len(true))


def worst_confusions(
    true: Sequence[str], predicted: Sequence[str], top: int = 10
) -> list[Confusion]:
    """The ``top`` most frequent (true → predicted) mistakes, most frequent first."""
    pairs = Counter((t, p) for t, p in zip(true, predicted, strict=True) if t != p)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [Confusion(t, p, count) for (t, p), count in ranked[:top]]


Entity = tuple[Hashable, ...]


def entity_report(
    true: Sequence[Iterable[Entity]], predicted: Sequence[Iterable[Entity]]
) -> EntityReport:
    """Precision, recall and F1 per entity type and micro-averaged. An entity is a tuple whose
    first item is its type: (type, normalised value) counts a prediction right when it has the same
    type and value (as many times as the message has it); (type, start, end) when it has the same
    type and span."""
    hits: Counter = Counter()
    actual: Counter = Counter()
    guessed: Counter = Counter()
    for true_items, predicted_items in zip(true, predicted, strict=True):
        gold, guess = Counter(true_items), Counter(predicted_items)
        for item, count in guess.items():
            hits[item[0]] += min(count, gold[item])
        actual.update(item[0] for item in gold.elements())
        guessed.update(item[0] for item in guess.elements())
    per_type = {
        str(entity): scores(hits[entity], guessed[entity], actual[entity])
        for entity in sorted(set(actual) | set(guessed))
    }
    overall = scores(sum(hits.values()), sum(guessed.values()), sum(actual.values()))
    return EntityReport(overall, per_type)
