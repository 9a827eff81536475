"""``tfidf_lr``: character 1–3-gram TF-IDF and logistic regression, intents only."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from eval.examples import Prediction, load_examples
from eval.variant import Parser, Variant

NGRAM_RANGE = (1, 3)
MAX_ITERATIONS = 2000


def tfidf_lr_pipeline() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, lowercase=True),
        LogisticRegression(max_iter=MAX_ITERATIONS),
    )


class TfidfLrVariant(Variant):
    """A classic text classifier: how far plain character n-grams get without Rasa."""

    name = "tfidf_lr"
    extracts_entities = False

    def __init__(self) -> None:
        self._pipeline: Optional[Pipeline] = None

    def describe(self) -> str:
        return f"sklearn TfidfVectorizer(char {NGRAM_RANGE}) + LogisticRegression"

    def train(self, data_dir: Path, work_dir: Path) -> None:
        examples = load_examples(data_dir)
        pipeline = tfidf_lr_pipeline()
        pipeline.fit([e.text for e in examples], [e.intent for e in examples])
        self._pipeline = pipeline

    @contextmanager
    def loaded(self) -> Iterator[Parser]:
        if self._pipeline is None:
            raise RuntimeError(f"{self.name}: train before loading")
        pipeline = self._pipeline

        def parse(text: str) -> Prediction:
            intent = str(pipeline.predict([text])[0])
            return Prediction(intent, intent, None)

        yield parse
