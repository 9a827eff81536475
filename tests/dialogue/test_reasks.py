"""The re-ask counter: every prompt for the same thing counts, also after a detour."""

from bot.dialogue.reasks import MAX_ASKS, prompt_key, should_offer_way_out, times_asked


def bot(prompt=None, utter_action=None, text="…"):
    metadata = {}
    if prompt:
        metadata["prompt"] = prompt
    if utter_action:
        metadata["utter_action"] = utter_action
    return {"event": "bot", "text": text, "metadata": metadata}


def user(text):
    return {"event": "user", "text": text}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_prompts_of_the_same_step_are_counted_across_a_detour():
    events = [
        slot("diag_step", "hdmi_cable"),
        bot("diag_answer"),
        user("嗯？"),
        bot("diag_answer"),
        user("保修多久"),
        bot(text="保修一年"),
        bot("diag_answer"),
    ]
    assert times_asked(events, "diag_answer", reset_on=("diag_step",)) == 3


def test_a_new_step_starts_the_count_again():
    events = [
        slot("diag_step", "a"),
        bot("diag_answer"),
        bot("diag_answer"),
        slot("diag_step", "b"),
        bot("diag_answer"),
    ]
    assert times_asked(events, "diag_answer", reset_on=("diag_step",)) == 1
    assert not should_offer_way_out(events, "diag_answer", reset_on=("diag_step",))


def test_the_domains_utter_ask_prompts_count_until_the_slot_is_filled():
    asked = bot(utter_action="utter_ask_phone_number")
    events = [asked, user("258"), asked]
    assert should_offer_way_out(events, "phone_number")  # the third would be the same question
    assert times_asked(events + [slot("phone_number", "13912345678")], "phone_number") == 0
    assert times_asked(events + [slot("phone_number", None)], "phone_number") == 2


def test_other_prompts_and_the_offer_are_counted_apart():
    events = [
        bot("diag_answer:help"),
        bot("diag_answer:help"),
        bot(prompt_key("diag_answer", "offer")),
    ]
    assert times_asked(events, "diag_answer") == 0
    assert times_asked(events, "diag_answer:help") == 2
    assert times_asked(events, "diag_answer:offer") == 1


def test_a_restart_forgets():
    events = [bot("city"), bot("city"), {"event": "restart"}, bot("city")]
    assert times_asked(events, "city") == 1


def test_the_limit_is_two():
    assert MAX_ASKS == 2
