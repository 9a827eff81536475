"""Conversations the simulated customers have: (message, a phrase the reply must contain)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    turns: tuple[tuple[str, str | None], ...]
    creates_ticket: bool = False
    #: After the scripted turns, answer whatever the ticket form asks (a phrase in the question
    #: -> the answer) until the reply contains ``done``.
    form: tuple[tuple[str, str], ...] = ()
    done: str = ""


TICKET_FORM = (
    ("称呼", "刘洋"),
    ("手机号", "13912345678"),
    ("型号", "BCD-520WFK"),
    ("购买", "前年"),
    ("地址", "青岛市崂山区海尔路1号"),
    ("城市", "青岛"),
    ("核对", "/affirm"),
)


SCENARIOS = (
    Scenario(
        "fixed",
        (
            ("你好", "小海"),
            ("电视黑屏了，有声音没图像", "待机指示灯"),
            ("/affirm", "HDMI"),
            ("/affirm", "打个分"),
            ('/rate_service{"rating": "5"}', "还有什么想对我们说"),
            ("/deny", "感谢您的评价"),
        ),
    ),
    Scenario(
        "ticket",
        (
            ("冰箱不制冷了", "型号"),
            ("BCD-520WFK，前年买的", "使用环境"),
            ("房间二十平，门开得不多", "温度设置"),
            ("/deny", "散热"),
            ("/deny", "压缩机"),
            ("/affirm", "称呼"),  # registered at once: 「那我这就为您登记上门维修」
        ),
        creates_ticket=True,
        form=TICKET_FORM,
        done="工单号",
    ),
    Scenario(
        "detour",
        (
            ("手机开不了机", "强制重启"),
            ("客服电话多少", "客服热线"),  # the hotline answer (its numbers: knowledge/hotline.yml)
            ("/deny", "充电"),
            ("保修期多久", "保修"),
            ("/deny", "IMEI"),
            ("不知道", "登记报修"),
            ("/deny", "先不登记"),
        ),
    ),
    Scenario(
        "status",
        (
            ("查询工单 HX20000101-AAAA-BBBB", "没有查到"),
            ("谢谢", "不客气"),
        ),
    ),
)
