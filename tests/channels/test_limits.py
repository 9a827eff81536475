"""Rate limits and WeChat's seen-once state shared by every Rasa process through Redis
(CHANNELS_REDIS_URL), against the real Redis: two limiters made apart, as two processes make
them, spend one budget; idle keys expire; without Redis each process keeps its own, in memory.

The Redis tests skip when Redis is not reachable on a developer's machine, and fail when CI=true."""

import logging
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage

from bot.channels.addresses import AddressLimits
from bot.channels.guard import SESSION_SECONDS, SLOW_DOWN_REPLY, GuardedChannel, sender_limits
from bot.channels.limits import Buckets, RedisTokenBuckets, TokenBuckets, token_buckets
from bot.channels.shared import SharedRedis
from bot.channels.wechat_state import MemorySeenOnce, RedisSeenOnce, seen_once
from harness.servers import free_port
from tests.external_servers import REDIS_HOST, redis_client

DB = 2  # the production profile's database for the channels' state (docs/deployment.md)


@pytest.fixture
def redis_url() -> Iterator[str]:
    client = redis_client(db=DB)  # skips (or fails in CI) when Redis is not there
    yield f"redis://{REDIS_HOST}:6379/{DB}"
    client.close()


@pytest.fixture
def name(redis_url) -> Iterator[str]:
    """A name of limits no other test (or run) uses; its keys are removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    for pattern in (f"limits:{name}*", f"limits:*:{name}*", f"wechat:{name}:*"):
        for key in client.scan_iter(pattern):
            client.delete(key)
    client.close()


def process(url: str) -> SharedRedis:
    """The shared Redis as one more process has it: its own client and connections."""
    return SharedRedis(redis.Redis.from_url(url))


def assert_one_budget(first: Buckets, second: Buckets, burst: int) -> None:
    """Two limiters taking turns on one key get ``burst`` messages through between them."""
    allowed = [limiter.allow("203.0.113.7") for _ in range(burst) for limiter in (first, second)]
    assert allowed.count(True) == burst, (
        f"{allowed.count(True)} of {len(allowed)} let through, budget {burst}"
    )


# --- in memory (one process) --------------------------------------------------------------------------
def test_memory_buckets_allow_a_burst_then_the_rate():
    buckets = TokenBuckets(burst=3, per_second=1)
    assert [buckets.allow("a", now=0) for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("b", now=0)  # another key has its own
    assert buckets.allow("a", now=1.0) and not buckets.allow("a", now=1.0)


def test_memory_buckets_know_a_key_until_it_has_been_idle_for_keep_seconds():
    buckets = TokenBuckets(burst=2, per_second=1, remember=60)
    assert not buckets.knows("a", now=0)
    buckets.allow("a", now=0)
    assert buckets.knows("a", now=59) and not buckets.knows("a", now=61)
    buckets.forget("b")
    buckets.forget("a")
    assert not buckets.knows("a", now=1)


def test_a_bucket_that_never_refills_is_refused():
    with pytest.raises(ValueError):
        TokenBuckets(burst=5, per_second=0)


def test_limiters_in_separate_processes_without_redis_do_not_share_a_budget():
    """What the shared-budget assertion below catches: per-process limiters let twice through."""
    with pytest.raises(AssertionError, match="6 of 6 let through, budget 3"):
        assert_one_budget(TokenBuckets(3, 0.001), TokenBuckets(3, 0.001), burst=3)


# --- the factory ----------------------------------------------------------------------------------------
@pytest.mark.slow  # Redis
def test_the_factory_keeps_limits_in_memory_without_the_setting_and_in_redis_with_it(redis_url):
    assert isinstance(token_buckets("x", 5, 1, environ={}), TokenBuckets)
    assert isinstance(
        token_buckets("x", 5, 1, environ={"CHANNELS_REDIS_URL": redis_url}), RedisTokenBuckets
    )
    assert isinstance(seen_once("msg", 300, environ={}), MemorySeenOnce)
    assert isinstance(
        seen_once("msg", 300, environ={"CHANNELS_REDIS_URL": redis_url}), RedisSeenOnce
    )


# --- in Redis (every process) ---------------------------------------------------------------------------
@pytest.mark.slow  # Redis
def test_two_processes_share_one_budget(redis_url, name):
    first = RedisTokenBuckets(process(redis_url), name, burst=5, per_second=0.001)
    second = RedisTokenBuckets(process(redis_url), name, burst=5, per_second=0.001)
    assert_one_budget(first, second, burst=5)
    assert RedisTokenBuckets(process(redis_url), f"{name}-other", burst=5, per_second=0.001).allow(
        "203.0.113.7"
    )


@pytest.mark.slow  # Redis
def test_concurrent_messages_take_tokens_atomically(redis_url, name):
    limiters = [
        RedisTokenBuckets(process(redis_url), name, burst=10, per_second=0.001) for _ in range(2)
    ]
    results, start = [], threading.Barrier(8)

    def send(limiter: RedisTokenBuckets) -> None:
        start.wait()
        results.extend(limiter.allow("flood") for _ in range(25))

    threads = [threading.Thread(target=send, args=(limiters[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200 and results.count(True) == 10


@pytest.mark.slow  # Redis
def test_a_bucket_refills_at_its_rate(redis_url, name):
    buckets = RedisTokenBuckets(process(redis_url), name, burst=1, per_second=10)
    assert buckets.allow("a") and not buckets.allow("a")
    time.sleep(0.15)
    assert buckets.allow("a")


@pytest.mark.slow  # Redis
def test_idle_keys_expire(redis_url, name):
    client = redis.Redis.from_url(redis_url)
    buckets = RedisTokenBuckets(
        process(redis_url), name, burst=2, per_second=20
    )  # full again after 0.1 s
    buckets.allow("a")
    assert 0 < client.pttl(f"limits:{name}:a") <= 101
    time.sleep(0.3)
    assert not client.exists(f"limits:{name}:a") and not buckets.knows("a")
    remembered = RedisTokenBuckets(
        process(redis_url), f"{name}-senders", burst=2, per_second=20, remember=SESSION_SECONDS
    )
    remembered.allow("a")
    assert (
        remembered.knows("a")
        and client.pttl(f"limits:{name}-senders:a") > (SESSION_SECONDS - 5) * 1000
    )
    remembered.forget("a")
    assert not remembered.knows("a")


@pytest.mark.slow  # Redis
def test_every_limit_of_the_guard_is_shared_per_channel(redis_url, name):
    """Per client address, new conversations per address, per sender (per openid on WeChat)."""
    environ = {
        "CHANNELS_REDIS_URL": redis_url,
        "RATE_LIMIT_ADDRESS_BURST": "4",
        "RATE_LIMIT_ADDRESS_PER_SECOND": "0.001",
        "NEW_CONVERSATIONS_BURST": "3",
        "NEW_CONVERSATIONS_PER_HOUR": "1",
        "RATE_LIMIT_BURST": "2",
        "RATE_LIMIT_PER_SECOND": "0.001",
    }
    first, second = AddressLimits(name, environ), AddressLimits(name, environ)
    assert_one_budget(first.messages, second.messages, burst=4)
    assert_one_budget(first.conversations, second.conversations, burst=3)
    assert_one_budget(sender_limits(name, environ), sender_limits(name, environ), burst=2)
    assert sender_limits(f"{name}-wechat", environ).allow("203.0.113.7")  # another channel's budget


@pytest.mark.slow  # Redis
async def test_the_guard_of_two_processes_slows_a_sender_down_together(
    redis_url, name, monkeypatch
):
    class Channel(GuardedChannel, InputChannel):
        @classmethod
        def name(cls) -> str:
            return "rest"

    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "好的"})

    monkeypatch.setenv("CHANNELS_REDIS_URL", redis_url)
    monkeypatch.setenv("RATE_LIMIT_BURST", "3")
    monkeypatch.setenv("RATE_LIMIT_PER_SECOND", "0.001")
    processes = [Channel().guard(answer), Channel().guard(answer)]
    replies = CollectingOutputChannel()
    for turn in range(6):
        await processes[turn % 2](
            UserMessage("你好", replies, f"{name}-customer", input_channel="rest")
        )
    assert [m["text"] for m in replies.messages].count(SLOW_DOWN_REPLY) == 3


@pytest.mark.slow  # Redis
def test_wechat_message_ids_are_claimed_once_across_processes(redis_url, name):
    first = RedisSeenOnce(process(redis_url), f"wechat:{name}:", ttl=300)
    second = RedisSeenOnce(process(redis_url), f"wechat:{name}:", ttl=300)
    assert first.first("msg:1") and not second.first("msg:1")
    assert (
        second.first("nonce", "body")
        and first.first("nonce", "body")
        and not first.first("nonce", "other body")
    )


# --- Redis configured but down ------------------------------------------------------------------------------
@pytest.mark.slow  # Redis
def test_unreachable_redis_falls_back_to_memory_with_one_warning(redis_url, name, caplog):
    down = SharedRedis(
        redis.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.5), retry_after=0
    )
    buckets = RedisTokenBuckets(down, name, burst=2, per_second=0.001)
    seen = RedisSeenOnce(down, f"wechat:{name}:", ttl=300)
    with caplog.at_level(logging.INFO, logger="bot.channels.shared"):
        assert [buckets.allow("a") for _ in range(3)] == [
            True,
            True,
            False,
        ]  # still limited, per process
        assert buckets.knows("a") and seen.first("msg:1") and not seen.first("msg:1")
        assert [r.levelname for r in caplog.records] == ["WARNING"]
        assert "not reachable" in caplog.records[0].getMessage()
        down.client = redis.Redis.from_url(redis_url)  # Redis is back
        assert buckets.allow("b") and redis.Redis.from_url(redis_url).exists(f"limits:{name}:b")
        assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]


def test_while_redis_is_down_it_is_tried_again_only_after_a_pause():
    calls = []

    def remote(client: redis.Redis) -> bool:
        calls.append(client)
        raise redis.ConnectionError("down")

    down = SharedRedis(redis.Redis(host="127.0.0.1", port=free_port()), retry_after=60)
    assert [down.run(remote, lambda: "memory") for _ in range(5)] == ["memory"] * 5
    assert len(calls) == 1
