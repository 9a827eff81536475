"""Issue 20: each numbered finding, as the request that worked, against the real servers
(harness/servers.py: the action server behind its token, Rasa with --auth-token). See docs/security.md."""

import asyncio
import json
import re
import time
import uuid

import pytest
import requests
import socketio

from bot.channels.guard import FAILURE_REPLY, SLOW_DOWN_REPLY, TOO_MANY_CONVERSATIONS_REPLY
from bot.channels.socketio import SESSION_REFUSED_REPLY
from bot.security import is_session_id
from tests.channels.wechat_client import WeChatClient, signature, text_xml
from tests.conftest import WECHAT

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

MOBILE = "13905321234"


def sender(prefix: str = "sec") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def rest(servers, body, token=True, headers=None, url=None):
    params = {"token": servers.token} if token else {}
    return requests.post(
        f"{url or servers.url}/webhooks/rest/webhook",
        params=params,
        json=body,
        headers=headers or {},
        timeout=60,
    )


def tracker(servers, conversation):
    return requests.get(
        f"{servers.url}/conversations/{conversation}/tracker",
        params={"token": servers.token},
        timeout=30,
    ).json()


# --- 1. Rasa's HTTP API needs no login -----------------------------------------------------------
def test_1_the_http_api_refuses_requests_without_the_token(servers):
    customer = sender()
    servers.say(customer, f"我的手机号 {MOBILE}")
    assert (
        requests.get(f"{servers.url}/conversations/{customer}/tracker", timeout=30).status_code
        == 401
    )
    events = [
        {"event": "slot", "name": "lookup_mobile", "value": MOBILE},
        {"event": "slot", "name": "mobile_check", "value": "ok"},
    ]
    assert (
        requests.post(
            f"{servers.url}/conversations/{customer}/tracker/events", json=events, timeout=30
        ).status_code
        == 401
    )
    assert (
        requests.post(
            f"{servers.url}/conversations/{customer}/execute",
            json={"name": "action_ticket_status"},
            timeout=30,
        ).status_code
        == 401
    )
    assert (
        requests.post(f"{servers.url}/model/parse", json={"text": "你好"}, timeout=30).status_code
        == 401
    )
    assert requests.get(f"{servers.url}/status", timeout=30).status_code == 401
    # with the token (the team's tools), the API works
    assert tracker(servers, customer)["sender_id"] == customer


def test_1_changing_the_model_over_http_is_refused_even_with_the_token(servers):
    body = {"model_server": {"url": "http://127.0.0.1:9/model.tar.gz"}}
    put = requests.put(
        f"{servers.url}/model", params={"token": servers.token}, json=body, timeout=30
    )
    delete = requests.delete(f"{servers.url}/model", params={"token": servers.token}, timeout=30)
    assert put.status_code == 403 and delete.status_code == 403
    assert servers.parse("你好")["intent"]["name"]  # the model is still loaded


