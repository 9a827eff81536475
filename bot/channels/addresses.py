"""Who is on the other end: the client address of a request, and limits per address.

Behind nginx every request comes from the proxy, which appends the client's address to
``X-Forwarded-For``. That header is believed only when the peer is a trusted proxy
(``TRUSTED_PROXIES``, comma-separated, default this machine), and then only up to the first
address that is not a trusted proxy itself: a client cannot choose its address by sending the
header.
"""
from __future__ import annotations

import contextvars
import ipaddress
import os
import time
from typing import Dict, Iterable, Optional, Sequence, Tuple

#: The client address of the message being handled (set by the channel, read by the guard).
CLIENT_ADDRESS: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("client_address", default=None)


def trusted_proxies(environ=os.environ) -> Tuple[str, ...]:
    return tuple(p.strip() for p in environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip())


def _trusted(address: str, proxies: Sequence[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in proxies:
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(peer: str, forwarded_for: Optional[str], proxies: Iterable[str] = ()) -> str:
    """The client's address: the peer, or from a trusted peer the nearest untrusted address of
    ``X-Forwarded-For`` (read from the right, since each proxy appends)."""
    proxies = tuple(proxies)
    if not forwarded_for or not _trusted(peer, proxies):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage in the header: count it against the proxy's client, the peer
    return peer


class TokenBuckets:
    """Token bucket per key: ``burst`` at once, then ``per_second`` on average."""

    def __init__(self, burst: float, per_second: float, max_keys: int = 50_000):
        self.burst, self.per_second, self.max_keys = burst, per_second, max_keys
        self._buckets: Dict[str, Tuple[float, float]] = {}

    def knows(self, key: str) -> bool:
        return key in self._buckets

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)

    def allow(self, key: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.pop(next(iter(self._buckets)))
        return allowed


class AddressLimits:
    """Messages per client address, and new conversations per client address."""

    def __init__(self, environ=os.environ):
        self.messages = TokenBuckets(float(environ.get("RATE_LIMIT_ADDRESS_BURST", 60)),
                                     float(environ.get("RATE_LIMIT_ADDRESS_PER_SECOND", 5)))
        # new conversations: a burst, then so many per hour
        self.conversations = TokenBuckets(float(environ.get("NEW_CONVERSATIONS_BURST", 30)),
                                          float(environ.get("NEW_CONVERSATIONS_PER_HOUR", 60)) / 3600)

    def allow_message(self, address: str) -> bool:
        return self.messages.allow(address)

    def allow_new_conversation(self, address: str) -> bool:
        return self.conversations.allow(address)
