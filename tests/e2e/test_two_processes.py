"""The production profile on this machine: two Rasa processes sharing conversations through the
PostgreSQL tracker store and the Redis lock store. Every benchmark scenario runs with each turn on
the other process than the turn before, and still goes as scripted."""

import asyncio

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.load import Level, count_tickets, run_level, shared_stores
from bench.scenarios import SCENARIOS
from harness.servers import running_servers
from tests.external_servers import postgres_database, redis_client

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


@pytest.fixture
def tracker_url():
    redis_client().close()  # skips (or fails in CI) when Redis is not there
    yield from postgres_database()  # a fresh database, dropped afterwards


def test_a_conversation_continues_when_its_turns_alternate_between_two_processes(
    tmp_path_factory, tracker_url
):
    tickets_url = f"sqlite:///{tmp_path_factory.mktemp('two') / 'tickets.db'}"
    url = make_url(tracker_url)
    stores = shared_stores(url.host, "127.0.0.1", database=url.database)
    env = {"DATABASE_URL": tickets_url}
    with running_servers(tmp_path_factory.mktemp("two-servers"), env=env, stores=stores) as servers:
        second = servers.start_extra_rasa(tmp_path_factory.mktemp("replica-2"), env)
        result = asyncio.run(
            run_level([servers.url, second], Level(len(SCENARIOS)), 1, routing="alternate")
        )

    # with a store of its own, each process would see every other turn only: wrong replies
    assert (result.errors, result.wrong_replies) == (0, 0)
    assert result.process_switches == result.turns - len(
        SCENARIOS
    )  # every turn but the first of each
    assert count_tickets(tickets_url, result.ticket_senders) == result.tickets_expected > 0
    with create_engine(tracker_url, future=True).connect() as conn:
        senders = conn.execute(text("select count(distinct sender_id) from events")).scalar()
    assert senders == len(SCENARIOS)  # every conversation is in the shared tracker store
