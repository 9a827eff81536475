"""Asking back when the bot is not sure what the customer meant."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

from bot.dialogue.messages import BotMessage, Button
from bot.knowledge import get_knowledge

#: How many of the likeliest meanings the bot offers as buttons when it asks back.
OFFERED = 2
#: Never offered as a button: the fallback itself, "unrelated to service" and bare information.
NEVER_OFFERED: FrozenSet[str] = frozenset({"nlu_fallback", "out_of_scope", "inform"})


@dataclass(frozen=True)
class Candidate:
    intent: str
    label: str


def candidates(
    intent_ranking: Iterable[Dict[str, Any]], text: Optional[str] = None, limit: int = OFFERED
) -> List[Candidate]:
    """The meanings a clarifying question offers as buttons, likeliest first.

    The one place that decides the buttons: ``actions/clarify.py`` asks back with them, and the
    NLU evaluation scores "the right meaning was offered" with them, so the figure measures what
    customers get. ``text`` is the customer's message (for ranking the knowledge base as well).
    """
    knowledge, found = get_knowledge(), []
    for ranked in intent_ranking or []:
        label = knowledge.intent_label(ranked.get("name"))
        if label and ranked["name"] not in NEVER_OFFERED:
            found.append(Candidate(ranked["name"], label))
        if len(found) == limit:
            break
    return found


NONE_OF_THESE = Button("都不是", "/nlu_fallback")


def clarification(candidates: List[Candidate]) -> BotMessage:
    if not candidates:
        return BotMessage("抱歉，我没太理解您的意思。能换个说法描述一下吗？比如「电视黑屏」「我要报修」「查询工单」。")
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
