"""What every variant offers the runner: train on a folder of NLU data, then parse messages."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from eval.examples import Prediction

#: Parses one message.
Parser = Callable[[str], Prediction]


class Variant(ABC):
    """One way of doing NLU, compared with the others on the same data."""

    name: str
    #: False for intent-only variants: their entity figures are "not applicable".
    extracts_entities: bool = True
    #: training messages whose entity annotations do not fall on token boundaries (set by
    #: ``train``): the variant cannot learn those entities
    misaligned_annotations: Sequence[str] = ()

    @abstractmethod
    def train(self, data_dir: Path, work_dir: Path) -> None:
        """Train on the NLU files of ``data_dir``; ``work_dir`` may hold what training writes."""

    @abstractmethod
    def loaded(self) -> AbstractContextManager[Parser]:
        """The trained model, loaded, as a parser (only after ``train``)."""

    def describe(self) -> str:
        """Where the variant is defined, for the report."""
        return type(self).__name__
