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
