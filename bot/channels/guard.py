"""What every channel does before and around a turn, so all channels behave the same.

- Text is cleaned (control characters but tab and newlines dropped: ``bot.text``) and cut to ``MAX_MESSAGE_CHARS``; the
  values of a payload (``/inform{"person_name": …}``) are cleaned the same way, since Rasa stores
  them as slots.
- ``input_channel`` is one of the known channel names (``CHANNELS``); metadata larger than
  ``MAX_METADATA_BYTES`` is dropped (Rasa keeps it and sends it to the action server every turn).
- An empty message gets a prompt instead of a turn.
- A sender who floods is slowed down (token bucket per sender) without touching anyone else; a
  client address is limited as well (``RATE_LIMIT_ADDRESS_*``, the address from trusted proxies'
  ``X-Forwarded-For``: ``bot.channels.addresses``), and so are new conversations per address.
  Every Rasa process counts against the same budgets when ``CHANNELS_REDIS_URL`` is set
  (``bot.channels.limits``).
- If the turn fails or the bot stays silent when it should not (the action server is down or
  restarting: Rasa then logs the error and answers nothing), the customer gets a polite
  "please try again"; the conversation carries on from where it was with the next message.
  A conversation handed over to a person (paused) stays silent, as it should.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint

from bot.channels.addresses import CLIENT_ADDRESS, AddressLimits
from bot.channels.limits import Buckets, token_buckets
from bot.knowledge.hotline import with_hotline
from bot.text import without_controls

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000
MAX_METADATA_BYTES = 4096
#: Rasa's session_expiration_time (domain/conversation.yml): a sender silent longer starts afresh.
SESSION_SECONDS = 120 * 60
#: A Rasa payload: /intent or /intent{"slot": "value"} (optionally @confidence).
PAYLOAD = re.compile(r"^(/[^{}@\s]+)(\{.*\})?(@[0-9.]+)?$", re.DOTALL)
#: Names an input channel may report; anything else is stored as ``OTHER_CHANNEL``.
CHANNELS = ("rest", "socketio", "wechat", "cmdline", "cli", "chat")
OTHER_CHANNEL = "other"

EMPTY_REPLY = "请输入您想咨询的问题，比如「电视黑屏」「查询工单」。"
SLOW_DOWN_REPLY = "您发送得有点快，我跟不上啦 🙏 请稍等几秒再发。"
TOO_MANY_CONVERSATIONS_REPLY = with_hotline(
    "当前网络发起的新会话过多，请稍后再试；着急的话请拨打 ${hotline}（7×24 小时）。"
)
FAILURE_REPLY = with_hotline(
    "抱歉，系统开了个小差，刚才这条消息没能处理。请稍后再发一次；着急的话请拨打 ${hotline}（7×24 小时）。"
)


def sender_limits(channel: str, environ: Mapping[str, str] = os.environ) -> Buckets:
    """Token bucket per sender of ``channel`` (per openid on WeChat): ``RATE_LIMIT_BURST`` messages
    at once, then ``RATE_LIMIT_PER_SECOND`` on average. A sender counts as a new conversation
    again only after ``SESSION_SECONDS`` of silence."""
    return token_buckets(
        f"{channel}:sender",
        float(environ.get("RATE_LIMIT_BURST", 20)),
        float(environ.get("RATE_LIMIT_PER_SECOND", 2)),
        remember=SESSION_SECONDS,
        environ=environ,
    )


class CountingOutput(OutputChannel):
    """Passes every message on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel):
        self.inner, self.sent = inner, 0

    @classmethod
    def name(cls) -> str:
        return "counting"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def clean_text(text: Any) -> str:
    return clean_payload(without_controls(str(text or ""))[:MAX_MESSAGE_CHARS])


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return without_controls(value)[:MAX_MESSAGE_CHARS]
    if isinstance(value, list):
        return [_clean_value(item) for item in value]
    if isinstance(value, dict):
        return {without_controls(str(key)): _clean_value(item) for key, item in value.items()}
    return value


