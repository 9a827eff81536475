"""Reading customers' replies: step answers, mobile numbers, names, ratings."""

import pytest

from bot.dialogue.contact import clean_name, find_mobile, mask_mobile
from bot.dialogue.ratings import read_rating
from bot.dialogue.replies import read_answer
from bot.knowledge.diagnosis import Answer, Step, StepKind

CHECK = Step(id="hdmi", kind=StepKind.CHECK, title="HDMI", text="请检查 HDMI 线。")
INFO = Step(id="imei", kind=StepKind.INFO, title="IMEI", text="请提供 IMEI。", field="imei")


@pytest.mark.parametrize(
    "intent, text, expected",
    [
        ("affirm", "好了好了", Answer.YES),
        ("deny", "还是不行", Answer.NO),
        ("tv_no_picture", "还是黑屏啊", Answer.NO),
        ("inform", "切了信号源也一样", Answer.NO),
        ("out_of_scope", "换了个插座都一样", Answer.NO),
        ("deny", "这个之前试过了", Answer.SKIP),
        ("ask_warranty", "保修多久", None),
        ("stop", "算了", None),
        ("greet", "你好", None),
    ],
)
def test_answers_to_a_check_step(intent, text, expected):
    assert read_answer(CHECK, intent, text, "tv_no_picture") is expected


def test_info_step_takes_free_text_but_not_questions():
    assert read_answer(INFO, "inform", "861234567890123", "phone_no_boot") is Answer.TEXT
    assert read_answer(INFO, "ask_hotline", "客服电话多少", "phone_no_boot") is None


@pytest.mark.parametrize(
    "text, mobile",
    [
        ("13912345678", "13912345678"),
        ("我的手机是 139-1234-5678", "13912345678"),
        ("+8613912345678", "13912345678"),
    ],
)
def test_valid_mobiles(text, mobile):
    assert find_mobile(text) == mobile


@pytest.mark.parametrize(
    "text", ["12345", "23912345678", "1391234567", "861234567890123", "不告诉你"]
)
def test_invalid_mobiles(text):
    assert find_mobile(text) is None


def test_mask_mobile():
    assert mask_mobile("13912345678") == "139****5678"


def test_clean_name():
    assert clean_name("我叫张伟") == "张伟"
    assert clean_name("  李秀英。") == "李秀英"
    assert clean_name("") is None


@pytest.mark.parametrize(
    "text, score",
    [
        ("5", 5),
        ("给3分", 3),
        ("四星", 4),
        ("非常满意", 5),
        ("满意", 4),
        ("不满意", 2),
        ("非常不满意", 1),
        ("嗯", None),
    ],
)
def test_ratings(text, score):
    assert read_rating(text) == score
