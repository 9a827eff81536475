"""Policy questions answered from the knowledge base, with what the customer named."""

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq


def asked(text: str, *before: dict, entities=()) -> Tracker:
    parse = {
        "text": text,
        "intent": {"name": "ask_warranty", "confidence": 0.95},
        "entities": list(entities),
    }
    return Tracker.from_dict(
        {
            "sender_id": "faq-test",
            "slots": {},
            "latest_message": parse,
            "events": [*before, {"event": "user", "text": text, "parse_data": parse}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def answer(tracker: Tracker) -> tuple[str, list]:
    dispatcher = CollectingDispatcher()
    events = ActionAnswerFaq().run(dispatcher, tracker, {})
    return dispatcher.messages[0]["text"], events


def test_a_warranty_question_naming_a_product_gets_that_products_periods():
    # hand conversation (session 20): 「你们冰箱保修几年啊」 got the general text, no fridge figures
    text, _ = answer(asked("你们冰箱保修几年啊"))
    assert text.startswith("冰箱的保修期") and "整机：1 年" in text and "压缩机" in text


def test_a_warranty_question_naming_nothing_gets_the_general_answer():
    text, _ = answer(asked("保修政策是什么"))
    assert "保修期按国家三包规定" in text


def test_asked_at_the_ticket_summary_the_summary_comes_again():
    at_summary = asked(
        "保修期内免费吗",
        {"event": "action", "name": "action_ticket_summary"},
        {"event": "bot", "text": "请核对报修信息：…"},
        {"event": "action", "name": "action_listen"},
    )
    assert answer(at_summary)[1] == [FollowupAction("action_ticket_summary")]


def test_asked_at_the_summary_through_a_clarifying_question_the_summary_comes_again():
    # a helper's played customer (session 21): 「上门修要收钱不？」 at the summary was asked back
    # (延保 or 维修收费); the fee answered, 「确认提交」 was no longer understood, the repair lost
    through_a_question = asked(
        "/ask_repair_fee",
        {"event": "action", "name": "action_ticket_summary"},
        {"event": "bot", "text": "请核对报修信息：…"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "购买时间是2024年3月的，上门修要收钱不？"},
        {"event": "action", "name": "action_clarify"},
        {"event": "bot", "text": "您是想问哪一个？"},
        {"event": "action", "name": "action_listen"},
    )
    assert answer(through_a_question)[1] == [FollowupAction("action_ticket_summary")]


def test_asked_after_the_summary_was_answered_no_summary_comes():
    after_a_diagnosis = asked(
        "保修期内免费吗",
        {"event": "action", "name": "action_ticket_summary"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "冰箱不制冷"},
        {"event": "action", "name": "action_start_diagnosis"},
        {"event": "action", "name": "action_listen"},
    )
    assert answer(after_a_diagnosis)[1] == []


def test_an_extended_warranty_question_with_a_purchase_date_says_if_it_can_be_bought():
    # a helper's played customers (session 21): 「我今年八月份买的冰相，现在还能买延保吗」 got the
    # general terms only, and 「所以我是买不了了对吧？」 was never answered
    from datetime import date

    from actions import faq

    def extended(text):
        tracker = asked(text)
        tracker.latest_message["intent"] = {"name": "ask_extended_warranty", "confidence": 0.9}
        dispatcher = CollectingDispatcher()
        ActionAnswerFaq().run(dispatcher, tracker, {})
        return dispatcher.messages[0]["text"]

    today = date.today()
    recent = extended(
        f"我{today.year - 1 if today.month < 3 else today.year}年{max(today.month - 2, 1)}月买的冰箱，还能买延保吗"
    )
    assert "还能买延保" in recent and "购买时限" in recent
    assert "买不了延保了" in extended("2021年5月买的冰箱，能买延保吗")
    assert "买不了" not in extended("延保怎么买")
    assert faq.DAMAGE.search("屏幕摔碎了保修吗")


def test_a_warranty_question_about_damage_says_first_that_damage_is_paid_for():
    tracker = asked("手机摔碎的保修吗？买了才3个月")
    dispatcher = CollectingDispatcher()
    ActionAnswerFaq().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("先说明：摔碰、进水")
