"""Issue-4 behaviour over REST: branches, skip, detours, safety first, codes, warranty."""

import re
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from bot.dialogue.messages import NONE_OF_THE_FAULTS
from bot.knowledge import load_knowledge
from bot.knowledge.policy import add_months
from tests.e2e.chat import Chat

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

KNOWLEDGE = load_knowledge()


def new_chat(servers, name):
    return Chat(servers, f"{name}-{uuid.uuid4().hex[:8]}")


def test_a_question_branch_leads_to_different_steps(servers):
    tv = KNOWLEDGE.diagnoses["tv_no_picture"]
    light_on, light_off = new_chat(servers, "branch"), new_chat(servers, "branch")
    light_on.say("电视黑屏了"), light_off.say("电视黑屏了")
    assert tv.step("hdmi_cable").text in light_on.say("/affirm").text
    assert tv.step("power_cord").text in light_off.say("/deny").text


def test_skip_a_step_leave_for_a_question_and_come_back(servers):
    tv = KNOWLEDGE.diagnoses["tv_no_picture"]
    chat = new_chat(servers, "detour")
    chat.say("电视黑屏了")
    chat.say("/affirm")
    assert tv.step("input_source").text in chat.say("这个试过了").text
    reply = chat.say("你们客服电话是多少")
    assert "4006-100-100" in reply.text and tv.step("input_source").text in reply.text
    assert tv.step("remote_batteries").text in chat.say("/deny").text
    stopped = chat.say("算了").text
    assert (
        "先不排查了" in stopped and "我要报修" in stopped
    )  # stopped, and told how to get an engineer


def test_safety_interrupts_a_diagnosis_and_opens_a_p1_ticket(servers, database_url):
    chat = new_chat(servers, "safety")
    chat.say("空调不制冷")
    reply = chat.say("空调插头那里冒烟了还有焦糊味")
    assert "拔掉电源" in reply.text and "30 分钟" in reply.text
    assert "称呼" in chat.say("/affirm").text
    for answer in ("赵敏", "13612345678", "不知道", "去年", "杭州", "西湖区文三路1号"):
        reply = chat.say(answer)
    assert "安全隐患" in reply.text
    number = re.search(r"(HX\d{8}-\w{4}-\w{4})", chat.say("/affirm").text).group(1)
    with create_engine(database_url, future=True).connect() as conn:
        priority, fault = conn.execute(
            text("select priority, fault from tickets where number=:n"), {"n": number}
        ).one()
    assert priority == "P1" and "冒烟" in fault


def test_known_and_unknown_error_codes(servers):
    known = new_chat(servers, "code").say("空调显示E5怎么办")
    assert KNOWLEDGE.error_codes["ac"]["E5"].meaning in known.text
    unknown = new_chat(servers, "code").say(
        "空调屏幕上显示故障代码U9"
    )  # a code's shape, not in the table
    assert "不在我们的常见代码表里" in unknown.text


def test_vague_fault_reports_ask_product_then_symptom(servers):
    chat = new_chat(servers, "vague")
    reply = chat.say("我家电器坏了")
    assert reply.buttons == [p.name for p in KNOWLEDGE.products.values()]
    reply = chat.say(reply.payload("洗衣机"))
    washer_faults = [d.title for d in KNOWLEDGE.diagnoses.values() if d.product == "washer"]
    assert reply.buttons == washer_faults + [NONE_OF_THE_FAULTS.title]  # any other fault: a ticket
    assert "排查" in chat.say(reply.payload(washer_faults[0])).text


def test_warranty_in_and_out(servers):
    today = date.today()
    recent = add_months(today, -3)
    inside = new_chat(servers, "warranty").say(
        f"冰箱{recent.year}年{recent.month}月买的，还在保修期吗"
    )
    assert "目前在保修期内" in inside.text
    # counted from what the customer said, as precisely as they said it (it showed 2024-08-01)
    assert f"按「{recent.year}-{recent.month:02d}」计算" in inside.text, inside.text
    old = add_months(today, -60)
    outside = new_chat(servers, "warranty").say(
        f"我的洗衣机是{old.year}年{old.month}月买的，还在保吗"
    )
    assert "已过整机保修期" in outside.text
