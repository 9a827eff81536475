"""Rasa's REST channel behind the shared guard (clean text, rate limit, polite failures).

Same URL and wire format as Rasa's: POST /webhooks/rest/webhook?token=… {"sender", "message"}.
A body that is not a JSON object with a text message gets a 400 with a reason.

The REST channel is for the team and trusted back ends: Rasa's ``--auth-token`` does not cover
channel webhooks, so the channel checks the same token (``?token=``) itself and answers 401
without it. The caller's ``input_channel`` is not believed (it is always ``rest``), metadata is
capped, and the client address (``bot.channels.addresses``) is limited like the sender.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from bot.channels.addresses import CLIENT_ADDRESS, client_address, trusted_proxies
from bot.channels.guard import GuardedChannel, capped_metadata
from bot.security import api_token, same


class BadRequest(ValueError):
    pass


class GuardedRestInput(GuardedChannel, RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @staticmethod
    def _body(request: Request) -> dict:
        try:
            body = request.json
        except Exception as error:  # sanic raises its own on malformed JSON
            raise BadRequest("body is not valid JSON") from error
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        return body

    async def _extract_sender(self, request: Request) -> str | None:
        sender = self._body(request).get("sender")
        return str(sender)[:128] if sender not in (None, "") else "default"

    def _extract_message(self, request: Request) -> str | None:
        message = self._body(request).get("message")
        return message if isinstance(message, str) else ""

    def get_metadata(self, request: Request) -> dict | None:
        return capped_metadata(self._body(request).get("metadata"))

    def _extract_input_channel(self, request: Request) -> str:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = self.watch(super().blueprint(self.guard(on_new_message)))
        token = api_token()
        proxies = trusted_proxies()

        @webhook.on_request
        async def check_token_and_address(request: Request):
            from sanic import response

            if request.method == "POST" and not same(request.args.get("token"), token):
                return response.json({"error": "missing or wrong token"}, status=401)
            CLIENT_ADDRESS.set(
                client_address(request.ip, request.headers.get("x-forwarded-for"), proxies)
            )
            return None

        @webhook.exception(BadRequest)
        async def bad_request(request: Request, error: BadRequest):
            from sanic import response

            return response.json({"error": str(error)}, status=400)

        return webhook
