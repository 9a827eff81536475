"""The model and the purchase date are asked in one question when both are still wanted."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.reask import ASK_ACTIONS


def asked(slot: str, **slots) -> dict:
    """The one message the ask action of ``slot`` sends in the ticket form."""
    tracker = Tracker(
        slot,
        {"requested_slot": slot, **slots},
        {},
        [],
        False,
        None,
        {"name": "ticket_form"},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ASK_ACTIONS[slot]().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    return message


def ask(**slots) -> dict:
    return asked("product_model", **slots)


def test_both_at_once_when_the_date_is_still_wanted():
    message = ask(fault="tv_no_picture")
    assert "型号和购买时间" in message["text"] and message["prompt"] == "product_model"


def test_the_model_alone_when_the_date_is_known():
    message = ask(fault="tv_no_picture", purchase_date="2024-05")
    assert "电视的型号" in message["text"] and "购买时间" not in message["text"]


def test_the_model_alone_when_the_fault_does_not_collect_the_date():
    # a display code on an air conditioner collects the model and the code, not the date
    assert "室内机侧面的铭牌" in ask(fault="ac_error_code")["text"]


def test_a_phones_model_is_looked_up_in_its_settings_not_on_a_plate():
    # hand conversation: a phone's customer was told to read a TV's or an AC's model plate
    message = ask(fault="phone_no_boot", product="phone")
    assert "关于手机" in message["text"] and "55E3F" not in message["text"]


def test_the_product_named_last_wins_over_a_finished_diagnosis():
    # 「冰箱也坏了，帮我报修」 after a TV's diagnosis: the fridge's plate, not the TV's
    message = ask(fault="tv_no_picture", product="fridge", purchase_date="2024-05")
    assert "冰箱的型号" in message["text"] and "电视" not in message["text"]


def test_without_a_product_the_general_questions():
    assert "铭牌" in ask()["text"]  # 「我要报修」 with no product yet: model and date, any plate
    assert ask(purchase_date="2024-05")["response"] == "utter_ask_product_model"


def test_one_function_decides_the_fields_for_the_question_and_the_form():
    from actions.forms import TICKET_SLOTS, collected_fields

    assert "purchase_date" not in collected_fields("ac_error_code")  # collects model and code
    assert "problem" not in collected_fields("tv_no_picture")  # the diagnosis says what is wrong
    assert {"product_model", "purchase_date"} <= set(collected_fields("tv_no_picture"))
    assert collected_fields(None) == TICKET_SLOTS  # 「我要报修」 without a diagnosis: every field


def ask_city(**slots) -> dict:
    return asked("city", **slots)


def test_a_walk_in_repair_asks_the_district_with_the_city():
    # a phone goes to an outlet: 「北京海淀区」 finds the nearest one (seed 3 of make converse)
    assert "哪个区" in ask_city(fault="phone_no_boot")["text"]
    assert ask_city(fault="tv_no_picture").get("response") == "utter_ask_city"  # then the address
