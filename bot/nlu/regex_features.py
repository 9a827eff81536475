"""Regex features from ``knowledge/shapes.yml``.

The shapes of model numbers, fault codes and ticket, mobile and IMEI numbers are kept in one
place, the knowledge base; this featurizer adds them to the regexes of the NLU data (there are
none today) so the intent classifier sees "this message holds a ticket number" as a feature.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import load_knowledge


def shape_patterns() -> list[dict[str, str]]:
    """One named regex per shape, for values inside running text."""
    return [
        {"name": shape.name, "pattern": shape.in_text()}
        for shape in load_knowledge().shapes.values()
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class KnowledgeRegexFeaturizer(RegexFeaturizer):
    """``RegexFeaturizer`` that also knows the shapes of the knowledge base."""

    known_patterns: list[dict[str, str]]  # RegexFeaturizer's, which Rasa does not annotate

    def train(self, training_data: TrainingData) -> Resource:
        super().train(training_data)
        shapes = shape_patterns()
        names = {pattern["name"] for pattern in shapes}
        self.known_patterns = shapes + [p for p in self.known_patterns if p["name"] not in names]
        self._persist()
        return self._resource
