"""What a restart, a rewind or an undo took back is not read again: the helpers of
``actions/common.py`` read the tracker through rasa_sdk's ``applied_events()`` and
``get_last_event_for``, not the raw ``tracker.events``."""

from typing import Any

from rasa_sdk import Tracker

from actions.common import form_runs_after_user_message, transcript, value_before_latest_message
from actions.tickets import customer_texts, source_text

LISTEN = {"event": "action", "name": "action_listen"}


def user(text: str, intent: str = "inform", **entities: str) -> dict[str, Any]:
    found = [{"entity": name, "value": value} for name, value in entities.items()]
    return {
        "event": "user",
        "text": text,
        "timestamp": 1764460800.0,
        "parse_data": {"text": text, "intent": {"name": intent}, "entities": found},
    }


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": 1764460801.0}


def tracker(events: list[dict[str, Any]], **slots: Any) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker("history", slots, latest, events, False, None, {}, "action_listen")


def test_a_transcript_leaves_out_what_a_restart_and_a_rewind_took_back():
    events = [
        LISTEN,
        user("我家电视黑屏了"),
        bot("请先检查电源线。"),
        {"event": "restart"},
        LISTEN,
        user("我要转人工"),
        bot("好的，正在为您转接。"),
        LISTEN,
        user("不小心点错了"),
        {"event": "rewind"},
    ]
    lines = [(u.speaker, u.text) for u in transcript(tracker(events))]
    assert lines == [("customer", "我要转人工"), ("bot", "好的，正在为您转接。")]
    raw = [e["text"] for e in events if e["event"] in ("user", "bot")]
    assert len(raw) == 5  # what reading tracker.events would have put on the ticket


def test_a_slot_value_from_before_a_restart_is_not_the_value_before_the_latest_message():
    events = [
        LISTEN,
        user("13912345678"),
        {"event": "slot", "name": "phone_number", "value": "13912345678"},
        {"event": "restart"},
        LISTEN,
        user("13800001111"),
        {"event": "slot", "name": "phone_number", "value": "13800001111"},
    ]
    assert value_before_latest_message(tracker(events), "phone_number") is None
    kept = events[:3] + events[4:]  # the same conversation without the restart
    assert value_before_latest_message(tracker(kept), "phone_number") == "13912345678"


def test_a_rewound_message_is_not_the_message_a_form_runs_after():
    """After a rewind the form resumes after the bot's detour, not after a fresh customer message."""
    events = [
        LISTEN,
        user("我要报修", "request_repair"),
        {"event": "action", "name": "utter_ask_city"},
        LISTEN,
        user("你们是机器人吗", "bot_challenge"),
        {"event": "rewind"},
        {"event": "action", "name": "ticket_form"},
    ]
    assert not form_runs_after_user_message(tracker(events))
    fresh = [LISTEN, user("青岛"), {"event": "action", "name": "ticket_form"}]
    assert form_runs_after_user_message(tracker(fresh))


def test_the_customer_texts_and_an_entity_source_skip_what_was_undone():
    events = [
        LISTEN,
        user("冰箱是去年买的", purchase_date="去年"),
        {"event": "restart"},
        LISTEN,
        user("洗衣机不脱水"),
    ]
    assert customer_texts(tracker(events)) == ["洗衣机不脱水"]
    assert source_text(tracker(events), "purchase_date", "去年") is None
