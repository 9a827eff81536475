"""Logging that never shows a customer's full mobile number (13912345678 -> 139****5678) and
whose lines cannot be forged.

- ``clean_log_text``: masks mobiles, writes newlines and other control characters as escapes
  (``\\n``), and lone surrogates as ``\\ud800``: one record is one line, whatever a caller sent.
- ``install_output_masking()`` (Rasa server, action server): every log record of every logger is
  cleaned (a log record factory, so Rasa's own handlers are covered too), Python warnings go
  through logging (Rasa's "Failed to parse arguments" is a ``warnings.warn`` that printed the
  message with its mobile number), and stderr/stdout mask mobiles in whatever else is written
  (tracebacks, prints).

The shape of a mobile number comes from ``knowledge/shapes.yml`` (``phone_number``).
"""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Callable
from typing import Any

from bot.dialogue.contact import mask_mobile
from bot.knowledge.shapes import number_pattern
from bot.text import control_characters

#: Control characters (``bot.text``) but tab: escaped, so that one record stays one line.
LOG_CONTROL = control_characters(keep="\t")


def mask_mobiles(text: str) -> str:
    return number_pattern("phone_number").sub(lambda match: mask_mobile(match.group(0)), text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\r": "\\r"}.get(char, f"\\x{ord(char):02x}")


def clean_log_text(text: str) -> str:
    """One line, no control characters, no lone surrogates, mobiles masked."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return mask_mobiles(LOG_CONTROL.sub(_escape, text))


class MaskMobileFilter(logging.Filter):
    """A logging filter that cleans the formatted message (see ``clean_log_text``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = clean_log_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_mobile_masking() -> None:
    """Mask mobiles in every record that reaches the root logger's handlers."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskMobileFilter) for f in handler.filters):
            handler.addFilter(MaskMobileFilter())


class MaskingStream(io.TextIOBase):
    """A text stream that masks mobile numbers in everything written to ``inner``."""

    def __init__(self, inner: Any):
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(mask_mobiles(text.encode("utf-8", "backslashreplace").decode("utf-8")))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")


def _cleaning_record_factory(
    make_record: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: leave it to logging's own report
            return record
        cleaned = clean_log_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return record

    factory.cleans = True  # type: ignore[attr-defined]  # a mark on the function: installed once
    return factory


def install_output_masking() -> None:
    """Clean every log record, route warnings through logging, mask stdout and stderr."""
    make_record = logging.getLogRecordFactory()
    if not getattr(make_record, "cleans", False):
        logging.setLogRecordFactory(_cleaning_record_factory(make_record))
    logging.captureWarnings(True)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, MaskingStream):
            setattr(sys, name, MaskingStream(stream))
