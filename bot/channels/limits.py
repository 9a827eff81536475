"""Token buckets per key (a sender, a client address): ``burst`` at once, then ``per_second`` on
average. ``token_buckets()`` gives them in this process's memory, or in the Redis every Rasa
process shares when ``CHANNELS_REDIS_URL`` is set (``shared.py``), so that a sender or an address
has one budget however the load balancer spreads their requests.

A bucket is kept while it is idle for less than ``keep`` seconds: at least until it is full again,
longer when callers ask whether a key is known (``remember``; a sender is known while Rasa keeps
their session). Redis then lets the key expire, so idle keys vanish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Protocol

from bot.channels.shared import SharedRedis, shared_redis

#: One bucket, atomically, on Redis's clock (the same for every process and machine).
#: KEYS[1] the bucket; ARGV burst, tokens per second, milliseconds an idle bucket is kept.
#: Returns 1 when a token was taken, 0 when the bucket is empty.
TAKE_TOKEN = """
local burst, rate, keep = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]) or burst, tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local taken = 0
if tokens >= 1 then
  tokens, taken = tokens - 1, 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], keep)
return taken
"""


class Buckets(Protocol):
    def allow(self, key: str) -> bool:
        """Take a token from ``key``'s bucket; False when there is none left."""

    def knows(self, key: str) -> bool:
        """Whether ``key`` has a bucket (it was seen within ``keep`` seconds)."""

    def forget(self, key: str) -> None:
        """Drop ``key``'s bucket, as if it had never been seen."""


def _keep(burst: float, per_second: float, remember: float) -> float:
    if burst < 1 or per_second <= 0:
        raise ValueError(
            f"a token bucket needs burst >= 1 and per_second > 0, not {burst} and {per_second}"
        )
    return max(burst / per_second, remember)


class TokenBuckets:
    """Token buckets in this process's memory (at most ``max_keys``, the oldest dropped first)."""

    def __init__(
        self, burst: float, per_second: float, remember: float = 0.0, max_keys: int = 50_000
    ):
        self.burst, self.per_second, self.max_keys = burst, per_second, max_keys
        self.keep = _keep(burst, per_second, remember)
        self._buckets: dict[str, tuple[float, float]] = {}

    def knows(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(key)
        return bucket is not None and now - bucket[1] < self.keep

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.pop(next(iter(self._buckets)))
        return allowed


class RedisTokenBuckets:
    """Token buckets in the shared Redis, under ``limits:<name>:<key>``; in this process's memory
    while Redis is unreachable."""

    def __init__(
        self, shared: SharedRedis, name: str, burst: float, per_second: float, remember: float = 0.0
    ):
        self.shared, self.prefix = shared, f"limits:{name}:"
        self.args = (burst, per_second, int(_keep(burst, per_second, remember) * 1000) + 1)
        self.local = TokenBuckets(burst, per_second, remember)
        self._take = shared.client.register_script(TAKE_TOKEN)

    def allow(self, key: str) -> bool:
        return self.shared.run(
            lambda client: bool(
                self._take(keys=[self.prefix + key], args=self.args, client=client)
            ),
            lambda: self.local.allow(key),
        )

    def knows(self, key: str) -> bool:
        return self.shared.run(
            lambda client: bool(client.exists(self.prefix + key)), lambda: self.local.knows(key)
        )

    def forget(self, key: str) -> None:
        self.shared.run(
            lambda client: client.delete(self.prefix + key), lambda: self.local.forget(key)
        )


def token_buckets(
    name: str,
    burst: float,
    per_second: float,
    remember: float = 0.0,
    environ: Mapping[str, str] = os.environ,
) -> Buckets:
    """Buckets named ``name`` (one name per kind of limit): in Redis when ``CHANNELS_REDIS_URL``
    is set, else in memory."""
    shared = shared_redis(environ)
    if shared is None:
        return TokenBuckets(burst, per_second, remember)
    return RedisTokenBuckets(shared, name, burst, per_second, remember)
