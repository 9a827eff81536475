"""A typed reply at a button offer is read as the button it names (bot.dialogue.replies.chosen_button)."""

import pytest

from bot.dialogue.clarify import give_up_offer
from bot.dialogue.messages import slot_way_out, step_way_out, unresolved_message
from bot.dialogue.replies import chosen_button
from bot.knowledge import get_knowledge

WORDING = get_knowledge().replies


def buttons(message):
    return [(b.title, b.payload) for b in message.buttons]


@pytest.mark.parametrize(
    "text, payload",
    [
        ("好的，登记吧", "/request_repair"),
        ("转人工吧", "/request_human"),
        ("找个人工", "/request_human"),
        ("行吧，帮我找个真人", "/request_human"),
        ("还是不行，转人工吧", "/request_human"),  # 不 in another clause
        ("不要转人工，登记吧", "/request_repair"),  # 不要 before 转人工
        ("上门修一下吧", "/request_repair"),
        ("嗯嗯", None),
        ("客服电话多少", None),  # a question, not a choice
        ("呃呃呃", None),
    ],
)
def test_the_give_up_offer(text, payload):
    assert chosen_button(text, buttons(give_up_offer()), WORDING) == payload


def test_the_way_out_of_a_step_and_of_a_field():
    step = buttons(step_way_out())
    assert chosen_button("跳过吧", step, WORDING) == "跳过这一步"
    assert chosen_button("那就登记报修", step, WORDING) == "/request_repair"
    field = buttons(slot_way_out(skippable=True))
    assert chosen_button("跳过吧", field, WORDING) == "不知道"
    assert chosen_button("算了不办了", field, WORDING) == "/stop"
    assert chosen_button("人工", field, WORDING) == "/request_human"


def test_a_yes_no_offer_answered_in_words():
    offer = buttons(unresolved_message(None))
    assert chosen_button("行，帮我登记一下", offer, WORDING) == "/affirm"
    assert chosen_button("先不用了", offer, WORDING) == "/deny"


def test_a_correction_typed_at_the_summary_is_its_has_errors_button():
    from bot.dialogue.messages import ticket_summary

    summary = buttons(ticket_summary({}, "电视黑屏"))
    assert (
        chosen_button("名字错了，我叫吴磊", summary, WORDING) == "/deny"
    )  # → action_correct_ticket
    assert chosen_button("信息都对，提交吧", summary, WORDING) == "/affirm"


def test_i_dont_know_at_a_step_asking_for_a_detail_is_the_answer():
    from bot.dialogue.replies import Reading, read_reply
    from bot.knowledge.diagnosis import Answer

    imei = get_knowledge().diagnosis("phone_no_boot").steps["imei"]
    read = read_reply(imei, "out_of_scope", "包装盒找不到了，不知道", "phone_no_boot", WORDING)
    assert read.reading is Reading.ANSWER and read.answer is Answer.TEXT  # not the help again
    assert read_reply(imei, "nlu_fallback", "IMEI在哪看", "phone_no_boot", WORDING).reading is (
        Reading.HELP
    )


def test_a_check_asking_whether_the_harmless_case_is_theirs_offers_its_own_buttons():
    """「您听到的属于这类声音吗？」 once offered 「好了，解决了 / 还是不行 / 这步试过了」."""
    from bot.dialogue.messages import step_message

    normal = step_message(get_knowledge().diagnosis("ac_noise").step("normal_sounds"))
    assert buttons(normal) == [("是这类声音", "/affirm"), ("不是，声音不一样", "/deny")]
    usual = step_message(get_knowledge().diagnosis("ac_noise").step("indoor_panel"))
    assert [title for title, _ in buttons(usual)] == ["好了，解决了", "还是不行", "这步试过了"]


def test_the_harmless_case_ends_with_what_it_means_not_a_fix():
    from bot.dialogue.messages import resolved_message

    normal = get_knowledge().diagnosis("fridge_noise").step("normal_sounds")
    settled = resolved_message(normal)
    assert "正常工作的声音" in settled.text and "问题解决了" not in settled.text
    assert len(buttons(settled)) == 5  # the rating still follows
    usual = get_knowledge().diagnosis("fridge_noise").step("level")
    assert "问题解决了" in resolved_message(usual).text
