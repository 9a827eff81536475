"""Who is on the other end: the client address of a request, and limits per address.

Behind nginx every request comes from the proxy, which appends the client's address to
``X-Forwarded-For``. That header is believed only when the peer is a trusted proxy
(``TRUSTED_PROXIES``, comma-separated, default this machine), and then only up to the first
address that is not a trusted proxy itself: a client cannot choose its address by sending the
header.

The limits are token buckets (``bot.channels.limits``), shared by every Rasa process when
``CHANNELS_REDIS_URL`` is set.
"""

from __future__ import annotations

import contextvars
import ipaddress
import os
from collections.abc import Iterable, Mapping, Sequence

from bot.channels.limits import token_buckets

#: The client address of the message being handled (set by the channel, read by the guard).
CLIENT_ADDRESS: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_address", default=None
)


def trusted_proxies(environ=os.environ) -> tuple[str, ...]:
    return tuple(
        p.strip() for p in environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
    )


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


def client_address(peer: str, forwarded_for: str | None, proxies: Iterable[str] = ()) -> str:
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


class AddressLimits:
    """Messages per client address, and new conversations per client address, on ``channel``."""

    def __init__(self, channel: str, environ: Mapping[str, str] = os.environ):
        self.messages = token_buckets(
            f"{channel}:address",
            float(environ.get("RATE_LIMIT_ADDRESS_BURST", 60)),
            float(environ.get("RATE_LIMIT_ADDRESS_PER_SECOND", 5)),
            environ=environ,
        )
        # new conversations: a burst, then so many per hour
        self.conversations = token_buckets(
            f"{channel}:conversations",
            float(environ.get("NEW_CONVERSATIONS_BURST", 30)),
            float(environ.get("NEW_CONVERSATIONS_PER_HOUR", 60)) / 3600,
            environ=environ,
        )

    def allow_message(self, address: str) -> bool:
        return self.messages.allow(address)

    def allow_new_conversation(self, address: str) -> bool:
        return self.conversations.allow(address)
