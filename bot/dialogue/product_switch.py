"""「不对，是冰箱」 in the middle of a diagnosis: the same problem, on the product the customer means;
「不对，不是这个问题，是电视没图像」: another fault of the same product, named in so many words;
「温度调的是5度，还是不凉」 during the fridge's diagnosis, read by the NLU as the air conditioner's
weak cooling, is the fridge's (a message that names no product is about the conversation's).

The fault of the other product is the one whose words best match the problem as diagnosed so far
and what the customer just wrote (the knowledge-base search): 「空调不制冷」 corrected to the
fridge is the fridge's weak cooling; 「漏水」 corrected to the washer is the washer's leak. When no
fault of that product clearly matches, the customer chooses (None).
"""

from __future__ import annotations

import re

from bot.knowledge import Diagnosis, KnowledgeBase
from bot.knowledge.search import search

#: The best fault of the other product must score this far ahead of the next one.
CLEAR_MARGIN = 1.5


def same_problem_on(
    knowledge: KnowledgeBase, diagnosed: Diagnosis, product: str, text: str
) -> str | None:
    """The fault intent of ``product`` that matches the problem of ``diagnosed`` and ``text``."""
    faults = {intent for intent, d in knowledge.diagnoses.items() if d.product == product}
    if not faults:
        return None
    hits = [
        h for h in search(f"{diagnosed.title} {text}", limit=200) if h.key in faults and not h.topic
    ]
    if not hits:
        return None
    if len(hits) > 1 and hits[0].score < CLEAR_MARGIN * hits[1].score:
        return None
    return hits[0].key


def other_fault_named(knowledge: KnowledgeBase, diagnosed: Diagnosis, text: str) -> str | None:
    """Another fault of the diagnosed product that ``text`` names clearly (「是电视没图像」 during the
    sound diagnosis); None when the words match the fault being diagnosed as well or better
    (「不对，还是没声音」 is the step's answer, not a correction) or match nothing clearly."""
    product_faults = {
        intent for intent, d in knowledge.diagnoses.items() if d.product == diagnosed.product
    }
    hits = [h for h in search(text, limit=200) if h.key in product_faults and not h.topic]
    if not hits or hits[0].key == diagnosed.intent:
        return None
    if len(hits) > 1 and hits[0].score < CLEAR_MARGIN * hits[1].score:
        return None
    named = knowledge.diagnosis(hits[0].key)
    return hits[0].key if named is not None and names_fault(knowledge, named, text) else None


def names_fault(knowledge: KnowledgeBase, diagnosis: Diagnosis, text: str) -> bool:
    """``text`` says the fault in words of its own: one of the customers' words for it
    (``said_as``, two characters or more) or a part of its title without the product's name
    (没有图像 of 「电视黑屏、没有图像」). 「不是冰箱，是冰柜，那种卧式的大冰柜」 corrects the product's
    name only: its 大 is no 「噪音大」."""
    product = knowledge.product_name(diagnosis.product)
    parts = [p.replace(product, "") for p in re.split(r"[、，,/（）()]", diagnosis.title)]
    words = [w for w in (*diagnosis.said_as, *parts) if len(w) >= 2]
    lowered = text.lower()
    return any(word.lower() in lowered for word in words)


def fault_in_context(
    knowledge: KnowledgeBase,
    intent: str | None,
    conversation_product: str | None,
    named_product: str | None,
    text: str,
) -> str | None:
    """``intent`` read in the conversation: a fault of another product than the conversation's, in
    a message that names no product, is the same problem of the conversation's product when one of
    its faults clearly matches; any other intent stays as the NLU read it."""
    read = knowledge.diagnosis(intent)
    if (
        read is None
        or conversation_product is None
        or named_product is not None
        or read.product == conversation_product
    ):
        return intent
    return same_problem_on(knowledge, read, conversation_product, text) or intent
