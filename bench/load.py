"""``make bench``: simulated customers against the real servers over the REST webhook.

Prints a table and writes ``var/bench/results.json``: per-turn latency p50/p95/p99, turns per
second, errors and tickets created versus expected at each concurrency level; NLU parse time,
model training time, server start time and resident memory. With ``--replicas 2`` it runs two
Rasa processes sharing a PostgreSQL tracker store and a Redis lock store, and sends consecutive
turns of each conversation to alternate processes.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp
from sqlalchemy import create_engine, text

from bench.scenarios import SCENARIOS, Scenario
from bot.runtime import ROOT, running_servers

RESULTS = ROOT / "var" / "bench" / "results.json"
PARSE_SAMPLES = ["电视黑屏了", "冰箱不制冷怎么办", "客服电话多少", "我要报修", "查询工单 HX20261127-0001",
                 "空调显示E1", "洗衣机不排水", "手机充不进电", "你好", "谢谢"]


@dataclass
class LevelResult:
    customers: int
    turns: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: List[float] = field(default_factory=list)
    tickets_expected: int = 0
    tickets_found: int = 0
    wrong_replies: int = 0

    def summary(self) -> Dict[str, float]:
        q = statistics.quantiles(self.latencies_ms, n=100) if len(self.latencies_ms) > 1 else [0.0] * 99
        return {
            "customers": self.customers, "turns": self.turns, "errors": self.errors, "wrong_replies": self.wrong_replies,
            "turns_per_second": round(self.turns / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "tickets_expected": self.tickets_expected, "tickets_found": self.tickets_found,
        }


async def say(session: aiohttp.ClientSession, url: str, sender: str, message: str, result: LevelResult) -> Optional[str]:
    """One turn: the bot's reply text, or None on an error (counted)."""
    started = time.perf_counter()
    try:
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}) as response:
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


async def run_customer(session: aiohttp.ClientSession, urls: Sequence[str], scenario: Scenario, result: LevelResult) -> str:
    """One conversation; consecutive turns alternate between ``urls``. Returns the sender id."""
    sender = f"bench-{scenario.name}-{uuid.uuid4().hex[:10]}"
    said, turn = "", 0
    for message, expected in scenario.turns:
        said = await say(session, urls[turn % len(urls)], sender, message, result)
        turn += 1
        if said is None:
            return sender
        if expected and expected not in said:
            result.wrong_replies += 1
    for _ in range(len(scenario.form) + 2):
        if not scenario.form or scenario.done in said:
            break
        asked = sorted((said.find(phrase), answer) for phrase, answer in scenario.form if phrase in said)
        answer = asked[0][1] if asked else None  # the question the reply starts with
        if answer is None:
            result.wrong_replies += 1
            break
        said = await say(session, urls[turn % len(urls)], sender, answer, result)
        turn += 1
        if said is None:
            return sender
    return sender


async def run_level(urls: Sequence[str], customers: int, conversations_each: int) -> LevelResult:
    result = LevelResult(customers=customers)
    senders: List[str] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=customers * 2)) as session:

        async def customer(index: int) -> None:
            for n in range(conversations_each):
                scenario = SCENARIOS[(index + n) % len(SCENARIOS)]
                result.tickets_expected += scenario.creates_ticket
                sender = await run_customer(session, urls, scenario, result)
                if scenario.creates_ticket:
                    senders.append(sender)

        started = time.perf_counter()
        await asyncio.gather(*(customer(i) for i in range(customers)))
        result.seconds = time.perf_counter() - started
    result.ticket_senders = senders  # type: ignore[attr-defined]
    return result


def count_tickets(database_url: str, senders: Sequence[str]) -> int:
    if not senders:
        return 0
    with create_engine(database_url, future=True).connect() as conn:
        rows = conn.execute(text("select conversation_id from tickets where kind = 'repair'")).scalars().all()
    return len(set(rows) & set(senders))


async def parse_times(url: str, rounds: int = 5) -> float:
    async with aiohttp.ClientSession() as session:
        timings = []
        for _ in range(rounds):
            for sample in PARSE_SAMPLES:
                started = time.perf_counter()
                async with session.post(f"{url}/model/parse", json={"text": sample}) as response:
                    await response.read()
                timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,10,20,50", help="concurrent customers per run")
    parser.add_argument("--conversations", type=int, default=3, help="conversations per customer and level")
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1)
    parser.add_argument("--json", default=str(RESULTS))
    parser.add_argument("--database-url", help="ticket database (default: a fresh SQLite file)")
    parser.add_argument("--postgres-host", default="127.0.0.1", help="tracker store host for --replicas 2")
    parser.add_argument("--redis-host", default="127.0.0.1", help="lock store host for --replicas 2")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'tickets.db'}"
    env = {"DATABASE_URL": database_url}
    stores = shared_stores(args.postgres_host, args.redis_host) if args.replicas > 1 else ""
    with running_servers(workdir, env=env, stores=stores) as servers:
        urls = [servers.url]
        if args.replicas > 1:
            urls.append(servers.start_extra_rasa(workdir / "replica", env))
        figures = {
            "replicas": args.replicas,
            "server_start_seconds": round(servers.start_seconds, 1),
            "nlu_parse_ms_median": asyncio.run(parse_times(servers.url)),
            "training_seconds": training_seconds(),
            "levels": [],
        }
        for level in [int(n) for n in args.levels.split(",")]:
            result = asyncio.run(run_level(urls, level, args.conversations))
            result.tickets_found = count_tickets(database_url, result.ticket_senders)  # type: ignore[attr-defined]
            figures["levels"].append(result.summary())
        figures["rss_mb"] = {f"process_{i}": rss_mb(p.pid) for i, p in enumerate(servers.processes)}
    print_table(figures)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(f"\nwritten: {args.json}")
    return 0


def shared_stores(postgres_host: str, redis_host: str) -> str:
    """The production profile's stores (config/endpoints.production.yml) for a local run:
    a fresh PostgreSQL tracker database, Redis lock store."""
    database = f"hx_tracker_{uuid.uuid4().hex[:8]}"
    return (
        f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: {postgres_host}\n  port: 5432\n"
        f"  db: {database}\n  username: postgres\n  login_db: postgres\n"
        f"lock_store:\n  type: redis\n  url: {redis_host}\n  port: 6379\n  db: 1\n  key_prefix: {database}\n"
    )


def training_seconds() -> Optional[float]:
    path = ROOT / "var" / "build" / "train_seconds"
    return float(path.read_text()) if path.exists() else None


def print_table(figures: Dict) -> None:
    print(f"\nreplicas: {figures['replicas']}   server start: {figures['server_start_seconds']} s   "
          f"NLU parse (median): {figures['nlu_parse_ms_median']} ms   training: {figures['training_seconds']} s")
    header = ["customers", "turns", "turns/s", "p50 ms", "p95 ms", "p99 ms", "errors", "wrong", "tickets"]
    print("  ".join(f"{h:>9}" for h in header))
    for level in figures["levels"]:
        row = [level["customers"], level["turns"], level["turns_per_second"], level["p50_ms"], level["p95_ms"],
               level["p99_ms"], level["errors"], level["wrong_replies"],
               f"{level['tickets_found']}/{level['tickets_expected']}"]
        print("  ".join(f"{v:>9}" for v in row))
    print("memory (RSS, MB): " + ", ".join(f"{k} {v}" for k, v in figures.get("rss_mb", {}).items()))


if __name__ == "__main__":
    raise SystemExit(main())
