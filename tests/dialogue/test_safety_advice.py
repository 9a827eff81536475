"""Safety beyond smoke: which hazard a message names and what the bot says (knowledge/safety.yml)."""

import pytest

from bot.dialogue.safety import find_hazard, safety_reply
from bot.knowledge import get_knowledge

SAFETY = get_knowledge().safety


@pytest.mark.parametrize(
    "text, hazard",
    [
        ("屋里一股煤气味", "gas"),
        ("天然气好像泄漏了", "gas"),
        ("空调室外机托架锈得厉害 在晃", "outdoor_bracket"),
        ("外机摇摇晃晃的 感觉要掉下来", "outdoor_bracket"),
        ("老公修洗衣机的时候触电了", "shock"),
        ("孩子说手还有点麻 要不要去医院", "shock"),
        ("搬冰箱的时候砸到脚了", "shock"),
        # ordinary faults are not hazards
        ("洗衣机脱水的时候晃得厉害", None),
        ("手机充电到一半就停了", None),
        ("空调室内机漏水", None),
        ("手机有点麻烦 老是卡", None),
    ],
)
def test_the_hazard_a_message_names(text, hazard):
    found = find_hazard(SAFETY, text)
    assert (found.id if found else None) == hazard


def test_gas_advice_comes_without_a_question_first():
    message = safety_reply(SAFETY, "厨房里燃气味很重", None)
    assert message.text.index("关闭燃气总阀") < message.text.index("？")
    assert "室外" in message.text and "燃气公司" in message.text


def test_a_follow_up_inside_the_case_is_answered_not_the_advice_again():
    message = safety_reply(SAFETY, "那要不要去医院啊", None, earlier="孩子被冰箱电了一下")
    assert message.text.startswith("建议现在就去医院") and "120" in message.text


def test_a_gas_follow_up_about_switches():
    message = safety_reply(SAFETY, "能开抽油烟机吹一下吗", None, earlier="家里有燃气味")
    assert "不要动任何电器" in message.text


def test_no_hazard_gets_the_general_advice_for_the_product():
    message = safety_reply(SAFETY, "冒烟了", "tv")
    assert "拔掉电源" in message.text and SAFETY.by_product["tv"] in message.text
