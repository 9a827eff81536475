"""A customer's side of a REST conversation, for end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Reply:
    messages: list[dict]

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.messages)

    @property
    def buttons(self) -> list[str]:
        return [b["title"] for m in self.messages for b in m.get("buttons", [])]

    def payload(self, title: str) -> str:
        return next(
            b["payload"] for m in self.messages for b in m.get("buttons", []) if b["title"] == title
        )


class Chat:
    def __init__(self, servers, sender: str):
        self.servers, self.sender = servers, sender

    def say(self, message: str) -> Reply:
        return Reply(self.servers.say(self.sender, message))
