"""「不对，是冰箱」: the same problem on the product the customer means (bot/dialogue/product_switch.py)."""

import pytest

from bot.dialogue.product_switch import same_problem_on
from bot.knowledge import get_knowledge

KNOWLEDGE = get_knowledge()


@pytest.mark.parametrize(
    "diagnosed, product, text, expected",
    [
        ("ac_weak_cooling", "fridge", "不对，是冰箱", "fridge_weak_cooling"),
        ("ac_water_leak", "fridge", "不是空调，是冰箱", "fridge_water_leak"),
        ("fridge_water_leak", "washer", "搞错了 是洗衣机漏水", "washer_water_leak"),
        ("ac_noise", "fridge", "我说的是冰箱", "fridge_noise"),
        ("tv_no_power", "phone", "不对 是手机开不了机", "phone_no_boot"),
        ("ac_error_code", "washer", "不对 是洗衣机", "washer_error_code"),
        # no fault of that product clearly matches: the customer chooses
        ("tv_remote_problem", "fridge", "不对是冰箱", None),
        ("tv_no_picture", "phone", "不对 是手机", None),
    ],
)
def test_the_matching_fault_of_the_other_product(diagnosed, product, text, expected):
    assert same_problem_on(KNOWLEDGE, KNOWLEDGE.diagnoses[diagnosed], product, text) == expected
