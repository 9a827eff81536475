"""Mobile numbers masked in an event before it is stored anywhere the stream goes."""

from __future__ import annotations

from typing import Any

from bot.logs import mask_mobiles


def mask_event(value: Any) -> Any:
    """A copy of ``value`` (an event: nested dicts, lists, strings) with every mobile masked."""
    if isinstance(value, str):
        return mask_mobiles(value)
    if isinstance(value, dict):
        return {key: mask_event(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_event(item) for item in value]
    return value
