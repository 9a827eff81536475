"""WeChat official account channel: ``/webhooks/wechat/webhook``.

Configured from the environment: ``WECHAT_TOKEN``, ``WECHAT_APP_ID``, ``WECHAT_APP_SECRET``,
``WECHAT_AES_KEY`` (safe mode), ``WECHAT_API_BASE`` (default https://api.weixin.qq.com) and
``WECHAT_REPLY_TIMEOUT`` (seconds to wait for a passive reply, default 4.5).

- GET verifies the server (echoes ``echostr`` when the signature matches); every POST is
  signature-checked (403 otherwise), plain or safe (AES) mode as ``encrypt_type`` says. A
  signature counts only within ``SIGNATURE_WINDOW`` (±5 minutes) of its timestamp, and each nonce
  only once in that window (no replays: WeChat's retry of the very same request, same body, is
  still let through to the MsgId dedup); with ``WECHAT_AES_KEY`` set, plain mode is refused.
- Nonces and claimed MsgIds live in memory per process, or in Redis with ``CHANNELS_REDIS_URL``
  (``bot.channels.wechat_state``). The rate limit is per openid (the guard's per sender), shared
  the same way (``bot.channels.limits``).
- WeChat gives 5 seconds and then retries the same MsgId up to 3 times. A turn runs once per
  MsgId (per sender and CreateTime for events): if it is done within the budget the answer is the
  passive reply; otherwise WeChat gets ``success`` and the answer is pushed through the
  customer-service message API.
- Buttons become a numbered list; a reply of "1", "2"… picks that button
  (``bot.channels.buttons``, the picker the terminal chat uses too).

Laid out as Rasa's channels are: ``WeChatInput`` (this module's ``InputChannel``) and
``WeChatOutput`` (its ``OutputChannel``: pushes through the customer-service API, buttons as the
numbered list); the slow-turn push goes through ``get_output_channel()``. The API client is
``wechat_api.py``, the retry cache ``wechat_turns.py``, nonces and claimed MsgIds
``wechat_state.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from bot.channels.buttons import is_choice, pick, with_numbered_buttons
from bot.channels.guard import GuardedChannel
from bot.channels.wechat_api import WeChatApi
from bot.channels.wechat_state import seen_once
from bot.channels.wechat_turns import Turn, Turns
from bot.text import without_controls

logger = logging.getLogger(__name__)

#: What WeChat accepts as "received, no passive reply".
SUCCESS = "success"
MAX_REPLY_CHARS = 600  # a passive reply is limited to 2048 bytes: about 680 Chinese characters
WELCOME_PAYLOAD = "/greet"
SIGNATURE_WINDOW = 300  # seconds either side of the request's timestamp


def clean_for_xml(text: str) -> str:
    """Drop characters XML cannot carry and break ``]]>`` so a CDATA section stays closed."""
    return without_controls(text or "").replace("]]>", "]] >")


def fit(text: str) -> str:
    """Cut to WeChat's limit, XML-safe."""
    text = clean_for_xml(text)
    return (
        text
        if len(text) <= MAX_REPLY_CHARS
        else text[: MAX_REPLY_CHARS - 12] + "…（内容较长已截断）"
    )


def render(messages: list[dict[str, Any]]) -> str:
    """Bot messages as one WeChat text: buttons numbered, cut to WeChat's limit, XML-safe."""
    parts: list[str] = []
    for message in messages:
        text = with_numbered_buttons(message.get("text") or "", message.get("buttons") or [])
        parts += [part for part in (text, message.get("image")) if part]
    return fit("\n\n".join(parts))


