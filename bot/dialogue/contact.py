"""Contact details: mobile and landline numbers, names; masking mobiles in messages and logs.

The shapes of the numbers come from ``knowledge/shapes.yml`` (``phone_number``, ``landline``).
"""

from __future__ import annotations

import re

from bot.knowledge.shapes import in_text_pattern, number_pattern


def find_mobile(text: str | None) -> str | None:
    """The 11-digit mainland mobile number in ``text`` (spaces and dashes ignored), or None."""
    digits = re.sub(r"[\s\-－—]", "", text or "")
    digits = digits.replace("+86", "", 1) if digits.startswith("+86") else digits
    match = _mobile_in(digits)
    if not match:
        return None
    # Reject a number that is only part of a longer digit run (an IMEI, a ticket number).
    if re.fullmatch(r"\d+", digits) and len(digits) != 11:
        return None
    return match


def _mobile_in(text: str) -> str | None:
    match = number_pattern("phone_number").search(text)
    return match.group(0) if match else None


def find_landline(text: str | None) -> str | None:
    """A landline with its area code, written as 0532-88886666, or None.

    Accepts 0532-88886666, 0532 8888 6666, (010)12345678, （0755）8888-6666, 010-12345678.
    A mobile number is not a landline.
    """
    for match in in_text_pattern("landline").finditer(text or ""):
        return normalise_landline(match.group("value"))
    return None


def normalise_landline(value: str) -> str | None:
    """0532 8888 6666 / (0532)88886666 → 0532-88886666; None when it is no landline."""
    digits = re.sub(r"\D", "", value)
    # area codes: 010 and 02X have three digits, the others four
    area_length = 3 if digits[:2] in ("01", "02") else 4
    area, number = digits[:area_length], digits[area_length:]
    if not area.startswith("0") or not 7 <= len(number) <= 8:
        return None
    return f"{area}-{number}"


def mask_mobile(mobile: str | None) -> str:
    """139****5678: enough to recognise, not enough to misuse."""
    if not mobile or len(mobile) < 7:
        return mobile or ""
    return f"{mobile[:3]}****{mobile[-4:]}"


#: A phone number inside a name answer (「张伟 13912345678」, 「李女士，电话0532-88886666」) and its label.
_NUMBER_WITH_LABEL = re.compile(
    r"[，,、;；\s]*(?:联系)?(?:电话|手机号?|号码|座机|联系方式)?(?:是|为)?[:：]?\s*[(（+]?\d[\d\s\-－—()（）]{6,}\d"
)


def without_phone(text: str) -> str:
    """A name answer without the phone number given with it: 「张伟 13912345678」 → 「张伟」."""
    return _NUMBER_WITH_LABEL.sub(" ", text).strip()


#: A yes or an okay to 「请留下您的称呼」 (the customer agrees to register): never the name.
ACKNOWLEDGEMENT = re.compile(
    r"(好|好的|好吧|好滴|好嘞|行|行吧|可以|嗯+|哦+|噢|对|对的|是|是的|ok|okay|没问题|知道了|收到|谢谢)"
    r"[啊呀吧的了呢哈嗯～~ ]*"
)


def clean_name(text: str | None) -> str | None:
    """Strip the 我叫/我是/姓名 wrapping (and a phone number given with it, and an okay before it:
    「好的，我叫张伟」) from a name answer; None when nothing is left."""
    text = without_phone((text or "").strip())
    okay = re.match(f"(?:{ACKNOWLEDGEMENT.pattern})(?=[，,。\\s])", text.lower())
    if okay:
        text = text[okay.end() :].lstrip("，,。 ")
    name = re.sub(r"^(我叫|我是|叫我|叫(?=\w)|姓名[:：]?|名字[:：]?|我的名字是|本人)", "", text)
    name = name.strip(" ，,。.!！~")
    if not name or len(name) > 30:
        return None
    return name
