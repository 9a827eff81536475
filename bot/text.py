"""Text that goes somewhere it could do harm, and plain-text tables: one definition each.

- ``control_characters`` / ``without_controls``: the control characters no customer text needs
  (C0 and C1 controls, DEL, lone surrogates, U+FFFE/U+FFFF), removed from what the channels take
  in (``bot.channels.guard``) and send as XML (WeChat), escaped in logs (``bot.logs``), replaced
  in the staff's terminal (``for_terminal``, with invisible format characters too);
- ``table``: aligned columns for a terminal, a Chinese character counted two columns wide (the
  staff tool, the NLU evaluation, the benchmark).

Imports nothing of the project's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from functools import cache

#: Tab, newline and carriage return: control characters that lay text out, kept unless told.
LAYOUT = "\t\n\r"
#: Besides C0 controls: DEL and C1 controls, lone surrogates (no text has them; JSON can), and the
#: noncharacters U+FFFE/U+FFFF (XML refuses them).
OTHER_CONTROLS = r"\x7f-\x9f\ud800-\udfff\ufffe\uffff"
#: Invisible format characters that hide or reorder text on a screen: zero-width spaces and
#: joiners, directional marks, embeddings, overrides and isolates.
INVISIBLE = r"\u200b-\u200f\u202a-\u202e\u2066-\u2069"


@cache
def control_characters(keep: str = LAYOUT, invisible: bool = False) -> re.Pattern[str]:
    """The control characters but those in ``keep``; with ``invisible``, the invisible format characters too."""
    c0 = "".join(f"\\x{code:02x}" for code in range(0x20) if chr(code) not in keep)
    return re.compile(f"[{c0}{OTHER_CONTROLS}{INVISIBLE if invisible else ''}]")


def without_controls(
    text: str, replacement: str = "", keep: str = LAYOUT, invisible: bool = False
) -> str:
    """``text`` with its control characters (but ``keep``) replaced by ``replacement`` (removed by default)."""
    return control_characters(keep, invisible).sub(replacement, text)


def for_terminal(text: object, limit: int = 0) -> str:
    """Customer-given text for a terminal: every control and invisible character (newlines too)
    a space, so it cannot move the cursor, clear the screen or hide text; cut to ``limit`` characters."""
    shown = without_controls(str(text or ""), " ", keep="", invisible=True).strip()
    return shown[: limit - 1] + "…" if limit and len(shown) > limit else shown


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(
    header: Sequence[object], rows: Sequence[Sequence[object]], right: Collection[int] = ()
) -> str:
    """A plain-text table: the header, a rule, the rows; the columns numbered in ``right`` (figures)
    right-aligned, the others left-aligned."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        padded = [
            (" " * (w - width(c)) + c) if i in right else (c + " " * (w - width(c)))
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *map(line, cells[1:])])
