"""The core fallback never says 「没太理解」 a third time in a row."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDefaultFallback


def tracker_after(replies: list[str]) -> Tracker:
    events = []
    for reply in replies:
        events += [
            {
                "event": "user",
                "text": "/deny",
                "parse_data": {"intent": {"name": "deny", "confidence": 1.0}},
            },
            {"event": "bot", "text": "…", "metadata": {"utter_action": reply} if reply else {}},
        ]
    events.append(
        {
            "event": "user",
            "text": "/deny",
            "parse_data": {"intent": {"name": "deny", "confidence": 1.0}},
        }
    )
    return Tracker(
        "fallback", {}, events[-1]["parse_data"], events, False, None, None, "action_listen"
    )


def run(tracker: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    events = ActionDefaultFallback().run(dispatcher, tracker, {})
    assert events == [
        {"event": "rewind", "timestamp": None}
    ]  # the message is reverted, as Rasa's own does
    return dispatcher


def test_the_first_two_times_it_asks_to_rephrase():
    assert run(tracker_after([None])).messages[0]["response"] == "utter_default"
    assert run(tracker_after([None, "utter_default"])).messages[0]["response"] == "utter_default"


def test_the_third_time_it_offers_a_person_or_a_ticket():
    [message] = run(
        tracker_after(["utter_out_of_scope", "utter_default", "utter_default"])
    ).messages
    assert "转人工客服" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/request_human", "/request_repair"]


def test_another_reply_in_between_starts_the_count_again():
    assert (
        run(tracker_after(["utter_default", "utter_default", None])).messages[0]["response"]
        == "utter_default"
    )


def test_a_hazard_named_in_a_message_the_nlu_read_as_details_gets_the_safety_advice():
    # CI: 「我儿子去开洗衣机盖 被电得一哆嗦」 read as inform (0.69) got 「没太理解」
    said = {
        "text": "我儿子去开洗衣机盖 被电得一哆嗦",
        "intent": {"name": "inform", "confidence": 0.69},
        "entities": [],
    }
    events = [{"event": "user", "text": said["text"], "parse_data": said}]
    tracker = Tracker("shock", {}, said, events, False, None, None, "action_listen")
    dispatcher = CollectingDispatcher()
    assert ActionDefaultFallback().run(dispatcher, tracker, {}) == [
        {"event": "followup", "timestamp": None, "name": "action_safety_advice"}
    ]
    assert not dispatcher.messages  # the safety action speaks, not the fallback
