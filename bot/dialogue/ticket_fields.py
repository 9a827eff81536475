"""Each ticket field read by its own rules: what a customer's answer may fill, and whether it is valid.

Extraction (entities, parsers of ``contact.py`` and ``dates.py``) finds candidate values; this
module decides whether a candidate is a valid value of *that* field: a purchase date is not in the
future and not more than 15 years back, a phone is a mobile or a landline with its area code, a
name is not a brand or a product, a city comes from the city answer or the place names at the
start of an address, never from a street (株洲路, 南海大道). Pure functions, no Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.dialogue.contact import ACKNOWLEDGEMENT, clean_name, find_landline, find_mobile
from bot.dialogue.dates import (
    AFTER,
    COUNTED_BACK,
    NUMBERS,
    bought_within,
    find_dates,
    parse_purchase_date,
)
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.places import City
from bot.knowledge.policy import Warranty, WarrantyVerdict, check_warranty

#: Purchase dates older than this are not believed (a typo, a house number, a landline).
OLDEST_PURCHASE_YEARS = 15
#: The customer does not know: the field is answered as 「不详」 and never asked again.
UNKNOWN = "不详"
UNKNOWN_WORDS = (
    "不知道",
    "不清楚",
    "忘了",
    "不记得",
    "找不到",
    "看不到",
    "看不清",
    "记不清",
    "记不得",
    "不晓得",
    "没有",
    "不详",
)
#: Said in one clause of a longer answer, these still mean the customer cannot give the value
#: (「刚说了不知道啊 买了大概一年半」, 「型号看不清了，贴纸磨掉了」); not 没有, which a description
#: has too (「开机没有反应」).
CANNOT_GIVE = tuple(w for w in UNKNOWN_WORDS if w not in ("没有", "不详")) + ("磨掉", "看不见")
#: Words that are never a person's name: the maker's brands, and answers that are not names.
NOT_NAMES = (
    "海信",
    "hisense",
    "容声",
    "科龙",
    "东芝",
    "gorenje",
    "不知道",
    "不想说",
    "不告诉",
    "保密",
    "客服",
    "师傅",
)
#: What follows a place name when it is a street or a building, not the city itself.
STREET_SUFFIX = re.compile(
    r"^(?:[东西南北中]?(?:路|街|大街|大道|道|巷|胡同|弄|里|桥|广场|花园|小区|村|公寓|大厦))"
)
#: Words before a city in an answer: 我在青岛, 住在山东青岛.
PLACE_LEAD = re.compile(r"^(?:我?(?:在|住在|人在|家在|家住|是)|地址是?[:：]?|城市是?[:：]?)")
#: 住 right before a city (「住南京鼓楼区…」), not the 住 of 住宅.
LIVES_IN = re.compile(r"^(?:我|家里)?住")
#: What makes a text an address rather than a few words.
ADDRESS_MARKERS = re.compile(
    r"(区|县|镇|乡|村|路|街|道|巷|弄|号|小区|栋|幢|单元|室|楼|花园|公寓|大厦|家园|苑|府)"
)
PROVINCE_SUFFIX = ("省", "自治区", "特别行政区", "市")


@dataclass(frozen=True)
class Reading:
    """A candidate read as a field's value: the value, or why it is not one."""

    value: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def _unknown(text: str) -> bool:
    return len(text) <= 10 and any(word in text for word in UNKNOWN_WORDS)


# --- purchase date ------------------------------------------------------------------------------
#: 「也忘了啥时候买的」 said among other details: the purchase date is unknown, don't ask for it.
DATE_UNKNOWN = re.compile(
    r"(?:忘了|不记得|记不清|记不得|不知道|不清楚)(?:是)?(?:啥时候|什么时候|哪年|哪一年|几月|哪天)"
    r"|(?:啥时候|什么时候|哪年)买的(?:也)?(?:忘了|不记得|记不清|记不得)"
)


