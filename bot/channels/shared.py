"""The Redis server in which the Rasa processes share the channels' state: rate limits
(``limits.py``) and WeChat's nonces and MsgIds (``wechat_state.py``).

Set ``CHANNELS_REDIS_URL`` (the production profile: ``redis://HOST:6379/2``) and every process
counts against the same budgets and sees the same MsgIds, whichever process nginx picks. Unset,
each process keeps its own state in memory (one machine, one process: ``make serve``).

When the configured Redis cannot be reached, each process falls back to its own memory, with one
warning when that starts and a note when Redis answers again; it tries Redis again every
``RETRY_AFTER`` seconds. The limits then hold per process, as without Redis, rather than the bot
refusing every customer or failing every turn while Redis is down.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import redis

logger = logging.getLogger(__name__)

URL_VARIABLE = "CHANNELS_REDIS_URL"
TIMEOUT = 0.5  # seconds to connect or answer: the calls run on the server's event loop
RETRY_AFTER = 10.0  # seconds in memory after a failure before Redis is tried again

T = TypeVar("T")


class SharedRedis:
    """A Redis client that answers from this process's memory while Redis is unreachable."""

    def __init__(self, client: redis.Redis, retry_after: float = RETRY_AFTER):
        self.client, self.retry_after = client, retry_after
        self._down = False
        self._retry_at = 0.0

    def run(self, remote: Callable[[redis.Redis], T], local: Callable[[], T]) -> T:
        """``remote(client)``, or ``local()`` while Redis is unreachable."""
        if self._down and time.monotonic() < self._retry_at:
            return local()
        try:
            result = remote(self.client)
        except redis.RedisError as error:
            if not self._down:
                logger.warning(
                    "Redis for the channels' shared state not reachable (%s): rate limits and "
                    "WeChat's nonces and MsgIds are per process until it answers again",
                    error,
                )
            self._down, self._retry_at = True, time.monotonic() + self.retry_after
            return local()
        if self._down:
            logger.info("Redis for the channels' shared state answers again")
            self._down = False
        return result


@functools.cache
def _connect(url: str) -> SharedRedis:
    return SharedRedis(
        redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
    )


def shared_redis(environ: Mapping[str, str] = os.environ) -> SharedRedis | None:
    """The shared Redis if ``CHANNELS_REDIS_URL`` is set (one per URL and process), else None."""
    url = environ.get(URL_VARIABLE)
    return _connect(url) if url else None
