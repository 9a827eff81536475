"""Score a trained model on the study set (``eval/study/``), which is no test set.

``python -m eval.study --model models/bot-….tar.gz [--real-corpora var/corpora] [--errors]``

The study set labels rows of the same public reviews as ``tests/nlu/real/customers.yml`` that the
test set does not hold (``eval/study/customers_study.yml``). Post-processing may be tried on it as
often as needed and its messages read; the frozen test sets are scored once, after.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from eval.corpora import DEFAULT_CORPORA_DIR, load_set
from eval.paths import ROOT
from eval.real_sets import to_example
from eval.understanding import UNDERSTOOD, understanding, verdict

STUDY_DIR = ROOT / "eval" / "study"
STUDY_SET = "customers_study"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--real-corpora", type=Path, default=DEFAULT_CORPORA_DIR)
    parser.add_argument("--errors", action="store_true", help="print every message not understood")
    args = parser.parse_args(argv)

    from eval.rasa_variants import TrainedModel

    examples = [to_example(m) for m in load_set(STUDY_SET, args.real_corpora, STUDY_DIR)]
    with TrainedModel(args.model.resolve()).loaded() as parse:
        predictions = [parse(e.text) for e in examples]
    u = understanding(examples, predictions)
    print(
        f"{STUDY_SET}: {u.messages} messages; understood {u.understood:.3f}, wrong {u.wrong:.3f}, "
        f"top-1 {u.top1:.3f}, asked back {u.asked_back:.3f} (without the right button "
        f"{u.asked_without_it:.3f}), acted on a secondary meaning {u.secondary:.3f}"
    )
    if args.errors:
        for e, p in zip(examples, predictions, strict=True):
            judged = verdict(e, p)
            if judged != UNDERSTOOD:
                row = {"verdict": judged, "label": e.intent, "also": list(e.also)}
                row |= {"acted": p.intent, "offered": list(p.offered), "text": e.text}
                print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
