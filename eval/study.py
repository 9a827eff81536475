"""Score a trained model on the study set (``eval/study/``), which is no test set.

``python -m eval.study --model models/bot-….tar.gz [--set NAME] [--real-corpora var/corpora] [--errors]``

A study set labels rows of the same public text as a frozen test set that the test set does not
hold: ``eval/study/customers_study.yml`` (phone reviews, beside ``tests/nlu/real/customers.yml``)
and ``eval/study/other_complaints_study.yml`` (hotel and takeaway complaints, beside
``other_complaints.yml``). Post-processing may be tried on them as often as needed and their
messages read; the frozen test sets are scored once, after.
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
#: Every study set, with the frozen test set whose files it shares.
STUDY_SETS = {STUDY_SET: "customers", "other_complaints_study": "other_complaints"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--set", default=STUDY_SET, choices=sorted(STUDY_SETS))
    parser.add_argument("--real-corpora", type=Path, default=DEFAULT_CORPORA_DIR)
    parser.add_argument("--errors", action="store_true", help="print every message not understood")
    args = parser.parse_args(argv)

    from eval.rasa_variants import TrainedModel

    examples = [to_example(m) for m in load_set(args.set, args.real_corpora, STUDY_DIR)]
    with TrainedModel(args.model.resolve()).loaded() as parse:
        predictions = [parse(e.text) for e in examples]
    u = understanding(examples, predictions)
    print(
        f"{args.set}: {u.messages} messages; understood {u.understood:.3f}, wrong {u.wrong:.3f}, "
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
