"""Checks the report and the review inbox against a ``make converse`` log (JSONL, one line per
simulated customer): the report's ended conversations by outcome must equal the log's counts, and
every message the bot asked back on must be in the inbox exactly once.

    python -m bot.analytics.crosscheck var/converse/seed-1.jsonl [--database URL]

Buttons the customer pressed (payloads such as ``/nlu_fallback`` for 「都不是」) are not customer
text and never review items; the log's asked-back buttons are left out of the comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.analytics.figures import load_sessions
from bot.analytics.sessions import IDLE
from bot.logs import mask_mobiles
from bot.tickets.orm import review_items


def read_log(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def compare(
    records: Sequence[dict[str, Any]],
    connection: Connection,
    since: datetime = datetime(2000, 1, 1),
) -> dict[str, Any]:
    senders = {r["sender"] for r in records}
    log_ended = Counter(r["ended"] for r in records)
    later = datetime.now() + IDLE  # every conversation of a finished run has ended
    report_ended: Counter = Counter()
    for session in load_sessions(connection, since):
        if session.conversation_id in senders and session.ended(later):
            report_ended[
                "handoff" if session.handoff else "ticket" if session.tickets else "contained"
            ] += 1
    asked = Counter(
        (r["sender"], mask_mobiles(turn["customer"]))
        for r in records
        for turn in r["turns"]
        if turn.get("asked_back") and not turn["customer"].startswith("/")
    )
    inbox = Counter(
        (row.conversation_id, row.text)
        for row in connection.execute(select(review_items.c.conversation_id, review_items.c.text))
        if row.conversation_id in senders
    )
    # the same text twice in one conversation is two messages: compare counts, not sets
    return {
        "log_ended": dict(log_ended),
        "report_ended": dict(report_ended),
        "asked_back": sum(asked.values()),
        "missing_from_inbox": sorted((asked - inbox).elements()),
        "inbox_not_asked_back": sorted((inbox - asked).elements()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.analytics.crosscheck",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("log", type=Path)
    parser.add_argument(
        "--database", help="the ticket database the stream was written to (default: DATABASE_URL)"
    )
    args = parser.parse_args(argv)
    from bot.events.consumer import ticket_engine
    from bot.tickets.database import database_url

    with ticket_engine(args.database or database_url()).connect() as connection:
        result = compare(read_log(args.log), connection)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    same = result["log_ended"] == result["report_ended"] and not result["missing_from_inbox"]
    print("consistent" if same else "MISMATCH")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
