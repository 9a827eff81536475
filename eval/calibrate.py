"""Choose the FallbackClassifier's thresholds by cross-validation on the training data.

    python -m eval.calibrate [--folds 5] [--config PATH] [--json PATH] [--rankings PATH] [--work-dir DIR]

Splits data/nlu into ``--folds`` parts (stratified by intent, fixed shuffle), trains config.yml with
the fallback switched off on all parts but one, and ranks the intents of every message of the part
left out. Every message is thus ranked by a model that never saw it, and tests/ is never read: the
held-out test set stays a test. The rankings are then scored for every pair of thresholds on a
grid by what they cost customers (eval/fallback_costs.py); the cheapest pair is the
recommendation, next to what config.yml uses now. ``--rankings`` re-scores saved rankings (for
other costs or grids) without training again. ``--config`` cross-validates another pipeline (a
candidate for config.yml) on the same folds: its "never ask back" row is its accuracy before the
fallback, comparable message for message with the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import yaml

from bot.build import ROOT, build_nlu_inputs
from eval.fallback_costs import Costs, Ranked, SettingScore, cheapest, scan, score
from eval.metrics import worst_confusions
from eval.paths import CALIBRATION_DIR, PROJECT_CONFIG, TRAIN_DATA
from eval.rasa_variants import RasaVariant, ranking_of
from eval.report import table

DEFAULT_JSON = CALIBRATION_DIR / "thresholds.json"
FALLBACK = "FallbackClassifier"
#: The fallback switched off: nothing is below confidence 0 or closer than 0.
NO_FALLBACK = {FALLBACK: {"threshold": 0.0, "ambiguity_threshold": 0.0}}
#: Other weights for a wrong intent, to show how much the choice depends on that judgement.
WRONG_COST_SENSITIVITY = (2.0, 5.0)
SHOWN = 12


def folds(training_data: Any, count: int, seed: int = 0) -> Iterator[tuple[Any, Any]]:
    """(train, held out) pairs of Rasa ``TrainingData``, stratified by intent; synonyms, regexes
    and lookup tables stay in every training part."""
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    examples = training_data.intent_examples
    labels = [example.get_full_intent() for example in examples]
    split = StratifiedKFold(n_splits=count, shuffle=True, random_state=seed)
    for train_index, held_out_index in split.split(examples, labels):
        yield tuple(
            TrainingData(
                training_examples=[examples[i] for i in index],
                entity_synonyms=training_data.entity_synonyms,
                regex_features=training_data.regex_features,
                lookup_tables=training_data.lookup_tables,
                responses=training_data.responses,
            )
            for index in (train_index, held_out_index)
        )


def cross_validated_rankings(
    count: int, work_dir: Path, config: Path = PROJECT_CONFIG
) -> tuple[list[Ranked], list[float]]:
    """Every training message ranked by a model trained without it; and each fold's training time."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data

    ranked: list[Ranked] = []
    seconds: list[float] = []
    for number, (train, held_out) in enumerate(folds(load_data(str(TRAIN_DATA)), count), 1):
        fold_dir = work_dir / f"fold{number}"
        (fold_dir / "data").mkdir(parents=True, exist_ok=True)
        RasaYAMLWriter().dump(fold_dir / "data" / "nlu.yml", train)
        variant = RasaVariant(f"fold{number}", config, settings=NO_FALLBACK)
        print(
            f"[fold {number}/{count}] training on {len(train.intent_examples)} examples…",
            flush=True,
        )
        started = time.perf_counter()
        variant.train(fold_dir / "data", fold_dir)
        seconds.append(time.perf_counter() - started)
        with variant.parsing() as parse:
            ranked += [
                Ranked(m.get("intent"), ranking_of(parse(m.get("text"))), m.get("text"))
                for m in held_out.intent_examples
            ]
        print(
            f"[fold {number}/{count}] trained in {seconds[-1]:.0f} s, ranked {len(held_out.intent_examples)} held-out messages",
            flush=True,
        )
    return ranked, seconds


def rankings_in(run: dict[str, Any]) -> list[Ranked]:
    """The rankings of a run this module wrote with ``--json`` (the file's parsed content)."""
    return [
        Ranked(r["intent"], tuple((n, c) for n, c in r["ranking"]), r.get("text", ""))
        for r in run["rankings"]
    ]


