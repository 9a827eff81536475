"""The benchmark's only HTTP calls to Rasa: the REST webhook and the tracker, both with the API
token (``?token=``; this machine's own by default, ``bot.security.api_token``)."""

from __future__ import annotations

import requests

from bot.security import api_token


class RasaRest:
    def __init__(self, url: str, token: str | None = None, timeout: float = 60):
        self.url = url.rstrip("/")
        self.token = token or api_token()
        self.timeout = timeout
        self.session = requests.Session()

    def say(self, sender: str, message: str) -> list[dict]:
        """One customer message; the bot's messages (text, buttons) as the REST channel returns them."""
        response = self.session.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            params={"token": self.token},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json()

    def events(self, sender: str) -> list[dict]:
        """The conversation's events (Rasa's HTTP API; ``token`` is also Rasa's API token)."""
        response = self.session.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json().get("events") or []
