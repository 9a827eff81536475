"""``make bench``: simulated customers against the real servers over the REST webhook.

A level is a number of customers, each sending its next message as soon as the reply is in
(``20``: the server's saturation throughput), or paced to a total rate (``20@50``: 20 customers
who between them send 50 messages a second, each waiting 0.4 s from one message to the next unless
the reply takes longer; the latency customers see at a given load).

Prints a table and writes ``var/bench/results.json``: per-turn latency p50/p95/p99, turns per
second, errors and tickets created versus expected at each concurrency level; NLU parse time,
model training time, server start time and resident memory, and the CPU time each process spent
per turn (what the machine's cores bound the throughput to). With ``--replicas N`` it runs N
Rasa processes sharing a PostgreSQL tracker store and a Redis lock store, and spreads the turns
over them round robin as nginx does (``--routing alternate``: each conversation's turns on the
processes in turn), counting the turns that land on another process than the one before.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bench.scenarios import SCENARIOS, Scenario
from bot.security import api_token
from bot.text import table
from bot.tickets.database import session_factory
from bot.tickets.model import Kind
from bot.tickets.unit_of_work import SqlUnitOfWork
from harness.servers import ROOT, running_servers

RESULTS = ROOT / "var" / "bench" / "results.json"
PARSE_SAMPLES = [
    "电视黑屏了",
    "冰箱不制冷怎么办",
    "客服电话多少",
    "我要报修",
    "查询工单 HX20261127-10E9-NT83",
    "空调显示E1",
    "洗衣机不排水",
    "手机充不进电",
    "你好",
    "谢谢",
]


@dataclass(frozen=True)
class Level:
    customers: int
    rate: float = 0.0  # total turns per second the customers aim at; 0: back to back

    @classmethod
    def parse(cls, text: str) -> Level:
        customers, _, rate = text.partition("@")
        return cls(int(customers), float(rate or 0))

    @property
    def interval(self) -> float:
        """Seconds from one message of a customer to its next one (at least)."""
        return self.customers / self.rate if self.rate else 0.0


class Pacer:
    """Spaces one customer's messages ``interval`` seconds apart, as a person reads a reply and
    types; a reply slower than that is not made up for (the next message follows it at once)."""

    def __init__(self, interval: float, offset: float = 0.0):
        self.interval = interval
        self.next_at = time.perf_counter() + offset

    async def wait(self) -> None:
        if not self.interval:
            return
        delay = self.next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        self.next_at = time.perf_counter() + self.interval


@dataclass
class LevelResult:
    level: Level
    turns: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    tickets_expected: int = 0
    tickets_found: int = 0
    #: the conversations that should have opened a ticket (checked in the database after the level)
    ticket_senders: list[str] = field(default_factory=list)
    wrong_replies: int = 0
    #: turns sent to another process than the conversation's turn before
    process_switches: int = 0
    #: CPU seconds each process spent during the level (server processes and this client)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    #: share of the whole machine's CPU time that was busy during the level (all processes)
    machine_busy: float = 0.0

    def summary(self) -> dict[str, Any]:
        q = (
            statistics.quantiles(self.latencies_ms, n=100)
            if len(self.latencies_ms) > 1
            else [0.0] * 99
        )
        return {
            "customers": self.level.customers,
            "offered_turns_per_second": self.level.rate or None,
            "turns": self.turns,
            "errors": self.errors,
            "wrong_replies": self.wrong_replies,
            "process_switches": self.process_switches,
            "turns_per_second": round(self.turns / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1),
            "p99_ms": round(q[98], 1),
            "tickets_expected": self.tickets_expected,
            "tickets_found": self.tickets_found,
            **self.cpu_summary(),
        }

    def cpu_summary(self) -> dict[str, object]:
        """CPU milliseconds per turn by process, and the turns per second the cores allow at most."""
        if not self.turns or not self.cpu_seconds:
            return {}
        per_turn = {
            name: round(seconds * 1000 / self.turns, 1)
            for name, seconds in self.cpu_seconds.items()
        }
        total = sum(per_turn.values())
        return {
            "cpu_ms_per_turn": per_turn,
            "machine_cpu_busy_percent": round(self.machine_busy * 100),
            "cpu_bound_turns_per_second": round((os.cpu_count() or 1) * 1000 / total, 1)
            if total
            else 0.0,
        }


async def say(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    message: str,
    result: LevelResult,
    pacer: Pacer,
) -> str | None:
    """One turn: the bot's reply text, or None on an error (counted)."""
    await pacer.wait()
    started = time.perf_counter()
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook",
            params={"token": api_token()},
            json={"sender": sender, "message": message},
        ) as response:
            body = await response.json(content_type=None)
            ok = response.status == 200 and isinstance(body, list)
    except Exception:  # noqa: BLE001 - any failure counts as an error
        ok, body = False, []
    result.latencies_ms.append((time.perf_counter() - started) * 1000)
    result.turns += 1
    if not ok:
        result.errors += 1
        return None
    return "\n".join(m.get("text", "") for m in body)


