"""Safety first: which hazard a message names, and what the bot says about it (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.dialogue.messages import AFFIRM, DENY, BotMessage, Button
from bot.knowledge.policy import Hazard, SafetyAdvice

OFFER = "\n\n需要我马上为您登记紧急上门吗？紧急工单 30 分钟内响应。"
BUTTONS = [Button("马上登记", AFFIRM), Button("暂时不用", DENY)]


def _matches(patterns: Iterable[str], text: str) -> bool:
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)


def find_hazard(safety: SafetyAdvice, text: str | None) -> Hazard | None:
    """The first hazard of knowledge/safety.yml that ``text`` names (gas, outdoor bracket, shock...);
    words of danger it denies (「没冒烟」) name none."""
    text = safety.without_denied(text or "")
    return next((h for h in safety.hazards if _matches(h.patterns, text)), None)


def follow_up_answer(hazard: Hazard | None, text: str | None) -> str | None:
    """The answer to a question asked inside the safety case of ``hazard`` (「要不要去医院」)."""
    if hazard is None:
        return None
    return next((f.answer for f in hazard.follow_ups if _matches(f.patterns, text or "")), None)


def safety_reply(
    safety: SafetyAdvice, text: str | None, product: str | None, earlier: str | None = None
) -> BotMessage:
    """What the bot says to ``text``: a follow-up answer inside the case that ``earlier`` (the
    message that opened it) named, the advice of the hazard ``text`` names, or the general advice."""
    answer = follow_up_answer(find_hazard(safety, earlier), text) or follow_up_answer(
        find_hazard(safety, text), text
    )
    if answer and earlier:
        return BotMessage(answer + OFFER, BUTTONS)
    hazard = find_hazard(safety, text) or find_hazard(safety, earlier)
    if hazard is not None:
        return BotMessage(
            f"⚠️ {hazard.advice}" + (f"\n\n{answer}" if answer else "") + OFFER, BUTTONS
        )
    return BotMessage(
        "⚠️ 这可能有安全隐患，请先按下面做：\n" + safety.for_product(product) + OFFER, BUTTONS
    )
