"""The WeChat API client: an access token (cached) and a customer-service message."""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp

logger = logging.getLogger(__name__)


class WeChatApi:
    """The two calls the channel needs: an access token (cached) and a customer-service message."""

    def __init__(self, base: str, app_id: str, secret: str):
        self.base, self.app_id, self.secret = base.rstrip("/"), app_id, secret
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def token(self, session: aiohttp.ClientSession) -> str:
        async with self._lock:
            if self._token and time.monotonic() < self._expires:
                return self._token
            params = {
                "grant_type": "client_credential",
                "appid": self.app_id,
                "secret": self.secret,
            }
            async with session.get(f"{self.base}/cgi-bin/token", params=params) as resp:
                data = await resp.json(content_type=None)
            if "access_token" not in data:
                raise RuntimeError(f"WeChat token request failed: {data}")
            self._token = data["access_token"]
            self._expires = time.monotonic() + int(data.get("expires_in", 7200)) - 300
            return self._token

    async def send_text(self, openid: str, content: str) -> None:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            token = await self.token(session)
            body = {"touser": openid, "msgtype": "text", "text": {"content": content}}
            async with session.post(
                f"{self.base}/cgi-bin/message/custom/send",
                params={"access_token": token},
                json=body,
            ) as resp:
                data = await resp.json(content_type=None)
            if data.get("errcode", 0) != 0:
                logger.warning("WeChat push to %s failed: %s", openid[:6], data)
