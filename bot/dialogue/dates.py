"""Purchase dates as customers write them: 2024年5月, 2023-06-18, 去年双十一, 三个月前, 前天,
上周三, 2024年春节前…

Only as precise as the customer was: a month without a day is taken as the 1st, a year alone
as 1 January (the customer gets the benefit of the doubt at the end of a warranty). A festival
is its usual day (春节 as 1 February, whatever the lunar calendar; 春节前 the same day), and a
festival or month without a year is the latest one that is not after today.

``today()`` is the reference date of every relative date; ``BOT_TODAY=YYYY-MM-DD`` fixes it for
evaluation and tests.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from bot.knowledge.policy import add_months

#: fixes "today" (YYYY-MM-DD) for evaluation and tests
TODAY_VARIABLE = "BOT_TODAY"

NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
    "半": 0,
}
RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "大前年": -3}
RELATIVE_DAYS = {"今天": 0, "昨天": -1, "前天": -2, "大前天": -3}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
FESTIVALS = {
    "双十一": (11, 11),
    "双11": (11, 11),
    "双十二": (12, 12),
    "双12": (12, 12),
    "618": (6, 18),
    "春节": (2, 1),
    "过年": (2, 1),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "国庆": (10, 1),
    "元旦": (1, 1),
    "年底": (12, 1),
    "年初": (1, 1),
    "年中": (6, 1),
    "春天": (4, 1),
    "夏天": (7, 1),
    "暑假": (7, 15),
    "秋天": (10, 1),
    "冬天": (12, 1),
}

_CN = "[一二两三四五六七八九十]"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])[日号]"
_FESTIVAL = "|".join(sorted(map(re.escape, FESTIVALS), key=len, reverse=True))
_YEAR = r"(?:19|20)?\d{2}年|大前年|前年|去年|今年"
#: 「用了半个月」「才买三天」「买了才八个月」「用了不到一年」: how long the customer has had it
#: 「不到」「快」「将近」 before an amount: fewer than it
_FEWER = r"不到|没到|不满|未满|没满|快|将近"
_IN_USE = rf"(?:才|刚)?(?:用|买)了?(?:还|才|刚|只|就)?(?:{_FEWER}|差不多|大概)?"
IN_USE = re.compile(_IN_USE + r"(?=\d|[一二两三四五六七八九十半])")


def _duration(capture: bool = False) -> str:
    """「三个多月」「半年」「两周」「一个半月」「一年半」: an amount, a unit and maybe a half (the
    amount, the half before the unit, the unit and the half after it are captured for reading one,
    not for finding one in a message)."""
    group = "(" if capture else "(?:"
    return rf"{group}\d+|{_CN}+|半)个?{group}半)?多?{group}年|月|周|星期|礼拜|天){group}半)?"


#: 「三个月前」「用了两年」「半年前」: a date counted back from today, precise to the month or day
#: it counts back to (a year counted back is not January of that year)
COUNTED_BACK = re.compile(rf"{_duration()}多?(?:以前|之前|前)|{_IN_USE}{_duration()}")
#: 「用了7天」「买了两个月」: a time the customer has had it (not 「买了三张票」, 「用了2斤」)
TIME_IN_USE = re.compile(_IN_USE + _duration())
#: after the amount: 「买了一年不到」「用了半年还不到」
_NOT_YET = r"还?(?:不到|没到|不满)"
#: 「买了不到一年」「用了还不满三个月」「买了快半年」「买了一年不到」: fewer than the amount, so the
#: purchase is *after* the day counted back
LESS_THAN = re.compile(
    rf"(?:用|买)了?(?:还)?(?:(?:{_FEWER}){_duration()}(?!多)"
    rf"|{_duration()}{_NOT_YET})"
)


#: after a stored purchase date: 「2025-12-02 以后」 for 「买了不到一年」
AFTER = "以后"


def bought_within(text: str | None) -> bool:
    """The customer had it for fewer than an amount: 「买了不到一年」, 「用了快三个月」."""
    return bool(LESS_THAN.search(text or ""))


#: a date expression inside a message (``find_dates``), longest forms first
DATE_EXPRESSION = re.compile(
    "(?<![0-9A-Za-z])(?:"
    rf"(?:19|20)\d{{2}}[-/.](?:1[0-2]|0?[1-9])(?:[-/.](?:[12]\d|3[01]|0?[1-9]))?"
    rf"|{_duration()}多?(?:以前|之前|前)"
    rf"|{_IN_USE}{_duration()}(?:多|{_NOT_YET})?"
    rf"|(?:{_YEAR})的?(?:{_MONTH}(?:{_DAY})?|{_FESTIVAL}|底|初|中)?(?:前后|左右|之前|以前|前|后|期间|那会儿?)?"
    rf"|(?:{_FESTIVAL})(?:前后|左右|之前|前|后|期间|那会儿?)?"
    rf"|{_MONTH}(?:{_DAY})?"
    rf"|大前天|前天|昨天|今天"
    rf"|上上?(?:个)?(?:周|星期|礼拜)[一二三四五六日天]?"
    rf"|上上个月|上个月|上月|这个月|本月"
    ")(?![0-9])"
)


def today() -> date:
    """Today, or the date in ``BOT_TODAY`` (YYYY-MM-DD) when it is set."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(fixed) if fixed else date.today()


