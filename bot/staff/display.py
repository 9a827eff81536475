"""Showing customer-typed text safely in a terminal, and simple aligned tables."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

#: C0/C1 control characters (ESC sequences included) and other invisible format characters.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, limit: int = 0) -> str:
    """Text with control characters replaced, newlines folded, cut to ``limit`` characters."""
    text = CONTROL.sub(" ", str(text or "")).strip()
    return text[: limit - 1] + "…" if limit and len(text) > limit else text


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = [list(map(str, headers))] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=False)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
