"""Shapes of the values customers type (``knowledge/shapes.yml``): model numbers, fault codes,
ticket, mobile, landline and IMEI numbers.

Every Python pattern for such a value is built here from the YAML (``shape(name)``), so the
NLU pipeline, the form validation, log masking and the ticket numbering read one definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from re import Pattern

#: A value is never glued to a letter or digit on either side (E21 in 屏幕闪E21, not in XE21).
_NOT_ALPHANUMERIC_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALPHANUMERIC_AFTER = r"(?![A-Za-z0-9])"
#: the group of ``in_text()`` that holds the value itself (without its context words)
VALUE_GROUP = "value"


@dataclass(frozen=True)
class Shape:
    name: str
    regexes: tuple[str, ...]
    #: the entity the shape extracts; None for a feature-only shape
    entity: str | None = None
    min_length: int = 1
    #: found in running text by bot/nlu/exact_details.py (may span tokens), not by the ruler
    in_text_only: bool = False
    #: a regex of the words that must come right before the value (工单号 before a number)
    context: str | None = None

    @property
    def alternatives(self) -> str:
        return "|".join(f"(?:{regex})" for regex in self.regexes)

    def whole_value(self) -> str:
        """A regex for a whole value (a token), case-insensitive."""
        return f"(?i)^(?:{self.alternatives})$"

    def in_text(self) -> str:
        """A regex for the value inside running text, case-insensitive; the value is the group
        ``value``, after the shape's context words when it has them."""
        context = f"(?:{self.context})" if self.context else ""
        value = f"{_NOT_ALPHANUMERIC_BEFORE}(?P<{VALUE_GROUP}>{self.alternatives}){_NOT_ALPHANUMERIC_AFTER}"
        return f"(?i){context}{value}"

    def matches(self, value: str) -> bool:
        return len(value) >= self.min_length and re.search(self.whole_value(), value) is not None

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, value) of every value of this shape in ``text``."""
        for match in _compiled(self.in_text()).finditer(text or ""):
            value = match.group(VALUE_GROUP)
            if len(value) >= self.min_length:
                yield match.start(VALUE_GROUP), match.end(VALUE_GROUP), value


@cache
def _compiled(regex: str) -> Pattern[str]:
    return re.compile(regex)


def shape(name: str) -> Shape:
    """The shape ``name`` of this process's knowledge base (``knowledge/shapes.yml``)."""
    from bot.knowledge import get_knowledge  # late: bot.knowledge imports this module

    return get_knowledge().shapes[name]


def in_text_pattern(name: str) -> Pattern[str]:
    """The compiled in-text regex of shape ``name`` (the value is the group ``value``)."""
    return _compiled(shape(name).in_text())


def number_pattern(name: str) -> Pattern[str]:
    """Shape ``name`` as a number inside any text: not part of a longer digit run, whatever
    letters are around it (mobile numbers in log lines: ``mobile=13912345678``)."""
    return _compiled(f"(?i)(?<!\\d)(?:{shape(name).alternatives})(?!\\d)")
