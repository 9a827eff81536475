"""Periods typed on the staff tool's command line: ``7d``, ``24h``, ``30m`` or a date."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.tickets.model import TicketRuleError

UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def since(text: str, now: datetime) -> datetime:
    match = re.fullmatch(r"\s*(\d+)\s*([dhm])\s*", text or "")
    if match:
        return now - timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise TicketRuleError(f"时间范围写作 7d、24h、30m 或 2026-11-01，不是「{text}」") from None
