"""Typed words at a button offer act as the button they name (issue 19): 「好的，登记吧」,
「转人工吧」, 「找个人工」 at the way out after two replies the bot could not read; and the core
fallback never says 「没太理解」 a third time in a row at the same point, also after its offer."""

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.clarify import ActionClarify
from actions.diagnosis import ActionAskDiagAnswer, ValidateDiagnosisForm
from actions.fallback import ActionDefaultFallback
from actions.reask import ASK_ACTIONS
from actions.tickets import ValidateTicketForm
from tests.actions.conftest import slot_events
from tests.actions.test_never_trapped import Conversation, at_step, last_texts, reply


def rewritten_as(events) -> str | None:
    """The intent the customer's message is read again as (UserUtteranceReverted + UserUttered)."""
    said = [e for e in events if e.get("event") == "user"]
    assert not said or events[0] == {"event": "rewind", "timestamp": None}
    return said[-1]["parse_data"]["intent"]["name"] if said else None


def clarified_to_the_way_out(dispatcher, domain) -> Conversation:
    chat = Conversation()
    for text in ("嗯嗯嗯", "啊啊", "哦哦"):
        chat.user(text, "nlu_fallback")
        ActionClarify().run(dispatcher, chat.tracker(), domain)
        chat.heard(dispatcher).listen()
    assert "登记上门维修" in last_texts(chat)[0]
    return chat


def test_typed_words_at_the_clarify_way_out_are_its_buttons(dispatcher, domain):
    for text, intent in (
        ("好的，登记吧", "request_repair"),
        ("转人工吧", "request_human"),
        ("找个人工", "request_human"),
        ("不要转人工，登记吧", "request_repair"),
    ):
        chat = clarified_to_the_way_out(dispatcher, domain)
        chat.user(text, "nlu_fallback")
        assert rewritten_as(ActionClarify().run(dispatcher, chat.tracker(), domain)) == intent
        assert dispatcher.messages == []  # no 「没太理解」


def bot_offer(text: str, *buttons: tuple[str, str], **metadata: str) -> dict:
    """A bot message with buttons (title, payload), as the tracker holds it."""
    return {
        "event": "bot",
        "text": text,
        "data": {"buttons": [{"title": t, "payload": p} for t, p in buttons]},
        "metadata": metadata,
    }


