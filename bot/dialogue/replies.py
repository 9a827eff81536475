"""Reading what the customer answered to a diagnostic step."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional

from bot.knowledge.diagnosis import Answer, Step, StepKind

#: "I have tried that already" - move past the step without calling it a failure.
SKIP_PATTERN = re.compile(r"(试过|做过|弄过|检查过|查过|跳过|下一步|换一个方法|其他办法)")

#: Intents that mean the customer wants something else: never an answer to a step.
NOT_AN_ANSWER = frozenset(
    {
        "stop",
        "request_human",
        "safety_hazard",
        "check_ticket_status",
        "request_repair",
        "bot_challenge",
        "complaint",
        "greet",
        "goodbye",
    }
)


def is_question_intent(intent: Optional[str]) -> bool:
    """Policy and FAQ questions (ask_*) interrupt a diagnosis instead of answering it."""
    return bool(intent) and intent.startswith("ask_")


def read_answer(step: Step, intent: Optional[str], text: Optional[str], fault: Optional[str]) -> Optional[Answer]:
    """The customer's answer to ``step``, or None when the message is about something else."""
    text = (text or "").strip()
    if not text or intent in NOT_AN_ANSWER or is_question_intent(intent):
        return None
    if SKIP_PATTERN.search(text) and intent != "affirm":
        return Answer.SKIP
    if step.kind is StepKind.INFO:
        return Answer.TEXT
    if intent == "affirm":
        return Answer.YES
    if intent == "deny" or intent == fault:
        # "还是黑屏" is the fault intent again: the step did not help.
        return Answer.NO
    return None


def find_error_code(text: Optional[str]) -> Optional[str]:
    """The first fault code in ``text``: the shape ``error_code`` of ``knowledge/shapes.yml`` or
    a code listed in ``knowledge/error_codes.yml`` (CL), upper case; None without one."""
    match = _error_code_pattern().search(text or "")
    return match.group("value").upper() if match else None


@lru_cache(maxsize=1)
def _error_code_pattern() -> "re.Pattern[str]":
    from bot.knowledge import get_knowledge

    knowledge = get_knowledge()
    known = sorted({code for codes in knowledge.error_codes.values() for code in codes}, key=lambda c: (-len(c), c))
    code_shape = knowledge.shapes["error_code"]
    with_known = replace(code_shape, regexes=code_shape.regexes + tuple(re.escape(code) for code in known))
    return re.compile(with_known.in_text())
