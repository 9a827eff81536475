"""What else a long message said, next to the fault the bot diagnoses (``secondary_intents`` of
the parse result, from bot/nlu/clauses.py): the bot says it heard it, and offers to record a
complaint once the fault is dealt with."""

from __future__ import annotations

from typing import Any

from bot.dialogue.messages import BotMessage
from bot.knowledge import Diagnosis, get_knowledge
from bot.knowledge.base import SECONDARY_INTENTS

COMPLAINT = "complaint"


def secondary_note(
    parse_data: dict[str, Any], diagnosed: Diagnosis | None = None
) -> BotMessage | None:
    """One message about the other meanings of the customer's message, or None. Beside the fault
    ``diagnosed``, another fault counts only for its product, or for a product the message names
    (「洗衣机不排水了 波轮的 E3」 mentions no air conditioner's code)."""
    names: list[str] = [
        m.get("name") for m in parse_data.get(SECONDARY_INTENTS) or [] if m.get("name")
    ]
    knowledge, parts = get_knowledge(), []
    named = {
        knowledge.product_id(e.get("value"))
        for e in parse_data.get("entities") or []
        if e.get("entity") == "product"
    }
    other_faults = [
        diagnosis.title
        for diagnosis in map(knowledge.diagnosis, names)
        if diagnosis is not None
        and (
            diagnosed is None
            or (
                diagnosis.intent != diagnosed.intent
                and diagnosis.product in named | {diagnosed.product}
            )
        )
    ]
    if COMPLAINT in names:
        parts.append(
            "给您添麻烦了，非常抱歉 🙏 您的不满我记下了。先帮您把故障排查好；排查完如果您还想投诉，说「我要投诉」，我马上帮您登记。"
        )
    if other_faults:
        parts.append(f"您还提到了「{'」「'.join(other_faults)}」，这个问题排查完我们接着看。")
    return BotMessage("\n".join(parts)) if parts else None
