"""What every channel does before and around a turn, so all channels behave the same.

- Text is cleaned (control characters dropped) and cut to ``MAX_MESSAGE_CHARS``.
- An empty message gets a prompt instead of a turn.
- A sender who floods is slowed down (token bucket per sender) without touching anyone else.
- If the turn fails (the action server is down or restarting), the customer gets a polite
  "please try again" and the conversation carries on from where it was with the next message.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, Tuple

from rasa.core.channels.channel import UserMessage

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EMPTY_REPLY = "请输入您想咨询的问题，比如「电视黑屏」「查询工单」。"
SLOW_DOWN_REPLY = "您发送得有点快，我跟不上啦 🙏 请稍等几秒再发。"
FAILURE_REPLY = "抱歉，系统开了个小差，刚才这条消息没能处理。请稍后再发一次；着急的话请拨打 4006-100-100（7×24 小时）。"


class SenderRateLimiter:
    """Token bucket per sender: ``burst`` messages at once, then ``per_second`` on average."""

    def __init__(self, burst: float = 8, per_second: float = 1.0, max_senders: int = 50_000):
        self.burst, self.per_second, self.max_senders = burst, per_second, max_senders
        self._buckets: Dict[str, Tuple[float, float]] = {}

    def allow(self, sender: str, now: float = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(sender, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        self._buckets[sender] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > self.max_senders:
            self._buckets.pop(next(iter(self._buckets)))
        return allowed


def clean_text(text: Any) -> str:
    text = CONTROL.sub("", str(text or ""))
    return text[:MAX_MESSAGE_CHARS]


def guarded(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], limiter: SenderRateLimiter
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> Any:
        output, sender = message.output_channel, message.sender_id
        message.text = clean_text(message.text)
        if not message.text.strip():
            await output.send_text_message(sender, EMPTY_REPLY)
            return None
        if not limiter.allow(sender):
            await output.send_text_message(sender, SLOW_DOWN_REPLY)
            return None
        try:
            return await on_new_message(message)
        except Exception:  # noqa: BLE001 - whatever broke, the customer gets an answer
            logger.exception("turn failed for a message on %s", message.input_channel)
            await output.send_text_message(sender, FAILURE_REPLY)
            return None

    return handle
