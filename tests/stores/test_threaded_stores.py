"""The production profile's shared stores (bot/stores.py) against real PostgreSQL and Redis: they
keep and return what Rasa's own stores do, and a slow database no longer freezes the server."""
import asyncio
import threading
import uuid

import pytest
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.build import ROOT
from bot.stores import ThreadedRedisLockStore, ThreadedSQLTrackerStore, completed
from tests.services import postgres_database, redis_client

DOMAIN = Domain.load(str(ROOT / "domain"))
PRODUCTION_ENDPOINTS = ROOT / "config" / "endpoints.production.yml"
#: how long a test holds the database back; the event loop must keep running meanwhile
HOLD_SECONDS = 0.5


@pytest.fixture
def database_url():
    yield from postgres_database()


@pytest.fixture
def tracker_store(database_url):
    """Made by Rasa from an endpoint configuration, the way a server makes it."""
    url = make_url(database_url)
    config = EndpointConfig(
        type="bot.stores.ThreadedSQLTrackerStore", url=url.host, port=url.port, db=url.database,
        username=url.username, dialect="postgresql", login_db="postgres",
    )
    store = TrackerStore.create(config, DOMAIN)
    assert isinstance(store, ThreadedSQLTrackerStore)
    yield store
    store.engine.dispose()


@pytest.fixture
def redis():
    client = redis_client(db=1)
    yield client
    client.close()


@pytest.fixture
def lock_store(redis):
    prefix = f"hx_test_{uuid.uuid4().hex[:8]}"
    store = ThreadedRedisLockStore(host=redis.connection_pool.connection_kwargs["host"], db=1, key_prefix=prefix)
    yield store
    for key in redis.scan_iter(f"{prefix}*"):
        redis.delete(key)


def conversation(sender: str) -> DialogueStateTracker:
    events = [
        SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("电视黑屏了", {"name": "tv_no_picture", "confidence": 0.93}), SlotSet("product", "tv"),
    ]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


async def ticks_while(awaitable) -> tuple:
    """(result of ``awaitable``, how often a 10 ms ticker ran on the event loop meanwhile)."""
    ticks = 0
    task = asyncio.ensure_future(awaitable)
    while not task.done():
        await asyncio.sleep(0.01)
        ticks += 1
    return task.result(), ticks


async def test_a_saved_conversation_comes_back_and_only_new_events_are_added(tracker_store):
    sender = f"c-{uuid.uuid4().hex[:6]}"
    later = conversation(sender)
    await tracker_store.save(later)
    later.update(ActionExecuted("action_start_diagnosis"))
    later.update(ActionExecuted("action_listen"))
    await tracker_store.save(later)

    found = await tracker_store.retrieve(sender)
    assert [e.as_dict() for e in found.events] == [e.as_dict() for e in later.events]
    assert found.get_slot("product") == "tv" and found.latest_message.intent["name"] == "tv_no_picture"
    with tracker_store.engine.connect() as conn:
        rows = conn.execute(text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar()
    assert rows == len(later.events)  # the second save wrote only the two new events
    assert sender in await tracker_store.keys()
    assert await tracker_store.retrieve("nobody") is None


async def test_the_event_loop_keeps_running_while_the_tracker_database_is_slow(tracker_store, database_url):
    sender = f"c-{uuid.uuid4().hex[:6]}"
    await tracker_store.save(conversation(sender))
    blocker = create_engine(database_url, future=True).connect()
    blocker.execute(text("lock table events in access exclusive mode"))  # reads wait until released
    threading.Timer(HOLD_SECONDS, blocker.close).start()

    found, ticks = await ticks_while(tracker_store.retrieve(sender))
    assert found.sender_id == sender
    # Rasa's own store would hold the loop for the whole wait: no tick at all
    assert ticks >= HOLD_SECONDS / 0.01 / 3


async def test_one_message_at_a_time_per_conversation_and_no_lock_left_behind(lock_store, redis):
    order = []

    async def handle(name: str, conversation_id: str) -> None:
        async with lock_store.lock(conversation_id, wait_time_in_seconds=0.02):
            order.append(f"{name} in")
            await asyncio.sleep(0.1)
            order.append(f"{name} out")

    await asyncio.gather(handle("first", "c1"), handle("second", "c1"), handle("other", "c2"))
    assert order.index("second in") > order.index("first out")  # same conversation: one after the other
    assert order.index("other in") < order.index("first out")  # another conversation: not held up
    assert not list(redis.scan_iter(f"{lock_store.key_prefix}*"))


async def test_the_event_loop_keeps_running_while_redis_is_slow(lock_store, redis):
    async def one_message() -> bool:
        async with lock_store.lock("c-slow"):
            return True

    redis.client_pause(int(HOLD_SECONDS * 1000))  # every other client's commands wait
    handled, ticks = await ticks_while(one_message())
    assert handled and ticks >= HOLD_SECONDS / 0.01 / 3


def test_the_production_endpoints_name_these_stores(monkeypatch):
    for name, value in {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook", "TRACKER_DB_HOST": "db",
                        "TRACKER_DB_NAME": "rasa", "TRACKER_DB_USER": "rasa", "TRACKER_DB_PASSWORD": "secret",
                        "REDIS_HOST": "redis-host"}.items():
        monkeypatch.setenv(name, value)
    tracker_config = read_endpoint_config(str(PRODUCTION_ENDPOINTS), "tracker_store")
    lock_config = read_endpoint_config(str(PRODUCTION_ENDPOINTS), "lock_store")
    assert tracker_config.type == "bot.stores.ThreadedSQLTrackerStore"
    lock = LockStore.create(lock_config)  # Redis connects lazily: nothing needs to run
    assert isinstance(lock, ThreadedRedisLockStore)
    assert lock.red.connection_pool.connection_kwargs["host"] == "redis-host"


def test_a_coroutine_that_waits_on_the_loop_is_refused_in_a_thread():
    async def waits():
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="waited on the event loop"):
        completed(waits())

    async def returns():
        return 42

    assert completed(returns()) == 42
