"""Dates relative to today (BOT_TODAY), landlines, and the shapes being the one source of the
Python patterns of contact.py, logs.py and replies.py."""

import shutil
from datetime import date

import pytest
import yaml

from bot.dialogue.contact import find_landline, find_mobile
from bot.dialogue.dates import find_dates, parse_purchase_date, today
from bot.dialogue.replies import _error_code_pattern, find_error_code
from bot.knowledge import get_knowledge, knowledge_dir
from bot.logs import mask_mobiles


@pytest.fixture
def reference_day(monkeypatch):
    monkeypatch.setenv("BOT_TODAY", "2026-11-30")  # a Monday


def test_today_honours_bot_today(monkeypatch):
    monkeypatch.setenv("BOT_TODAY", "2025-02-03")
    assert today() == date(2025, 2, 3)
    monkeypatch.delenv("BOT_TODAY")
    assert today() == date.today()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("前天", "2026-11-28"),
        ("大前天", "2026-11-27"),
        ("昨天刚到", "2026-11-29"),
        ("上周三", "2026-11-25"),
        ("上星期五", "2026-11-27"),
        ("上上周一", "2026-11-16"),
        ("春节前", "2026-02-01"),
        ("2024年春节前", "2024-02-01"),
        ("去年双十一", "2025-11-11"),
        ("双十二", "2025-12-12"),  # the latest one that is not after today
        ("去年7月", "2025-07-01"),
        ("2023年8月", "2023-08-01"),
        ("24年3月", "2024-03-01"),
        ("2021年3月15号", "2021-03-15"),
        ("2022-05-20", "2022-05-20"),
        ("三个月前", "2026-08-30"),
        ("十天前", "2026-11-20"),
        ("10年前", "2016-11-30"),
        ("两年多前", "2024-11-30"),
        ("前年", "2024-01-01"),
        # halves and tens in words (the review: 一个半月前 was 15 days, 一年半前 and 二十天前 nothing)
        ("一个半月前", "2026-10-15"),
        ("一年半前", "2025-05-30"),
        ("半年前", "2026-05-30"),
        ("半个月前", "2026-11-15"),
        ("二十天前", "2026-11-10"),
        ("二十三天前", "2026-11-07"),
        ("十五天前", "2026-11-15"),
    ],
)
def test_relative_and_festival_dates(reference_day, text, expected):
    assert parse_purchase_date(text).isoformat() == expected


def test_a_given_today_still_wins_over_the_environment(reference_day):
    assert parse_purchase_date("前天", date(2026, 1, 2)) == date(2025, 12, 31)


def test_date_expressions_are_found_inside_messages(reference_day):
    text = "冰箱2024年春节前买的，前天开始不制冷，型号BCD-521WKPZM"
    assert [found for _, _, found in find_dates(text)] == ["2024年春节前", "前天"]
    assert find_dates("没有日期的一句话") == []


@pytest.mark.parametrize(
    "text, landline",
    [
        ("0532-88886666", "0532-88886666"),
        ("座机0532 8888 6666", "0532-88886666"),
        ("(010)12345678", "010-12345678"),
        ("打（0755）8866-1234找我", "0755-88661234"),
        ("021-65432198", "021-65432198"),
    ],
)
def test_find_landline(text, landline):
    assert find_landline(text) == landline


@pytest.mark.parametrize("text", ["13912345678", "12345", "工单20261103001", "不告诉你", ""])
def test_no_landline(text):
    assert find_landline(text) is None


@pytest.fixture
def changed_shapes(tmp_path, monkeypatch):
    """A copy of knowledge/ whose mobile and fault-code shapes differ from the real ones."""
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    path = copy / "shapes.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["shapes"]["phone_number"]["regex"] = r"1[3-5]\d{9}"  # 17x/18x/19x no longer mobiles
    raw["shapes"]["error_code"]["regex"] = r"[EFPHCLUX][0-9A-F]{1,2}"  # X7 now a fault code
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(copy))
    get_knowledge.cache_clear()
    _error_code_pattern.cache_clear()
    yield
    monkeypatch.delenv("KNOWLEDGE_DIR")
    get_knowledge.cache_clear()
    _error_code_pattern.cache_clear()


def test_the_python_patterns_come_from_shapes_yml(changed_shapes):
    # contact.py (mobile), logs.py (masking), replies.py (fault codes) all follow the YAML
    assert find_mobile("13912345678") == "13912345678"
    assert find_mobile("18912345678") is None
    assert mask_mobiles("a 18912345678 b 13912345678") == "a 18912345678 b 139****5678"
    assert find_error_code("屏幕上显示X7") == "X7"


def test_the_real_shapes(monkeypatch):
    get_knowledge.cache_clear()
    _error_code_pattern.cache_clear()
    assert find_mobile("18912345678") == "18912345678"
    assert (
        mask_mobiles("mobile=18912345678, IMEI 861234567890123")
        == "mobile=189****5678, IMEI 861234567890123"
    )
    assert find_error_code("屏幕上显示X7") is None
    # the known codes of error_codes.yml count as well; two capitals alone (TV) are no code
    assert find_error_code("柜机显示CL") == "CL" and find_error_code("TV坏了") is None
    assert find_error_code("空调显示 e1") == "E1"
