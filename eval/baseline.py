"""Plain text classifiers without Rasa, intents only: how far character n-grams get.

- ``tfidf_svm``: character 1–4-gram TF-IDF and scikit-learn's LinearSVC (issue 18's baseline);
- ``tfidf_lr``: character 1–3-gram TF-IDF and logistic regression (the earlier baseline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sklearn.base import ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import LinearSVC

from eval.examples import Prediction, load_examples
from eval.variant import Parser, Variant

MAX_ITERATIONS = 2000


class TfidfVariant(Variant):
    """Character n-gram TF-IDF and a linear classifier."""

    extracts_entities = False

    def __init__(
        self, name: str, ngram_range: tuple[int, int], classifier: Callable[[], ClassifierMixin]
    ) -> None:
        self.name = name
        self.ngram_range = ngram_range
        self.classifier = classifier
        self._pipeline: Pipeline | None = None

    def describe(self) -> str:
        return (
            f"sklearn TfidfVectorizer(char {self.ngram_range}) + {type(self.classifier()).__name__}"
        )

    def pipeline(self) -> Pipeline:
        return make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=self.ngram_range, lowercase=True),
            self.classifier(),
        )

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> None:
        pipeline = self.pipeline()
        pipeline.fit(list(texts), list(labels))
        self._pipeline = pipeline

    def train(self, data_dir: Path, work_dir: Path) -> None:
        examples = load_examples(data_dir)
        self.fit([e.text for e in examples], [e.intent for e in examples])

    @contextmanager
    def loaded(self) -> Iterator[Parser]:
        if self._pipeline is None:
            raise RuntimeError(f"{self.name}: train before loading")
        pipeline = self._pipeline

        def parse(text: str) -> Prediction:
            intent = str(pipeline.predict([text])[0])
            return Prediction(intent, intent, None)

        yield parse


def tfidf_svm() -> TfidfVariant:
    return TfidfVariant("tfidf_svm", (1, 4), LinearSVC)


def tfidf_lr() -> TfidfVariant:
    return TfidfVariant("tfidf_lr", (1, 3), lambda: LogisticRegression(max_iter=MAX_ITERATIONS))
