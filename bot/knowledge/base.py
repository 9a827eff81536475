"""The knowledge base as the rest of the bot sees it: read-only, typed, loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from bot.knowledge.diagnosis import Diagnosis


@dataclass(frozen=True)
class Product:
    id: str  # normalised value: tv, fridge, ac, washer, phone
    name: str  # how the bot calls it in Chinese
    synonyms: Tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """A policy or FAQ answer, sent as one message."""

    intent: str
    text: str
    buttons: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    products: Dict[str, Product]
    diagnoses: Dict[str, Diagnosis]
    answers: Dict[str, Answer]

    def diagnosis(self, intent: Optional[str]) -> Optional[Diagnosis]:
        return self.diagnoses.get(intent or "")

    def answer(self, intent: Optional[str]) -> Optional[Answer]:
        return self.answers.get(intent or "")

    def product_name(self, product_id: Optional[str]) -> str:
        product = self.products.get(product_id or "")
        return product.name if product else "产品"

    def synonym_map(self) -> Dict[str, str]:
        """Every way customers name a product -> its normalised id."""
        return {syn: p.id for p in self.products.values() for syn in (p.name, *p.synonyms)}