def configured_thresholds(config_path: Path = PROJECT_CONFIG) -> tuple[float, float]:
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    step = next(s for s in config["pipeline"] if s["name"] == FALLBACK)
    return float(step.get("threshold", 0.3)), float(step.get("ambiguity_threshold", 0.1))


def _row(label: str, s: SettingScore) -> list[str]:
    return [
        label,
        f"{s.threshold:.2f}",
        f"{s.ambiguity_threshold:.2f}",
        f"{s.accuracy:.3f}",
        f"{s.asked_rate:.3f}",
        f"{s.asked_needlessly_rate:.3f}",
        f"{s.wrong_rate:.3f}",
        f"{s.cost:.4f}",
    ]


HEADER = [
    "",
    "threshold",
    "ambiguity",
    "accuracy",
    "asked back",
    "needlessly",
    "wrong",
    "cost/message",
]


def render(
    messages: Sequence[Ranked], costs: Costs, current: tuple[float, float]
) -> tuple[str, dict[str, Any]]:
    scores = sorted(scan(messages, costs=costs), key=lambda s: (s.cost, s.asked_rate))
    best = cheapest(scores)
    now = score(messages, *current, costs)
    never = score(messages, 0.0, 0.0, costs)
    confusions = worst_confusions([m.intent for m in messages], [m.best for m in messages], top=15)
    rows = [_row("cheapest", best), _row("configured now", now), _row("never ask back", never)]
    rows += [_row(f"#{i}", s) for i, s in enumerate(scores[:SHOWN], 1)]
    sensitivity = {
        wrong: cheapest(scan(messages, costs=replace(costs, wrong=wrong)))
        for wrong in WRONG_COST_SENSITIVITY
    }
    lines = [
        f"Fallback thresholds, {len(messages)} training messages each ranked by a model trained without it",
        (
            f"costs in customer steps: wrong intent {costs.wrong:g}, asked back with the right button "
            f"{costs.asked_offered:g}, asked back without it {costs.asked_not_offered:g}"
        ),
        table(HEADER, rows),
        "",
        "cheapest pair if a wrong intent cost otherwise: "
        + "; ".join(
            f"{wrong:g} steps → threshold {s.threshold:.2f}, ambiguity {s.ambiguity_threshold:.2f}"
            for wrong, s in sensitivity.items()
        ),
        "",
        "most frequent mistakes, each message read by a model trained without it (true → best intent, before the fallback): "
        + "; ".join(f"{c.true} → {c.predicted} {c.count}" for c in confusions),
    ]
    figures = {
        "costs": asdict(costs),
        "messages": len(messages),
        "cheapest": asdict(best),
        "configured": asdict(now),
        "never_ask_back": asdict(never),
        "scan": [asdict(s) for s in scores],
        "cheapest_if_wrong_costs": {str(w): asdict(s) for w, s in sensitivity.items()},
        "worst_confusions": [asdict(c) for c in confusions],
    }
    return "\n".join(lines), figures


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.calibrate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default: 5)")
    parser.add_argument(
        "--config",
        type=Path,
        default=PROJECT_CONFIG,
        help="the Rasa config to cross-validate (default: config.yml)",
    )
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where to write rankings and scores"
    )
    parser.add_argument(
        "--rankings", type=Path, help="score the rankings of an earlier --json instead of training"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=CALIBRATION_DIR,
        help="where the folds' data and models go (another folder lets two runs share the machine)",
    )
    parser.add_argument(
        "--wrong-cost", type=float, default=Costs.wrong, help="customer steps a wrong intent costs"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    json_path, config = args.json.resolve(), args.config.resolve()
    train_seconds: list[float] = []
    if args.rankings:
        messages = rankings_in(json.loads(args.rankings.read_text(encoding="utf-8")))
    else:
        os.chdir(ROOT)  # config.yml names the jieba and spaCy folders relative to the project
        build_nlu_inputs()
        messages, train_seconds = cross_validated_rankings(
            args.folds, args.work_dir.resolve(), config
        )
    text, figures = render(messages, Costs(wrong=args.wrong_cost), configured_thresholds(config))
    print("\n" + text)
    figures.update(
        config=str(config),
        folds=args.folds,
        fold_training_seconds=train_seconds,
        rankings=[{"text": m.text, "intent": m.intent, "ranking": m.ranking} for m in messages],
    )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nrankings and scores written to {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
