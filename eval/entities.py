"""Entity F1 on normalised values (issue 18 item 6): ``python -m eval.entities [--model PATH]``.

The set is ``tests/nlu/entities.yml`` (Rasa NLU YAML; each annotation carries the normal value:
``[上海浦东](city:上海)``, ``[前天](purchase_date:2026-11-28)``), written by the team, with relative
dates counted from ``REFERENCE_DATE`` (``BOT_TODAY``).

An entity counts as found when the message's prediction has the same type and normal value (as
many times as the message has it); spans don't count, values do. Prints precision, recall and F1
per type and the micro average.

Without ``--model`` the prediction is the pipeline's rule-based steps on the spaCy pipeline alone
(``bot.nlu.exact_details.rule_based_entities``: the ruler, the exact-detail rules, conflicts,
normal values); with it, the trained model's full parse (DIET included).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.text import table

ROOT = Path(__file__).resolve().parents[1]
ENTITY_SET = ROOT / "tests" / "nlu" / "entities.yml"
REFERENCE_DATE = "2026-11-30"
TARGET_MICRO_F1 = 0.95

Pair = tuple[str, str]  # (entity type, normal value)


@dataclass(frozen=True)
class Example:
    text: str
    entities: tuple[Pair, ...]


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_examples(path: Path = ENTITY_SET) -> list[Example]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(path)
    return [
        Example(
            m.get("text"), tuple((e["entity"], str(e["value"])) for e in m.get("entities") or ())
        )
        for m in data.training_examples
    ]


def score(examples: Sequence[Example], predictions: Sequence[Iterable[Pair]]) -> dict[str, Score]:
    """Per entity type and ``"micro"``: true positives, predicted and expected counts."""
    counts: dict[str, list[int]] = {}
    for example, predicted in zip(examples, predictions, strict=True):
        gold, guess = Counter(example.entities), Counter(predicted)
        for (kind, _), n in gold.items():
            counts.setdefault(kind, [0, 0, 0])[2] += n
        for pair, n in guess.items():
            counts.setdefault(pair[0], [0, 0, 0])[1] += n
            counts[pair[0]][0] += min(n, gold.get(pair, 0))
    scores = {kind: Score(*c) for kind, c in sorted(counts.items())}
    scores["micro"] = Score(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return scores


def rule_based_parser() -> Callable[[str], list[Pair]]:
    from bot.build import SPACY_DIR, build_spacy_pipeline
    from bot.nlu import spacy_pipeline
    from bot.nlu.exact_details import rule_based_entities

    build_spacy_pipeline()
    nlp = spacy_pipeline.load(SPACY_DIR)
    return lambda text: [(e["entity"], str(e["value"])) for e in rule_based_entities(nlp, text)]


def model_parser(model: Path) -> Callable[[str], list[Pair]]:
    import asyncio

    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return lambda text: [
        (e["entity"], str(e["value"])) for e in asyncio.run(agent.parse_message(text))["entities"]
    ]


def evaluate(
    parse: Callable[[str], list[Pair]], examples: Sequence[Example]
) -> tuple[dict[str, Score], list[str]]:
    """The scores, and one line per message the parser got wrong (for reading, not tuning)."""
    predictions = [parse(e.text) for e in examples]
    errors = [
        f"{e.text}\n    missed {sorted((Counter(e.entities) - Counter(p)).elements())}"
        f" extra {sorted((Counter(p) - Counter(e.entities)).elements())}"
        for e, p in zip(examples, predictions, strict=True)
        if Counter(e.entities) != Counter(p)
    ]
    return score(examples, predictions), errors


def report(scores: dict[str, Score]) -> str:
    rows = [
        [kind, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", s.expected]
        for kind, s in scores.items()
    ]
    micro = scores["micro"].f1
    verdict = f"target: micro F1 >= {TARGET_MICRO_F1}: {'met' if micro >= TARGET_MICRO_F1 else 'NOT met'} ({micro:.3f})"
    return (
        table(["entity", "precision", "recall", "F1", "support"], rows, right=(1, 2, 3, 4))
        + "\n"
        + verdict
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", type=Path, help="a trained model (default: the rule-based steps alone)"
    )
    parser.add_argument("--set", type=Path, default=ENTITY_SET)
    parser.add_argument(
        "--errors", action="store_true", help="list the messages with a wrong entity"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("BOT_TODAY", REFERENCE_DATE)
    examples = load_examples(args.set)
    parse = model_parser(args.model) if args.model else rule_based_parser()
    scores, errors = evaluate(parse, examples)
    print(
        f"entity set: {args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set}, "
        f"{len(examples)} messages, reference date {os.environ['BOT_TODAY']}, "
        f"{'model ' + str(args.model) if args.model else 'rule-based steps on the spaCy pipeline (no model)'}"
    )
    print(report(scores))
    if args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
