"""A complaint or a second fault beside the diagnosed fault is acknowledged, not lost."""

from bot.dialogue.secondary import secondary_note


def test_a_complaint_beside_the_fault_is_heard_and_recording_it_is_offered():
    note = secondary_note({"secondary_intents": [{"name": "complaint", "confidence": 0.9}]})
    assert "投诉" in note.text and "记下" in note.text


def test_a_second_fault_is_named():
    note = secondary_note(
        {"secondary_intents": [{"name": "fridge_weak_cooling", "confidence": 0.8}]}
    )
    assert "冰箱不制冷" in note.text


def test_nothing_else_said_nothing_added():
    assert secondary_note({"intent": {"name": "tv_no_picture"}}) is None
    assert (
        secondary_note({"secondary_intents": [{"name": "request_human", "confidence": 0.8}]})
        is None
    )
