"""Is a candidate pipeline better than config.yml? Two cross-validation runs, message for message.

    python -m eval.compare CURRENT.json CANDIDATE.json [--wrong-cost 3]

Both files are written by ``python -m eval.calibrate --json`` (``CURRENT`` usually
by ``make nlu-thresholds``, ``CANDIDATE`` with ``--config candidate.yml``) over the same folds, so
every training message was ranked once by each pipeline, each time by a model that never saw it.
The comparison is paired, which is what makes a difference of a few dozen messages readable:

* right before the fallback: the messages only one of the two got right, and the two-sided sign
  test on them (is the split more lopsided than a coin would make it?);
* what the customers pay (eval/fallback_costs.py): the mean steps per message of
  both at the same thresholds, and of each at its own cheapest thresholds that keep an ambiguity
  threshold (config.yml must ask back when two meanings are close), with a 95 % bootstrap
  interval of the difference. A candidate that only shifts its confidences is as good as the
  current pipeline with other thresholds: that shows as a gain at fixed thresholds and none at
  each one's cheapest.

``tests/`` is never read: a candidate is judged here before the held-out set sees it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any

from eval.calibrate import rankings_in
from eval.fallback_costs import Costs, Ranked, cheapest, cost_of, scan
from eval.report import table

BOOTSTRAP_ROUNDS = 2000
Thresholds = tuple[float, float]


def paired(current: Sequence[Ranked], candidate: Sequence[Ranked]) -> list[tuple[Ranked, Ranked]]:
    """The two rankings of each message; both runs must have ranked the same messages."""

    def by_message(messages: Sequence[Ranked]) -> dict[tuple[str, str], Ranked]:
        return {(m.text, m.intent): m for m in messages}

    mine, theirs = by_message(current), by_message(candidate)
    if mine.keys() != theirs.keys():
        raise ValueError(
            f"the runs ranked different messages ({len(mine.keys() - theirs.keys())} only in the first, "
            f"{len(theirs.keys() - mine.keys())} only in the second): cross-validate both on the same data"
        )
    return [(mine[key], theirs[key]) for key in sorted(mine)]


def sign_test(only_first: int, only_second: int) -> float:
    """Two-sided exact sign test: how likely a split at least this lopsided is when neither is better."""
    n = only_first + only_second
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(only_first, only_second) + 1)) / 2**n
    return min(1.0, 2 * tail)


def bootstrap_interval(
    differences: Sequence[float], rounds: int = BOOTSTRAP_ROUNDS, seed: int = 0
) -> tuple[float, float]:
    """95 % percentile interval of the mean difference, messages resampled with replacement."""
    rng = random.Random(seed)
    n = len(differences)
    means = sorted(sum(differences[rng.randrange(n)] for _ in range(n)) / n for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


@dataclass(frozen=True)
class CostComparison:
    label: str
    current_thresholds: Thresholds
    candidate_thresholds: Thresholds
    current_cost: float
    candidate_cost: float
    #: 95 % interval of candidate minus current (below 0: the candidate is cheaper)
    interval: tuple[float, float]


def compare_costs(
    pairs: Sequence[tuple[Ranked, Ranked]],
    label: str,
    current: Thresholds,
    candidate: Thresholds,
    costs: Costs,
) -> CostComparison:
    mine = [cost_of(a, *current, costs) for a, _ in pairs]
    theirs = [cost_of(b, *candidate, costs) for _, b in pairs]
    n = len(pairs)
    return CostComparison(
        label,
        current,
        candidate,
        sum(mine) / n,
        sum(theirs) / n,
        bootstrap_interval([t - m for m, t in zip(mine, theirs, strict=True)]),
    )


def cheapest_asking_when_close(messages: Sequence[Ranked], costs: Costs) -> Thresholds:
    """The cheapest pair that keeps an ambiguity threshold, as config.yml must."""
    best = cheapest([s for s in scan(messages, costs=costs) if s.ambiguity_threshold > 0])
    return best.threshold, best.ambiguity_threshold


def load_run(path: Path) -> tuple[list[Ranked], Thresholds]:
    """A calibrate run's rankings, and the thresholds of the config it scored as "configured now"."""
    run: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return rankings_in(run), (
        run["configured"]["threshold"],
        run["configured"]["ambiguity_threshold"],
    )


def _pair(thresholds: Thresholds) -> str:
    return f"{thresholds[0]:.2f} / {thresholds[1]:.2f}"


def render(pairs: Sequence[tuple[Ranked, Ranked]], comparisons: Sequence[CostComparison]) -> str:
    right = [(a.best == a.intent, b.best == b.intent) for a, b in pairs]
    only_current = sum(x and not y for x, y in right)
    only_candidate = sum(y and not x for x, y in right)
    n = len(pairs)
    rows = [
        [
            c.label,
            _pair(c.current_thresholds),
            f"{c.current_cost:.4f}",
            _pair(c.candidate_thresholds),
            f"{c.candidate_cost:.4f}",
            f"{c.candidate_cost - c.current_cost:+.4f}",
            f"[{c.interval[0]:+.4f}, {c.interval[1]:+.4f}]",
        ]
        for c in comparisons
    ]
    return "\n".join(
        [
            f"{n} messages, each ranked by both pipelines, each time by a model trained without it",
            (
                f"right before the fallback: current {sum(x for x, _ in right) / n:.3f}, candidate {sum(y for _, y in right) / n:.3f}; "
                f"only the current right {only_current}, only the candidate {only_candidate}, "
                f"sign test p = {sign_test(only_current, only_candidate):.3g}"
            ),
            "",
            "customer steps per message (lower is better); difference = candidate − current, with its 95 % bootstrap interval",
            table(
                ["", "current at", "steps", "candidate at", "steps", "difference", "95 % interval"],
                rows,
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("current", type=Path, help="calibrate --json of the current pipeline")
    parser.add_argument(
        "candidate", type=Path, help="calibrate --json of the candidate, same folds"
    )
    parser.add_argument(
        "--wrong-cost", type=float, default=Costs.wrong, help="customer steps a wrong intent costs"
    )
    args = parser.parse_args(argv)
    costs = Costs(wrong=args.wrong_cost)
    (current, configured), (candidate, candidate_configured) = (
        load_run(args.current),
        load_run(args.candidate),
    )
    pairs = paired(current, candidate)
    comparisons = [
        compare_costs(pairs, "same thresholds (current config)", configured, configured, costs)
    ]
    if candidate_configured != configured:
        comparisons.append(
            compare_costs(
                pairs,
                "same thresholds (candidate config)",
                candidate_configured,
                candidate_configured,
                costs,
            )
        )
    comparisons.append(
        compare_costs(
            pairs,
            "each at its cheapest with an ambiguity threshold",
            cheapest_asking_when_close(current, costs),
            cheapest_asking_when_close(candidate, costs),
            costs,
        )
    )
    print(render(pairs, comparisons))
    return 0


if __name__ == "__main__":
    sys.exit(main())