def find_dates(text: str | None) -> list[tuple[int, int, str]]:
    """(start, end, expression) of every date expression in ``text``."""
    return [
        (m.start(), m.end(), m.group())
        for m in DATE_EXPRESSION.finditer(text or "")
        if parse_purchase_date(m.group()) is not None
    ]


def _number(text: str) -> int | None:
    """12, 十二, 二十, 二十三 (up to 九十九)."""
    if text.isdigit():
        return int(text)
    if text in NUMBERS:
        return NUMBERS[text]
    tens, ten, units = text.partition("十")
    if not ten or len(text) > 3:
        return None
    high = NUMBERS.get(tens) if tens else 1
    low = NUMBERS.get(units) if units else 0
    return None if high is None or low is None else 10 * high + low


def _latest(month: int, day: int, reference: date) -> date | None:
    """The latest month/day that is not after ``reference``."""
    this_year = _safe_date(reference.year, month, day)
    if this_year and this_year <= reference:
        return this_year
    return _safe_date(reference.year - 1, month, day)


def _year(text: str, reference: date) -> int | None:
    """The year named in ``text``: 2024年, 24年, 去年…; None without one."""
    match = re.search(r"((?:19|20)?\d{2})年(?!多|以前|之前|前)", text)
    if match:
        year = int(match.group(1))
        return year + 2000 if year < 100 else year
    for word, offset in sorted(RELATIVE_YEARS.items(), key=lambda p: -len(p[0])):
        if word in text:
            return reference.year + offset
    return None


def parse_purchase_date(text: str | None, today: date | None = None) -> date | None:
    """The date ``text`` names, relative to ``today`` (default: ``today()``); None without one."""
    reference = today or globals()["today"]()
    text = (text or "").replace(" ", "")
    if not text:
        return None
    match = re.search(r"(20\d{2}|19\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", text)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    year = _year(text, reference)
    month_match = re.search(r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月", text)
    festival = next((f for f in sorted(FESTIVALS, key=len, reverse=True) if f in text), None)
    if year is not None:
        if festival:
            return _safe_date(year, *FESTIVALS[festival])
        if month_match:
            day_match = re.search(r"月(\d{1,2})[日号]", text)
            return _safe_date(
                year,
                _number(month_match.group(1)) or 1,
                int(day_match.group(1)) if day_match else 1,
            )
        return _safe_date(year, 1, 1)
    match = re.search(_duration(capture=True) + r"多?(?:以|之)?前", text) or re.search(
        _IN_USE + _duration(capture=True), text
    )
    if match:
        amount, unit = _number(match.group(1)), match.group(3)
        half = bool(match.group(2) or match.group(4))
        if amount is not None:
            if unit == "年":  # 半年: six months; 一年半: eighteen
                return add_months(
                    reference, -(12 * amount + 6) if half or not amount else -12 * amount
                )
            if unit == "月":  # 半个月: fifteen days; 一个半月: a month and fifteen days
                days = 15 if half or not amount else 0
                return add_months(reference, -amount) - timedelta(days=days)
            if unit == "天":
                return reference - timedelta(days=amount)
            return reference - timedelta(weeks=amount or 1)
    for word, offset in sorted(RELATIVE_DAYS.items(), key=lambda p: -len(p[0])):
        if word in text:
            return reference + timedelta(days=offset)
    match = re.search(r"(上上?)个?(?:周|星期|礼拜)([一二三四五六日天])?", text)
    if match:
        weeks = len(match.group(1))
        monday = reference - timedelta(days=reference.weekday()) - timedelta(weeks=weeks)
        return (
            monday + timedelta(days=WEEKDAYS[match.group(2)])
            if match.group(2)
            else reference - timedelta(weeks=weeks)
        )
    if festival:
        return _latest(*FESTIVALS[festival], reference)
    if "上上个月" in text:
        return add_months(reference, -2)
    if "上个月" in text or "上月" in text:
        return add_months(reference, -1)
    if month_match:
        day_match = re.search(r"月(\d{1,2})[日号]", text)
        return _latest(
            _number(month_match.group(1)) or 1,
            int(day_match.group(1)) if day_match else 1,
            reference,
        )
    if re.search(r"(这个月|本月|最近|刚买|前几天)", text):
        return reference
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