def test_1_cors_allows_only_the_chat_page_origin(servers):
    evil = requests.options(
        f"{servers.url}/webhooks/rest/webhook",
        timeout=30,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert evil.headers.get("Access-Control-Allow-Origin") not in ("https://evil.example", "*")
    page = requests.options(
        f"{servers.url}/webhooks/rest/webhook",
        timeout=30,
        headers={"Origin": "http://localhost:8080", "Access-Control-Request-Method": "POST"},
    )
    assert page.headers.get("Access-Control-Allow-Origin") == "http://localhost:8080"


# --- 2. the action server runs any action for anyone ---------------------------------------------
def test_2_the_action_server_refuses_calls_without_its_token(servers):
    url = f"http://127.0.0.1:{servers.action_port}"
    made_up = {
        "next_action": "action_ticket_status",
        "sender_id": "x",
        "domain": {},
        "version": "3.6.21",
        "tracker": {
            "sender_id": "x",
            "slots": {"lookup_mobile": MOBILE, "mobile_check": "ok"},
            "latest_message": {},
            "events": [],
            "latest_input_channel": "rest",
        },
    }
    assert requests.post(f"{url}/webhook", json=made_up, timeout=30).status_code == 401
    assert (
        requests.post(
            f"{url}/webhook", params={"token": "guess"}, json=made_up, timeout=30
        ).status_code
        == 401
    )
    assert requests.get(f"{url}/actions", timeout=30).status_code == 401
    assert (
        requests.get(f"{url}/health", timeout=30).status_code == 200
    )  # the run scripts wait on it


def test_2_nginx_listens_for_the_action_servers_on_an_internal_address_only():
    from pathlib import Path

    config = (Path(__file__).resolve().parents[2] / "config" / "nginx.production.conf").read_text()
    listens = re.findall(r"^\s*listen\s+([^;]+);", config, re.MULTILINE)
    assert "127.0.0.1:5055" in listens and "5055" not in listens


# --- 3. looking up tickets proves nothing; numbers are sequential ---------------------------------
def test_3_the_last_four_digits_show_no_tickets_and_numbers_are_unguessable(servers):
    owner = sender("owner")
    for message in ["我要报修", "冰箱不制冷", "张伟", MOBILE]:
        servers.say(owner, message)
    number = next(
        (
            e["value"]
            for e in tracker(servers, owner)["events"]
            if e["event"] == "slot" and e["name"] == "ticket_id" and e["value"]
        ),
        None,
    )
    stranger = sender("stranger")
    servers.say(stranger, f"查进度 {MOBILE}")
    answer = "\n".join(m.get("text", "") for m in servers.say(stranger, MOBILE[-4:]))
    assert "验证码" in answer and "冰箱" not in answer
    if number:
        assert re.fullmatch(r"HX\d{8}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", number)


def test_3_a_lookup_by_number_shows_no_name_address_or_mobile(servers, database_url, monkeypatch):
    from bot.tickets.model import Kind, Priority
    from bot.tickets.services import TicketRequest, open_ticket

    monkeypatch.setenv("DATABASE_URL", database_url)
    ticket = open_ticket(
        TicketRequest(
            kind=Kind.REPAIR,
            priority=Priority.P3,
            customer_name="欧阳娜娜",
            mobile=MOBILE,
            fault="洗衣机不排水",
            city="青岛",
            address="市南区香港中路8号",
            conversation_id="someone",
        )
    )
    answer = "\n".join(
        m.get("text", "") for m in servers.say(sender(), f"查询工单 {ticket.number}")
    )
    assert "当前状态" in answer
    assert "欧阳娜娜" not in answer and "香港中路" not in answer and MOBILE not in answer


# --- 4. socket.io conversations can be taken over ------------------------------------------------
async def _socket(servers, events):
    client = socketio.AsyncClient()
    client.on("session_confirm", lambda data: events.append(("session_confirm", data)))
    client.on("bot_uttered", lambda data: events.append(("bot_uttered", data)))
    await client.connect(servers.url, socketio_path="/socket.io", transports=["polling"])
    return client


async def _wait(events, kind, count=1, seconds=60):
    deadline = time.monotonic() + seconds
    # polled: socket.io callbacks append to a plain list
    while time.monotonic() < deadline and len([e for e in events if e[0] == kind]) < count:  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    return [data for name, data in events if name == kind]


def test_4_session_ids_are_issued_by_the_server_and_checked_on_every_message(servers):
    async def scenario():
        mine, theirs = [], []
        customer = await _socket(servers, mine)
        await customer.emit("session_request", {"session_id": None})
        session = (await _wait(mine, "session_confirm"))[0]
        assert is_session_id(session, "socketio")

        # another client asserts an id it made up (a REST sender, a WeChat openid): it gets its own
        attacker = await _socket(servers, theirs)
        await attacker.emit("session_request", {"session_id": "victim-rest-sender"})
        assert (await _wait(theirs, "session_confirm"))[0] != "victim-rest-sender"
        # and a message for someone else's session is refused, not answered in their conversation
        await attacker.emit("user_uttered", {"message": "你好", "session_id": session})
        refused = await _wait(theirs, "bot_uttered")
        assert refused[0]["text"] == SESSION_REFUSED_REPLY

        # the customer's own id still works and survives a reload (a new socket, the same id)
        await customer.disconnect()
        reloaded_events = []
        reloaded = await _socket(servers, reloaded_events)
        await reloaded.emit("session_request", {"session_id": session})
        assert (await _wait(reloaded_events, "session_confirm"))[0] == session
        await reloaded.emit("user_uttered", {"message": "你好", "session_id": session})
        assert (await _wait(reloaded_events, "bot_uttered"))[0]["text"] != SESSION_REFUSED_REPLY
        await reloaded.disconnect()
        await attacker.disconnect()
        return session

    session = asyncio.run(scenario())
    users = [e for e in tracker(servers, session)["events"] if e["event"] == "user"]
    assert len(users) == 1  # the attacker's message never reached the customer's conversation


def test_4_the_rest_channel_needs_the_token(servers):
    assert rest(servers, {"sender": sender(), "message": "你好"}, token=False).status_code == 401
    assert rest(servers, {"sender": sender(), "message": "你好"}).status_code == 200


# --- 5. WeChat signatures can be replayed ---------------------------------------------------------
def _signed_params(timestamp: int):
    nonce = uuid.uuid4().hex[:10]
    return {
        "timestamp": str(timestamp),
        "nonce": nonce,
        "signature": signature(WECHAT["WECHAT_TOKEN"], str(timestamp), nonce),
    }


def test_5_a_signature_with_an_old_timestamp_is_refused(servers):
    wechat = WeChatClient(servers.url)
    assert (
        wechat.post(
            text_xml("你好", 1, f"o{uuid.uuid4().hex[:20]}"), params=_signed_params(978307200)
        ).status_code
        == 403
    )


def test_5_the_same_signed_query_is_refused_with_another_body(servers):
    wechat = WeChatClient(servers.url)
    params = _signed_params(int(time.time()))
    first = wechat.post(
        text_xml("你好", int(time.time() * 1000), f"o{uuid.uuid4().hex[:20]}"), params=params
    )
    assert first.status_code == 200
    replay = wechat.post(
        text_xml("查进度", int(time.time() * 1000) + 1, f"o{uuid.uuid4().hex[:20]}"), params=params
    )
    assert replay.status_code == 403


def test_5_plain_mode_is_refused_when_the_aes_key_is_set(servers):
    wechat = WeChatClient(servers.url)
    assert (
        wechat.post(
            text_xml("你好", int(time.time() * 1000), f"o{uuid.uuid4().hex[:20]}"), safe=False
        ).status_code
        == 403
    )


# --- 6. terminal escapes reach staff ---------------------------------------------------------------
def test_6_a_made_up_input_channel_and_escapes_in_a_payload_are_not_stored(servers):
    customer = sender()
    escape = "\u001b]0;pwned\u0007\u001b[2J"
    assert (
        rest(servers, {"sender": customer, "message": "你好", "input_channel": escape}).status_code
        == 200
    )
    assert (
        rest(
            servers,
            {"sender": customer, "message": '/inform{"person_name":"\\u001b[2J\\u009b王五"}'},
        ).status_code
        == 200
    )
    state = tracker(servers, customer)
    assert {e.get("input_channel") for e in state["events"] if e["event"] == "user"} == {"rest"}
    stored = json.dumps(state, ensure_ascii=False)
    assert "\u001b" not in stored and "\u009b" not in stored and "\u0007" not in stored


def test_6_staff_displays_drop_c0_and_c1_controls():
    from bot.text import for_terminal

    assert for_terminal("a\u001b[2Jb\u009b31mc\u0007") == "a [2Jb 31mc"


# --- 7. one odd request jams the outbox: tests/tickets/test_outbox_dead_letters.py -----------------
def test_7_an_object_as_input_channel_does_not_reach_the_database(servers):
    customer = sender()
    for message in ["转人工"]:
        response = rest(
            servers, {"sender": customer, "message": message, "input_channel": {"a": 1}}
        )
        assert response.status_code == 200
    assert {
        e.get("input_channel") for e in tracker(servers, customer)["events"] if e["event"] == "user"
    } == {"rest"}


# --- 8. logs can be forged, and one leaks a mobile number -----------------------------------------
def test_8_log_lines_cannot_be_forged_and_mobiles_are_masked(servers):
    forged = "x\n2026-11-30 12:00:00 INFO     rasa.core - FORGED LINE"
    # 转人工 logs the conversation id (the action server), which is the sender id
    rest(servers, {"sender": f"{forged}-{uuid.uuid4().hex[:6]}", "message": "转人工"})
    # Rasa's "Failed to parse arguments" is a warnings.warn with the whole payload in it
    rest(servers, {"sender": sender(), "message": '/inform{"phone_number": "13905329876", broken}'})
    lone = rest(servers, {"sender": sender(), "message": "电视\ud800黑屏"}).json()
    assert lone and lone[0]["text"] != FAILURE_REPLY
    time.sleep(1.0)  # let the server write its log
    log = "\n".join(p.read_text(errors="replace") for p in servers.workdir.glob("*.log"))
    assert "FORGED LINE" in log  # it was logged, on one line
    assert not re.search(
        r"^2026-11-30 12:00:00 INFO     rasa.core - FORGED LINE", log, re.MULTILINE
    )
    assert "13905329876" not in log
    assert "Logging error" not in log and "UnicodeEncodeError" not in log


# --- 9. limits ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def limited(servers, tmp_path_factory):
    """Another Rasa process with the default-sized limits per client address, small here."""
    return servers.start_extra_rasa(
        tmp_path_factory.mktemp("limited"),
        {
            "NEW_CONVERSATIONS_BURST": "5",
            "NEW_CONVERSATIONS_PER_HOUR": "1",
            "RATE_LIMIT_ADDRESS_BURST": "1000",
            "RATE_LIMIT_ADDRESS_PER_SECOND": "1000",
        },
    )


def test_9_new_conversations_are_capped_per_client_address(servers, limited):
    answers = []
    for _ in range(12):  # 12 new ids × 1 message from one address (nginx in front says which)
        body = {"sender": sender("flood"), "message": "你好"}
        reply = rest(servers, body, url=limited, headers={"X-Forwarded-For": "203.0.113.7"}).json()
        answers.append(reply[0]["text"] if reply else "")
    assert answers.count(TOO_MANY_CONVERSATIONS_REPLY) >= 6
    # another address is not affected
    other = rest(
        servers,
        {"sender": sender(), "message": "你好"},
        url=limited,
        headers={"X-Forwarded-For": "203.0.113.8"},
    ).json()
    assert other[0]["text"] not in (TOO_MANY_CONVERSATIONS_REPLY, SLOW_DOWN_REPLY)


def test_9_a_client_cannot_choose_its_address_without_a_trusted_proxy():
    from bot.channels.addresses import client_address

    assert client_address("198.51.100.2", "203.0.113.9", ["127.0.0.1"]) == "198.51.100.2"
    assert client_address("127.0.0.1", "203.0.113.9", ["127.0.0.1"]) == "203.0.113.9"
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.9", ["127.0.0.1"]) == "203.0.113.9"


def test_9_large_metadata_is_not_kept(servers):
    customer = sender()
    assert (
        rest(
            servers, {"sender": customer, "message": "你好", "metadata": {"blob": "x" * 1_000_000}}
        ).status_code
        == 200
    )
    users = [e for e in tracker(servers, customer)["events"] if e["event"] == "user"]
    assert not (users[-1].get("metadata") or {}).get("blob")
