"""Logging that never shows a customer's full mobile number: 13912345678 -> 139****5678."""
from __future__ import annotations

import logging
import re

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_mobiles(text: str) -> str:
    return MOBILE.sub(r"\1****\2", text)


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
