"""The load benchmark's simulated customers still have the conversations they script: every
reply holds the phrase the scenario expects and every ticket lands. Without this, a change to the
dialogue would leave ``make bench`` measuring conversations that go wrong."""

import asyncio
import os
import time

import pytest

from bench.load import (
    Level,
    Pacer,
    alternating,
    count_tickets,
    cpu_seconds,
    machine_cpu,
    process_cpu,
    round_robin,
    run_level,
)
from bench.scenarios import SCENARIOS

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


def test_every_scenario_runs_as_scripted_and_its_tickets_land(servers, database_url):
    result = asyncio.run(run_level([servers.url], Level(len(SCENARIOS)), conversations_each=1))
    assert (result.errors, result.wrong_replies) == (0, 0)
    assert result.tickets_expected == sum(s.creates_ticket for s in SCENARIOS) > 0
    assert count_tickets(database_url, result.ticket_senders) == result.tickets_expected
    assert result.turns == len(result.latencies_ms) > len(SCENARIOS)


def test_cpu_time_is_read_per_process(servers):
    rasa = servers.processes[1].pid
    before = process_cpu({"rasa": rasa})
    for _ in range(20):  # ~10 ms of CPU each; /proc counts in 10 ms ticks
        servers.parse("电视黑屏了")
    after = process_cpu({"rasa": rasa})
    assert set(after) == {"rasa", "client"}
    assert after["rasa"] > before["rasa"] > 0  # parsing costs the server CPU
    assert cpu_seconds(os.getpid()) > 0


def test_the_machine_is_busy_some_of_the_time():
    busy, total = machine_cpu()
    assert 0 < busy < total


def test_a_paced_level_spaces_each_customers_messages():
    level = Level.parse("20@50")
    assert (level.customers, level.rate, level.interval) == (20, 50.0, 0.4)
    assert Level.parse("10").interval == 0.0

    async def three_messages():
        pacer = Pacer(0.05)
        for _ in range(3):
            await pacer.wait()

    started = time.perf_counter()
    asyncio.run(three_messages())
    assert time.perf_counter() - started >= 0.1  # two gaps of at least 0.05 s


def test_turns_alternate_per_conversation_or_go_round_robin_over_all_requests():
    urls = ["a", "b"]
    assert [alternating(urls, turn) for turn in range(4)] == ["a", "b", "a", "b"]
    route = round_robin()
    # two customers at the same turn number still go to different processes, as behind nginx
    assert [route(urls, 0), route(urls, 0), route(urls, 1), route(urls, 1)] == ["a", "b", "a", "b"]
    assert round_robin()(urls, 5) == "a"  # each level starts its own count
