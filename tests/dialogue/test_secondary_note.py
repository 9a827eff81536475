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


def test_another_products_fault_is_named_only_when_the_message_names_that_product():
    # hand conversation (session 20): 「洗衣机不排水了 我家是波轮的 水一直在桶里 E3」, diagnosed as
    # the washer's code, was told 「您还提到了「空调显示故障代码」」
    from bot.knowledge import get_knowledge

    washer_code = get_knowledge().diagnosis("washer_error_code")
    parse = {
        "secondary_intents": [{"name": "ac_error_code", "confidence": 0.93}],
        "entities": [{"entity": "product", "value": "washer"}],
    }
    assert secondary_note(parse, washer_code) is None
    parse["entities"].append({"entity": "product", "value": "ac"})
    assert "空调显示故障代码" in secondary_note(parse, washer_code).text
