"""The targets of issue 18, each printed with its figure and PASS / FAIL."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from eval.report import table

#: comparison symbol → test
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "≥": operator.ge,
    "≤": operator.le,
    ">": operator.gt,
}
NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Target:
    #: key of the figure in the figures mapping
    key: str
    label: str
    comparison: str
    bound: float
    #: how the figure is printed
    digits: int = 3
    unit: str = ""


TARGETS: list[Target] = [
    Target("real_understood", "real customers: understood", "≥", 0.90),
    Target("real_wrong", "real customers: wrong", "≤", 0.05),
    Target(
        "held_out_understood", "held-out, mean over DIET seeds 42/7/2026: understood", "≥", 0.97
    ),
    Target("held_out_wrong", "held-out, mean over DIET seeds 42/7/2026: wrong", "≤", 0.02),
    Target(
        "everyday_as_service", "everyday queries not for us: taken as a service request", "≤", 0.03
    ),
    Target(
        "entity_f1", "entity F1 on normalised values (tests/nlu/entities.yml), micro", "≥", 0.95
    ),
    Target(
        "benchmark_margin",
        "public benchmark: weighted F1 of config.yml minus the better baseline",
        ">",
        0.0,
    ),
    Target(
        "extra_parse_ms",
        "cost: extra parse time per message over the starting commit",
        "≤",
        5.0,
        2,
        " ms",
    ),
    Target(
        "extra_train_seconds", "cost: training time minus the starting commit's", "≤", 0.0, 0, " s"
    ),
]


def verdict(target: Target, figure: float | None) -> str:
    if figure is None:
        return NOT_MEASURED
    return "PASS" if COMPARISONS[target.comparison](figure, target.bound) else "FAIL"


def render_targets(
    figures: Mapping[str, float | None],
    notes: Mapping[str, str] = {},
    targets: Sequence[Target] = TARGETS,
) -> str:
    """One row per target: what, the bound, the figure, PASS / FAIL / not measured (with why)."""
    rows = []
    for target in targets:
        figure = figures.get(target.key)
        shown = "–" if figure is None else f"{figure:.{target.digits}f}{target.unit}"
        bound = f"{target.comparison} {target.bound:.{target.digits if target.digits else 0}f}{target.unit}"
        rows.append(
            [target.label, bound, shown, verdict(target, figure), notes.get(target.key, "")]
        )
    return "Targets of issue 18\n" + table(
        ["target", "bound", "figure", "", "note"], rows, left=1, also_left=(3, 4)
    )
