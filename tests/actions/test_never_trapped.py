"""Never trap a customer, on real actions with trackers in the shape Rasa sends them: a step or a
form field is asked at most twice, the third time is a way out; replies are read as the step's
answer first; a hazard named in any message gets safety advice first."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.clarify import ActionClarify
from actions.diagnosis import (
    ActionAskDiagAnswer,
    ActionStartDiagnosis,
    ValidateDiagnosisForm,
    code_fault_of_message,
)
from actions.reask import ASK_ACTIONS
from actions.safety import ActionSafetyAdvice
from bot.dialogue.messages import step_message
from bot.knowledge import get_knowledge
from tests.actions.conftest import slot_events

KNOWLEDGE = get_knowledge()
SLOTS = {
    "product": None,
    "fault": None,
    "diag_step": None,
    "diag_answer": None,
    "diag_log": [],
    "diag_outcome": None,
    "problem": None,
    "customer_name": None,
    "phone_number": None,
    "requested_slot": None,
}


class Conversation:
    """Builds the event list Rasa would hold, then the tracker an action gets."""

    def __init__(self, **slots: Any):
        self.slots = {**SLOTS, **slots}
        self.events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"}]
        self.latest: dict[str, Any] = {"text": "", "intent": {"name": None}, "entities": []}

    def set(self, **slots: Any) -> "Conversation":
        for name, value in slots.items():
            self.slots[name] = value
            self.events.append({"event": "slot", "name": name, "value": value})
        return self

    def user(self, text: str, intent: str = "nlu_fallback") -> "Conversation":
        self.latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [],
            "intent_ranking": [],
        }
        self.events += [
            {"event": "user", "text": text, "parse_data": self.latest},
            {"event": "action", "name": "action_listen"},
        ][:1]
        return self

    def action(self, name: str) -> "Conversation":
        self.events.append({"event": "action", "name": name})
        return self

    def heard(self, dispatcher) -> "Conversation":
        """The bot messages an action sent, as BotUttered events with their metadata."""
        for message in dispatcher.messages:
            metadata = {k: v for k, v in message.items() if k == "prompt"}
            if message.get("response"):
                metadata["utter_action"] = message["response"]
            self.events.append(
                {
                    "event": "bot",
                    "text": message.get("text"),
                    "data": {"buttons": message.get("buttons")},
                    "metadata": metadata,
                }
            )
        dispatcher.messages.clear()
        return self

    def listen(self) -> "Conversation":
        return self.action("action_listen")

    def tracker(self, form: str | None = None) -> Tracker:
        events = list(self.events)
        if form:
            events.append({"event": "action", "name": form})
        return Tracker(
            "test",
            dict(self.slots),
            dict(self.latest),
            events,
            False,
            None,
            {"name": form} if form else {},
            form or "action_listen",
        )


def at_step(fault: str, step: str) -> Conversation:
    chat = Conversation(fault=fault, product=KNOWLEDGE.diagnosis(fault).product)
    chat.user("开始", fault).action("action_start_diagnosis").set(
        diag_step=step, requested_slot="diag_answer"
    )
    return chat


async def reply(
    chat: Conversation, dispatcher, domain, text: str, intent: str = "nlu_fallback"
) -> dict[str, Any]:
    """The customer replies at the current step: the form validates, then (if still open) asks."""
    chat.listen().user(text, intent)
    slots = slot_events(
        await ValidateDiagnosisForm().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    )
    chat.heard(dispatcher).set(**slots)
    if slots.get("diag_answer") is None and "diag_answer" in slots:
        ActionAskDiagAnswer().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    return slots


def last_texts(chat: Conversation, n: int = 1) -> list[str]:
    return [e["text"] for e in chat.events if e["event"] == "bot"][-n:]


async def test_the_third_ask_of_a_step_is_a_way_out_and_the_next_unreadable_reply_moves_on(
    dispatcher, domain
):
    diagnosis = KNOWLEDGE.diagnosis("tv_no_picture")
    chat = at_step("tv_no_picture", "hdmi_cable")
    ActionAskDiagAnswer().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    chat.heard(dispatcher)
    first = step_message(diagnosis.step("hdmi_cable")).text
    assert last_texts(chat) == [first]

    await reply(chat, dispatcher, domain, "呃呃呃")
    chat.heard(dispatcher)
    assert "没太看明白" in last_texts(chat)[0] and first in last_texts(chat)[0]

    await reply(chat, dispatcher, domain, "嘿嘿嘿")
    chat.heard(dispatcher)
    offer = last_texts(chat)[0]
    assert first not in offer and "跳过这一步" in offer and "人工" in offer and "报修" in offer
    assert sum(first in t for t in last_texts(chat, 10)) == 2  # never a third time

    slots = await reply(chat, dispatcher, domain, "哈哈哈")
    assert slots["diag_step"] == "input_source"
    assert any("先跳过" in t for t in last_texts(chat, 2))
    # the ticket says the step was not confirmed, never that it was tried (session 23)
    assert slots["diag_log"][-1] == "重插/更换HDMI线 → 未能确认，已跳过（客户原话：哈哈哈）"


async def test_a_step_the_customer_skips_is_not_filed_as_tried(dispatcher, domain):
    # a helper's played customer (session 23): 「跳过吧」 was filed as 「之前已试过」
    chat = at_step("tv_no_picture", "hdmi_cable")
    slots = await reply(chat, dispatcher, domain, "跳过吧")
    assert slots["diag_log"][-1] == "重插/更换HDMI线 → 客户选择跳过，未做（原话：跳过吧）"
    chat = at_step("tv_no_picture", "hdmi_cable")
    slots = await reply(chat, dispatcher, domain, "这一步之前试过了")
    assert slots["diag_log"][-1] == "重插/更换HDMI线 → 之前已试过/无变化"


async def test_a_detour_counts_too(dispatcher, domain):
    chat = at_step("fridge_weak_cooling", "temperature_setting")
    for _ in range(2):
        ActionAskDiagAnswer().run(dispatcher, chat.tracker("diagnosis_form"), domain)
        chat.heard(dispatcher).listen().user("保修多久", "ask_warranty").action("action_answer_faq")
    ActionAskDiagAnswer().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    chat.heard(dispatcher)
    assert "跳过这一步" in last_texts(chat)[0]


async def test_the_way_out_skip_button_moves_on(dispatcher, domain):
    chat = at_step("tv_no_picture", "hdmi_cable")
    slots = await reply(chat, dispatcher, domain, "跳过这一步")
    assert slots["diag_step"] == "input_source"


async def test_temperature_already_right_is_done_and_nothing_changed_not_solved(dispatcher, domain):
    chat = at_step("fridge_weak_cooling", "temperature_setting")
    slots = await reply(chat, dispatcher, domain, "温度本来就是对的啊", "affirm")
    assert slots["diag_step"] == "ventilation" and slots.get("diag_outcome") is None
    assert slots["diag_log"][-1].startswith("调整温度设置 → 之前已试过/无变化")


async def test_switching_to_hdmi2_fixed_it(dispatcher, domain):
    chat = at_step("tv_no_signal", "input_source")
    slots = await reply(chat, dispatcher, domain, "切到HDMI2就出来了", "deny")
    assert slots["diag_outcome"] == "resolved"


async def test_i_dont_know_how_gets_the_steps_help_not_the_same_question(dispatcher, domain):
    chat = at_step("washer_no_drain", "pump_filter")
    await reply(chat, dispatcher, domain, "过滤器在哪啊")
    chat.heard(dispatcher)
    assert "右角" in last_texts(chat)[0]  # the step's help from knowledge/faults/washer.yml


async def test_ok_let_me_try_waits_without_asking_again(dispatcher, domain):
    chat = at_step("tv_no_picture", "hdmi_cable")
    slots = await reply(chat, dispatcher, domain, "好的我试试", "affirm")
    chat.heard(dispatcher)
    assert slots["diag_answer"] is None and "不着急" in last_texts(chat)[0]


async def test_a_question_is_left_to_the_rules(dispatcher, domain):
    chat = at_step("tv_no_picture", "hdmi_cable")
    chat.listen().user("保修多久", "ask_warranty")
    events = await ValidateDiagnosisForm().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    assert "diag_answer" not in slot_events(events)  # the form rejects; the question is answered


def test_every_guarded_form_field_is_asked_twice_then_offered_a_way_out(dispatcher, domain):
    action = ASK_ACTIONS["phone_number"]()
    chat = Conversation(requested_slot="phone_number")
    for answer in ("与您联系（258）", "258"):
        action.run(dispatcher, chat.tracker("ticket_form"), domain)
        chat.heard(dispatcher).listen().user(answer, "inform")
    action.run(dispatcher, chat.tracker("ticket_form"), domain)
    [offer] = dispatcher.messages
    assert offer.get("response") is None and "转人工客服" in [b["title"] for b in offer["buttons"]]
    assert offer["prompt"] == "phone_number:offer"


def test_a_skippable_field_offers_to_skip_it(dispatcher, domain):
    action = ASK_ACTIONS["product_model"]()
    chat = Conversation()
    for _ in range(2):
        action.run(dispatcher, chat.tracker("ticket_form"), domain)
        chat.heard(dispatcher)
    action.run(dispatcher, chat.tracker("ticket_form"), domain)
    assert "跳过这一项" in [b["title"] for b in dispatcher.messages[0]["buttons"]]


def test_the_clarifying_question_is_asked_twice_then_a_way_out(dispatcher, domain):
    chat = Conversation()
    for text in ("嗯嗯嗯", "啊啊"):
        chat.user(text, "nlu_fallback")
        ActionClarify().run(dispatcher, chat.tracker(), domain)
        chat.heard(dispatcher).listen()
    chat.user("哦哦", "nlu_fallback")
    ActionClarify().run(dispatcher, chat.tracker(), domain)
    assert "转人工客服" in [b["title"] for b in dispatcher.messages[0]["buttons"]]


def test_a_gas_smell_read_as_unclear_gets_safety_advice_not_a_question(dispatcher, domain):
    chat = Conversation().user("家里好大一股煤气味", "nlu_fallback")
    assert ActionClarify().run(dispatcher, chat.tracker(), domain) == [
        FollowupAction("action_safety_advice")
    ]
    assert dispatcher.messages == []


def test_a_rusty_outdoor_bracket_is_not_washer_vibration(dispatcher, domain):
    chat = Conversation().user("空调外机支架锈了 晃得厉害", "washer_vibration")
    assert ActionStartDiagnosis().run(dispatcher, chat.tracker(), domain) == [
        FollowupAction("action_safety_advice")
    ]


def test_gas_advice_says_close_the_valve_and_call_from_outside(dispatcher, domain):
    chat = Conversation().user("厨房燃气味很重", "safety_hazard")
    slots = slot_events(ActionSafetyAdvice().run(dispatcher, chat.tracker(), domain))
    text = dispatcher.messages[0]["text"]
    assert "关闭燃气总阀" in text and "不要开关电灯" in text and "开门窗" in text and "室外" in text
    assert slots["fault"] == "safety_hazard"
    assert KNOWLEDGE.fault_priority(slots["fault"]) == "P1"


def test_a_question_inside_a_shock_case_is_answered(dispatcher, domain):
    chat = Conversation(fault="safety_hazard", problem="孩子摸洗衣机被电了一下")
    chat.user("孩子说手还有点麻 要不要去医院", "safety_hazard")
    slots = slot_events(ActionSafetyAdvice().run(dispatcher, chat.tracker(), domain))
    text = dispatcher.messages[0]["text"]
    assert "医院" in text and "120" in text
    assert slots["problem"] == "孩子摸洗衣机被电了一下"  # the case stays the one reported


def test_the_bracket_advice_keeps_people_away_and_nobody_climbs(dispatcher, domain):
    chat = Conversation().user("室外机托架松动了 有掉落的危险", "safety_hazard")
    ActionSafetyAdvice().run(dispatcher, chat.tracker(), domain)
    text = dispatcher.messages[0]["text"]
    assert "远离室外机" in text and "不要自己爬" in text and "P1" in text


def started(
    dispatcher, domain, text, intent="ac_error_code", product=None, conversation_product=None
):
    chat = Conversation(product=conversation_product).user(text, intent)
    chat.latest["entities"] = []
    if product:
        chat.latest["entities"] = [{"entity": "product", "value": product}]
    if "E" in text:
        code = text[text.index("E") : text.index("E") + 2]
        chat.latest["entities"].append({"entity": "error_code", "value": code})
    return slot_events(ActionStartDiagnosis().run(dispatcher, chat.tracker(), domain))


@pytest.mark.parametrize(
    "text, named, current, fault, says, never",
    [
        (
            "洗衣机显示E3",
            "洗衣机",
            None,
            "washer_error_code",
            "衣物不平衡",
            "传感器",
        ),  # not the AC's E3
        ("空调显示E3", "空调", None, "ac_error_code", "室外环境温度传感器", "不平衡"),
        ("冰箱显示E1", "冰箱", None, "fridge_error_code", "冷藏室温度传感器", "进水"),
        (
            "上面显示E1",
            None,
            "washer",
            "washer_error_code",
            "进水超时",
            "传感器",
        ),  # the conversation's product
        ("电视显示E3", "电视", None, "tv_error_code", "通用参考", "不平衡"),
    ],
)
def test_a_display_code_is_read_with_its_product(
    dispatcher, domain, text, named, current, fault, says, never
):
    slots = started(dispatcher, domain, text, product=named, conversation_product=current)
    said = "\n".join(m["text"] for m in dispatcher.messages)
    assert (
        slots["fault"] == fault
        and slots["diag_step"] == "model"
        and slots["error_code"] == text[-2:]
    )
    assert says in said and never not in said


def test_a_fridge_code_ticket_is_the_fridge_code_with_its_priority():
    assert KNOWLEDGE.fault_priority("fridge_error_code", "E1") == "P2"
    assert KNOWLEDGE.diagnosis("fridge_error_code").title == "冰箱显示故障代码"
    assert KNOWLEDGE.diagnosis("fridge_error_code").product == "fridge"


def test_a_code_the_nlu_could_not_place_starts_the_products_code_diagnosis(dispatcher, domain):
    chat = Conversation().user("洗衣机显示E3", "nlu_fallback")
    assert ActionClarify().run(dispatcher, chat.tracker(), domain) == [
        FollowupAction("action_start_diagnosis")
    ]
    events = ActionStartDiagnosis().run(
        dispatcher, chat.action("action_start_diagnosis").tracker(), domain
    )
    assert (
        FollowupAction("diagnosis_form") in events
        and slot_events(events)["fault"] == "washer_error_code"
    )


def test_tv_in_capitals_is_not_a_display_code(dispatcher, domain):
    chat = Conversation().user("TV没反应", "nlu_fallback")
    assert ActionClarify().run(dispatcher, chat.tracker(), domain) == []
    assert dispatcher.messages  # asked back as usual


async def test_crying_read_as_another_fault_at_a_step_is_not_a_new_diagnosis(dispatcher, domain):
    chat = at_step("tv_no_picture", "standby_light")
    chat.listen().user("呜呜呜呜呜", "ac_noise")
    chat.latest["intent"]["confidence"] = 0.7
    slots = slot_events(
        await ValidateDiagnosisForm().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    )
    assert slots == {"diag_answer": None}  # not rejected: the step is asked again (or the way out)


def test_a_model_number_is_no_display_code(dispatcher, domain):
    # 「华为P60 Pro，上个月买的」 started the phone's code diagnosis with the code P60
    chat = Conversation(product="phone").user("华为P60 Pro，上个月买的", "nlu_fallback")
    chat.latest["entities"] = [
        {"entity": "model", "value": "P60 Pro", "start": 2, "end": 9},
        {"entity": "purchase_date", "value": "2026-11-01", "start": 10, "end": 13},
    ]
    assert code_fault_of_message(chat.tracker()) != "phone_error_code"
    # without the model the same letters are a code
    assert (
        code_fault_of_message(Conversation().user("手机屏幕上显示P60").tracker())
        == "phone_error_code"
    )


def test_the_list_of_a_products_faults_has_a_way_to_a_ticket_for_any_other_fault(
    dispatcher, domain
):
    # 「信号特别差，老是显示无服务」: no diagnosis of ours covers it, so the list never holds it
    from actions.diagnosis import ActionReportFault

    chat = Conversation().user("手机有问题", "report_fault")
    chat.latest["entities"] = [{"entity": "product", "value": "phone", "start": 0, "end": 2}]
    events = ActionReportFault().run(dispatcher, chat.tracker(), domain)
    [message] = dispatcher.messages
    payloads = [b["payload"] for b in message["buttons"]]
    assert "/phone_no_boot" in payloads and payloads[-1] == "/request_repair"
    assert slot_events(events)["product"] == "phone"
