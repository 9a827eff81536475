"""Ticket numbers: readable, unique, ``HX`` + date + daily sequence (HX20261127-0001)."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

PREFIX = "HX"
#: As customers type it: any case, the dash may be left out (hx202611270001).
NUMBER_PATTERN = re.compile(r"(?<![A-Za-z0-9])HX(\d{8})-?(\d{4,})(?![0-9])", re.IGNORECASE)


def format_number(day: date, sequence: int) -> str:
    return f"{PREFIX}{day:%Y%m%d}-{sequence:04d}"


def day_key(day: date) -> str:
    return f"{day:%Y%m%d}"


def find_number(text: Optional[str]) -> Optional[str]:
    """The first ticket number in ``text``, normalised to upper case, or None."""
    match = NUMBER_PATTERN.search(text or "")
    if not match:
        return None
    return f"{PREFIX}{match.group(1)}-{match.group(2)}"