class WeChatOutput(OutputChannel):
    """Messages to a WeChat user outside a passive reply: the customer-service message API."""

    def __init__(self, api: WeChatApi):
        self.api = api

    @classmethod
    def name(cls) -> str:
        return "wechat"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.api.send_text(recipient_id, fit(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, with_numbered_buttons(text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)


class WeChatInput(GuardedChannel, InputChannel):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}

        def setting(key: str, default: str = "") -> str:
            return os.environ.get(f"WECHAT_{key.upper()}") or str(credentials.get(key) or default)

        return cls(
            token=setting("token"),
            app_id=setting("app_id"),
            app_secret=setting("app_secret"),
            aes_key=setting("aes_key"),
            api_base=setting("api_base", "https://api.weixin.qq.com"),
            reply_timeout=float(setting("reply_timeout", "4.5")),
        )

    def __init__(
        self,
        token: str,
        app_id: str,
        app_secret: str,
        aes_key: str,
        api_base: str,
        reply_timeout: float = 4.5,
    ):
        self.token, self.app_id = token, app_id
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
        self.api = WeChatApi(api_base, app_id, app_secret)
        self.reply_timeout = reply_timeout
        self.turns = Turns()
        self.pushes: set[asyncio.Task[None]] = set()
        self.output = WeChatOutput(self.api)
        self.nonces = seen_once("nonce", 2 * SIGNATURE_WINDOW)
        self.claimed = seen_once("msg", 300)

    def get_output_channel(self) -> OutputChannel | None:
        return self.output

    # --- request checks ----------------------------------------------------------------------
    def _signed(self, request: Request) -> bool:
        """A good signature, a fresh timestamp, a nonce not seen before (in that order: only
        signed requests reach the nonce store)."""
        args = request.args
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        try:
            check_signature(self.token, args.get("signature", ""), timestamp, nonce)
        except InvalidSignatureException:
            return False
        try:
            fresh = abs(time.time() - int(timestamp)) <= SIGNATURE_WINDOW
        except ValueError:
            return False
        if not fresh:
            logger.warning("WeChat request with a stale timestamp refused")
            return False
        body = hashlib.sha256(request.body or b"").hexdigest()
        if not self.nonces.first(f"{timestamp}:{nonce}", body):
            logger.warning("WeChat request replayed (nonce seen before) refused")
            return False
        return True

    def _plain_refused(self, request: Request) -> bool:
        return self.crypto is not None and request.args.get("encrypt_type", "raw") != "aes"

    def _message_xml(self, request: Request) -> str | None:
        body = request.body.decode("utf-8", errors="replace")
        if request.args.get("encrypt_type", "raw") != "aes":
            return body
        if self.crypto is None:
            return None
        args = request.args
        return self.crypto.decrypt_message(
            body, args.get("msg_signature", ""), args.get("timestamp", ""), args.get("nonce", "")
        )

    def _reply(self, request: Request, message, text: str) -> HTTPResponse:
        xml = TextReply(message=message, content=text).render()
        if request.args.get("encrypt_type", "raw") == "aes" and self.crypto:
            xml = self.crypto.encrypt_message(
                xml, request.args.get("nonce", ""), request.args.get("timestamp")
            )
        return response.text(xml, content_type="application/xml")

    # --- what a WeChat message means ---------------------------------------------------------
    @staticmethod
    def _text_of(message) -> str | None:
        kind = message.type
        if kind == "text":
            return message.content
        if kind == "voice":
            return getattr(message, "recognition", None) or ""
        if kind == "event":
            event = (message.event or "").lower()
            if event == "subscribe":
                return WELCOME_PAYLOAD
            if event == "click" and getattr(message, "key", None):
                key = re.sub(r"[^A-Za-z0-9_]", "", message.key)
                return f"/{key}" if key else None
        return None

    @staticmethod
    def _key(message) -> str:
        if getattr(message, "id", None):
            return f"msg:{message.id}"
        return f"event:{message.source}:{message.create_time}"

    @staticmethod
    async def _payload_of_numbered_choice(request: Request, sender: str, text: str) -> str:
        """A number picks one of the buttons the bot offered last in this conversation."""
        if not is_choice(text):
            return text
        agent = getattr(request.app.ctx, "agent", None)
        tracker = (
            await agent.tracker_store.retrieve(sender) if agent and agent.tracker_store else None
        )
        for event in reversed(
            tracker.applied_events() if tracker else []
        ):  # not what a restart undid
            buttons = (
                (getattr(event, "data", None) or {}).get("buttons")
                if event.type_name == "bot"
                else None
            )
            if buttons:
                button = pick(buttons, text)
                return button["payload"] if button else text
            if event.type_name == "user":
                return text
        return text

    async def _run_turn(self, on_new_message, request: Request, sender: str, text: str) -> str:
        collector = CollectingOutputChannel()
        text = await self._payload_of_numbered_choice(request, sender, text)
        await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
        return render(collector.messages) or SUCCESS

    async def _push_when_done(self, turn: Turn, sender: str) -> None:
        try:
            text = await turn.task
            if text != SUCCESS and not turn.answered:
                turn.answered = True
                output = self.get_output_channel()
                if output is not None:
                    await output.send_text_message(sender, text)
        except Exception:  # a failed push must not take the server down
            logger.exception("pushing a late WeChat reply to %s failed", sender[:6])

    # --- the webhook -----------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = self.watch(Blueprint("wechat_webhook", __name__))
        on_new_message = self.guard(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": bool(self.token)})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.token or not self._signed(request):
                return response.text("invalid signature", status=403)
            return response.text(request.args.get("echostr", ""))

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.token or not self._signed(request):
                return response.text("invalid signature", status=403)
            if self._plain_refused(request):
                return response.text("safe mode (encrypt_type=aes) required", status=403)
            try:
                xml = self._message_xml(request)
                message = parse_message(xml) if xml else None
            except InvalidSignatureException:
                return response.text("invalid signature", status=403)
            except Exception:  # noqa: BLE001 - malformed XML or ciphertext from outside
                logger.warning("unreadable WeChat message rejected")
                return response.text("bad request", status=400)
            if message is None:
                return response.text("bad request", status=400)
            if message.type == "image":
                return self._reply(request, message, await self._keep_image(message))
            text = self._text_of(message)
            if text is None:
                return response.text(SUCCESS)
            if not text.strip():
                return self._reply(
                    request, message, "抱歉，没有听清您的语音，请再说一次或直接打字告诉我。"
                )
            return await self._answer(request, on_new_message, message, text)

        return webhook

    async def _answer(self, request: Request, on_new_message, message, text: str) -> HTTPResponse:
        key, sender = self._key(message), message.source
        turn = self.turns.get(key)
        if turn is not None:  # WeChat's retry of a message already being answered
            return response.text(SUCCESS)
        if not self.claimed.first(key):  # another process is answering it
            return response.text(SUCCESS)
        turn = Turn(
            task=asyncio.ensure_future(self._run_turn(on_new_message, request, sender, text))
        )
        self.turns.add(key, turn)
        try:
            reply = await asyncio.wait_for(asyncio.shield(turn.task), timeout=self.reply_timeout)
        except asyncio.TimeoutError:
            push = asyncio.ensure_future(self._push_when_done(turn, sender))
            self.pushes.add(push)  # an unreferenced task may be garbage-collected before it runs
            push.add_done_callback(self.pushes.discard)
            return response.text(SUCCESS)
        turn.answered = True
        return self._reply(request, message, reply) if reply != SUCCESS else response.text(SUCCESS)

    async def _keep_image(self, message) -> str:
        from bot.tickets.services import add_attachment

        try:
            await asyncio.get_running_loop().run_in_executor(
                None,
                add_attachment,
                message.source,
                "image",
                getattr(message, "image", ""),
                getattr(message, "media_id", ""),
            )
        except Exception:
            logger.exception("could not keep an image from %s", message.source[:6])
            return "图片暂时没能保存，请稍后再发一次。"
        return "收到您的图片，已附到您的服务记录里，工程师处理时可以看到。请继续用文字描述问题。"