def _precision(text: str) -> int:
    """How precise the customer was: 3 = a day, 2 = a month, 1 = a year. A date counted back
    (「一年前」「用了两年」) is precise to the month it counts back to."""
    if re.search(
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?:\d|[一二三四五六七八九十])[日号]"
        r"|(?:\d|[一二两三四五六七八九十半])个?多?天|[今昨前]天|周|星期|礼拜"
        r"|双十一|双11|双十二|双12|618|春节|国庆|元旦|过年|五一|劳动节",
        text,
    ):  # 「型号」 and 「冬天」 name no day
        return 3
    if COUNTED_BACK.search(text) or re.search(
        r"\d{4}[-/.]\d{1,2}|月|年初|年底|年中|最近|刚买|[春夏秋冬]天|暑假", text
    ):
        return 2
    return 1


def read_purchase_date(text: str | None, today: date, said: str | None = None) -> Reading:
    """The purchase date in ``text`` as ISO (2024-05, 2024-05-18, or 2024), checked against today.

    Bare digit runs (1203, 1502), house numbers (5-2-1) and phone numbers are not dates. ``said``
    is the customer's message when ``text`` is an entity already normalised (2024-05-01 from
    「2024年5月」): the value is then only as precise as the message.
    """
    reading = _read_purchase_date(text, today)
    if not reading.ok or not said or reading.value == UNKNOWN:
        return reading
    # the message's own words for this date, not another date expression in it (「去年5月买的，用了
    # 不到半年就坏了」 is 2025-05; the half year is since the repair)
    own = said_expression(text, said, today)
    return _read_purchase_date(own, today) if own else reading


def said_expression(value: str | None, said: str, today: date) -> str | None:
    """The date expression of ``said`` that means the same day as ``value`` (an entity's normal
    value: 2025-05-01 for 「去年5月」); None when none does."""
    meant = stored_purchase_date(value) or parse_purchase_date(value, today)
    if meant is None:
        return None
    return next((e for _, _, e in find_dates(said) if parse_purchase_date(e, today) == meant), None)


def _read_purchase_date(text: str | None, today: date) -> Reading:
    text = (text or "").strip()
    if not text:
        return Reading(None, "empty")
    if STORED_AFTER.fullmatch(
        text
    ):  # a stored 「2025-12-02 以后」 read again (the last ticket's date offered once more)
        day = stored_purchase_date(text)
        return Reading(text) if day and day <= today else Reading(None, "unreadable")
    if (_unknown(text) or DATE_UNKNOWN.search(text)) and not find_dates(text):
        return Reading(UNKNOWN)
    if find_mobile(text) or find_landline(text):
        return Reading(None, "phone")
    if re.fullmatch(r"(?:19|20)\d{2}", text):  # a year alone, as nlu-entities normalises it
        text += "年"
    purchased = parse_purchase_date(text, today)
    if purchased is None:
        return Reading(None, "unreadable")
    if purchased > today:
        return Reading(None, "future")
    if purchased < date(today.year - OLDEST_PURCHASE_YEARS, today.month, min(today.day, 28)):
        return Reading(None, "too_old")
    iso = purchased.isoformat()
    if bought_within(text):  # 「买了不到一年」: bought after the day a year back, not on it
        return Reading(f"{iso} {AFTER}")
    # as precise as the date said: the 月 of 「不记得几月」 beside 「去年」 is no month
    expressions = find_dates(text)
    precision = _precision(expressions[0][2] if expressions else text)
    return Reading(iso if precision == 3 else iso[:7] if precision == 2 else iso[:4])


def bought_ago(text: str | None, today: date) -> date | None:
    """「买了5天」「刚买三天」「买了一周」: the purchase day a return question implies."""
    match = re.search(
        r"买(?:了|来)?(?:不到)?(\d+|[一二两三四五六七八九十]+)(天|周|星期|个月)", text or ""
    )
    if not match:
        return None
    amount = int(match.group(1)) if match.group(1).isdigit() else NUMBERS.get(match.group(1))
    if amount is None:
        return None
    days = amount * {"天": 1, "周": 7, "星期": 7, "个月": 30}[match.group(2)]
    return today - timedelta(days=days)


