"""``make converse SEED=N``: simulated customers talk to the real bot over REST; the outcomes and
the tickets in the database are compared with what each customer wanted and meant.

Starts the action server and the Rasa server (``harness.servers``) on a fresh SQLite ticket database
unless ``--url`` points at running ones (then ``--database-url`` names their database). Prints the
report and writes ``var/converse/seed-N.json`` (figures) and ``var/converse/seed-N.jsonl`` (one
line per conversation: every message and reply, the outcome, where the bot asked back, how it ended).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.converse.agent import CustomerSide, Reply
from bench.converse.customers import Customer, generate
from bench.converse.judge import Turn, asked_back, judge, ticket_row
from bench.converse.report import print_report, summarise, write
from bench.converse.rest import RasaRest
from bot.knowledge import get_knowledge
from bot.tickets.database import session_factory
from bot.tickets.model import Kind, Priority
from bot.tickets.services import TicketRequest, open_ticket
from bot.tickets.unit_of_work import SqlUnitOfWork
from harness.servers import ROOT, running_servers

OUT_DIR = ROOT / "var" / "converse"


class Tickets:
    """The ticket database, read and written only through bot/tickets (repository, services)."""

    def __init__(self, database_url: str):
        self.factory = session_factory(database_url)

    def of_conversation(self, sender: str) -> list[dict[str, Any]]:
        with SqlUnitOfWork(self.factory) as work:
            return [ticket_row(t) for t in work.tickets.find(conversation_id=sender)]

    def earlier_ticket(self, customer: Customer) -> str:
        """The ticket a status customer opened before (in another conversation); its number."""
        v = customer.values
        knowledge = get_knowledge()
        fault = next(iter(knowledge.diagnoses.values()))
        ticket = open_ticket(
            TicketRequest(
                kind=Kind.REPAIR,
                priority=Priority(fault.priority),
                customer_name=v.name,
                mobile=v.mobile or v.landline or "",
                fault=fault.title,
                product=fault.product,
                city=v.city,
                address=v.address,
                conversation_id=f"{customer.sender}-earlier",
            ),
            uow=SqlUnitOfWork(self.factory),
        )
        return ticket.number


#: What the REST channel answers a sender who sends faster than its rate limit (bot/channels/guard.py).
SLOW_DOWN = "发送得有点快"


def say_paced(rest: RasaRest, sender: str, message: str, waits: int = 20) -> list[dict]:
    """Send a message; when the rate limit turns it away (the simulated customers type faster than
    people), wait and send it again: the turned-away attempt never reached the bot."""
    for _ in range(waits):
        replies = rest.say(sender, message)
        if not any(SLOW_DOWN in (m.get("text") or "") for m in replies):
            return replies
        time.sleep(1.0)
    return replies


def converse(rest: RasaRest, tickets: Tickets, customer: Customer, today: date) -> dict[str, Any]:
    """One customer's whole conversation, judged; a JSON-ready record for the log."""
    side = CustomerSide(customer, today)
    status_number = tickets.earlier_ticket(customer) if customer.goal == "status" else ""
    side.ticket_number = status_number
    turns: list[Turn] = []
    message: str | None = side.opening()
    error = None
    while message is not None:
        side.sent.append(message)
        try:
            replies = say_paced(rest, customer.sender, message)
        except Exception as exc:  # noqa: BLE001 - a failed turn ends the conversation and is reported
            error = f"{type(exc).__name__}: {exc}"
            turns.append(Turn(message, []))
            break
        turns.append(Turn(message, replies))
        message = side.answer(Reply(replies))
    reasons = asked_back(rest.events(customer.sender)) if not error else []
    for turn, reason in zip(turns, reasons, strict=False):
        turn.asked_back = reason
    rows = tickets.of_conversation(customer.sender)
    verdict = judge(customer, turns, rows, status_number)
    return {
        **customer.as_json(),
        "turns": [
            {
                "customer": t.customer,
                "bot": [
                    {
                        "text": m.get("text"),
                        "buttons": [b.get("title") for b in m.get("buttons") or []],
                    }
                    for m in t.replies
                ],
                "asked_back": t.asked_back,
            }
            for t in turns
        ],
        "asked_back_on": [i for i, t in enumerate(turns) if t.asked_back],
        "asked_back": any(t.asked_back for t in turns),
        "outcome": verdict.outcome,
        "proper": verdict.proper,
        "ended": verdict.ended,
        "tickets": rows,
        "wrong_fields": verdict.wrong_fields,
        "repeated_prompts": verdict.repeated,
        "turns_to_ticket": verdict.turns_to_ticket,
        "messages": len(turns),
        "error": error,
        "status_number": status_number or None,
    }


def run(
    rest: RasaRest,
    database_url: str,
    customers: Sequence[Customer],
    today: date,
    progress: bool = False,
) -> list[dict[str, Any]]:
    tickets = Tickets(database_url)
    records = []
    for number, customer in enumerate(customers, 1):
        records.append(converse(rest, tickets, customer, today))
        if progress:
            record = records[-1]
            print(
                f"{number}/{len(customers)} {customer.sender} {customer.goal} -> {record['outcome']}"
                f"{'' if record['proper'] else '  (not proper)'}",
                flush=True,
            )
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED") or 1))
    parser.add_argument("--count", type=int, default=int(os.environ.get("COUNT") or 100))
    parser.add_argument("--url", help="a running Rasa server (default: start the servers here)")
    parser.add_argument(
        "--database-url", help="the ticket database of the running servers (with --url)"
    )
    parser.add_argument(
        "--token", default=os.environ.get("RASA_TOKEN"), help="token for the REST channel / API"
    )
    parser.add_argument(
        "--out", default=str(OUT_DIR), help="folder for seed-N.json and seed-N.jsonl"
    )
    args = parser.parse_args(argv)

    today = date.today()
    # against running servers, a run id keeps this run's conversations apart from earlier runs'
    customers = generate(
        args.seed, args.count, today, run_id=datetime.now().strftime("%H%M%S") if args.url else ""
    )
    if args.url:
        if not args.database_url:
            parser.error("--url needs --database-url (the running servers' ticket database)")
        records = run(
            RasaRest(args.url, args.token), args.database_url, customers, today, progress=True
        )
    else:
        workdir = Path(tempfile.mkdtemp(prefix="converse-"))
        database_url = f"sqlite:///{workdir / 'tickets.db'}"
        with running_servers(workdir, env={"DATABASE_URL": database_url}) as servers:
            records = run(
                RasaRest(servers.url, args.token), database_url, customers, today, progress=True
            )
    figures = summarise(records, seed=args.seed)
    print_report(figures)
    paths = write(figures, records, Path(args.out), args.seed)
    print("\nwritten: " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
