"""Shapes of the values customers type (``knowledge/shapes.yml``): model numbers, fault codes,
ticket, mobile and IMEI numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

#: A value is never glued to a letter or digit on either side (E21 in 屏幕闪E21, not in XE21).
_NOT_ALPHANUMERIC_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALPHANUMERIC_AFTER = r"(?![A-Za-z0-9])"


@dataclass(frozen=True)
class Shape:
    name: str
    regexes: Tuple[str, ...]
    #: the entity the shape extracts; None for a feature-only shape
    entity: Optional[str] = None
    min_length: int = 1

    @property
    def alternatives(self) -> str:
        return "|".join(f"(?:{regex})" for regex in self.regexes)

    def whole_value(self) -> str:
        """A regex for a whole value (a token), case-insensitive."""
        return f"(?i)^(?:{self.alternatives})$"

    def in_text(self) -> str:
        """A regex for the value inside running text, case-insensitive."""
        return f"(?i){_NOT_ALPHANUMERIC_BEFORE}(?:{self.alternatives}){_NOT_ALPHANUMERIC_AFTER}"

    def matches(self, value: str) -> bool:
        return len(value) >= self.min_length and re.search(self.whole_value(), value) is not None
