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
        # danger named only to deny it
        ("屋里没有煤气味，就是热水器打不着", None),
        ("没闻到什么燃气味", None),
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


@pytest.mark.parametrize(
    "text",
    [
        "没冒烟也没着火，就是水不热",
        "没有烧焦味，就是不制冷",
        "充电慢，手机也不烫",
        "没闻到什么焦糊味",
        # a helper's played customer (session 21): a gas stove that will not light got the fire
        # advice and an urgent visit, twice (no_danger of knowledge/safety.yml)
        "俺家燃气灶打不着火了，啪啪响就是不出火，咋整",
        "没冒烟也没燃气味，就是点火器啪啪响火不出来",
    ],
)
def test_danger_named_only_to_deny_it_is_no_danger(text):
    assert SAFETY.denies_danger(text) and not SAFETY.names_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "插座不停冒烟",  # 不停 denies nothing
        "没过多久就冒烟了",
        "还没着火，但是一直冒烟",  # one denied, one not
        "不断有焦味",
        "电视冒烟了",
        "燃气灶打不着火，屋里还有燃气味",
        "燃气灶旁边的插座打火了",
    ],
)
def test_danger_said_beside_a_negation_is_still_danger(text):
    assert SAFETY.names_danger(text) and not SAFETY.denies_danger(text)