def clean_payload(text: str) -> str:
    """A payload's JSON values cleaned like typed text (``\u001b`` in JSON is an escape
    character once Rasa decodes it); other text as it is."""
    match = PAYLOAD.match(text.strip()) if text.startswith("/") else None
    if not match or not match.group(2):
        return text
    try:
        values = json.loads(match.group(2))
    except ValueError:
        return text
    return f"{match.group(1)}{json.dumps(_clean_value(values), ensure_ascii=False)}{match.group(3) or ''}"


def known_channel(name: Any) -> str:
    return name if isinstance(name, str) and name in CHANNELS else OTHER_CHANNEL


def capped_metadata(metadata: Any) -> dict[str, Any] | None:
    """The metadata if it is a JSON object of at most ``MAX_METADATA_BYTES``, else None."""
    if not isinstance(metadata, dict):
        return None
    try:
        size = len(json.dumps(metadata, ensure_ascii=False).encode("utf-8", "replace"))
    except (TypeError, ValueError):
        return None
    if size > MAX_METADATA_BYTES:
        logger.warning("metadata of %d bytes dropped (limit %d)", size, MAX_METADATA_BYTES)
        return None
    return metadata


class GuardedChannel(InputChannel):
    """Mixin for input channels: ``self.guard(on_new_message)`` and ``self.watch(blueprint)``;
    the limits are kept per channel (``self.name()``)."""

    limiter: Buckets
    address_limits: AddressLimits
    _app: Any = None

    def watch(self, blueprint: Blueprint) -> Blueprint:
        """Remember the Sanic app, to look conversations up (paused or not)."""

        @blueprint.listener("after_server_start")
        async def remember_app(app, _loop) -> None:
            self._app = app

        return blueprint

    async def _is_paused(self, sender: str) -> bool:
        agent = getattr(getattr(self._app, "ctx", None), "agent", None)
        store = getattr(agent, "tracker_store", None)
        tracker = await store.retrieve(sender) if store else None
        return bool(tracker and tracker.is_paused())

    def guard(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Callable[[UserMessage], Awaitable[Any]]:
        if not hasattr(self, "limiter"):
            self.limiter = sender_limits(self.name())
        if not hasattr(self, "address_limits"):
            self.address_limits = AddressLimits(self.name())

        async def handle(message: UserMessage) -> Any:
            output, sender = CountingOutput(message.output_channel), message.sender_id
            message.output_channel = output
            message.text = clean_text(message.text)
            message.input_channel = known_channel(message.input_channel)
            message.metadata = capped_metadata(message.metadata)
            if not message.text.strip():
                return await output.send_response(sender, {"text": EMPTY_REPLY})
            address = CLIENT_ADDRESS.get()
            if address is not None and not self.address_limits.allow_message(address):
                logger.warning("rate limit for address %s reached", address)
                return await output.send_response(sender, {"text": SLOW_DOWN_REPLY})
            new_conversation = not self.limiter.knows(sender)
            if not self.limiter.allow(sender):
                return await output.send_response(sender, {"text": SLOW_DOWN_REPLY})
            if (
                new_conversation
                and address is not None
                and not self.address_limits.allow_new_conversation(address)
            ):
                logger.warning("new conversations from address %s capped", address)
                self.limiter.forget(sender)
                return await output.send_response(sender, {"text": TOO_MANY_CONVERSATIONS_REPLY})
            try:
                result = await on_new_message(message)
            except Exception:  # whatever broke, the customer gets an answer
                logger.exception("turn failed on %s", message.input_channel)
                return await output.send_response(sender, {"text": FAILURE_REPLY})
            if output.sent == 0 and not await self._is_paused(sender):
                logger.warning(
                    "turn on %s produced no reply (action server down?)", message.input_channel
                )
                await output.send_response(sender, {"text": FAILURE_REPLY})
            return result

        return handle
