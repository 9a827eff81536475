"""Reading what the customer answered to a diagnostic step."""
from __future__ import annotations

import re
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


#: Codes shown on displays: E1, F3, P4, EC, CL, E21. Two letters alone only when upper case.
ERROR_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}\d{1,2}|[A-Z]{2})(?![A-Za-z0-9])")


def find_error_code(text: Optional[str]) -> Optional[str]:
    match = ERROR_CODE.search(text or "")
    return match.group(1).upper() if match else None
