"""The product's fault menu once more after a description the bot could not place."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.diagnosis import FAULT_MENU, FAULT_MENU_AGAIN, fault_menu_again


def tracker(prompt, product="washer", ranking=(), said="转不动了"):
    return Tracker.from_dict(
        {
            "sender_id": "menu",
            "slots": {"product": product},
            "latest_message": {"text": said, "intent_ranking": list(ranking)},
            "events": [
                {"event": "user", "text": "洗衣机坏了"},
                {"event": "bot", "text": "洗衣机具体是什么情况？", "metadata": {"prompt": prompt}},
                {"event": "user", "text": said},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def test_after_the_menu_the_menu_again_with_the_likeliest_fault_first():
    dispatcher = CollectingDispatcher()
    ranking = [{"name": "affirm", "confidence": 0.3}, {"name": "washer_no_spin", "confidence": 0.1}]
    assert fault_menu_again(dispatcher, tracker(FAULT_MENU, ranking=ranking))
    [message] = dispatcher.messages
    assert message["text"].startswith("抱歉，我没太看明白") and "洗衣机" in message["text"]
    assert message["buttons"][0]["payload"] == "/washer_no_spin"
    assert message["prompt"] == FAULT_MENU_AGAIN


def test_only_once_and_only_after_a_menu_with_its_product():
    for prompt, product in [
        (FAULT_MENU_AGAIN, "washer"),
        ("clarify", "washer"),
        (FAULT_MENU, None),
    ]:
        dispatcher = CollectingDispatcher()
        assert not fault_menu_again(dispatcher, tracker(prompt, product))
        assert dispatcher.messages == []


def test_a_question_right_after_the_menu_is_no_description_to_place_in_it():
    # hand conversation (session 20): 「那换个屏多少钱」 after the phone's faults got the menu again
    dispatcher = CollectingDispatcher()
    assert not fault_menu_again(dispatcher, tracker(FAULT_MENU, "phone", said="那换个屏多少钱"))
    assert dispatcher.messages == []


def test_a_fault_no_diagnosis_covers_said_in_words_is_registered_not_the_menu_again():
    # a helper's played customer (session 21): 「空调遥控器坏了」 got the air conditioner's menu,
    # which has no such fault, three times
    from rasa_sdk.events import FollowupAction, SlotSet

    from actions.diagnosis import ActionReportFault

    said = "空调遥控器坏了，按了没反应"
    t = tracker(FAULT_MENU, "ac", said=said)
    t.latest_message["entities"] = [{"entity": "product", "value": "ac", "start": 0, "end": 2}]
    dispatcher = CollectingDispatcher()
    events = ActionReportFault().run(dispatcher, t, {})
    assert SlotSet("problem", said) in events and FollowupAction("ticket_form") in events
    assert "登记维修" in dispatcher.messages[0]["text"]


def test_at_the_menu_such_a_fault_is_its_repair_button():
    from rasa_sdk.events import SlotSet

    from actions.common import uncovered_symptom_button

    said = "就是遥控器按了空调没反应啊"
    t = tracker(FAULT_MENU, "ac", said=said)
    t.events[1]["data"] = {"buttons": [{"title": "都不是，登记维修", "payload": "/request_repair"}]}
    events = uncovered_symptom_button(t)
    assert events[-2]["parse_data"]["intent"]["name"] == "request_repair"
    assert events[-1] == SlotSet("problem", said)


def test_a_fault_without_a_product_right_after_the_menu_is_that_products():
    # 「不进水」 after the washer's menu, read as a fault of no product: the washer's
    from rasa_sdk.events import FollowupAction, SlotSet

    from actions.diagnosis import ActionReportFault

    t = tracker(FAULT_MENU, "washer", said="不进水")
    t.latest_message["entities"] = []
    events = ActionReportFault().run(CollectingDispatcher(), t, {})
    assert SlotSet("problem", "不进水") in events and FollowupAction("ticket_form") in events
