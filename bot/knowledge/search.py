"""Search the knowledge base with the customer's own words (BM25, rank-bm25).

A backstop for the classifier: when it is unsure, the faults and answers whose words the message
shares are likely meanings too. One document per fault (its title three times, the customers' words
for it twice, its likely causes, its steps' titles and texts) and per answer (its text, its label or its topic keywords); terms are
jieba words (with the knowledge base's words) and character pairs, so a word jieba cuts
differently, or a typo in one character, still matches in part.

Used by ``bot.dialogue.clarify.candidates`` (the buttons of a clarifying question) and by
``topic_answer`` (answers keyed by topic, outside the taxonomy of intents).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.knowledge.base import KnowledgeBase

#: Terms that say nothing about a fault or a question.
STOP_TERMS = frozenset(
    "的 了 吗 呢 吧 啊 是 我 你 他 它 在 有 和 就 都 也 还 很 这 那 个 一 不 没 请 您 下 上 会 能 要 把 被 让 给".split()
)
KEEP = re.compile(r"[\w\u4e00-\u9fff]+")
#: A topic answer is given outright only this far ahead of every other document (BM25 scores).
TOPIC_MIN_SCORE = 6.0
TOPIC_MARGIN = 1.5


@dataclass(frozen=True)
class Hit:
    key: str  # a fault's or an answer's intent, or an answer's topic
    score: float
    topic: bool = False


def terms(text: str, cutter: Any = None) -> list[str]:
    """jieba words and character pairs of a text, lower-cased, without punctuation and stop terms."""
    import jieba

    words = (cutter or jieba).lcut(text.lower())
    found = [w for w in words if KEEP.fullmatch(w) and w not in STOP_TERMS]
    for piece in KEEP.findall(text.lower()):
        found += [piece[i : i + 2] for i in range(len(piece) - 1) if not piece[i : i + 2].isascii()]
    return found


def documents(knowledge: KnowledgeBase) -> list[tuple[str, str, bool]]:
    """(key, text, is a topic) for every fault and every answer of the knowledge base."""
    docs: list[tuple[str, str, bool]] = []
    for intent, diagnosis in sorted(knowledge.diagnoses.items()):
        steps = " ".join(f"{s.title} {getattr(s, 'text', '')}" for s in diagnosis.steps.values())
        docs.append(
            (
                intent,
                " ".join(
                    [diagnosis.title] * 3
                    + list(diagnosis.said_as) * 2
                    + list(diagnosis.likely_causes)
                    + [steps]
                ),
                False,
            )
        )
    for key, answer in sorted(knowledge.answers.items()):
        keywords = " ".join(getattr(answer, "keywords", ()) or ())
        label = knowledge.intent_label(key) or ""
        docs.append(
            (
                key,
                " ".join([label, label, keywords, keywords, answer.text]),
                bool(getattr(answer, "topic", False)),
            )
        )
    for intent, label in sorted(knowledge.intent_labels.items()):
        if intent not in knowledge.diagnoses and intent not in knowledge.answers:
            docs.append((intent, f"{label} {label}", False))
    return docs


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (word frequencies and their total), read once per process: loading
    it takes a second or two, and every search starts from a copy of it."""
    import jieba

    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


class KnowledgeSearch:
    def __init__(self, knowledge: KnowledgeBase) -> None:
        import jieba
        from rank_bm25 import BM25Okapi

        from bot.knowledge.words import domain_words

        frequencies, total = _jieba_dictionary()
        self.cutter = jieba.Tokenizer()
        self.cutter.FREQ, self.cutter.total, self.cutter.initialized = (
            dict(frequencies),
            total,
            True,
        )
        for word in domain_words(knowledge):
            self.cutter.add_word(word, 2000)
        docs = documents(knowledge)
        self.keys = [(key, topic) for key, _, topic in docs]
        self.bm25 = BM25Okapi([terms(text, self.cutter) or ["∅"] for _, text, _ in docs])

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best-matching faults and answers, best first (only those sharing a term)."""
        query = terms(text or "", self.cutter)
        if not query:
            return []
        scores = self.bm25.get_scores(query)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [
            Hit(self.keys[i][0], float(scores[i]), self.keys[i][1])
            for i in order[:limit]
            if scores[i] > 0
        ]


@lru_cache(maxsize=1)
def _search_for(knowledge_id: int) -> KnowledgeSearch:
    from bot.knowledge import get_knowledge

    return KnowledgeSearch(get_knowledge())


@lru_cache(maxsize=50000)
def _cached_search(knowledge_id: int, text: str, limit: int) -> tuple[Hit, ...]:
    return tuple(_search_for(knowledge_id).search(text, limit))


def search(text: str, limit: int = 5) -> list[Hit]:
    """The knowledge base's best matches for a message (cached: the evaluation asks many times)."""
    from bot.knowledge import get_knowledge

    return list(_cached_search(id(get_knowledge()), text or "", limit))


def topic_answer(text: str, hits: Sequence[Hit] | None = None) -> str | None:
    """The topic of an answer keyed by topic when the message matches it clearly, else None."""
    hits = list(hits) if hits is not None else search(text, 2)
    if not hits or not hits[0].topic or hits[0].score < TOPIC_MIN_SCORE:
        return None
    if len(hits) > 1 and hits[0].score < TOPIC_MARGIN * hits[1].score:
        return None
    from bot.knowledge import get_knowledge

    answer = get_knowledge().answers.get(hits[0].key)
    if answer is not None and not names_a_keyword(text, answer.keywords):
        return None  # 「那换个屏多少钱」 shares only 多少 with 「温度调多少」: no topic of ours
    return hits[0].key


#: Character pairs of topic keywords that ask, not name: sharing only these names no topic.
ASKING_PAIRS = frozenset("多少 怎么 什么 时候 可以 需要 一下 合适 一般 调多 几度 怎样 如何".split())


def names_a_keyword(text: str, keywords: Sequence[str]) -> bool:
    """True when the message shares a character pair of a topic keyword that names something
    (「冰相温度调几档」 shares 温度; 「换个屏多少钱」 shares only 多少)."""
    lowered = (text or "").lower()
    for keyword in keywords:
        word = keyword.lower()
        pairs = {word[i : i + 2] for i in range(len(word) - 1)} or {word}
        if any(pair in lowered for pair in pairs - ASKING_PAIRS):
            return True
    return False
