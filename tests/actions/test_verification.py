"""Issue 20, findings 3 and 9: who may see and rate a ticket (real trackers, real SQLite)."""

import re

import pytest

from actions.feedback import ActionStoreFeedback
from actions.tickets import ActionTicketStatus, ValidateTicketQueryForm
from bot.tickets.model import Kind, Priority, Status
from bot.tickets.services import TicketRequest, change_status, find_ticket, open_ticket
from tests.actions.conftest import load_tracker, texts

MOBILE = "13905321234"


@pytest.fixture(autouse=True)
def sms_file(tmp_path, monkeypatch):
    path = tmp_path / "sms.txt"
    monkeypatch.setenv("SMS_PROVIDER", "file")
    monkeypatch.setenv("SMS_OUTBOX_FILE", str(path))
    return path


def a_ticket(conversation: str = "someone-else"):
    return open_ticket(
        TicketRequest(
            kind=Kind.REPAIR,
            priority=Priority.P3,
            customer_name="李娜",
            mobile=MOBILE,
            fault="洗衣机不排水",
            city="青岛",
            address="市南区香港中路8号",
            conversation_id=conversation,
        )
    )


def lookup(**slots):
    return load_tracker("ticket_confirm", **{"ticket_id": None, **slots})


def test_the_last_four_digits_or_a_forged_check_show_nothing(dispatcher, domain):
    a_ticket()
    for forged in ("ok", "1234", "sms:0123456789abcdef0123456789abcdef", "wechat:x"):
        dispatcher.messages.clear()
        ActionTicketStatus().run(
            dispatcher, lookup(lookup_mobile=MOBILE, mobile_check=forged), domain
        )
        assert dispatcher.messages[0]["response"] == "utter_mobile_check_failed", forged


def test_a_mobile_lookup_sends_a_code_and_shows_tickets_only_with_it(dispatcher, domain, sms_file):
    ticket = a_ticket()
    form = ValidateTicketQueryForm()
    started = form.validate_ticket_id(f"查进度 {MOBILE}", dispatcher, lookup(), domain)
    assert started["lookup_mobile"] == MOBILE and not started.get("mobile_check")
    sent_to, message = sms_file.read_text(encoding="utf-8").strip().split("\t")
    code = re.search(r"\d{6}", message).group(0)
    assert sent_to == MOBILE

    assert (
        form.validate_mobile_check("1234", dispatcher, lookup(lookup_mobile=MOBILE), domain)[
            "mobile_check"
        ]
        == "failed"
    )
    proof = form.validate_mobile_check(code, dispatcher, lookup(lookup_mobile=MOBILE), domain)[
        "mobile_check"
    ]
    dispatcher.messages.clear()
    ActionTicketStatus().run(dispatcher, lookup(lookup_mobile=MOBILE, mobile_check=proof), domain)
    assert ticket.number in texts(dispatcher)[0]
    # the proof belongs to that conversation: another one cannot reuse it
    other = lookup(lookup_mobile=MOBILE, mobile_check=proof)
    other.sender_id = "another-conversation"
    dispatcher.messages.clear()
    ActionTicketStatus().run(dispatcher, other, domain)
    assert dispatcher.messages[0]["response"] == "utter_mobile_check_failed"


def test_on_wechat_the_openid_sees_only_the_tickets_it_opened(dispatcher, domain):
    tracker = lookup()
    tracker.events.append(
        {"event": "user", "text": f"查进度 {MOBILE}", "input_channel": "wechat", "parse_data": {}}
    )
    theirs, mine = a_ticket("another-openid"), a_ticket(tracker.sender_id)
    started = ValidateTicketQueryForm().validate_ticket_id(
        f"查进度 {MOBILE}", dispatcher, tracker, domain
    )
    tracker.slots.update(started)
    ActionTicketStatus().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)[0]
    assert mine.number in shown and theirs.number not in shown


def test_a_status_by_number_shows_no_name_address_or_mobile(dispatcher, domain):
    ticket = a_ticket()
    ActionTicketStatus().run(dispatcher, lookup(ticket_id=ticket.number), domain)
    shown = texts(dispatcher)[0]
    assert ticket.number in shown and "当前状态" in shown
    assert (
        "李娜" not in shown
        and "香港中路" not in shown
        and MOBILE not in shown
        and "139****" not in shown
    )