def fallback_chat(*replies: tuple[str, str]) -> Conversation:
    """The core fallback's replies so far (its way out comes with buttons)."""
    chat = Conversation()
    for text, reply_kind in replies:
        chat.user(text, "affirm")
        chat.events.append(
            {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_default"}}
            if reply_kind == "default"
            else bot_offer(
                "抱歉，我还是没能理解您的问题",
                ("转人工客服", "/request_human"),
                ("登记上门维修", "/request_repair"),
                prompt="fallback:offer",
            )
        )
        chat.listen()
    return chat


def test_typed_words_at_the_fallback_way_out_are_its_buttons(dispatcher, domain):
    chat = fallback_chat(("嗯", "default"), ("啊", "default"), ("哦", "offer"))
    chat.user("好的，登记吧", "affirm")
    events = ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
    assert rewritten_as(events) == "request_repair" and dispatcher.messages == []


def test_the_fallback_count_does_not_start_again_after_its_offer(dispatcher, domain):
    chat = fallback_chat(("嗯", "default"), ("啊", "default"), ("哦", "offer"))
    chat.user("呃呃", "affirm")
    ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
    [again] = dispatcher.messages
    assert "没太理解" not in str(again) and again["prompt"] == "fallback:offer"
    dispatcher.messages.clear()

    chat = fallback_chat(("嗯", "default"), ("啊", "default"), ("哦", "offer"), ("呃", "offer"))
    chat.user("呃呃", "affirm")
    ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
    [note] = dispatcher.messages
    assert "转人工客服" in note["text"] and not note.get("buttons")  # no third offer either
    assert "？" not in note["text"]


async def test_register_typed_at_the_step_way_out_is_the_button_not_fixed(dispatcher, domain):
    chat = at_step("tv_no_picture", "hdmi_cable")
    ActionAskDiagAnswer().run(dispatcher, chat.tracker("diagnosis_form"), domain)
    chat.heard(dispatcher)
    for text in ("呃呃呃", "嘿嘿嘿"):
        await reply(chat, dispatcher, domain, text)
        chat.heard(dispatcher)
    assert "跳过这一步" in last_texts(chat)[0]
    chat.listen().user("好的，登记吧", "affirm")  # the NLU says affirm: 「好了」 to a check step
    tracker = chat.tracker("diagnosis_form")
    events = await ValidateDiagnosisForm().run(dispatcher, tracker, domain)
    assert FollowupAction("ticket_form") in events and ActiveLoop(None) in events
    assert "diag_outcome" not in slot_events(events)


async def test_a_person_asked_for_in_words_at_a_fields_way_out(dispatcher, domain):
    action = ASK_ACTIONS["phone_number"]()
    chat = Conversation(requested_slot="phone_number", fault="tv_no_picture")
    for answer in ("与您联系（258）", "258"):
        action.run(dispatcher, chat.tracker("ticket_form"), domain)
        chat.heard(dispatcher).listen().user(answer, "inform")
    action.run(dispatcher, chat.tracker("ticket_form"), domain)
    chat.heard(dispatcher).listen().user("找个人工", "nlu_fallback")
    events = await ValidateTicketForm().run(dispatcher, chat.tracker("ticket_form"), domain)
    assert events == [
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        FollowupAction("action_handoff"),
    ]


async def test_an_ordinary_answer_at_a_field_is_not_a_button(dispatcher, domain):
    chat = Conversation(requested_slot="phone_number", fault="tv_no_picture")
    ASK_ACTIONS["phone_number"]().run(dispatcher, chat.tracker("ticket_form"), domain)
    chat.heard(dispatcher).listen().user("13912345678", "inform")
    chat.set(phone_number="13912345678")
    events = await ValidateTicketForm().run(dispatcher, chat.tracker("ticket_form"), domain)
    assert FollowupAction("action_handoff") not in events


def test_asking_back_and_the_fallback_count_together(dispatcher, domain):
    """「没太理解」 from the clarifying question, then the core fallback: the third is the offer."""
    chat = Conversation()
    chat.user("名字错了，我叫吴磊", "nlu_fallback")
    chat.events.append({"event": "bot", "text": "我想确认一下…", "metadata": {"prompt": "clarify"}})
    chat.listen().user("/nlu_fallback", "nlu_fallback")
    chat.events.append(
        {"event": "bot", "text": "抱歉，我没太理解您的意思。", "metadata": {"prompt": "clarify"}}
    )
    chat.listen().user("我的名字是吴磊", "inform")
    ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
    [offer] = dispatcher.messages
    assert offer["prompt"] == "fallback:offer" and "没太理解" not in offer["text"]


def test_the_fallbacks_own_way_out_is_seen_although_it_was_reverted(dispatcher, domain):
    """The core fallback reverts the message it answered, and with it its offer; the customer saw
    the offer all the same, and 「好的，登记吧」 answers it."""
    chat = fallback_chat(("嗯", "default"), ("啊", "default"), ("哦", "offer"))
    chat.events.append({"event": "rewind"})  # UserUtteranceReverted, as Rasa logs it
    chat.user("好的，登记吧", "affirm")
    events = ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
    assert rewritten_as(events) == "request_repair" and dispatcher.messages == []


def test_a_button_read_again_keeps_its_entities():
    from actions.common import read_again_as

    chat = Conversation().user("电视别的毛病", "nlu_fallback")
    said = read_again_as(chat.tracker(), '/report_fault{"product": "tv"}')[-1]["parse_data"]
    assert said["intent"]["name"] == "report_fault"
    assert said["entities"] == [{"entity": "product", "value": "tv"}]
    assert said["text"] == "电视别的毛病"


def ticket_offer() -> Conversation:
    """The phone's yes / no ticket offer at the end of a diagnosis, as the customer saw it."""
    chat = Conversation()
    chat.events.append(
        bot_offer(
            "需要我现在为您登记报修吗？", ("好的，帮我报修", "/affirm"), ("暂时不用", "/deny")
        )
    )
    return chat.listen()


def test_a_typed_yes_read_as_not_for_us_is_the_button(dispatcher, domain):
    # seed 2 of make converse: 「行，帮我登记一下」 at the offer got the polite refusal
    from actions.out_of_scope import ActionOutOfScope

    chat = ticket_offer().user("行，帮我登记一下", "out_of_scope")
    assert rewritten_as(ActionOutOfScope().run(dispatcher, chat.tracker(), domain)) == "affirm"
    assert dispatcher.messages == []


def test_not_for_us_after_a_button_offer_is_still_refused_politely(dispatcher, domain):
    from actions.out_of_scope import ActionOutOfScope

    chat = ticket_offer().user("帮我查一下明天的天气", "out_of_scope")
    assert ActionOutOfScope().run(dispatcher, chat.tracker(), domain) == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]
