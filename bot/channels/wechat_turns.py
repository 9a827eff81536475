"""WeChat's retry cache: the turn being answered for each message key, so WeChat's retries of a
message (up to three, within ~15 s) join that turn instead of running it again."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class Turn:
    """One customer message being answered (shared by WeChat's retries of it)."""

    task: asyncio.Task
    answered: bool = False
    created: float = field(default_factory=time.monotonic)


class Turns:
    """Turns by message key, forgotten after ``ttl`` seconds (WeChat retries within ~15 s)."""

    def __init__(self, ttl: float = 300.0, limit: int = 10_000):
        self.ttl, self.limit = ttl, limit
        self._turns: OrderedDict[str, Turn] = OrderedDict()

    def get(self, key: str) -> Turn | None:
        self._expire()
        return self._turns.get(key)

    def add(self, key: str, turn: Turn) -> None:
        self._turns[key] = turn
        self._expire()

    def _expire(self) -> None:
        now = time.monotonic()
        while self._turns:
            key, oldest = next(iter(self._turns.items()))
            if len(self._turns) <= self.limit and now - oldest.created < self.ttl:
                break
            self._turns.popitem(last=False)
