"""The maker's troubleshooting and policy knowledge, loaded from the YAML under ``knowledge/``."""

from functools import lru_cache

from bot.knowledge.base import Answer, KnowledgeBase, Product
from bot.knowledge.diagnosis import Diagnosis, Step, StepKind
from bot.knowledge.loader import KnowledgeError, knowledge_dir, load_knowledge


@lru_cache(maxsize=1)
def get_knowledge() -> KnowledgeBase:
    """The knowledge base of this process, loaded (and validated) once."""
    return load_knowledge()


__all__ = [
    "Answer",
    "Diagnosis",
    "KnowledgeBase",
    "KnowledgeError",
    "Product",
    "Step",
    "StepKind",
    "get_knowledge",
    "knowledge_dir",
    "load_knowledge",
]
