"""The diagnostic walker on the real knowledge base: a pure function, no Rasa."""

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.diagnosis import ESCALATE, RESOLVED, Answer, StepKind, advance


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def walk(diagnosis, answers):
    step, visited = diagnosis.first, []
    for answer in answers:
        visited.append(step)
        step = advance(diagnosis, step, answer)
        if step in (RESOLVED, ESCALATE):
            break
    return visited, step


def test_tv_black_screen_branches_on_the_standby_light(kb):
    tv = kb.diagnosis("tv_no_picture")
    assert tv.first == "standby_light"
    assert advance(tv, "standby_light", Answer.YES) == "hdmi_cable"
    assert advance(tv, "standby_light", Answer.NO) == "power_cord"


def test_tv_black_screen_fixed_by_the_hdmi_cable(kb):
    visited, end = walk(kb.diagnosis("tv_no_picture"), [Answer.YES, Answer.YES])
    assert visited == ["standby_light", "hdmi_cable"] and end == RESOLVED


def test_steps_run_out_into_escalation(kb):
    tv = kb.diagnosis("tv_no_picture")
    visited, end = walk(tv, [Answer.YES] + [Answer.NO] * 10)
    assert visited == [
        "standby_light",
        "hdmi_cable",
        "input_source",
        "remote_batteries",
        "software_reset",
    ]
    assert end == ESCALATE


def test_skip_moves_on_without_resolving(kb):
    assert advance(kb.diagnosis("tv_no_picture"), "hdmi_cable", Answer.SKIP) == "input_source"


def test_fridge_asks_for_model_date_and_environment_first(kb):
    fridge = kb.diagnosis("fridge_weak_cooling")
    first_two = [fridge.first, advance(fridge, fridge.first, Answer.TEXT)]
    assert [fridge.step(s).kind for s in first_two] == [StepKind.INFO, StepKind.INFO]
    assert {fridge.step(s).field for s in first_two} == {"model_and_date", "environment"}
    assert "缺氟" in fridge.unresolved


def test_phone_no_boot_restart_charge_then_imei(kb):
    phone = kb.diagnosis("phone_no_boot")
    visited, end = walk(phone, [Answer.NO, Answer.NO, Answer.TEXT])
    assert visited == ["force_restart", "charge", "imei"] and end == ESCALATE
    assert "*#06#" in phone.step("imei").text
    assert "30 分钟" in phone.step("charge").text


def test_checks_said_done_are_passed_over_unless_negated():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import pass_over_done

    network = get_knowledge().diagnosis("tv_network_problem")
    target, passed = pass_over_done(network, "router_restart", ["路由器早就重启过了，还是不行"])
    assert target == network.step("router_restart").next and passed[0][0].id == "router_restart"
    assert pass_over_done(network, "router_restart", ["还没有重启过路由器"]) == (
        "router_restart",
        [],
    )


def test_a_question_answered_in_an_earlier_message_is_passed_over_with_that_answer():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import Answer, pass_over_done

    drain = get_knowledge().diagnosis("washer_no_drain")
    target, passed = pass_over_done(drain, "washer_type", ["洗衣机不排水了 我家是波轮的"])
    assert target == drain.step("washer_type").no and passed[0][2] is Answer.NO
    # 「不是波轮」 is no answer of 波轮; a message naming both answers nothing
    assert pass_over_done(drain, "washer_type", ["不是波轮的那种"])[1] == []
    assert pass_over_done(drain, "washer_type", ["以前是波轮，现在换了滚筒"])[1] == []


def test_the_standby_light_said_in_the_first_message_is_not_asked():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import pass_over_done

    picture = get_knowledge().diagnosis("tv_no_picture")
    light = picture.step("standby_light")
    assert pass_over_done(picture, "standby_light", ["电视黑屏了，指示灯也不亮"])[0] == light.no
    # the screen being dark says nothing about the light
    assert pass_over_done(picture, "standby_light", ["电视屏幕不亮，有声音"])[1] == []


def test_the_mode_said_set_is_not_asked_again():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import pass_over_done

    cooling = get_knowledge().diagnosis("ac_weak_cooling")
    mode = cooling.step("mode_setting")
    said = ["空凋不制冷了 遥控器开的制冷调到16度还是热风"]
    assert pass_over_done(cooling, "mode_setting", said)[0] == mode.next
    # a temperature alone, or the fault's own words, say nothing of the mode
    assert pass_over_done(cooling, "mode_setting", ["调到制冷了也不凉"])[1]
    for text in ["空凋不制冷了 遥控器调到16度还是热风", "空调制冷不行", "开空调制冷没用"]:
        assert pass_over_done(cooling, "mode_setting", [text])[1] == [], text
    heating = get_knowledge().diagnosis("ac_weak_heating")
    assert pass_over_done(heating, "mode_setting", ["空调开的制热模式，吹的是凉风"])[1]


def test_a_later_steps_answer_is_found_ahead_of_the_step_asked():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import answered_ahead, pass_over_done

    cooling = get_knowledge().diagnosis("fridge_weak_cooling")
    ahead = answered_ahead(cooling, "temperature_setting", "门封条看着挺好的没啥缝")
    assert [step.id for step in ahead] == ["ventilation"]
    assert answered_ahead(cooling, "temperature_setting", "门封条有点松，关不严") == []
    # 「调在5度」 at the room question: the temperature step is passed over when it comes
    target, passed = pass_over_done(cooling, "temperature_setting", ["温度我看了一下是调在5度的"])
    assert target == "ventilation" and passed[0][0].id == "temperature_setting"
    # 15 ℃ is no setting in range, and 没调到 negates it
    assert pass_over_done(cooling, "temperature_setting", ["冷藏室都15度了"])[1] == []
    assert pass_over_done(cooling, "temperature_setting", ["没调到5度"])[1] == []


def test_a_negation_inside_the_words_of_a_check_says_it_was_not_done():
    from bot.knowledge import get_knowledge
    from bot.knowledge.diagnosis import pass_over_done

    cooling = get_knowledge().diagnosis("ac_weak_cooling")
    assert pass_over_done(cooling, "filter", ["空调不凉，滤网没洗过"])[1] == []
    assert pass_over_done(cooling, "filter", ["空调不凉，滤网上周洗过了"])[0] != "filter"
