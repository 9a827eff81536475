"""The results as text tables (variants side by side) and as JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from bot import text
from eval.metrics import EntityReport, Scores
from eval.runner import EVERYDAY, EvalSet, SetResult, VariantResult
from eval.understanding import Understanding

NOT_APPLICABLE = "n/a"


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    left: int = 1,
    also_left: Sequence[int] = (),
) -> str:
    """A table of figures (``bot.text.table``): the first ``left`` columns and those numbered in
    ``also_left`` left-aligned (labels), the others right-aligned."""
    return text.table(
        header, rows, right={i for i in range(len(header)) if i >= left and i not in also_left}
    )


def number(value: float | None, digits: int = 3) -> str:
    return NOT_APPLICABLE if value is None else f"{value:.{digits}f}"


def _prf(scores: Scores) -> str:
    return f"{scores.precision:.2f}/{scores.recall:.2f}/{scores.f1:.2f}"


#: The rows of a set's table: label and how to read the figure from its ``Understanding``.
UNDERSTANDING_ROWS: list[tuple[str, Callable[[Understanding], float | None]]] = [
    ("understood (acted on it, or asked back offering it)", lambda u: u.understood),
    ("wrong (acted on a wrong meaning)", lambda u: u.wrong),
    ("top-1 (the classifier's best intent)", lambda u: u.top1),
    ("asked back", lambda u: u.asked_back),
    ("asked back without the right button", lambda u: u.asked_without_it),
    ("acted on a secondary meaning", lambda u: u.secondary),
    ("no service request, taken as one", lambda u: u.taken_as_service),
    ("no service request, acted on as one (questions not counted)", lambda u: u.acted_as_service),
]


def _understanding(result: VariantResult, name: str) -> Understanding | None:
    found = result.sets.get(name)
    return found.understanding if found else None


def understanding_table(results: Sequence[VariantResult], test_set: EvalSet) -> str:
    rows = []
    for label, figure in UNDERSTANDING_ROWS:
        cells = [_understanding(r, test_set.name) for r in results]
        values = [figure(u) if u else None for u in cells]
        if all(v is None for v in values):
            continue
        rows.append([label, *(number(v) for v in values)])
    return table(["", *(r.name for r in results)], rows)


def entity_table(results: Sequence[VariantResult], test_set: EvalSet) -> str:
    """Precision/recall/F1 on normalised values per entity type and micro-averaged, one column per variant."""
    gold = Counter(entity for example in test_set.examples for entity, _ in example.values)

    def report(result: VariantResult) -> EntityReport | None:
        found = result.sets.get(test_set.name)
        return found.entities if found else None

    predicted_types = {t for r in results if (found := report(r)) for t in found.per_type}

    def cell(result: VariantResult, entity: str | None) -> str:
        found = report(result)
        if found is None:
            return NOT_APPLICABLE
        return _prf(
            found.overall
            if entity is None
            else found.per_type.get(entity, Scores(0.0, 0.0, 0.0, 0))
        )

    types: list[str | None] = [*sorted(set(gold) | predicted_types), None]
    rows = [
        [
            entity or "micro average",
            str(gold[entity] if entity else sum(gold.values())),
            *(cell(r, entity) for r in results),
        ]
        for entity in types
    ]
    return table(["entity (P/R/F1)", "n", *(r.name for r in results)], rows)


def timing_table(results: Sequence[VariantResult]) -> str:
    rows = [
        ["training time (s)", *(number(r.train_seconds, 1) for r in results)],
        ["parse time (ms/message)", *(number(r.parse_ms, 2) for r in results)],
        ["misaligned training annotations", *(str(len(r.misaligned_annotations)) for r in results)],
    ]
    return table(["", *(r.name for r in results)], rows)


MISALIGNED_SHOWN = 10


def misaligned(result: VariantResult) -> str:
    shown = result.misaligned_annotations[:MISALIGNED_SHOWN]
    more = len(result.misaligned_annotations) - len(shown)
    return "\n".join(
        [*(f"  {a}" for a in shown), *([f"  … {more} more in the JSON"] if more else [])]
    )


def describe_set(test_set: EvalSet) -> str:
    kind = "everyday queries not for us" if test_set.kind == EVERYDAY else test_set.kind
    return f"{test_set.name} ({kind}, {len(test_set.examples)} messages)"


def render(results: Sequence[VariantResult], sets: Sequence[EvalSet], context: str) -> str:
    sections = [(context, timing_table(results))]
    for test_set in sets:
        if any(_understanding(r, test_set.name) for r in results):
            sections.append((describe_set(test_set), understanding_table(results, test_set)))
    for test_set in sets:
        if any(e.values for e in test_set.examples):
            sections.append(
                (
                    f"Entities of {describe_set(test_set)}, on normalised values: precision/recall/F1",
                    entity_table(results, test_set),
                )
            )
    sections += [
        (
            f"Misaligned training annotations of {r.name} (entity edges inside a token: not learnt)",
            misaligned(r),
        )
        for r in results
        if r.misaligned_annotations
    ]
    return "\n\n".join(f"{title}\n{body}" for title, body in sections)


#: The figures whose spread over DIET seeds ``seed_spread`` reports.
SPREAD: list[tuple[str, Callable[[SetResult], float | None]]] = [
    ("understood", lambda s: s.understanding.understood if s.understanding else None),
    ("wrong", lambda s: s.understanding.wrong if s.understanding else None),
    ("top-1", lambda s: s.understanding.top1 if s.understanding else None),
    ("asked back", lambda s: s.understanding.asked_back if s.understanding else None),
    (
        "taken as a service request",
        lambda s: s.understanding.taken_as_service if s.understanding else None,
    ),
    ("entity F1 (normalised values)", lambda s: s.entities.overall.f1 if s.entities else None),
]


def spread_figures(results: Sequence[VariantResult], set_name: str) -> dict[str, dict[str, float]]:
    """Mean, lowest and highest of each ``SPREAD`` figure on one set over ``results``."""
    figures = {}
    for label, figure in SPREAD:
        values = [
            v
            for v in (figure(r.sets[set_name]) for r in results if set_name in r.sets)
            if v is not None
        ]
        if values:
            figures[label] = {
                "mean": sum(values) / len(values),
                "min": min(values),
                "max": max(values),
            }
    return figures


def seed_spread(results: Sequence[VariantResult], set_name: str) -> str:
    """The same pipeline trained with different DIET seeds, on one set: each seed, then mean and range."""
    figures = spread_figures(results, set_name)

    def cell(result: VariantResult, figure: Callable[[SetResult], float | None]) -> str:
        return number(figure(result.sets[set_name])) if set_name in result.sets else NOT_APPLICABLE

    rows = [
        [
            label,
            *(cell(r, figure) for r in results),
            number(f["mean"]),
            f"{f['min']:.3f}–{f['max']:.3f}",
        ]
        for (label, figure), f in ((s, figures[s[0]]) for s in SPREAD if s[0] in figures)
    ]
    title = f"{set_name} across DIET seeds ({len(results)} trainings of the same pipeline and data)"
    return f"{title}\n" + table(["", *(r.name for r in results), "mean", "range"], rows)


def to_json(
    results: Sequence[VariantResult],
    meta: dict[str, Any],
    seed_groups: Mapping[str, Sequence[VariantResult]] = {},
    set_names: Sequence[str] = (),
) -> dict[str, Any]:
    """All figures; ``seed_groups`` (a variant's name → its trainings with several DIET seeds) adds
    each group's spread on every set under ``across_seeds``."""
    figures = {**meta, "variants": {r.name: asdict(r) for r in results}}
    if seed_groups:
        figures["across_seeds"] = {
            name: {
                "variants": [r.name for r in group],
                **{s: spread_figures(group, s) for s in set_names},
            }
            for name, group in seed_groups.items()
        }
    return figures
