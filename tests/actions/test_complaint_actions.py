"""What the complaint form takes from the conversation before it asks (actions/desk.py)."""

import pytest
from rasa_sdk import Tracker

from actions.desk import ValidateComplaintForm

RANT = "你们这什么售后啊，空调装了三天就漏水，师傅约了两次都没来，电话打了也没人接，我要投诉！"


def conversation(*events: dict) -> Tracker:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": "complaint-test",
            "slots": {"complaint_text": None, "requested_slot": None},
            "latest_message": latest["parse_data"],
            "events": list(events),
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": "complaint_form"},
            "latest_action_name": "complaint_form",
        }
    )


def user(text: str, intent: str) -> dict:
    parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return {"event": "user", "text": text, "parse_data": parse}


def bot(text: str, prompt: str) -> dict:
    return {"event": "bot", "text": text, "metadata": {"prompt": prompt}}


def extracted(tracker: Tracker) -> dict:
    return ValidateComplaintForm().extract_complaint_text(None, tracker, {})


def test_the_complaint_asked_back_about_is_not_asked_again():
    # hand conversation: the customer chose 投诉 at the clarifying question, and the bot asked
    # 「请说说具体发生了什么」 although the rant had said it all
    tracker = conversation(
        user(RANT, "nlu_fallback"),
        bot("我想确认一下，您是想问：空调室内机漏水，还是投诉？", "clarify"),
        {"event": "action", "name": "action_listen"},
        user("投诉", "complaint"),
    )
    assert extracted(tracker) == {"complaint_text": RANT}


def test_a_bare_complaint_after_another_question_is_still_asked_about():
    tracker = conversation(
        user("空调漏水", "ac_water_leak"),
        bot("请告诉我空调的型号", "product_model"),
        {"event": "action", "name": "action_listen"},
        user("我要投诉", "complaint"),
    )
    assert extracted(tracker) == {}


def test_the_opening_message_that_says_it_fills_the_complaint():
    assert extracted(conversation(user(RANT, "complaint"))) == {"complaint_text": RANT}


def test_a_short_complaint_that_says_what_happened_is_not_asked_again():
    # hand conversation: 14 characters were below the old length rule, and the bot asked
    # 「请说说具体发生了什么」 after the customer had said it
    for said in ("买个手机不送充电器 什么意思", "我要投诉，师傅迟到了"):
        assert extracted(conversation(user(said, "complaint"))) == {"complaint_text": said}


@pytest.mark.parametrize(
    "bare",
    [
        "我要投诉",
        "你好，我要投诉一下你们",
        "投诉！！！",
        "您好，我这边想投诉一下",
        "你好，请问怎么投诉",
        "我们要投诉你们公司",
        "我有一个建议想提一下",
        "我要投诉你们的维修师傅",
    ],
)
def test_asking_to_complain_says_nothing_yet(bare):
    assert extracted(conversation(user(bare, "complaint"))) == {}


def asked_about(*events: dict, slot: str = "complaint_about") -> list[str]:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.reask import ASK_ACTIONS

    tracker = conversation(*events)
    dispatcher = CollectingDispatcher()
    ASK_ACTIONS[slot]().run(dispatcher, tracker, {})
    return [m.get("text") or m.get("response") for m in dispatcher.messages]


def test_the_apology_comes_with_the_first_question_when_the_complaint_said_it_all():
    started = {"event": "active_loop", "name": "complaint_form"}
    first = asked_about(user("买个手机不送充电器 什么意思", "complaint"), started)
    assert "非常抱歉" in first[0] and first[1] == "utter_ask_complaint_about"
    # asked what happened first (with the apology): the next question comes alone
    later = asked_about(
        user("我要投诉", "complaint"),
        started,
        bot("非常抱歉给您带来不好的体验 🙏 请说说具体发生了什么", "complaint_text"),
        user("师傅迟到了三个小时", "inform"),
    )
    assert later == ["utter_ask_complaint_about"]
    # a second complaint later in the conversation that says it all: the apology again
    again = asked_about(
        user("我要投诉", "complaint"),
        started,
        bot("非常抱歉给您带来不好的体验 🙏 请说说具体发生了什么", "complaint_text"),
        user("师傅迟到了三个小时", "inform"),
        {"event": "active_loop", "name": None},
        user("还有，热线打了十次都没人接", "complaint"),
        started,
    )
    assert "非常抱歉" in again[0]


def test_no_ticket_number_answers_the_question_whatever_the_nlu_reads():
    # make converse: 「没有工单号」 was read as a status question, the form was left, and the bot
    # asked for a ticket number until the customer gave up
    tracker = conversation(
        user("师傅来了看了一眼就说要换主板，态度还很差", "complaint"),
        bot("这件事和哪张工单或哪个服务网点有关？", "complaint_about"),
        {"event": "action", "name": "action_listen"},
        user("没有工单号", "check_ticket_status"),
        {"event": "action", "name": "complaint_form"},
    )
    tracker.slots["requested_slot"] = "complaint_about"
    form = ValidateComplaintForm()
    assert form.extract_complaint_about(None, tracker, {}) == {"complaint_about": "没有工单号"}
    assert form.validate_complaint_about("没有工单号", None, tracker, {}) == {
        "complaint_about": "未指明"
    }
    tracker.latest_message = {
        "text": "算了，我先问问工单进度",
        "intent": {"name": "check_ticket_status"},
    }
    tracker.events[-2] = user("算了，我先问问工单进度", "check_ticket_status")
    assert form.extract_complaint_about(None, tracker, {}) == {}  # another request: the rules


def test_a_ticket_number_in_the_complaint_answers_which_ticket_before_it_is_asked():
    # hand conversation: the number was in the first message, and the bot asked for it again
    said = user("我要投诉！师傅上门三次都没修好，工单号WO20261103001", "complaint")
    said["parse_data"]["entities"] = [
        {"entity": "ticket_id", "value": "WO20261103001", "start": 19, "end": 32}
    ]
    listen = {"event": "action", "name": "action_listen"}
    tracker = conversation(listen, said, {"event": "action", "name": "complaint_form"})
    form = ValidateComplaintForm()
    assert form.extract_complaint_about(None, tracker, {}) == {"complaint_about": "WO20261103001"}
    # a complaint without a number leaves the question to be asked
    plain = conversation(
        listen,
        user("我要投诉！师傅上门三次都没修好", "complaint"),
        {"event": "action", "name": "complaint_form"},
    )
    assert form.extract_complaint_about(None, plain, {}) == {}


def test_the_apology_comes_with_the_contact_question_when_the_complaint_named_its_ticket():
    # hand conversation: the ticket number came with the complaint, the form went straight to the
    # name, and the customer heard no apology at all
    started = {"event": "active_loop", "name": "complaint_form"}
    said = user("我要投诉！师傅上门三次都没修好，工单号WO20261103001", "complaint")
    first = asked_about(said, started, slot="customer_name")
    assert "非常抱歉" in first[0] and first[1] == "utter_ask_customer_name"
    # once, not again with the phone number
    later = asked_about(
        said,
        started,
        bot("请留下您的称呼", "customer_name"),
        user("刘芳", "inform"),
        slot="phone_number",
    )
    assert later == ["utter_ask_phone_number"]
