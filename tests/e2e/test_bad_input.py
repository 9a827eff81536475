"""Bad input on the REST channel (WeChat's is in tests/channels): never a server error."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.channels.guard import EMPTY_REPLY, SLOW_DOWN_REPLY

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


def post(servers, body, raw=False):
    url = f"{servers.url}/webhooks/rest/webhook"
    if raw:
        return requests.post(
            url,
            params={"token": servers.token},
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
    return requests.post(url, params={"token": servers.token}, json=body, timeout=60)


def sender():
    return f"bad-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize(
    "message",
    [
        "长" * 10_000,
        "😭😭😭🙏🙏",
        "电视\x00\x01\x02黑屏\x7f",
        "'; DROP TABLE tickets; --",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "{{7*7}} ${jndi:ldap://x} %s%s%n",
    ],
)
def test_odd_messages_get_an_answer(servers, message):
    response = post(servers, {"sender": sender(), "message": message})
    assert response.status_code == 200
    assert response.json() and all(isinstance(m.get("text", ""), str) for m in response.json())


def test_an_empty_message_gets_a_prompt(servers):
    assert [m["text"] for m in post(servers, {"sender": sender(), "message": "   "}).json()] == [
        EMPTY_REPLY
    ]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2, 3]", b"\xff\xfe\x00binary", b'{"sender": "x", "message": 12345}', b""],
)
def test_malformed_bodies_are_refused_cleanly(servers, body):
    response = post(servers, body, raw=True)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert isinstance(response.json(), list)


def test_the_tickets_table_survives_injection(servers, database_url):
    from sqlalchemy import create_engine, inspect

    from bot.tickets.database import session_factory

    session_factory(database_url)  # the schema exists before the attack
    for attack in ("HX20261127-10E9-NT83'; DROP TABLE tickets; --", "查询工单 1' OR '1'='1"):
        assert post(servers, {"sender": sender(), "message": attack}).status_code == 200
    assert {"tickets", "ticket_events", "ticket_counters"} <= set(
        inspect(create_engine(database_url)).get_table_names()
    )


def test_a_flooding_sender_is_slowed_down_and_others_are_not(servers):
    flooder, customer = sender(), sender()
    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = [
            pool.submit(post, servers, {"sender": flooder, "message": f"你好{i}"})
            for i in range(30)
        ]
        normal = [
            post(servers, {"sender": customer, "message": m}).json()
            for m in ("你好", "客服电话多少", "谢谢")
        ]
    replies = [json.dumps(f.result().json(), ensure_ascii=False) for f in flood]
    assert sum(SLOW_DOWN_REPLY in r for r in replies) >= 5  # 30 at once, more than the burst allows
    assert all(SLOW_DOWN_REPLY not in json.dumps(r, ensure_ascii=False) for r in normal)
    assert "4006-100-100" in json.dumps(normal[1], ensure_ascii=False)
