"""Requests signed (and encrypted) the way WeChat's servers send them, built with wechatpy."""

from __future__ import annotations

import hashlib
import time
import uuid

import requests
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from tests.conftest import WECHAT

OPENID = "oHisenseTestUser"
ACCOUNT = "gh_hisense_service"


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def text_xml(content: str, msg_id: int, sender: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def voice_xml(recognition: str, msg_id: int, sender: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
        f"<MediaId><![CDATA[media1]]></MediaId><Format><![CDATA[amr]]></Format>"
        f"<Recognition><![CDATA[{recognition}]]></Recognition><MsgId>{msg_id}</MsgId></xml>"
    )


def image_xml(url: str, msg_id: int, sender: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        f"<PicUrl><![CDATA[{url}]]></PicUrl><MediaId><![CDATA[media-{msg_id}]]></MediaId><MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(event: str, sender: str = OPENID, key: str = "", created: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>"
    )


class WeChatClient:
    def __init__(self, rasa_url: str, token: str = WECHAT["WECHAT_TOKEN"]):
        self.url = f"{rasa_url}/webhooks/wechat/webhook"
        self.token = token
        self.crypto = WeChatCrypto(
            WECHAT["WECHAT_TOKEN"], WECHAT["WECHAT_AES_KEY"], WECHAT["WECHAT_APP_ID"]
        )

    def _params(self, token: str | None = None):
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        return {
            "timestamp": timestamp,
            "nonce": nonce,
            "signature": signature(token or self.token, timestamp, nonce),
        }

    def verify(self, echostr: str, token: str | None = None) -> requests.Response:
        return requests.get(
            self.url, params={**self._params(token), "echostr": echostr}, timeout=10
        )

    def post(
        self,
        xml: str,
        token: str | None = None,
        safe: bool = True,
        timeout: float = 20,
        params: dict | None = None,
    ) -> requests.Response:
        """As WeChat posts: safe mode (the test servers have an AES key, so plain mode is refused)."""
        params = dict(params or self._params(token))
        body = xml
        if safe:
            body = self.crypto.encrypt_message(xml, params["nonce"], params["timestamp"])
            encrypted = parse_message_xml(body)
            params.update(encrypt_type="aes", msg_signature=encrypted["MsgSignature"])
        return requests.post(self.url, params=params, data=body.encode("utf-8"), timeout=timeout)

    def reply_text(self, response: requests.Response, safe: bool = True) -> str:
        assert response.status_code == 200, response.text
        if response.text == "success":
            return "success"
        xml = response.text
        if safe:
            fields = parse_message_xml(xml)
            xml = self.crypto.decrypt_message(
                xml, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
            )
        return parse_message(xml).content if "<Content>" in xml else xml


def parse_message_xml(xml: str) -> dict:
    import xmltodict

    return xmltodict.parse(xml)["xml"]
