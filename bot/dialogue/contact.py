"""Contact details: checking mobile numbers and masking them in messages and logs."""
from __future__ import annotations

import re
from typing import Optional

MOBILE_PATTERN = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def find_mobile(text: Optional[str]) -> Optional[str]:
    """The 11-digit mainland mobile number in ``text`` (spaces and dashes ignored), or None."""
    digits = re.sub(r"[\s\-－—]", "", text or "")
    digits = digits.replace("+86", "", 1) if digits.startswith("+86") else digits
    match = MOBILE_PATTERN.search(digits)
    if not match:
        return None
    # Reject a number that is only part of a longer digit run (an IMEI, a ticket number).
    if re.fullmatch(r"\d+", digits) and len(digits) != 11:
        return None
    return match.group(1)


def mask_mobile(mobile: Optional[str]) -> str:
    """139****5678: enough to recognise, not enough to misuse."""
    if not mobile or len(mobile) < 7:
        return mobile or ""
    return f"{mobile[:3]}****{mobile[-4:]}"


def clean_name(text: Optional[str]) -> Optional[str]:
    """Strip the 我叫/我是/姓名 wrapping from a name answer; None when nothing is left."""
    name = re.sub(r"^(我叫|我是|叫我|姓名[:：]?|名字[:：]?|我的名字是|本人)", "", (text or "").strip())
    name = name.strip(" ，,。.!！~")
    if not name or len(name) > 30:
        return None
    return name
