"""Rasa's SQL tracker store and Redis lock store, with their database round trips off the event loop.

The production profile shares conversations between Rasa processes through PostgreSQL and Redis
(config/endpoints.production.yml). Rasa 3.6.21 declares the stores' methods ``async`` but calls
SQLAlchemy and redis-py synchronously inside them: while one conversation's tracker is read or
committed, or its lock ticket issued, the whole process waits and answers nobody else. With two
processes (``make bench``) the machine stayed about a quarter idle at saturation, the Rasa
processes waiting on those calls instead of classifying messages.

These subclasses run the same Rasa code in worker threads (``asyncio.to_thread``): psycopg2 and
redis-py release the GIL while they wait on the network, so the event loop serves other
conversations meanwhile. Nothing about what is stored or how changes. Use them by module path in
the endpoints file (``type: bot.stores.ThreadedSQLTrackerStore`` / ``bot.stores.ThreadedRedisLockStore``).
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Coroutine, Iterable, Optional, Text, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig


T = TypeVar("T")


def completed(coroutine: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that never suspends, run to its end in the calling thread.

    Rasa's SQL tracker store methods are coroutines in name only: they never await anything but
    the event broker, so a worker thread can run them without an event loop."""
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return finished.value
    coroutine.close()
    raise RuntimeError(f"{coroutine.__qualname__} waited on the event loop; it cannot run in a thread")


class ThreadedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose reads and writes run in a worker thread."""

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await asyncio.to_thread(
            completed, SQLTrackerStore._retrieve(self, sender_id, fetch_events_from_all_sessions)
        )

    async def keys(self) -> Iterable[Text]:
        return await asyncio.to_thread(completed, SQLTrackerStore.keys(self))

    async def save(self, tracker: DialogueStateTracker) -> None:
        # An event broker may do real network I/O: its events are sent from the event loop, before
        # the database write runs in a thread (where ``stream_events`` below does nothing).
        await TrackerStore.stream_events(self, tracker)
        await asyncio.to_thread(completed, SQLTrackerStore.save(self, tracker))

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Done by ``save`` on the event loop (see there)."""


class ThreadedRedisLockStore(RedisLockStore):
    """``RedisLockStore`` that issues and returns its tickets from a worker thread.

    Issuing a ticket and cleaning up are five of the seven Redis round trips of a message; the one
    read of an uncontended lock (and Rasa's polling when two messages of one conversation meet)
    stays in Rasa's ``_acquire_lock``.
    """

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa creates a lock store named by module path with only ``endpoint_config``; its own
        # ``type: redis`` passes ``host=url`` and the other keys, and so does this.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = await asyncio.to_thread(self.issue_ticket, conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            await asyncio.to_thread(self.cleanup, conversation_id, ticket)
