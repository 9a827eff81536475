"""Sending a text message to a customer's mobile: the SMS gateway interface.

``gateway()`` picks the implementation from the environment:

- ``SMS_PROVIDER=file`` (the default, for development): each message is appended to
  ``SMS_OUTBOX_FILE`` (default ``var/sms/outbox.txt``) as ``mobile<TAB>text``; nothing is sent.
- ``SMS_PROVIDER=http``: one HTTP provider adapter. It POSTs JSON
  ``{"mobile": …, "text": …, "sign": SMS_SIGN}`` to ``SMS_HTTP_URL`` with
  ``Authorization: Bearer SMS_HTTP_KEY`` and takes a 2xx answer as sent. Most Chinese SMS
  providers accept this shape directly or behind a small relay.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import requests

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]


class SmsError(RuntimeError):
    """The message could not be handed to the provider."""


class SmsGateway(Protocol):
    def send(self, mobile: str, text: str) -> None:
        """Send ``text`` to ``mobile``; raises ``SmsError`` if it could not be handed over."""


class FileSmsGateway:
    """Development: messages go to a file under ``var/`` instead of a phone."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = path or ROOT / "var" / "sms" / "outbox.txt"

    def send(self, mobile: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a", encoding="utf-8") as handle:
            handle.write(f"{mobile}\t{text}\n")


class HttpSmsGateway:
    """An HTTP SMS provider: POST JSON with a bearer key."""

    def __init__(self, url: str, key: str = "", sign: str = "", timeout: float = 5.0):
        self.url, self.key, self.sign, self.timeout = url, key, sign, timeout

    def send(self, mobile: str, text: str) -> None:
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        try:
            response = requests.post(
                self.url,
                json={"mobile": mobile, "text": text, "sign": self.sign},
                headers=headers,
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise SmsError(f"SMS provider unreachable: {error.__class__.__name__}") from error
        if not 200 <= response.status_code < 300:
            raise SmsError(f"SMS provider answered {response.status_code}")


def gateway(environ: Mapping[str, str] = os.environ) -> SmsGateway:
    provider = environ.get("SMS_PROVIDER", "file")
    if provider == "http":
        url = environ.get("SMS_HTTP_URL")
        if not url:
            raise SmsError("SMS_PROVIDER=http needs SMS_HTTP_URL")
        return HttpSmsGateway(
            url,
            environ.get("SMS_HTTP_KEY", ""),
            environ.get("SMS_SIGN", ""),
            float(environ.get("SMS_HTTP_TIMEOUT", 5)),
        )
    if provider == "file":
        path = environ.get("SMS_OUTBOX_FILE")
        return FileSmsGateway(Path(path) if path else None)
    raise SmsError(f"unknown SMS_PROVIDER {provider!r} (file or http)")
