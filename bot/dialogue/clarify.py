"""Asking back when the bot is not sure what the customer meant."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.messages import BotMessage, Button
from bot.knowledge import get_knowledge
from bot.knowledge.base import NLU_FALLBACK

#: How many of the likeliest meanings the bot offers as buttons when it asks back.
MEANINGS_OFFERED = 2
#: Never offered as a button: the fallback itself, "unrelated to service" and bare information.
NEVER_OFFERED: frozenset[str] = frozenset({NLU_FALLBACK, "out_of_scope", "inform"})
#: How much the knowledge-base search counts against the classifier's confidence when the buttons
#: are chosen: an intent's score is its confidence plus this share of its BM25 score relative to
#: the best match (chosen by cross-validation on data/nlu, see docs/nlu-experiments.md).
SEARCH_WEIGHT = 0.3


@dataclass(frozen=True)
class Candidate:
    intent: str
    label: str


def candidates(
    intent_ranking: Iterable[dict[str, Any]], text: str | None = None, limit: int = MEANINGS_OFFERED
) -> list[Candidate]:
    """The meanings a clarifying question offers as buttons, likeliest first.

    The one place that decides the buttons: ``actions/clarify.py`` asks back with them, and the
    NLU evaluation scores "the right meaning was offered" with them, so the figure measures what
    customers get. ``text`` is the customer's message (for ranking the knowledge base as well).
    """
    knowledge = get_knowledge()
    scores: dict[str, float] = {}
    for ranked in intent_ranking or []:
        name = ranked.get("name")
        if name and name not in NEVER_OFFERED and knowledge.intent_label(name):
            scores[name] = max(scores.get(name, 0.0), float(ranked.get("confidence") or 0.0))
    if text and SEARCH_WEIGHT:
        from bot.knowledge.search import search

        for name, share in search_shares(search(text, 8)).items():
            if name not in NEVER_OFFERED and knowledge.intent_label(name):
                scores[name] = scores.get(name, 0.0) + SEARCH_WEIGHT * share
    ranked_names = sorted(scores, key=lambda n: -scores[n])[:limit]
    return [Candidate(name, knowledge.intent_label(name) or name) for name in ranked_names]


def search_shares(hits: Sequence[Any]) -> dict[str, float]:
    """Each intent's BM25 score as a share of the best (topic answers are not buttons)."""
    hits = [h for h in hits if not h.topic]
    best = max((h.score for h in hits), default=0.0)
    return {h.key: h.score / best for h in hits} if best > 0 else {}


def topic_reply(text: str | None) -> BotMessage | None:
    """The answer keyed by topic that the knowledge-base search finds clearly for the message
    (knowledge/answers.yml entries with keywords): a question outside the intents, answered."""
    from bot.knowledge.search import topic_answer

    topic = topic_answer(text) if text else None
    answer = get_knowledge().answers.get(topic) if topic else None
    if answer is None:
        return None
    return BotMessage(answer.text, [Button(title, payload) for title, payload in answer.buttons])


NONE_OF_THESE = Button("都不是", f"/{NLU_FALLBACK}")


def clarification(candidates: list[Candidate]) -> BotMessage:
    if not candidates:
        return BotMessage(
            "抱歉，我没太理解您的意思。能换个说法描述一下吗？比如「电视黑屏」「我要报修」「查询工单」。"
        )
    names = "，还是".join(c.label for c in candidates)
    return BotMessage(
        f"我想确认一下，您是想问：{names}？",
        [Button(c.label, f"/{c.intent}") for c in candidates] + [NONE_OF_THESE],
    )


def give_up_offer() -> BotMessage:
    return BotMessage(
        "抱歉，我还是没能理解您的问题 🙏 我帮您转人工客服，或者直接登记上门维修，您看哪个合适？",
        [Button("转人工客服", "/request_human"), Button("登记上门维修", "/request_repair")],
    )
