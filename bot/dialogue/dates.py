"""Purchase dates as customers write them: 2024年5月, 2023-06-18, 去年双十一, 三个月前…

Only as precise as the customer was: a month without a day is taken as the 1st, a year alone
as 1 January (the customer gets the benefit of the doubt at the end of a warranty).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from bot.knowledge.policy import add_months

NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12, "半": 0}
RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "大前年": -3}
FESTIVALS = {"双十一": (11, 11), "双11": (11, 11), "双十二": (12, 12), "双12": (12, 12), "618": (6, 18),
             "春节": (2, 1), "国庆": (10, 1), "元旦": (1, 1), "年底": (12, 1), "年初": (1, 1), "年中": (6, 1)}


def _number(text: str) -> Optional[int]:
    return int(text) if text.isdigit() else NUMBERS.get(text)


def parse_purchase_date(text: Optional[str], today: date) -> Optional[date]:
    text = (text or "").replace(" ", "")
    if not text:
        return None
    match = re.search(r"(20\d{2}|19\d{2})[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?", text)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
        return _safe_date(year, month, day)
    match = re.search(r"(20\d{2}|19\d{2})年?", text)
    if match and "年" in text[match.end() - 1 : match.end() + 1]:
        return _safe_date(int(match.group(1)), 1, 1)
    match = re.search(r"(\d+|[一二两三四五六七八九十半]+)个?(年|月|周|星期|天)(?:以)?前", text)
    if match:
        amount, unit = _number(match.group(1)), match.group(2)
        if amount is not None:
            if unit == "年":
                return add_months(today, -12 * amount) if amount else add_months(today, -6)
            if unit == "月":
                return add_months(today, -amount)
            return today
    for word, offset in sorted(RELATIVE_YEARS.items(), key=lambda p: -len(p[0])):
        if word in text:
            year = today.year + offset
            for festival, (month, day) in FESTIVALS.items():
                if festival in text:
                    return _safe_date(year, month, day)
            month_match = re.search(r"(\d{1,2}|十[一二]?|[一二三四五六七八九])月", text)
            month = _number(month_match.group(1)) if month_match else 1
            return _safe_date(year, month or 1, 1)
    if "上上个月" in text:
        return add_months(today, -2)
    if "上个月" in text or "上月" in text:
        return add_months(today, -1)
    if re.search(r"(这个月|本月|最近|刚买|前几天|上周|昨天|前天)", text):
        return today
    return None


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None
