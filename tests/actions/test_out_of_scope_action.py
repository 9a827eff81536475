"""The polite refusal of what is not for us, and what is not refused though the NLU reads it so."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ASK_WHERE
from actions.out_of_scope import ActionOutOfScope


def conversation(*events: dict) -> Tracker:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": "oos-test",
            "slots": {},
            "latest_message": latest["parse_data"],
            "events": list(events),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def user(text: str, intent: str) -> dict:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.97}, "entities": []}
    return {"event": "user", "text": text, "parse_data": parse}


def replies(tracker: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, tracker, {})
    return [m.get("text") or m.get("response") for m in dispatcher.messages]


def test_a_place_right_after_the_where_question_gets_the_outlets():
    # CI, session 12: the retrained model read 「南京鼓楼区」 as not for us (0.97), and the customer
    # who had asked for the nearest outlet was refused
    tracker = conversation(
        user("附近的维修网点在哪里", "ask_service_outlet"),
        {"event": "bot", "text": ASK_WHERE},
        {"event": "action", "name": "action_listen"},
        user("南京鼓楼区", "out_of_scope"),
    )
    [answer] = replies(tracker)
    assert "南京鼓楼" in answer and answer.index("南京鼓楼") < answer.index("南京江宁")


def test_anything_else_after_the_where_question_is_still_refused_politely():
    tracker = conversation(
        user("附近的维修网点在哪里", "ask_service_outlet"),
        {"event": "bot", "text": ASK_WHERE},
        {"event": "action", "name": "action_listen"},
        user("今天天气怎么样", "out_of_scope"),
    )
    assert replies(tracker) == ["utter_out_of_scope"]


def test_a_place_without_the_question_is_refused():
    tracker = conversation(user("南京鼓楼区", "out_of_scope"))
    assert replies(tracker) == ["utter_out_of_scope"]


def test_an_appliance_the_bot_does_not_diagnose_is_sent_to_the_hotline_not_refused():
    # hand conversation (session 19): 「我家热水器不出热水了」 got the refusal 「这个问题我帮不上忙」
    [answer] = replies(conversation(user("我家热水器不出热水了", "out_of_scope")))
    assert "电视、冰箱、空调、洗衣机和手机" in answer and "4006-100-100" in answer, answer


def test_an_everyday_request_naming_no_appliance_still_gets_the_refusal():
    assert replies(conversation(user("帮我订一张去北京的机票", "out_of_scope"))) == [
        "utter_out_of_scope"
    ]


def test_at_the_ticket_summary_the_summary_comes_again_after_the_answer():
    # hand conversation (session 20): a question at the summary, then 「确认提交」 was not
    # understood and the repair was never registered
    from rasa_sdk.events import FollowupAction

    at_summary = conversation(
        {"event": "action", "name": "action_ticket_summary"},
        {"event": "bot", "text": "请核对报修信息：…"},
        {"event": "action", "name": "action_listen"},
        user("今天天气怎么样", "out_of_scope"),
    )
    events = ActionOutOfScope().run(CollectingDispatcher(), at_summary, {})
    assert events == [FollowupAction("action_ticket_summary")]
    elsewhere = conversation(
        {"event": "action", "name": "action_listen"}, user("今天天气怎么样", "out_of_scope")
    )
    assert ActionOutOfScope().run(CollectingDispatcher(), elsewhere, {}) == []
