"""One entity per span: rule-based extraction wins over statistical extraction.

spaCy's entity ruler (``SpacyEntityExtractor``) and DIET often find the same span, or
overlapping ones (DIET: ``KFR-35GW``, the ruler: ``KFR-35GW/E500-A1``). The rule:

1. A rule-based entity (exact, from the knowledge base) wins over every statistical entity
   that overlaps it, whatever the labels.
2. Two overlapping rule-based entities: the longer span wins, then the one found with context
   (``ExactDetailsExtractor``: 工单号WO20261103001 is a ticket number, not a model), then the
   earlier one.
3. Statistical entities that overlap no rule-based entity are kept as they are.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, EXTRACTOR
from rasa.shared.nlu.training_data.message import Message

#: extractors whose entities come from rules and lists, not from a trained model
RULE_BASED_EXTRACTORS = frozenset(
    {"SpacyEntityExtractor", "RegexEntityExtractor", "ExactDetailsExtractor"}
)
#: on a tie in length, these win (they read the words around the value)
CONTEXT_EXTRACTORS = frozenset({"ExactDetailsExtractor"})

Entity = dict[str, Any]


def _overlap(a: Entity, b: Entity) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _is_rule_based(entity: Entity) -> bool:
    return entity.get(EXTRACTOR) in RULE_BASED_EXTRACTORS


def resolve_conflicts(entities: list[Entity]) -> list[Entity]:
    """The entities without overlaps, by the rule above, in text order."""
    positioned = [e for e in entities if "start" in e and "end" in e]
    kept: list[Entity] = []
    rule_based = sorted(
        (e for e in positioned if _is_rule_based(e)),
        key=lambda e: (
            -(e["end"] - e["start"]),
            e.get(EXTRACTOR) not in CONTEXT_EXTRACTORS,
            e["start"],
        ),
    )
    for entity in rule_based:
        if not any(_overlap(entity, other) for other in kept):
            kept.append(entity)
    for entity in positioned:
        if not _is_rule_based(entity) and not any(_overlap(entity, other) for other in kept):
            kept.append(entity)
    unpositioned = [e for e in entities if e not in positioned]
    return sorted(kept, key=lambda e: (e["start"], e["end"])) + unpositioned


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class RuleBasedEntitiesWin(GraphComponent):
    """Removes the entities that lose a conflict (see the module's rule)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleBasedEntitiesWin:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES)
            if entities:
                message.set(ENTITIES, resolve_conflicts(entities), add_to_output=True)
        return messages