def test_a_ticket_is_rated_only_from_its_own_conversation(dispatcher, domain):
    tracker = load_tracker("ticket_confirm", rating="5", rating_comment="-")
    mine, theirs = a_ticket(tracker.sender_id), a_ticket("someone-else")
    for ticket in (mine, theirs):
        for status in (Status.IN_PROGRESS, Status.RESOLVED):
            change_status(ticket.number, status, "staff")
    for ticket in (mine, theirs):
        rating = load_tracker(
            "ticket_confirm", rating="5", rating_comment="-", rating_ticket=ticket.number
        )
        ActionStoreFeedback().run(dispatcher, rating, domain)
    assert find_ticket(mine.number).rating == 5
    assert find_ticket(theirs.number).rating is None


def test_a_status_follow_up_is_about_the_ticket_of_this_conversation(dispatcher, domain):
    # helper's conversations (session 18): 「那现在到哪一步了」 after a status asked the number again
    ticket = a_ticket()
    tracker = lookup(requested_slot=None)
    tracker.events.append(
        {"event": "user", "text": f"查一下 {ticket.number}", "parse_data": {}},
    )
    tracker.latest_message = {"text": "那现在到哪一步了", "intent": {"name": "ask_ticket_status"}}
    assert ValidateTicketQueryForm().extract_ticket_id(dispatcher, tracker, domain) == {
        "ticket_id": ticket.number
    }
    # the conversation's own open ticket when no number was said
    mine = a_ticket(conversation="follow-up-conversation")
    own = lookup(requested_slot=None)
    own.sender_id = "follow-up-conversation"
    own.latest_message = {"text": "我的工单到哪一步了", "intent": {"name": "ask_ticket_status"}}
    assert ValidateTicketQueryForm().extract_ticket_id(dispatcher, own, domain) == {
        "ticket_id": mine.number
    }


async def test_a_number_taken_from_the_conversation_reaches_the_status(dispatcher, domain):
    # a helper's played customer (session 21): right after a complaint, 「查一下之前那个单子」 took
    # the complaint's number from the talk, yet the form ended without it (rasa_sdk keeps only
    # the slots required_slots lists) and the bot asked for the number again
    ticket = a_ticket()
    tracker = lookup(requested_slot=None)
    tracker.events.append({"event": "user", "text": f"查一下 {ticket.number}", "parse_data": {}})
    tracker.latest_message = {"text": "那个单子到哪了", "intent": {"name": "check_ticket_status"}}
    tracker.active_loop = {"name": "ticket_query_form"}
    events = await ValidateTicketQueryForm().run(dispatcher, tracker, domain)
    assert {"ticket_id": ticket.number}.items() <= {
        e["name"]: e["value"] for e in events if e["event"] == "slot"
    }.items()


def test_by_my_mobile_looks_up_the_number_given_in_this_conversation(dispatcher, domain):
    # the same customer: 「能不能用俺手机号查一下」 after giving it for the complaint
    tracker = lookup(requested_slot=None, phone_number=MOBILE)
    tracker.latest_message = {
        "text": "能不能用俺手机号查一下之前那个单子",
        "intent": {"name": "check_ticket_status"},
    }
    assert ValidateTicketQueryForm().extract_ticket_id(dispatcher, tracker, domain) == {
        "lookup_mobile": MOBILE
    }


async def test_no_number_at_all_ends_the_query_and_the_diagnosis_goes_on(dispatcher, domain):
    # a helper's played customer (session 21): 「明天青岛会下雨吗」 mid-diagnosis was read as a status
    # query, and every later message (「我没工单啊 我问天气」, the step's answer) got 「没能识别出工单号」
    from rasa_sdk.events import FollowupAction

    from actions.tickets import NO_NUMBER

    form = ValidateTicketQueryForm()
    answer = form.validate_ticket_id("我没工单啊 我问天气", dispatcher, lookup(), domain)
    assert answer == {"ticket_id": NO_NUMBER} and dispatcher.messages == []
    mid_diagnosis = lookup(ticket_id=NO_NUMBER, diag_step="drain_hose")
    events = ActionTicketStatus().run(dispatcher, mid_diagnosis, domain)
    assert "先不查工单了" in texts(dispatcher)[0] and FollowupAction("diagnosis_form") in events
    # a typo in a number is still asked again
    assert form.validate_ticket_id("HX2026", dispatcher, lookup(), domain) == {"ticket_id": None}
