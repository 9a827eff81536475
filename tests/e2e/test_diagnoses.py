"""Every fault of the knowledge base, walked over the REST webhook against the real servers."""

import uuid

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.diagnosis import ESCALATE, RESOLVED, Answer, StepKind, advance
from tests.e2e.chat import Chat

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

KNOWLEDGE = load_knowledge()

#: How a customer would open each fault (not taken from the training data), saying nothing that
#: answers a step early (「指示灯也不亮」 would pass over the light question: answered_early).
OPENINGS = {
    "tv_no_picture": "电视有声音但是没有图像",
    "tv_no_signal": "电视一直提示无信号",
    "tv_sound_problem": "电视突然没声音了",
    "tv_no_power": "电视按开机键没反应，开不了机",
    "tv_remote_problem": "遥控器按了没反应",
    "tv_network_problem": "电视连不上wifi，在线视频看不了",
    "fridge_weak_cooling": "冰箱冷藏室不制冷了",
    "fridge_noise": "冰箱晚上嗡嗡响噪音很大",
    "fridge_frost": "冰箱冷冻室结了厚厚一层霜",
    "fridge_water_leak": "冰箱漏水了，不知道哪里来的水",
    "ac_weak_cooling": "空调开了半天不制冷，吹的都是热风",
    "ac_weak_heating": "空调制热效果很差，吹的风不热",
    "ac_noise": "空调运行的时候异响很大",
    "ac_water_leak": "空调室内机往下滴水",
    "ac_error_code": "空调显示屏显示故障代码",
    "washer_no_drain": "洗衣机洗完不排水",
    "washer_no_spin": "洗衣机不脱水，甩干的时候不转",
    "washer_vibration": "洗衣机脱水的时候震动特别大，整个机器在跳",
    "washer_water_leak": "洗衣机漏水，一洗衣服就漏",
    "washer_door_locked": "洗衣机洗完了门打不开",
    "phone_no_boot": "手机开不了机，按电源键没反应",
    "phone_lag": "手机特别卡，经常死机",
    "phone_charging_problem": "手机充不进电",
    "phone_battery_drain": "手机掉电特别快，半天就没电了",
}


def no_path(diagnosis):
    """The steps a customer who answers "no" (or gives details) to everything goes through."""
    step, path = diagnosis.first, []
    while step not in (RESOLVED, ESCALATE):
        path.append(diagnosis.step(step))
        kind = diagnosis.step(step).kind
        step = advance(diagnosis, step, Answer.TEXT if kind is StepKind.INFO else Answer.NO)
    return path


def test_every_fault_has_an_opening_message():
    # faults reached by a display code (washer_error_code…) are opened by the code: test_error_codes
    assert set(OPENINGS) == {i for i, d in KNOWLEDGE.diagnoses.items() if not d.by_code}


@pytest.mark.parametrize("intent", sorted(OPENINGS))
def test_a_fault_is_walked_step_by_step_to_the_ticket_offer(servers, intent):
    diagnosis = KNOWLEDGE.diagnoses[intent]
    chat = Chat(servers, f"fault-{intent}-{uuid.uuid4().hex[:6]}")
    reply = chat.say(OPENINGS[intent])
    assert diagnosis.title in reply.text, (
        f"{OPENINGS[intent]!r} did not start {intent}: {reply.text}"
    )
    for step in no_path(diagnosis):
        assert step.text in reply.text, f"{intent}: expected step {step.id}, got {reply.text}"
        reply = chat.say("不知道" if step.kind is StepKind.INFO else "/deny")
    assert diagnosis.unresolved in reply.text
    if diagnosis.service == "home_visit":  # registered at once: the first question, and a way back
        assert "登记上门维修" in reply.text and "称呼" in reply.text
        assert set(reply.buttons) >= {"先不用登记", "转人工客服"}
    else:  # a phone, repaired at an outlet: asked first
        assert "登记报修" in reply.text
