"""The knowledge base's own Chinese words, as the knowledge-base search, the homophone check and
the scope check of ``bot/nlu`` cut and recognise them."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import yaml

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import knowledge_dir, load_knowledge

HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def pristine_dictionary() -> Any:
    """A jieba dictionary of its own, as jieba ships it: in the Rasa process the global one may
    carry our user dictionary (冰相 at frequency 2000), which would make every typo a word."""
    import jieba

    cutter = jieba.Tokenizer()
    cutter.initialize()
    return cutter


@lru_cache(maxsize=1)
def _shipped_cutter() -> Any:
    return pristine_dictionary()


#: Grammar, not domain words, though fault titles contain them (开不了机, 没有图像).
NOT_DOMAIN_WORDS = frozenset(
    {"没有", "不了", "不能", "无法", "不好", "不进", "还是", "一直", "不开"}
)


def vocabulary_lists() -> dict[str, Any]:
    """``knowledge/vocabulary.yml`` as read: its word lists by key (words, service_words,
    device_words, missing_from_the_box…)."""
    return yaml.safe_load((knowledge_dir() / "vocabulary.yml").read_text(encoding="utf-8")) or {}


@dataclass(frozen=True)
class GrievanceWords:
    """``grievance_words`` of knowledge/vocabulary.yml: about the sale or service, of mood, and the
    service only named."""

    service: frozenset[str]
    mood: frozenset[str]
    named: frozenset[str] = frozenset()

    @property
    def said(self) -> frozenset[str]:
        """The words that say the customer is unhappy on their own (not 客服 alone)."""
        return self.service | self.mood


@lru_cache(maxsize=1)
def grievance_words() -> GrievanceWords:
    listed = vocabulary_lists().get("grievance_words") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in listed.get(key) or [] if str(w).strip())

    return GrievanceWords(words("service"), words("mood"), words("named"))


@cache
def listed(key: str) -> frozenset[str]:
    """One word list of knowledge/vocabulary.yml (``service_words``, ``trouble_words``…),
    lowercased, read once."""
    return frozenset(str(w).lower() for w in vocabulary_lists().get(key) or [] if str(w).strip())


def trouble_words() -> frozenset[str]:
    """``trouble_words`` of knowledge/vocabulary.yml: something is wrong (坏, 问题, 发烫, 退…)."""
    return listed("trouble_words")


def working_words() -> frozenset[str]:
    """``working_words`` of knowledge/vocabulary.yml: a part that works (声音倒是有, 充电没问题)."""
    return listed("working_words")


@lru_cache(maxsize=1)
def service_words_longest_first() -> tuple[str, ...]:
    """``service_words`` of knowledge/vocabulary.yml, longest first, to blank them out of a
    message before a shorter word is looked for (保修 before 修)."""
    return tuple(sorted(listed("service_words"), key=len, reverse=True))


@lru_cache(maxsize=1)
def uncovered_symptoms() -> dict[str, frozenset[str]]:
    """``uncovered_symptoms`` of knowledge/vocabulary.yml: by product, the words of faults no
    diagnosis covers (发热 of a phone)."""
    listed = vocabulary_lists().get("uncovered_symptoms") or {}
    return {
        str(product): frozenset(str(w).lower() for w in words or [] if str(w).strip())
        for product, words in listed.items()
    }


#: Right after a part's name, the customer used it to set something (遥控器调到16度, 遥控设成制冷):
#: the part works, it names no fault of its own.
PART_USED = re.compile(r"^.{0,2}(调|设|定|打)(到|成|在|了|低|高|置)")


def names_uncovered(text: str, words: Collection[str]) -> bool:
    """``text`` names one of ``words`` (a product's ``uncovered_symptoms``) as trouble: not a part
    used to set something (「遥控器调到16度也没用」 is weak cooling, not a broken remote)."""
    lowered = text.lower()
    return any(
        not PART_USED.match(lowered[match.end() :])
        for word in words
        for match in re.finditer(re.escape(word), lowered)
    )


def domain_words(knowledge: KnowledgeBase | None = None) -> list[str]:
    """The knowledge base's Chinese words: products and their synonyms, ``vocabulary.yml`` and the
    words of fault titles, with the words inside them (无信号 → 信号). Not city names: 上海 would
    swallow 晚上还. Cut with jieba's shipped dictionary: the global one may carry our user
    dictionary (无信号 whole), which would hide the words inside, so the vocabulary would depend on
    whether the spaCy pipeline was loaded first."""
    jieba = _shipped_cutter()
    knowledge = knowledge or load_knowledge()
    listed = vocabulary_lists()
    words: set[str] = set(knowledge.synonym_map()) | {str(w) for w in listed.get("words") or []}
    for diagnosis in knowledge.diagnoses.values():
        words |= set(jieba.lcut(diagnosis.title))
    for word in list(words):
        words |= set(jieba.lcut(word))
    return sorted(w for w in words if len(w) >= 2 and HAN.match(w) and w not in NOT_DOMAIN_WORDS)


@lru_cache(maxsize=1)
def _other_brands() -> re.Pattern[str] | None:
    patterns = [str(p) for p in vocabulary_lists().get("other_brands") or [] if str(p).strip()]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def other_brand(text: str | None) -> str | None:
    """The other maker's brand a message names (``other_brands`` of knowledge/vocabulary.yml)."""
    pattern = _other_brands()
    found = pattern.search(text or "") if pattern else None
    return found.group(0) if found else None


#: Words of trouble that undo a word of a working part in the same clause (不正常, 画面正常声音很差).
TROUBLE_MARKS = "不没无差坏卡黑花烫"


def says_part_works(clause: str, working: Collection[str] | None = None) -> bool:
    """The clause says a part works (「声音倒是有」, 「遥控器好使的」) and names no trouble: it reports
    no fault, whatever the classifier reads in its words. ``working``: ``working_words`` of
    knowledge/vocabulary.yml (by default)."""
    lowered = clause.lower()
    found = sorted(
        (w for w in (working_words() if working is None else working) if w in lowered),
        key=len,
        reverse=True,
    )
    if not found:
        return False
    for word in found:
        lowered = lowered.replace(word, "")
    return not any(mark in lowered for mark in TROUBLE_MARKS)
