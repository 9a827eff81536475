"""Entity synonyms taken from the knowledge base as well as from the training data.

Product words (彩电, 冰柜, 挂机, 滚筒…) are listed once, in ``knowledge/products.yml``; this
mapper learns them at training time so that ``product`` entities come out normalised to
``tv``, ``fridge``, ``ac``, ``washer`` or ``phone`` without repeating the list in the NLU data.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import load_knowledge


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class KnowledgeSynonymMapper(EntitySynonymMapper):
    """``EntitySynonymMapper`` that also learns the product synonyms of the knowledge base."""

    def train(self, training_data: TrainingData) -> Resource:
        for synonym, product in load_knowledge().synonym_map().items():
            if synonym != product:
                self.synonyms[synonym.lower()] = product
        return super().train(training_data)