#: Picks the process for a conversation's next turn: (urls, turn number in the conversation) → url.
Router = Callable[[Sequence[str], int], str]


def alternating(urls: Sequence[str], turn: int) -> str:
    """Every turn of a conversation on the other process than the one before (the strictest test
    of shared conversations; it also keeps each customer's load in step, which unbalances them)."""
    return urls[turn % len(urls)]


def round_robin() -> Router:
    """Every request to the next process, whoever sends it: nginx's default balancing."""
    counter = itertools.count()
    return lambda urls, turn: urls[next(counter) % len(urls)]


ROUTERS: dict[str, Callable[[], Router]] = {
    "round-robin": round_robin,
    "alternate": lambda: alternating,
}


async def run_customer(
    session: aiohttp.ClientSession,
    urls: Sequence[str],
    scenario: Scenario,
    result: LevelResult,
    pacer: Pacer,
    route: Router = alternating,
) -> str:
    """One conversation, each turn sent where ``route`` says. Returns the sender id."""
    sender = f"bench-{scenario.name}-{uuid.uuid4().hex[:10]}"
    said, turn, previous = "", 0, None

    async def send(message: str) -> str | None:
        nonlocal turn, previous
        url = route(urls, turn)
        result.process_switches += previous is not None and url != previous
        previous, turn = url, turn + 1
        return await say(session, url, sender, message, result, pacer)

    for message, expected in scenario.turns:
        reply = await send(message)
        if reply is None:
            return sender
        said = reply
        if expected and expected not in said:
            result.wrong_replies += 1
    for _ in range(len(scenario.form) + 2):
        if not scenario.form or scenario.done in said:
            break
        asked = sorted(
            (said.find(phrase), answer) for phrase, answer in scenario.form if phrase in said
        )
        answer = asked[0][1] if asked else None  # the question the reply starts with
        if answer is None:
            result.wrong_replies += 1
            break
        reply = await send(answer)
        if reply is None:
            return sender
        said = reply
    return sender


async def run_level(
    urls: Sequence[str], level: Level, conversations_each: int, routing: str = "alternate"
) -> LevelResult:
    customers = level.customers
    route = ROUTERS[routing]()
    result = LevelResult(level)
    senders: list[str] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        timeout=timeout, connector=aiohttp.TCPConnector(limit=customers * 2)
    ) as session:

        async def customer(index: int) -> None:
            pacer = Pacer(
                level.interval, offset=level.interval * index / customers
            )  # not all at once
            for n in range(conversations_each):
                scenario = SCENARIOS[(index + n) % len(SCENARIOS)]
                result.tickets_expected += scenario.creates_ticket
                sender = await run_customer(session, urls, scenario, result, pacer, route)
                if scenario.creates_ticket:
                    senders.append(sender)

        started = time.perf_counter()
        await asyncio.gather(*(customer(i) for i in range(customers)))
        result.seconds = time.perf_counter() - started
    result.ticket_senders = senders
    return result


def count_tickets(database_url: str, senders: Sequence[str]) -> int:
    """How many of ``senders`` opened a repair ticket, read through the ticket repository."""
    if not senders:
        return 0
    with SqlUnitOfWork(session_factory(database_url)) as work:
        return sum(
            bool(work.tickets.find(kinds=[Kind.REPAIR], conversation_id=sender, limit=1))
            for sender in set(senders)
        )


async def parse_times(url: str, rounds: int = 5) -> float:
    async with aiohttp.ClientSession() as session:
        timings = []
        for _ in range(rounds):
            for sample in PARSE_SAMPLES:
                started = time.perf_counter()
                async with session.post(
                    f"{url}/model/parse", params={"token": api_token()}, json={"text": sample}
                ) as response:
                    await response.read()
                timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu(processes: dict[str, int]) -> dict[str, float]:
    return {
        **{name: cpu_seconds(pid) for name, pid in processes.items()},
        "client": time.process_time(),
    }


