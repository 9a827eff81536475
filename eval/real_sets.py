"""The real-customer and everyday sets of ``eval.corpora`` as test sets of the evaluation.

``eval.corpora`` (helper nlu-realset) reads each set's texts from local copies of public
repositories under ``--real-corpora`` (default ``var/corpora``). A set whose copy is missing is
skipped with ``MissingCorpus``'s message (which says what to clone, and where); the other sets are
still scored. The sets named ``everyday…`` hold everyday queries that are not for us (their target:
how many are taken as a service request); the others are real-customer sets (complaints and
reviews not for us among them: understood there means answered as out of scope).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.examples import Example
from eval.runner import EVERYDAY, REAL, EvalSet

EVERYDAY_PREFIX = "everyday"


def to_example(message: Any) -> Example:
    """An ``Example`` from an ``eval.corpora.RealMessage``."""
    return Example(
        message.text,
        message.intent,
        values=tuple(sorted(tuple(e) for e in message.entities)),
        also=tuple(message.also),
    )


def kind_of(name: str) -> str:
    return EVERYDAY if name.startswith(EVERYDAY_PREFIX) else REAL


def load_real_sets(
    corpora_dir: Path,
    names: Sequence[str],
    load_set: Callable[[str, Path], Sequence[Any]],
    missing: type[Exception],
    say: Callable[[str], None] = print,
) -> tuple[list[EvalSet], list[str]]:
    """The sets that could be read, and a message for each one that could not."""
    found: list[EvalSet] = []
    skipped: list[str] = []
    for name in names:
        try:
            examples = [to_example(m) for m in load_set(name, corpora_dir)]
        except missing as error:
            skipped.append(f"{name}: {error}")
            say(f"real set {name} skipped: {error}")
            continue
        found.append(EvalSet(name, examples, kind_of(name)))
    return found, skipped


def real_sets(
    corpora_dir: Path, say: Callable[[str], None] = print
) -> tuple[list[EvalSet], list[str]]:
    from eval import corpora

    return load_real_sets(
        corpora_dir, corpora.SET_NAMES, corpora.load_set, corpora.MissingCorpus, say
    )
