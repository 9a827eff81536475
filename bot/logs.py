"""Logging that never shows a customer's full mobile number: 13912345678 -> 139****5678.

The shape of a mobile number comes from ``knowledge/shapes.yml`` (``phone_number``).
"""
from __future__ import annotations

import logging

from bot.dialogue.contact import mask_mobile
from bot.knowledge.shapes import number_pattern


def mask_mobiles(text: str) -> str:
    return number_pattern("phone_number").sub(lambda match: mask_mobile(match.group(0)), text)


class MaskMobileFilter(logging.Filter):
    """A logging filter that masks mobile numbers in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_mobiles(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_mobile_masking() -> None:
    """Mask mobiles in every record that reaches the root logger's handlers."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskMobileFilter) for f in handler.filters):
            handler.addFilter(MaskMobileFilter())
