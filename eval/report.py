"""The results as text tables (variants side by side) and as JSON."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from eval.examples import Example
from eval.metrics import Scores
from eval.runner import VariantResult

NOT_APPLICABLE = "n/a"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """A plain-text table: the first ``left`` columns left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _number(value: Optional[float], digits: int = 3) -> str:
    return NOT_APPLICABLE if value is None else f"{value:.{digits}f}"


def _prf(scores: Scores) -> str:
    return f"{scores.precision:.2f}/{scores.recall:.2f}/{scores.f1:.2f}"


def _count(items: Sequence[Any], applicable: Any) -> str:
    return str(len(items)) if applicable is not None else NOT_APPLICABLE


def _overall(result: VariantResult, figure: str) -> Optional[float]:
    return getattr(result.entities.overall, figure) if result.entities else None


#: The headline rows: label and how to read the figure from a result.
HEADLINE: List[Tuple[str, Callable[[VariantResult], str]]] = [
    ("intent accuracy", lambda r: _number(r.intents.accuracy)),
    ("intent accuracy before fallback", lambda r: _number(r.intents.accuracy_before_fallback)),
    ("nlu_fallback rate", lambda r: _number(r.intents.fallback_rate)),
    ("intent macro-F1", lambda r: _number(r.intents.macro_f1)),
    ("entity precision", lambda r: _number(_overall(r, "precision"))),
    ("entity recall", lambda r: _number(_overall(r, "recall"))),
    ("entity F1", lambda r: _number(_overall(r, "f1"))),
    ("misaligned training annotations", lambda r: _count(r.misaligned_annotations, r.entities)),
    ("training time (s)", lambda r: _number(r.train_seconds, 1)),
    ("parse time (ms/message)", lambda r: _number(r.parse_ms, 2)),
]


def headline(results: Sequence[VariantResult]) -> str:
    rows = [[label, *(cell(r) for r in results)] for label, cell in HEADLINE]
    return table(["", *(r.name for r in results)], rows)


def per_intent(results: Sequence[VariantResult]) -> str:
    """F1 of every intent, worst first for the first variant."""
    first = results[0].intents.per_intent
    order = sorted(first, key=lambda intent: (first[intent].f1, intent))
    rows = [
        [intent, str(first[intent].support),
         *(_number(r.intents.per_intent[intent].f1) for r in results)]
        for intent in order
    ]
    return table(["intent", "n", *(r.name for r in results)], rows)


def confusions(result: VariantResult) -> str:
    rows = [[c.true, c.predicted, str(c.count)] for c in result.intents.worst_confusions]
    return table(["true", "predicted", "count"], rows, left=2) if rows else "(no mistakes)"


def entities(results: Sequence[VariantResult], test: Sequence[Example]) -> str:
    """Strict precision/recall/F1 per entity type, one column per variant."""
    gold = Counter(entity for example in test for entity, _, _ in example.entities)
    predicted_types = {t for r in results if r.entities for t in r.entities.per_type}

    def cell(result: VariantResult, entity: Optional[str]) -> str:
        if result.entities is None:
            return NOT_APPLICABLE
        if entity is None:
            return _prf(result.entities.overall)
        return _prf(result.entities.per_type.get(entity, Scores(0.0, 0.0, 0.0, 0)))

    types: List[Optional[str]] = [*sorted(set(gold) | predicted_types), None]
    rows = [
        [entity or "all", str(gold[entity] if entity else sum(gold.values())),
         *(cell(r, entity) for r in results)]
        for entity in types
    ]
    return table(["entity (P/R/F1)", "n", *(r.name for r in results)], rows)


MISALIGNED_SHOWN = 10


def misaligned(result: VariantResult) -> str:
    shown = result.misaligned_annotations[:MISALIGNED_SHOWN]
    more = len(result.misaligned_annotations) - len(shown)
    return "\n".join([*(f"  {a}" for a in shown), *([f"  … {more} more in the JSON"] if more else [])])


def render(results: Sequence[VariantResult], test: Sequence[Example], context: str) -> str:
    sections = [
        (context, headline(results)),
        (f"Per-intent F1 (n = test messages), worst first for {results[0].name}", per_intent(results)),
        *((f"Worst confusions of {r.name} (true → predicted)", confusions(r)) for r in results),
        ("Entities, strict (same type, start and end): precision/recall/F1", entities(results, test)),
        *((f"Misaligned training annotations of {r.name} (entity edges inside a token: not learnt)",
           misaligned(r)) for r in results if r.misaligned_annotations),
    ]
    return "\n\n".join(f"{title}\n{body}" for title, body in sections)


#: The figures whose spread over DIET seeds ``seed_spread`` reports.
SPREAD: List[Tuple[str, Callable[[VariantResult], Optional[float]]]] = [
    ("intent accuracy", lambda r: r.intents.accuracy),
    ("intent accuracy before fallback", lambda r: r.intents.accuracy_before_fallback),
    ("nlu_fallback rate", lambda r: r.intents.fallback_rate),
    ("intent macro-F1", lambda r: r.intents.macro_f1),
    ("entity F1", lambda r: _overall(r, "f1")),
]


def spread_figures(results: Sequence[VariantResult]) -> Dict[str, Dict[str, float]]:
    """Mean, lowest and highest of each ``SPREAD`` figure over ``results``."""
    figures = {}
    for label, figure in SPREAD:
        values = [v for v in map(figure, results) if v is not None]
        if values:
            figures[label] = {"mean": sum(values) / len(values), "min": min(values), "max": max(values)}
    return figures


def seed_spread(results: Sequence[VariantResult]) -> str:
    """The same pipeline trained with different DIET seeds: each seed, then mean and range."""
    figures = spread_figures(results)
    rows = [
        [label, *(_number(figure(r)) for r in results), _number(f["mean"]), f"{f['min']:.3f}–{f['max']:.3f}"]
        for (label, figure), f in ((s, figures[s[0]]) for s in SPREAD if s[0] in figures)
    ]
    title = f"Across DIET seeds ({len(results)} trainings of the same pipeline and data)"
    return f"{title}\n" + table(["", *(r.name for r in results), "mean", "range"], rows)


def to_json(
    results: Sequence[VariantResult], meta: Dict[str, Any], seed_groups: Mapping[str, Sequence[VariantResult]] = {}
) -> Dict[str, Any]:
    """All figures; ``seed_groups`` (a variant's name → its trainings with several DIET seeds) adds
    each group's spread under ``across_seeds``."""
    figures = {**meta, "variants": {r.name: asdict(r) for r in results}}
    if seed_groups:
        figures["across_seeds"] = {
            name: {"variants": [r.name for r in group], **spread_figures(group)} for name, group in seed_groups.items()
        }
    return figures
