"""The real-customer and everyday sets of ``eval.corpora`` as test sets of the evaluation.

``eval.corpora`` (helper nlu-realset) reads each set's texts from local copies of public
repositories under ``--real-corpora`` (default ``var/corpora``). A set whose copy is missing is
skipped with ``MissingCorpus``'s message (which says what to clone, and where); the other sets are
still scored. A set whose messages are all labelled ``out_of_scope`` is an everyday set (scored on
how many are taken as a service request); the others are real-customer sets.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, List, Optional, Sequence, Tuple

from eval.examples import Example
from eval.runner import EVERYDAY, REAL, EvalSet

OUT_OF_SCOPE = "out_of_scope"


def corpora_module() -> Optional[ModuleType]:
    """``eval.corpora``, or None while it is not on this branch."""
    try:
        return importlib.import_module("eval.corpora")
    except ModuleNotFoundError as error:
        if error.name != "eval.corpora":
            raise
        return None


def to_example(message: Any) -> Example:
    """An ``Example`` from an ``eval.corpora.RealMessage``."""
    return Example(message.text, message.intent, values=frozenset(tuple(e) for e in message.entities),
                   also=tuple(message.also))


def kind_of(examples: Sequence[Example]) -> str:
    return EVERYDAY if examples and all(e.intent == OUT_OF_SCOPE for e in examples) else REAL


def load_real_sets(
    corpora_dir: Path, names: Sequence[str], load_set: Callable[[str, Path], Sequence[Any]],
    missing: type, say: Callable[[str], None] = print,
) -> Tuple[List[EvalSet], List[str]]:
    """The sets that could be read, and a message for each one that could not."""
    found: List[EvalSet] = []
    skipped: List[str] = []
    for name in names:
        try:
            examples = [to_example(m) for m in load_set(name, corpora_dir)]
        except missing as error:
            skipped.append(f"{name}: {error}")
            say(f"real set {name} skipped: {error}")
            continue
        found.append(EvalSet(name, examples, kind_of(examples)))
    return found, skipped


def real_sets(corpora_dir: Path, say: Callable[[str], None] = print) -> Tuple[List[EvalSet], List[str]]:
    module = corpora_module()
    if module is None:
        note = "eval/corpora.py (the real-customer sets, helper nlu-realset) is not on this branch yet"
        say(note)
        return [], [note]
    return load_real_sets(corpora_dir, module.SET_NAMES, module.load_set, module.MissingCorpus, say)
