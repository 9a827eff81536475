"""Corrections at the ticket summary: 「购买时间不对，是去年7月」 changes that one field.

``read_correction`` finds which field the customer names and the new value when they give it;
the ticket actions then check the value with that field's own rules (``ticket_fields``).
Pure functions, no Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words naming each ticket field, longest first within a field. The order of fields matters
#: only when two are named: the first one named in the text wins.
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "purchase_date",
        (
            "购买时间",
            "购买日期",
            "购买的时间",
            "买的时间",
            "购机时间",
            "购买年份",
            "什么时候买",
            "日期",
            "时间",
        ),
    ),
    ("product_model", ("产品型号", "型号", "机型")),
    (
        "phone_number",
        ("手机号码", "手机号", "电话号码", "联系电话", "电话", "手机", "号码", "联系方式"),
    ),
    ("customer_name", ("姓名", "名字", "称呼", "名称", "姓")),
    ("city", ("城市",)),
    ("address", ("详细地址", "上门地址", "住址", "地址", "门牌号", "门牌")),
)
#: What the customer says around the field word; removed to find the new value.
#: A part left out (「地址漏了」, 「门牌号忘写了」): the field is incomplete, not wrong.
OMITTED = r"(?:漏了|漏写了?|漏填了?|写漏了?|少写了?|少填了?|忘写了?|忘了写|没写全|写全|不全|补充一下|补充)"
WRONG = re.compile(
    r"(?:不对|不正确|错了|有误|写错|填错|说错|弄错|搞错|打错|输错|记错|录错|错误|不是这个|要改|改一下|改成|改为|修改|更正|应该是|应该|其实是|实际是|正确的是|换成|"
    + OMITTED
    + ")"
)
FILLER = re.compile(
    r"^(?:[\s，,。.!！、~了的啊呀吧呢哈哦:：]|是|为)+|[\s，,。.!！、~了的啊呀吧呢哈哦]+$"
)


@dataclass(frozen=True)
class Correction:
    slot: str
    value: str | None  # the new value as typed, None when the customer only named the field


def named_field(text: str) -> tuple[str, int, int] | None:
    """(slot, start, end) of the first field word in ``text``."""
    found = []
    for slot, words in FIELD_WORDS:
        for word in words:
            at = text.find(word)
            if at >= 0:
                found.append((at, -len(word), slot, word))
                break
    if not found:
        return None
    at, _neg, slot, word = min(found)
    return slot, at, at + len(word)


#: Pieces of the message that carry no value: words around the field word (「地址也错了」,
#: 「我的名字写错了」), and the old value being denied (「是100号，不是10号」).
EMPTY_PIECE = re.compile(r"^(?:我的|我|您|你们?|那个|这个|也|还|都|又|就|其实)*$|^不是")
#: Where a correction's pieces part: a correction word or a clause mark (not the dot of 2022.11).
PIECE_BREAK = re.compile(rf"{WRONG.pattern}|[，,!！;；?？]|[.。](?!\d)")
#: Before an address: correction words, filler and clause marks (「也错了，是」).
ADDRESS_LEAD = re.compile(
    rf"^(?:{WRONG.pattern}|[\s，,。.!！、~:：了]|也|还有|还|都|又|就|其实|是|为|在|门牌号|门牌|楼号|房号|单元号)+"
)
#: After an address: the old one denied (「，不是10号」).
ADDRESS_DENIED = re.compile(r"[，,。\s]*不是.*$")


#: A whole address names its street or its estate; a part left out (「3号楼2单元601」) does not.
STREET = re.compile(r"[路街道巷弄里村镇]|小区|大厦|花园|公寓|家园|苑|广场")


def completed_address(new: str, old: str | None, text: str) -> str:
    """The address the customer says was left incomplete (「地址漏了，3号楼2单元601」): the old one
    with the part added, unless the new one is a whole address of its own."""
    if not old or not re.search(OMITTED, text) or STREET.search(new):
        return new
    return old if new in old else f"{old}{new}"


def _value(piece: str) -> str | None:
    value = re.sub(r"\s+", " ", FILLER.sub("", piece or "").strip())
    return value if value and not EMPTY_PIECE.match(value) else None


def read_correction(text: str | None) -> Correction | None:
    """The field the customer says is wrong, and the new value if they gave it; None when no field
    is named.

    The value is what follows the field word: the first piece, cut at correction words and clause
    marks, that says more than filler (「地址也错了，是香港中路100号」 → 香港中路100号), and for an
    address the rest of the message, commas and all. A value before the field word counts only
    after a correction word (「应该是13987654321的电话」); the words before it otherwise say whose
    field it is (「我老婆的名字错了，是王芳」, 「收货地址不对」)."""
    text = (text or "").strip()
    found = named_field(text)
    if found is None:
        return None
    slot, start, end = found
    before, after = text[:start], text[end:]
    if slot == "address":
        address = ADDRESS_DENIED.sub("", ADDRESS_LEAD.sub("", after)).strip(" ，,。.!！~")
        if address and not EMPTY_PIECE.match(address):
            return Correction(slot, address)
    else:
        value = next(filter(None, map(_value, PIECE_BREAK.split(after))), None)
        if value:
            return Correction(slot, value)
    after_a_correction = PIECE_BREAK.split(before)[1:] if WRONG.search(before) else []
    value = next(filter(None, map(_value, after_a_correction)), None)
    return Correction(slot, value)