def machine_cpu() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far (Linux /proc/stat)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--levels",
        default="1,10,20,50,20@50",
        help="customers per run, back to back (20) or paced to a total rate in turns/s (20@50)",
    )
    parser.add_argument(
        "--conversations", type=int, default=8, help="conversations per customer and level"
    )
    parser.add_argument(
        "--replicas", type=int, choices=range(1, 9), default=1, help="Rasa processes (1-8)"
    )
    parser.add_argument("--json", default=str(RESULTS))
    parser.add_argument("--database-url", help="ticket database (default: a fresh SQLite file)")
    parser.add_argument(
        "--postgres-host", default="127.0.0.1", help="tracker store host for --replicas > 1"
    )
    parser.add_argument(
        "--redis-host", default="127.0.0.1", help="lock store host for --replicas > 1"
    )
    parser.add_argument(
        "--routing",
        choices=sorted(ROUTERS),
        default="round-robin",
        help="how turns are spread over --replicas: round-robin like nginx, or alternate (each "
        "conversation's turns on the processes in turn)",
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'tickets.db'}"
    env = {"DATABASE_URL": database_url}
    stores = shared_stores(args.postgres_host, args.redis_host) if args.replicas > 1 else ""
    with running_servers(workdir, env=env, stores=stores) as servers:
        urls = [servers.url]
        for replica in range(2, args.replicas + 1):
            urls.append(servers.start_extra_rasa(workdir / f"replica-{replica}", env))
        figures = {
            "replicas": args.replicas,
            "routing": args.routing if args.replicas > 1 else None,
            "server_start_seconds": round(servers.start_seconds, 1),
            "nlu_parse_ms_median": asyncio.run(parse_times(servers.url)),
            "training_seconds": training_seconds(),
            "levels": [],
        }
        names = ["actions", "rasa"] + [f"rasa_{n}" for n in range(2, len(servers.processes))]
        pids = {
            name: process.pid for name, process in zip(names, servers.processes, strict=True)
        }  # actions started first
        for level in [Level.parse(n) for n in args.levels.split(",")]:
            before, machine_before = process_cpu(pids), machine_cpu()
            result = asyncio.run(run_level(urls, level, args.conversations, args.routing))
            after, machine_after = process_cpu(pids), machine_cpu()
            result.cpu_seconds = {name: after[name] - before[name] for name in after}
            busy, total = (a - b for a, b in zip(machine_after, machine_before, strict=True))
            result.machine_busy = busy / total if total else 0.0
            result.tickets_found = count_tickets(database_url, result.ticket_senders)
            figures["levels"].append(result.summary())
        figures["rss_mb"] = {name: rss_mb(pid) for name, pid in pids.items()}
    print_table(figures)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(f"\nwritten: {args.json}")
    return 0


def shared_stores(postgres_host: str, redis_host: str, database: str | None = None) -> str:
    """The production profile's stores (config/endpoints.production.yml) for a local run: a
    PostgreSQL tracker database (fresh unless named) and a Redis lock store."""
    database = database or f"hx_tracker_{uuid.uuid4().hex[:8]}"
    return (
        f"tracker_store:\n  type: bot.tracker_store.EncryptingSQLTrackerStore\n  dialect: postgresql\n  url: {postgres_host}\n  port: 5432\n"
        f"  db: {database}\n  username: postgres\n  login_db: postgres\n"
        f"lock_store:\n  type: redis\n  url: {redis_host}\n  port: 6379\n  db: 1\n  key_prefix: {database}\n"
    )


def training_seconds() -> float | None:
    path = ROOT / "var" / "build" / "train_seconds"
    return float(path.read_text()) if path.exists() else None


def print_table(figures: dict) -> None:
    print(
        f"\nreplicas: {figures['replicas']}{' (' + figures['routing'] + ')' if figures['routing'] else ''}   server start: {figures['server_start_seconds']} s   "
        f"NLU parse (median): {figures['nlu_parse_ms_median']} ms   training: {figures['training_seconds']} s"
    )
    header = [
        "customers",
        "offered",
        "turns",
        "turns/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "wrong",
        "tickets",
    ]
    rows = [
        [
            level["customers"],
            level.get("offered_turns_per_second") or "-",
            level["turns"],
            level["turns_per_second"],
            level["p50_ms"],
            level["p95_ms"],
            level["p99_ms"],
            level["errors"],
            level["wrong_replies"],
            f"{level['tickets_found']}/{level['tickets_expected']}",
        ]
        for level in figures["levels"]
    ]
    print(table(header, rows, right=range(len(header))))
    for level in figures["levels"]:
        if "cpu_ms_per_turn" in level:
            spent = ", ".join(f"{name} {ms}" for name, ms in level["cpu_ms_per_turn"].items())
            pace = (
                f"@{level['offered_turns_per_second']}"
                if level.get("offered_turns_per_second")
                else ""
            )
            print(
                f"CPU per turn at {level['customers']}{pace} customers (ms): {spent}; the {os.cpu_count()} cores "
                f"allow these processes at most {level['cpu_bound_turns_per_second']} turns/s; "
                f"machine busy {level['machine_cpu_busy_percent']} %"
            )
    print(
        "memory (RSS, MB): " + ", ".join(f"{k} {v}" for k, v in figures.get("rss_mb", {}).items())
    )


if __name__ == "__main__":
    raise SystemExit(main())
