"""The WeChat official-account channel against the real running servers."""

import itertools
import time
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.channels.wechat_client import WeChatClient, event_xml, image_xml, text_xml, voice_xml

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

MSG_IDS = itertools.count(int(time.time() * 1000))


def user():
    return f"o{uuid.uuid4().hex[:20]}"


@pytest.fixture(scope="module")
def wechat(servers):
    return WeChatClient(servers.url)


def test_server_verification_echoes_only_with_a_good_signature(wechat):
    assert wechat.verify("echo-123").text == "echo-123"
    assert wechat.verify("echo-123", token="wrong").status_code == 403


def test_unsigned_or_badly_signed_posts_are_refused(wechat):
    assert wechat.post(text_xml("你好", next(MSG_IDS)), token="wrong").status_code == 403
    assert (
        requests.post(wechat.url, data=text_xml("你好", 1).encode(), timeout=10).status_code == 403
    )


def test_a_text_message_gets_a_passive_reply(wechat):
    reply = wechat.reply_text(wechat.post(text_xml("你好", next(MSG_IDS), user())))
    assert "小海" in reply


def test_safe_mode_is_decrypted_and_answered_encrypted(wechat):
    response = wechat.post(text_xml("客服电话是多少", next(MSG_IDS), user()), safe=True)
    assert "<Encrypt>" in response.text and "4006" not in response.text
    assert "4006-100-100" in wechat.reply_text(response, safe=True)


def test_buttons_become_a_numbered_list_and_a_number_picks_one(wechat):
    openid = user()
    first = wechat.reply_text(wechat.post(text_xml("电视黑屏了", next(MSG_IDS), openid)))
    assert "回复数字选择" in first and "1. 指示灯亮着" in first and "2. 指示灯不亮" in first
    second = wechat.reply_text(wechat.post(text_xml("1", next(MSG_IDS), openid)))
    assert "HDMI" in second  # "1" chose 指示灯亮着


def test_voice_uses_wechat_speech_recognition(wechat):
    assert "4006-100-100" in wechat.reply_text(
        wechat.post(voice_xml("你们的客服电话是多少", next(MSG_IDS), user()))
    )


def test_follow_menu_unfollow_and_unknown_types(wechat):
    assert "小海" in wechat.reply_text(wechat.post(event_xml("subscribe", user())))
    assert "4006-100-100" in wechat.reply_text(
        wechat.post(event_xml("CLICK", user(), key="ask_hotline"))
    )
    assert wechat.post(event_xml("unsubscribe", user())).text == "success"
    location = text_xml("x", next(MSG_IDS), user()).replace(
        "<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[location]]>"
    )
    assert wechat.post(location).text == "success"


def test_an_image_is_acknowledged_and_kept(wechat, database_url):
    openid = user()
    reply = wechat.reply_text(
        wechat.post(image_xml("http://mmbiz.example/pic1.jpg", next(MSG_IDS), openid))
    )
    assert "收到您的图片" in reply
    with create_engine(database_url, future=True).connect() as conn:
        urls = (
            conn.execute(
                text("select url from attachments where conversation_id = :c"), {"c": openid}
            )
            .scalars()
            .all()
        )
    assert urls == ["http://mmbiz.example/pic1.jpg"]


def test_malformed_and_hostile_xml_never_errors(wechat):
    assert wechat.post("<xml><not-closed>").status_code == 400
    billion = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xml>&b;</xml>'
    assert wechat.post(billion).status_code in (200, 400)
    hostile = "电视黑屏]]]]><![CDATA[><script>alert(1)</script>"  # "]]>" as XML writers escape it in CDATA
    reply = wechat.reply_text(wechat.post(text_xml(hostile, next(MSG_IDS), user())))
    assert reply  # answered, and the reply XML stayed valid


def test_replies_are_cut_to_wechat_limits():
    from bot.channels.wechat import MAX_REPLY_CHARS, render

    text_out = render(
        [{"text": "很长的说明。" * 500, "buttons": [{"title": "好", "payload": "/affirm"}]}]
    )
    assert len(text_out) <= MAX_REPLY_CHARS and text_out.endswith("（内容较长已截断）")
    assert "]]>" not in render([{"text": "a]]>b\x00c"}])


def test_a_slow_turn_is_pushed_once_however_often_wechat_retries(servers, wechat_api, tmp_path):
    slow = servers.start_extra_rasa(tmp_path, {"WECHAT_REPLY_TIMEOUT": "0.01"})
    client, openid, msg_id = WeChatClient(slow), user(), next(MSG_IDS)
    xml = text_xml("冰箱不制冷了", msg_id, openid)
    answers = [client.post(xml).text for _ in range(4)]  # the message and WeChat's 3 retries
    assert answers == ["success"] * 4

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not [
        p for p in wechat_api.pushed if p["touser"] == openid
    ]:
        time.sleep(0.2)
    time.sleep(1.0)  # a second push, if any, would arrive now
    pushed = [p for p in wechat_api.pushed if p["touser"] == openid]
    assert len(pushed) == 1 and "冰箱" in pushed[0]["text"]["content"]
    tracker = requests.get(
        f"{slow}/conversations/{openid}/tracker", params={"token": servers.token}, timeout=10
    ).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["冰箱不制冷了"]
