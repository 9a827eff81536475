"""Asking back when unsure, on real trackers: candidates as buttons, then a person or a ticket."""

from actions.clarify import ActionClarify, failed_rounds, offered
from tests.actions.conftest import load_tracker

RANKING = {
    "intent": {"name": "nlu_fallback", "confidence": 0.45},
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "tv_no_picture", "confidence": 0.41},
        {"name": "tv_no_signal", "confidence": 0.39},
        {"name": "inform", "confidence": 0.05},
    ],
    "text": "电视屏幕上啥也没有",
}


def fallback_turns(tracker, count):
    for _ in range(count):
        tracker.events.append(
            {"event": "user", "text": "嗯嗯啊", "parse_data": {"intent": {"name": "nlu_fallback"}}}
        )
    return tracker


def test_the_two_likeliest_meanings_are_offered_by_name():
    found = offered(RANKING)
    assert [c.intent for c in found] == ["tv_no_picture", "tv_no_signal", "report_fault"]
    assert found[0].label == "电视黑屏、没有图像"  # the diagnosis title from the knowledge base


def test_clarification_message_has_buttons_and_none_of_these(dispatcher, domain):
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 1)
    tracker.latest_message = RANKING
    ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"].startswith("我想确认一下，您是想问：")
    assert [b["payload"] for b in message["buttons"]] == [
        "/tv_no_picture",
        "/tv_no_signal",
        '/report_fault{"product":"tv"}',
        "/nlu_fallback",
    ]


def test_after_two_failed_rounds_a_person_or_a_ticket_is_offered(dispatcher, domain):
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 3)
    tracker.latest_message = RANKING
    assert failed_rounds(tracker) == 3
    ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == ["/request_human", "/request_repair"]


def test_an_understood_message_resets_the_count():
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 2)
    tracker.events.append(
        {"event": "user", "text": "好的", "parse_data": {"intent": {"name": "affirm"}}}
    )
    assert failed_rounds(tracker) == 0


def test_a_question_the_knowledge_base_answers_by_topic_is_answered(dispatcher, domain):
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 1)
    tracker.latest_message = {**RANKING, "text": "新电视想挂到墙上，挂架怎么弄"}
    ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert "挂架" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/request_repair"]


def test_an_appliance_this_bot_does_not_diagnose_is_sent_to_the_hotline(dispatcher, domain):
    # a helper's played customer (session 21): 「…你们能修燃气灶吗」 was asked back with 电视没声音
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 1)
    tracker.latest_message = {**RANKING, "text": "就是点火器啪啪响火不出来。你们能修燃气灶吗"}
    ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert "不在我能在线排查的范围" in message["text"]


def test_the_fallback_intent_has_one_name_in_bot_and_in_rasa_sdk():
    """bot/ may not import rasa_sdk, so it keeps its own name for the fallback intent: the same one."""
    from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
    from rasa_sdk.interfaces import NLU_FALLBACK_INTENT_NAME

    from bot.knowledge.base import NLU_FALLBACK

    assert NLU_FALLBACK == NLU_FALLBACK_INTENT_NAME == DEFAULT_NLU_FALLBACK_INTENT_NAME


def _after_offer(text: str, buttons: list[str]):
    tracker = load_tracker("tv_hdmi_step_question")
    last_user = max(i for i, e in enumerate(tracker.events) if e["event"] == "user")
    offer = {
        "event": "bot",
        "text": "需要我现在为您登记报修吗？",
        "data": {"buttons": [{"title": p, "payload": p} for p in buttons]},
    }
    tracker.events[last_user:last_user] = [offer, {"event": "action", "name": "action_listen"}]
    tracker.events[-1] = {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": "nlu_fallback"}},
    }
    tracker.latest_message = {
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [],
        "text": text,
    }
    return tracker


def test_agreeing_in_words_to_a_yes_no_offer_is_the_yes_button(dispatcher, domain):
    events = ActionClarify().run(
        dispatcher, _after_offer("行，帮我登记一下", ["/affirm", "/deny"]), domain
    )
    assert dispatcher.messages == []  # no clarifying question
    assert [e["event"] for e in events] == ["rewind", "action", "user"]
    assert (
        events[2]["parse_data"]["intent"]["name"] == "affirm"
        and events[2]["text"] == "行，帮我登记一下"
    )


def test_declining_in_words_is_the_no_button(dispatcher, domain):
    events = ActionClarify().run(
        dispatcher, _after_offer("先不用了吧", ["/affirm", "/deny"]), domain
    )
    assert events[2]["parse_data"]["intent"]["name"] == "deny"


def test_the_same_words_without_an_offer_are_asked_back(dispatcher, domain):
    ActionClarify().run(dispatcher, _after_offer("行，帮我登记一下", ["/tv_no_picture"]), domain)
    assert dispatcher.messages  # asked back (or answered), never read as a yes


def test_an_unhappy_customer_is_also_offered_a_complaint(dispatcher, domain):
    tracker = fallback_turns(load_tracker("tv_hdmi_step_question"), 1)
    tracker.latest_message = {**RANKING, "text": "电视屏幕上啥也没有，售后说等三天，太失望了"}
    ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == [
        "/tv_no_picture",
        "/tv_no_signal",
        '/report_fault{"product":"tv"}',
        "/complaint",
        "/nlu_fallback",
    ]
    assert "投诉" in message["text"]
    # an upset customer hears an apology before the question (a played customer, session 22)
    assert message["text"].startswith("实在抱歉让您着急了")


def test_a_complaint_already_guessed_is_offered_once():
    ranking = {
        **RANKING,
        "intent_ranking": [
            {"name": "complaint", "confidence": 0.45},
            {"name": "tv_no_picture", "confidence": 0.41},
        ],
        "text": "电视黑屏，客服也不管，差评",
    }
    assert [c.intent for c in offered(ranking)].count("complaint") == 1


def test_a_fault_button_named_by_the_customers_words_is_that_button(dispatcher, domain):
    # a helper's played customer (session 21): 「就是黑了 有声音好像」 after 电视黑屏 was offered got
    # 「这个问题我帮不上忙」
    offered = ["/ask_service_channels", "/tv_no_picture", '/report_fault{"product":"tv"}']
    events = ActionClarify().run(dispatcher, _after_offer("就是黑了 有声音好像", offered), domain)
    assert events[2]["parse_data"]["intent"]["name"] == "tv_no_picture"
