"""``python -m bot.events``: write the conversation event stream into the ticket database."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot.events.consumer import QUEUE, consume
from bot.tickets.database import PROJECT_ROOT, database_url

DEFAULT_SOURCE = f"sqlite:///{PROJECT_ROOT / 'var' / 'events.db'}"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.events", description=__doc__)
    p.add_argument(
        "--source",
        default=os.environ.get("EVENTS_SOURCE", DEFAULT_SOURCE),
        help="the SQL event broker's database (SQLAlchemy URL) or amqp://user:pass@host:5672/ "
        "(env EVENTS_SOURCE; default: the SQLite file of endpoints.yml's broker)",
    )
    p.add_argument("--queue", default=os.environ.get("EVENTS_QUEUE", QUEUE), help="RabbitMQ queue")
    p.add_argument(
        "--database",
        default=None,
        help="where to write (default: DATABASE_URL, the ticket database)",
    )
    p.add_argument("--follow", action="store_true", help="keep reading new events until stopped")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        added = consume(
            args.source, args.database or database_url(), follow=args.follow, queue=args.queue
        )
    except KeyboardInterrupt:
        return 0
    print(f"{added} new events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
