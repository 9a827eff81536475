"""Reading a 1-5 satisfaction rating from what the customer typed or tapped."""

from __future__ import annotations

import re

CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
WORDS = (
    (
        (
            "非常满意",
            "十分满意",
            "很满意",
            "超满意",
            "好评",
            "完美",
            "太棒",
            "满分",
            "100分",
            "一百分",
        ),
        5,
    ),
    (("满意", "不错", "挺好"), 4),
    (("一般", "还行", "凑合"), 3),
    (("不满意", "不太满意"), 2),
    (("很差", "差评", "非常不满意", "太差"), 1),
)


def read_rating(text: str | None) -> int | None:
    text = (text or "").strip()
    match = re.search(r"(?<!\d)([1-5])(?!\d)", text)
    if match:
        return int(match.group(1))
    match = re.search(r"([一二两三四五])\s*(分|星|颗星)", text)
    if match:
        return CHINESE_DIGITS[match.group(1)]
    # The longest matching phrase wins: 非常不满意 over 不满意 over 满意.
    found = [(len(word), score) for words, score in WORDS for word in words if word in text]
    return max(found)[1] if found else None
