"""State the WeChat channel shares between requests: nonces already seen (replay protection)
and message ids already claimed (WeChat retries one MsgId up to three times).

Per process in memory by default; in Redis when ``CHANNELS_REDIS_URL`` is set (the production
profile: several Rasa processes behind nginx then agree, whichever gets the retry; ``shared.py``).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping

import redis

from bot.channels.shared import SharedRedis, shared_redis


class SeenOnce:
    """``first(key)`` is True only the first time ``key`` is offered within ``ttl`` seconds;
    ``first(key, value)`` also when it comes again with the same ``value`` (WeChat's retry of
    the very same request), never with another one (a replay with a new body)."""

    def first(self, key: str, value: str = "1") -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class MemorySeenOnce(SeenOnce):
    def __init__(self, ttl: float, limit: int = 200_000):
        self.ttl, self.limit = ttl, limit
        self._seen: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, key: str, value: str = "1", now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            while self._seen:
                _oldest, (at, _value) = next(iter(self._seen.items()))
                if now - at < self.ttl and len(self._seen) < self.limit:
                    break
                self._seen.popitem(last=False)
            if key in self._seen:
                return value != "1" and self._seen[key][1] == value
            self._seen[key] = (now, value)
            return True


class RedisSeenOnce(SeenOnce):
    """Keys in the shared Redis; in this process's memory while Redis is unreachable."""

    def __init__(self, shared: SharedRedis, prefix: str, ttl: float):
        self.shared, self.prefix, self.ttl = shared, prefix, int(ttl) + 1
        self.local = MemorySeenOnce(ttl)

    def first(self, key: str, value: str = "1") -> bool:
        return self.shared.run(
            lambda client: self._first(client, key, value), lambda: self.local.first(key, value)
        )

    def _first(self, client: redis.Redis, key: str, value: str) -> bool:
        if client.set(f"{self.prefix}{key}", value, nx=True, ex=self.ttl):
            return True
        return value != "1" and client.get(f"{self.prefix}{key}") == value.encode("utf-8")


def seen_once(name: str, ttl: float, environ: Mapping[str, str] = os.environ) -> SeenOnce:
    shared = shared_redis(environ)
    return MemorySeenOnce(ttl) if shared is None else RedisSeenOnce(shared, f"wechat:{name}:", ttl)