#: A stored purchase date after a day: 「2025-12-02 以后」 for 「买了不到一年」.
STORED_AFTER = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}} {AFTER}")


def stored_purchase_date(value: str | None) -> date | None:
    """The first day a stored purchase date (2024, 2024-05, 2024-05-18, 2025-12-02 以后) can mean;
    None for 「不详」."""
    match = re.fullmatch(rf"(\d{{4}})(?:-(\d{{2}}))?(?:-(\d{{2}}))?(?: {AFTER})?", value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def warranty_verdict(
    warranty: Warranty | None, purchase_text: str | None, today: date
) -> WarrantyVerdict | None:
    """What the product's warranty covers on ``today`` for a purchase date as stored (2024-05) or
    as said (去年7月); None when the warranty or the date is not known."""
    purchased = (
        stored_purchase_date(purchase_text) or parse_purchase_date(purchase_text, today)
        if purchase_text
        else None
    )
    if warranty is None or purchased is None:
        return None
    earliest = bool(purchase_text and purchase_text.endswith(AFTER))
    return check_warranty(warranty, purchased, today, earliest)


def purchase_date_problem(reading: Reading) -> str:
    """What the bot says when the date is not taken."""
    return {
        "future": "这个购买时间比今天还晚，是不是记错了？请再说一下大概什么时候买的（例如 2024年5月、去年7月）。",
        "too_old": f"这个时间已经是 {OLDEST_PURCHASE_YEARS} 年以前了，是不是记错了？请再说一下购买时间（例如 2018年3月）。",
        "phone": "这看起来是电话号码 🙏 请说一下购买时间，例如「2024年5月」「去年7月」。",
    }.get(
        reading.problem or "",
        "这个购买时间我没能对上 🙏 请说年份和月份，比如「2024年5月」「去年7月」「三个月前」；记不清的话回复「不知道」。",
    )


# --- phone --------------------------------------------------------------------------------------
def read_phone(text: str | None) -> Reading:
    """A mainland mobile (13912345678), or a landline with its area code (0532-88886666)."""
    text = str(text or "")
    mobile = find_mobile(text)
    if mobile:
        return Reading(mobile)
    landline = find_landline(text)
    return Reading(landline) if landline else Reading(None, "unreadable")


# --- name ---------------------------------------------------------------------------------------
def read_name(text: str | None, product_words: Iterable[str] = ()) -> Reading:
    """A person's name or how to address them (张伟, 王女士); never a brand, product or number."""
    name = clean_name(text)
    if not name:
        return Reading(None, "empty")
    lowered = name.lower()
    if re.search(r"\d", name) or len(name) > 12 or ACKNOWLEDGEMENT.fullmatch(lowered):
        return Reading(None, "not_a_name")
    if any(word in lowered for word in NOT_NAMES) or any(
        w and w.lower() == lowered for w in product_words
    ):
        return Reading(None, "not_a_name")
    if re.search(r"[，,。！？?!]", name):
        return Reading(None, "not_a_name")
    return Reading(name)


# --- model --------------------------------------------------------------------------------------
def read_model(text: str | None, pattern: re.Pattern[str] | None = None) -> Reading:
    """A model number (55E3F, KFR-35GW/E500-A1), or 「不详」 when the customer cannot find it."""
    text = (text or "").strip()
    if not text:
        return Reading(None, "empty")
    if _unknown(text) or model_said_unknown(text):
        return Reading(UNKNOWN)
    if pattern is not None:
        match = pattern.search(text)
        if match:
            return Reading(match.group(0).upper())
    # the longest run of letters, digits and joiners (A5 Pro, KFR-35GW/E500-A1) with a digit and a
    # letter in it: digits alone are a date, a house number or a price given with the model
    codes = re.findall(r"[A-Za-z0-9](?:[A-Za-z0-9\-/+.]| (?=[A-Za-z0-9]))*", text)
    codes = [c.strip() for c in codes if re.search(r"\d", c) and re.search(r"[A-Za-z]", c)]
    codes = [c for c in codes if not find_mobile(c) and not find_landline(c)]
    if codes:
        return Reading(max(codes, key=len).upper()[:64])
    if any(
        len(clause) <= 10 and any(word in clause for word in CANNOT_GIVE)
        for clause in re.split(r"[，,。；;！!？?\s]+", text)
    ):
        return Reading(UNKNOWN)
    return Reading(None, "unreadable")


# --- city and address ---------------------------------------------------------------------------
def _names(cities: dict[str, City]) -> Iterable[tuple[str, City]]:
    return sorted(
        ((alias, city) for city in cities.values() for alias in city.names),
        key=lambda p: -len(p[0]),
    )


def _provinces(cities: dict[str, City]) -> Iterable[str]:
    names = {c.province for c in cities.values()}
    return sorted(
        (p + suffix for p in names for suffix in PROVINCE_SUFFIX + ("",)), key=len, reverse=True
    )


#: 青岛市北区 is 青岛 + 市北区 (districts named 市北, 市南, 市中), not 青岛市 + 北区.
CITY_CHARACTER_DISTRICT = re.compile(r"[东南西北中]区")


def _city_first(text: str, cities: dict[str, City]) -> tuple[City | None, str] | None:
    for alias, city in _names(cities):
        if text.startswith(alias):
            rest = text[len(alias) :]
            if STREET_SUFFIX.match(rest):
                return None, text  # 株洲路, 南海大道: a street named after a place
            if alias.endswith("市") and CITY_CHARACTER_DISTRICT.match(rest):
                rest = "市" + rest
            return city, rest.lstrip("，,、 ")
    return None


def city_at_start(text: str | None, cities: dict[str, City]) -> tuple[City | None, str]:
    """The city named at the start of an answer or address, and the rest of the text.

    山东省青岛市市南区香港中路8号 → 青岛, 市南区香港中路8号. A place name followed by 路/街/大道…
    is a street (株洲路, 南海大道): no city.
    """
    text = PLACE_LEAD.sub("", re.sub(r"\s+", "", text or ""))
    found = _city_first(text, cities)
    if found is None and LIVES_IN.match(text):
        found = _city_first(LIVES_IN.sub("", text), cities)
    if found is None:
        for province in _provinces(cities):
            if text.startswith(province) and len(text) > len(province):
                found = _city_first(text[len(province) :], cities)
                if found is not None:
                    break
    return found if found is not None else (None, text)


def district_named(texts: Iterable[str], city: City | None) -> str | None:
    """The district of ``city`` that the customer named (北京海淀区, 我在海淀), the latest message
    first: where a walk-in customer is, for the nearest outlet. Never a street's name (海淀路)."""
    if city is None:
        return None
    for text in texts:
        compact = re.sub(r"\s+", "", text or "")
        for district in sorted(city.districts, key=len, reverse=True):
            if district in compact:
                return district
            short = district.rstrip("区县")
            if len(short) < 2:
                continue
            at = compact.find(short)
            while at >= 0:
                if not STREET_SUFFIX.match(compact[at + len(short) :]):
                    return district
                at = compact.find(short, at + 1)
    return None


def with_old_district(new: str, old: str | None, city: City | None) -> str:
    """The corrected address keeps the district of the one it replaces when it names none of the
    city's own: 「地址写错了，是文三路98号」 after 西湖区文一路98号 → 西湖区文三路98号. A new
    address naming a district, or an old one not starting with one, is kept as said."""
    if city is None or not old or district_named([new], city):
        return new
    compact = re.sub(r"\s+", "", old)
    for district in sorted(city.districts, key=len, reverse=True):
        if compact.startswith(district) and not new.startswith(district):
            return district + new
    return new


def district_city(
    text: str | None, districts: dict[str, str], short_forms: bool = True
) -> str | None:
    """崂山区 → 青岛: the city of a district named at the start of ``text`` (``districts``: the
    districts only one city has, ``KnowledgeBase.districts``). ``short_forms``: 崂山 for 崂山区 too
    (a city answer), never before a street ending (南海大道 is no 南海区, 天河路 no 天河区)."""
    text = PLACE_LEAD.sub("", re.sub(r"\s+", "", text or ""))
    for district, city in sorted(districts.items(), key=lambda p: -len(p[0])):
        if text.startswith(district):
            return city
        short = district.rstrip("区县")
        if (
            short_forms
            and len(district) > 2
            and text.startswith(short)
            and not STREET_SUFFIX.match(text[len(short) :])
        ):
            return city
    return None


def read_city(
    text: str | None, cities: dict[str, City], districts: dict[str, str] | None = None
) -> Reading:
    """The city of a city answer (青岛, 青岛市, 山东青岛, 我在青岛), never a street's name."""
    text = (text or "").strip()
    if not text:
        return Reading(None, "empty")
    city, _rest = city_at_start(text, cities)
    if city:
        return Reading(city.name)
    by_district = district_city(text, districts or {})
    if by_district:
        return Reading(by_district)
    return Reading(None, "unknown_city")


#: A clause of talk before an answer, without a digit (「刚才不是说了吗，」「上面已经告诉你了，」).
TALK_BEFORE = re.compile(
    r"^[^，,。！!？?\d\s]*(?:说了|说过|写了|写过|刚才|上面|前面|之前|已经|告诉|不是)[^，,。！!？?\d\s]*(?:[，,。！!？?]+\s*|\s+)"
)


def without_talk_before(text: str) -> str:
    """``text`` without the clauses of talk before the answer (「刚才不是说了吗，北京市…」 →
    「北京市…」); the text as it was when nothing follows them."""
    rest = text
    while (lead := TALK_BEFORE.match(rest)) and lead.end() < len(rest):
        rest = rest[lead.end() :]
    return rest


#: Words before an address that are no part of it: 「就株洲路153号…」, 「加上和平区…」.
ADDRESS_FILLER = re.compile(r"^(?:就|是|写|改成|改为|换成|加上)+[:：，,\s]*")
#: A clause after the address that talks about it: 「…66号，南京东路那是俺闺女家」, 「…，不是10号」.
TALK_AFTER = re.compile(
    r"[，,。；;！!]\s*[^，,。；;！!\d]*(?:那是|那边是|那里是|不是|不要|别写|写错|搞错|弄错)[^，,。；;！!]*$"
)


def without_address_talk(text: str) -> str:
    """The address without the words around it (「就…」, 「…，南京东路那是俺闺女家」), and without a
    first part the next one repeats (「和平区，天津市和平区南京东路300号」)."""
    text = ADDRESS_FILLER.sub("", text)
    while (talk := TALK_AFTER.search(text)) and talk.start() > 0:
        text = text[: talk.start()]
    parts = re.split(r"[，,]", text, maxsplit=1)
    if len(parts) == 2 and parts[0] and not re.search(r"\d", parts[0]) and parts[0] in parts[1]:
        text = parts[1]
    return text.strip(" ，,。")


def read_address(text: str | None) -> Reading:
    """A street address good enough to find the door: not a bare number or a phone."""
    text = without_address_talk(without_talk_before(re.sub(r"\s+", " ", (text or "").strip())))
    if not text:
        return Reading(None, "empty")
    if find_mobile(text) and len(re.sub(r"[\d\s\-]", "", text)) < 4:
        return Reading(None, "phone")
    if len(text) < 4 or not ADDRESS_MARKERS.search(text) and not re.search(r"\d", text):
        return Reading(None, "too_short")
    return Reading(text[:200])


def find_address(
    text: str | None, cities: dict[str, City], districts: dict[str, str] | None = None
) -> tuple[str, str] | None:
    """(city, address) of an address inside a longer message (「…地址青岛市市南区香港中路8号…」,
    or 「…住天河区天河路5号…」 with the city of a district only one city has)."""
    clauses = re.split(r"[，,。；;！!？?\n]+", text or "")
    # 「…上门修吧 我叫赵敏 138… 青岛市崂山区松岭路77号2号楼301 去年7月买的」: details typed with
    # spaces between them, after the clauses as they are
    pieces = [p for clause in clauses for p in clause.split()]
    for part in clauses + (pieces if len(pieces) > len(clauses) else []):
        part = re.sub(r"^.*?(?:地址|住在|家在|住址|住)(?:是|在)?[:：]?", "", part.strip())
        city, rest = city_at_start(part, cities)
        if city and rest and ADDRESS_MARKERS.search(rest) and len(rest) >= 3:
            return city.name, rest[:200]
        by_district = district_city(part, districts or {}, short_forms=False)
        if by_district and read_address(part).ok:
            return by_district, PLACE_LEAD.sub("", part)[:200]
    return None


def district_candidates(
    text: str | None, district_cities: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The cities that have the district an address starts with (鼓楼区… → 南京, 福州, 徐州, 开封;
    ``KnowledgeBase.district_cities``); nothing when it names no district."""
    text = PLACE_LEAD.sub("", re.sub(r"\s+", "", text or ""))
    for district, cities in sorted(district_cities.items(), key=lambda p: -len(p[0])):
        if text.startswith(district):
            return cities
    return ()


def address_city(
    text: str | None, cities: dict[str, City], districts: dict[str, str]
) -> str | None:
    """The city an address answer names: at its start (青岛市市南区…), else by a district only one
    city has (天河区天河路5号 → 广州); never from a street (株洲路, 南海大道); None for 鼓楼区…"""
    city, _rest = city_at_start(text, cities)
    if city:
        return city.name
    return district_city(text, districts, short_forms=False)


#: 「型号不清楚」「不知道型号」 said among other details: the model is unknown, don't ask for it.
MODEL_UNKNOWN = re.compile(
    r"型号\s*(?:不清楚|不知道|不记得|找不到|没找到|看不到|忘了)|(?:不知道|不清楚|找不到|不记得)\s*型号"
)


def model_said_unknown(text: str | None) -> bool:
    """The customer said, among other things, that they don't know the model."""
    return bool(MODEL_UNKNOWN.search(text or ""))


def optional_answer(value: object) -> str | None:
    """A free-text answer (the problem): 「不详」 for a short 「不知道」, else the text cut to 200 characters."""
    text = str(value or "").strip()
    if not text:
        return None
    return UNKNOWN if any(word in text for word in UNKNOWN_WORDS) and len(text) <= 8 else text[:200]


def read_city_mention(
    text: str | None, cities: dict[str, City], districts: dict[str, str]
) -> Reading:
    """A city named in a whole message: at the start of one of its parts, never a street's name."""
    reading = read_city(text, cities, districts)
    if reading.ok:
        return reading
    for part in re.split(r"[，,。；;！!？?\s]+", text or ""):
        city, _rest = city_at_start(part, cities)
        if city:
            return Reading(city.name)
    return Reading(None, "unknown_city")


def read_field(slot: str, text: str, knowledge: KnowledgeBase, today: date) -> Reading:
    """``text`` read by the rules of the ticket field ``slot`` (a correction at the summary)."""
    if slot == "customer_name":
        return read_name(text, list(knowledge.synonym_map()))
    if slot == "phone_number":
        return read_phone(text)
    if slot == "product_model":
        return read_model(text)
    if slot == "purchase_date":
        return read_purchase_date(text, today)
    if slot == "city":
        return read_city_mention(text, knowledge.cities, knowledge.districts())
    if slot == "address":
        city, rest = city_at_start(text, knowledge.cities)
        return read_address(rest if city else text)
    return Reading(optional_answer(text))


#: A repair request before the fault in the same message: 我要报修，…, 报修：…, 帮我派个师傅上门，…
REQUEST_LEAD = re.compile(
    r"^(?:你好|您好|喂)?[，,\s]*(?:我|俺|我们)?(?:要|想|想要|需要|得)?(?:麻烦|请|帮我)?(?:你们)?"
    r"(?:报修|报个修|维修|登记(?:一下)?维修|派(?:个)?(?:人|师傅)(?:上门)?|上门维修)(?:一下)?[吧啊呀]?"
    r"(?:[，,。：:\s!！]+|$)"
)
#: A clause that asks for the repair, or says the customer is done trying, and describes nothing
#: (「你们派人来修吧」, 「我不想折腾了」, 「赶紧安排师傅上门」).
REQUEST_CLAUSE = re.compile(
    r"^(?:你们|您|麻烦|请|赶紧|快点?|直接|还是)*(?:帮我)?(?:报修|报个修|登记|派|安排|叫|找)"
    r"|(?:派|叫|找|安排)(?:个|一个|位)?(?:人|师傅|工程师)|上门|来修|修一下|修吧|(?:不想|懒得)(?:再)?(?:自己)?(?:折腾|弄|试)"
)
#: Words of a symptom the knowledge base's fault words may not name (「外机不转」, 「一直滴水」).
SYMPTOM = re.compile(
    r"不(?:转|动|亮|凉|冷|热|制冷|制热|排水|脱水|进水|出水|开机|工作|运行|显示|充电)"
    r"|没(?:反应|声音|声|图像|画面|信号|网)|漏水|滴水|渗水|异响|噪音|黑屏|花屏|死机|卡顿|坏了|故障|毛病"
)
#: A clause that gives a contact detail, not the fault.
CONTACT_CLAUSE = re.compile(r"我叫|我姓|姓名|称呼|电话|手机号|联系方式|地址|住在|住址|\d{7,}")
CLAUSE_BREAK = re.compile(r"[，,。！!？?；;\s]+")
#: Characters of no description: digits, Latin letters (a model), punctuation, spaces.
NOT_DESCRIPTION = re.compile(r"[\dA-Za-z\s\W_]+")


def fault_said(
    text: str | None, fault_words: Iterable[str], product_words: Iterable[str]
) -> str | None:
    """The fault a repair request describes in the same message (「我要报修，海信电视65E7K开机没反应，
    前年买的」 → 「海信电视65E7K开机没反应，前年买的」), as said; None when the message only asks for
    a repair or names only the product (「我要报修，海信电视」). ``fault_words``: the knowledge base's
    words of products and faults; a description names one besides the product."""
    text = (text or "").strip()
    lead = REQUEST_LEAD.match(text)
    if lead:
        rest = text[lead.end() :].strip()
    else:
        # 「冰箱不制冷好几天了 … 我不想折腾了 你们派人来修吧」: the request comes last
        clauses = [c for c in CLAUSE_BREAK.split(text) if c]
        said = len(clauses)
        while clauses and REQUEST_CLAUSE.search(clauses[-1]):
            clauses.pop()
        rest = "，".join(clauses) if len(clauses) < said else ""
    # 「…，我叫欧阳娜娜，电话138…，地址南京…」: the contact details are fields of their own
    rest = "，".join(c for c in CLAUSE_BREAK.split(rest) if c and not CONTACT_CLAUSE.search(c))
    if not rest:
        return None
    bare = rest
    for word in sorted(set(product_words) | set(NOT_NAMES), key=len, reverse=True):
        bare = bare.replace(word, "")
    if not NOT_DESCRIPTION.sub("", bare):
        return None
    return rest if any(word in bare for word in fault_words) or SYMPTOM.search(bare) else None


def only_contact_details(text: str | None, mobile: str | None) -> bool:
    """「孙伟 13800001234」 as the answer to 「请简单描述一下遇到的问题」: a number and at most a name,
    no description."""
    return bool(mobile) and len(NOT_DESCRIPTION.sub("", text or "")) <= 4
