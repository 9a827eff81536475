"""One definition of the control characters and one table renderer (``bot.text``), as each user needs them."""

from bot.channels.guard import clean_text
from bot.channels.wechat import clean_for_xml
from bot.logs import clean_log_text
from bot.text import for_terminal, table, without_controls

NASTY = "a\u0000b\u001b[2Jc\u009b31m\td\ne\ud800f\ufffe\u202eg"


def test_channels_drop_controls_and_keep_the_layout():
    assert without_controls(NASTY) == "ab[2Jc31m\td\nef\u202eg"
    assert clean_text(NASTY) == "ab[2Jc31m\td\nef\u202eg"
    assert clean_text('/inform{"person_name": "张\\u001b三"}') == '/inform{"person_name": "张三"}'


def test_xml_gets_no_character_it_refuses():
    assert clean_for_xml("x\u0001y\ufffez]]>") == "xyz]] >"


def test_a_terminal_gets_spaces_for_controls_newlines_and_invisible_characters():
    assert for_terminal(NASTY) == "a b [2Jc 31m d e f  g"
    assert for_terminal("工单备注很长很长", 5) == "工单备注…"


def test_logs_escape_controls_and_keep_tabs():
    assert clean_log_text("a\nb\tc\u001bd") == "a\\nb\tc\\x1bd"


def test_a_table_lines_up_chinese_and_aligns_figures_right():
    assert table(
        ["工单号", "状态", "n"], [["HX1", "已受理", 3], ["HX22", "新", 12]], right=[2]
    ).split("\n") == [
        "工单号  状态     n",
        "------  ------  --",
        "HX1     已受理   3",
        "HX22    新      12",
    ]
