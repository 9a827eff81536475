"""Proving who may see tickets looked up by mobile number.

- One-time codes: 6 digits sent to the mobile by SMS (``bot.sms``). A code is an HMAC of the
  server's secret, the conversation, the mobile and a 5-minute window, so nothing is stored: it
  is valid in its window and the next one, only for that conversation and that number.
- Proofs: once the code matched (or, on WeChat, for the openid's own tickets) the conversation
  carries a proof in the ``mobile_check`` slot: the method and an HMAC of the conversation and
  the mobile. A slot a client sets itself (a payload, the HTTP API) cannot forge one.
"""

from __future__ import annotations

import hmac
import time

from bot.security import derive

CODE_DIGITS = 6
WINDOW_SECONDS = 300
SMS = "sms"
WECHAT = "wechat"
METHODS = (SMS, WECHAT)


def _window(now: float | None) -> int:
    return int((time.time() if now is None else now) // WINDOW_SECONDS)


def one_time_code(
    conversation: str, mobile: str, now: float | None = None, window: int | None = None
) -> str:
    window = _window(now) if window is None else window
    number = int(derive(f"otp:{window}:{conversation}:{mobile}"), 16)
    return f"{number % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def code_matches(typed: str, conversation: str, mobile: str, now: float | None = None) -> bool:
    digits = "".join(ch for ch in str(typed or "") if ch.isdigit())
    if len(digits) != CODE_DIGITS:
        return False
    current = _window(now)
    return any(
        hmac.compare_digest(digits, one_time_code(conversation, mobile, window=w))
        for w in (current, current - 1)
    )


def code_message(code: str) -> str:
    return f"【小海售后】您的查询验证码是 {code}，5 分钟内有效。如非本人操作请忽略。"


def proof(method: str, conversation: str, mobile: str) -> str:
    return f"{method}:{derive(f'proof:{method}:{conversation}:{mobile}')[:32]}"


def proven_method(value: object, conversation: str, mobile: str | None) -> str | None:
    """The method a ``mobile_check`` value proves for this conversation and mobile, or None."""
    if not isinstance(value, str) or not mobile or ":" not in value:
        return None
    method = value.split(":", 1)[0]
    if method in METHODS and hmac.compare_digest(value, proof(method, conversation, mobile)):
        return method
    return None
