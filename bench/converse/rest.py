"""The benchmark's only HTTP calls to Rasa: the REST webhook and the tracker. (An auth token for the
REST channel goes here.)"""
from __future__ import annotations

from typing import Dict, List, Optional

import requests


class RasaRest:
    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 60):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()

    def _headers(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def say(self, sender: str, message: str) -> List[dict]:
        """One customer message; the bot's messages (text, buttons) as the REST channel returns them."""
        response = self.session.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                     headers=self._headers(), timeout=self.timeout)
        response.raise_for_status()
        return response.json()

    def events(self, sender: str) -> List[dict]:
        """The conversation's events (Rasa's HTTP API; ``token`` is also Rasa's API token)."""
        params = {"token": self.token} if self.token else {}
        response = self.session.get(f"{self.url}/conversations/{sender}/tracker", params=params, timeout=self.timeout)
        response.raise_for_status()
        return response.json().get("events") or []
