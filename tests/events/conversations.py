"""Rasa events as the brokers publish them, for building test conversations."""

import time
from itertools import count
from typing import Any

_clock = count()
START = time.time() - 2 * 3600  # two hours ago: every test conversation has ended (30 minutes idle)


def at() -> float:
    """The time of the next event (each event 7 s after the one before)."""
    return _at()


def _at() -> float:
    return START + next(_clock) * 7.0


def user(
    sender: str,
    text: str,
    intent: str,
    confidence: float = 0.9,
    ranking: list[tuple] | None = None,
    channel: str = "rest",
) -> dict[str, Any]:
    ranking = ranking or [(intent, confidence)]
    return {
        "event": "user",
        "sender_id": sender,
        "timestamp": _at(),
        "text": text,
        "input_channel": channel,
        "message_id": f"m{next(_clock)}",
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            "entities": [],
        },
    }


def action(sender: str, name: str) -> dict[str, Any]:
    return {"event": "action", "sender_id": sender, "timestamp": _at(), "name": name}


def bot(sender: str, text: str) -> dict[str, Any]:
    return {"event": "bot", "sender_id": sender, "timestamp": _at(), "text": text, "data": {}}


def slot(sender: str, name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "sender_id": sender, "timestamp": _at(), "name": name, "value": value}


def session(sender: str) -> list[dict[str, Any]]:
    return [
        action(sender, "action_session_start"),
        {"event": "session_started", "sender_id": sender, "timestamp": _at()},
        action(sender, "action_listen"),
    ]


def asked_back_then_none_of_these(sender: str) -> list[dict[str, Any]]:
    """A message the bot asked back on, 「都不是」, then a handoff."""
    return session(sender) + [
        user(
            sender,
            "那个东西一闪一闪的 13912345678",
            "nlu_fallback",
            0.3,
            [
                ("nlu_fallback", 0.3),
                ("tv_no_picture", 0.28),
                ("ac_not_cooling", 0.2),
                ("phone_lag", 0.1),
            ],
        ),
        action(sender, "action_clarify"),
        bot(sender, "我想确认一下…"),
        action(sender, "action_listen"),
        user(sender, "/nlu_fallback", "nlu_fallback", 1.0),
        action(sender, "action_clarify"),
        bot(sender, "抱歉，我没太理解…"),
        action(sender, "action_listen"),
        user(sender, "转人工", "request_human", 0.95),
        action(sender, "action_handoff"),
        bot(sender, "好的，已为您转人工"),
    ]


def wrong_fault_then_unreadable_twice(sender: str) -> list[dict[str, Any]]:
    """The bot named a fault, the customer said 不对; later two unreadable answers at one step."""
    return session(sender) + [
        user(
            sender,
            "屏幕有条纹",
            "tv_no_picture",
            0.7,
            [("tv_no_picture", 0.7), ("tv_lines", 0.2)],
            channel="wechat",
        ),
        action(sender, "action_start_diagnosis"),
        slot(sender, "diag_step", "s1"),
        action(sender, "diagnosis_form"),
        bot(sender, "请先看看指示灯"),
        action(sender, "action_listen"),
        user(sender, "不对", "deny", 0.9, channel="wechat"),
        action(sender, "utter_ok"),
        action(sender, "action_listen"),
        user(sender, "冰箱不制冷", "fridge_not_cooling", 0.95, channel="wechat"),
        action(sender, "action_start_diagnosis"),
        slot(sender, "diag_step", "f1"),
        action(sender, "diagnosis_form"),
        action(sender, "action_listen"),
        user(
            sender,
            "嗯嗯那个啥",
            "nlu_fallback",
            0.2,
            [("nlu_fallback", 0.2), ("affirm", 0.19)],
            channel="wechat",
        ),
        action(sender, "utter_step_not_understood"),
        action(sender, "diagnosis_form"),
        action(sender, "action_listen"),
        user(
            sender,
            "哎呀呀",
            "nlu_fallback",
            0.2,
            [("nlu_fallback", 0.2), ("deny", 0.15)],
            channel="wechat",
        ),
        action(sender, "utter_step_not_understood"),
        action(sender, "diagnosis_form"),
        action(sender, "action_listen"),
    ]
