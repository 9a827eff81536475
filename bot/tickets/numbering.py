"""Ticket numbers: ``HX`` + the day + 8 random Crockford base32 characters in two groups
(``HX20261130-7K3M-9Q2P``). The random part (40 bits) makes numbers unguessable, so a number is
no key to anyone else's ticket; groups of four are easy to read out on the phone.

The shape customers may type (any case, dashes left out) is ``ticket_id`` in
``knowledge/shapes.yml``; this module takes it from there.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from functools import lru_cache

PREFIX = "HX"
#: Crockford's base32: digits and letters without I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 8  # 8 × 5 = 40 bits


@lru_cache(maxsize=1)
def number_pattern() -> re.Pattern[str]:
    from bot.knowledge import get_knowledge

    return re.compile(get_knowledge().shapes["ticket_id"].in_text())


def random_part() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))


def new_number(day: date, random: str | None = None) -> str:
    """A fresh number for a ticket of ``day`` (``random`` for tests)."""
    code = random or random_part()
    return f"{PREFIX}{day:%Y%m%d}-{code[:4]}-{code[4:]}"


def find_number(text: str | None) -> str | None:
    """The first ticket number in ``text``, normalised (upper case, dashes), or None."""
    match = number_pattern().search(text or "")
    if not match:
        return None
    compact = match.group(0).replace("-", "").upper()  # HX + 8 digits + 8 characters
    return f"{compact[:10]}-{compact[10:14]}-{compact[14:]}"
