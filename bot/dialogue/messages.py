"""What the bot says: knowledge and tickets turned into Chinese messages with buttons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Dict, List, Optional

from bot.dialogue.contact import mask_mobile
from bot.knowledge.diagnosis import Answer, Diagnosis, Step, StepKind
from bot.knowledge.places import Outlet
from bot.knowledge.policy import ErrorCode, SafetyAdvice, WarrantyVerdict
from bot.tickets.model import Kind, Status, Ticket

AFFIRM = "/affirm"
DENY = "/deny"
SKIP_PAYLOAD = "这一步之前试过了"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> Dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: List[Button] = field(default_factory=list)

    def button_dicts(self) -> List[Dict[str, str]]:
        return [b.as_dict() for b in self.buttons]


ANSWER_LABELS = {Answer.YES: "是/有效", Answer.NO: "否/无效", Answer.SKIP: "之前已试过/无变化", Answer.FIXED: "问题已消失"}


def tried_step(step: Step, answer: Answer, text: str) -> str:
    """One line for the ticket: which step, what the customer answered."""
    said = text.strip()[:200] if answer is Answer.TEXT else ANSWER_LABELS[answer]
    return f"{step.title} → {said}"


def diagnosis_intro(diagnosis: Diagnosis) -> str:
    return f"了解，您遇到的是「{diagnosis.title}」的问题。我们一步一步来排查，每一步做完告诉我结果就好。"


def step_message(step: Step) -> BotMessage:
    if step.kind is StepKind.CHECK:
        return BotMessage(
            step.text,
            [Button("好了，解决了", AFFIRM), Button("还是不行", DENY), Button("这步试过了", SKIP_PAYLOAD)],
        )
    if step.kind is StepKind.QUESTION:
        return BotMessage(step.text, [Button(step.yes_label or "是", AFFIRM), Button(step.no_label or "不是", DENY)])
    return BotMessage(step.text + "\n（不清楚的话回复「不知道」即可，我们继续下一步。）")


def step_not_understood(step: Step) -> BotMessage:
    """The step again after a reply the bot could not read (the second and last time it asks)."""
    message = step_message(step)
    return BotMessage("抱歉，我没太看明白您的回答 🙏 再确认一下：\n" + message.text, message.buttons)


def step_help(step: Step, generic: str) -> BotMessage:
    """「我不会」「在哪看」: how to do the step, with the step's buttons to answer when done."""
    return BotMessage((step.help or generic) + "\n做完后告诉我结果就行。", step_message(step).buttons)


def step_wait(step: Step, text: str) -> BotMessage:
    """「好的，我试试」: the bot waits for the result without asking again."""
    return BotMessage(text, step_message(step).buttons)


SKIP_STEP_PAYLOAD = "跳过这一步"


def step_way_out() -> BotMessage:
    """Instead of asking the same step a third time."""
    return BotMessage(
        "抱歉，这一步我还是没能确认您的情况 🙏 我们可以先跳过这一步继续排查，也可以帮您转人工客服，或者直接登记报修。",
        [Button("跳过这一步", SKIP_STEP_PAYLOAD), Button("转人工客服", "/request_human"), Button("登记报修", "/request_repair")],
    )


def step_skipped_unread(step: Step) -> str:
    return f"这一步（{step.title}）我们先跳过，接着往下排查。"


def slot_way_out(skippable: bool) -> BotMessage:
    """Instead of asking for a form's field a third time."""
    buttons = [Button("跳过这一项", "不知道")] if skippable else []
    return BotMessage(
        "抱歉，这一项我还是没能识别 🙏 您可以换个说法再试一次，"
        + ("或者先跳过这一项，" if skippable else "")
        + "也可以转人工客服，或者说「算了」先不办。",
        buttons + [Button("转人工客服", "/request_human"), Button("先不办了", "/stop")],
    )


def rating_request(lead: str) -> BotMessage:
    return BotMessage(
        f"{lead}（1–5 分，5 分最满意）",
        [Button(f"{n} 分", f'/rate_service{{"rating": "{n}"}}') for n in range(1, 6)],
    )


def resolved_message() -> BotMessage:
    return rating_request("太好了，问题解决了 🎉 麻烦您为这次服务打个分")


def unresolved_message(diagnosis: Optional[Diagnosis]) -> BotMessage:
    reason = diagnosis.unresolved if diagnosis else "这个问题需要专业工程师来检测处理。"
    return BotMessage(
        f"{reason}\n需要我现在为您登记报修吗？",
        [Button("好的，帮我报修", AFFIRM), Button("暂时不用", DENY)],
    )


def ticket_summary(slots: Dict[str, Optional[str]], fault: str) -> BotMessage:
    lines = [
        "请核对报修信息：",
        f"· 姓名：{slots.get('customer_name') or '—'}",
        f"· 手机：{mask_mobile(slots.get('phone_number'))}",
        f"· 故障：{fault}",
        f"· 型号：{slots.get('product_model') or '—'}",
        f"· 购买时间：{slots.get('purchase_date') or '—'}",
        f"· 地址：{slots.get('city') or ''} {slots.get('address') or ''}".rstrip(),
        "信息无误的话请点「确认提交」。",
    ]
    return BotMessage("\n".join(lines), [Button("确认提交", AFFIRM), Button("有误，重新填写", DENY)])


def within(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} 分钟内" if minutes < 60 else f"{minutes // 60} 小时内"


def ticket_confirmation(ticket: Ticket) -> str:
    return (
        f"{ticket.kind.label}已提交，工单号：{ticket.number}\n"
        f"我们会在{within(ticket.response_due - ticket.created_at)}与您联系（{mask_mobile(ticket.customer.mobile)}）。"
        "请记下工单号，之后发送「查询工单 工单号」即可查看进度。"
    )


def ticket_status(ticket: Ticket, outlet: Optional[Outlet] = None) -> str:
    lines = [
        f"工单 {ticket.number}（{ticket.kind.label}）当前状态：{ticket.status.label}。",
        f"问题：{ticket.fault}",
        f"提交时间：{ticket.created_at:%Y-%m-%d %H:%M}",
    ]
    if outlet:
        lines.append(f"服务网点：{outlet.name}，电话 {outlet.phone}")
    if ticket.engineer_arrival and ticket.is_open:
        lines.append(f"工程师预计 {ticket.engineer_arrival:%m月%d日 %H:%M} 上门，请保持电话畅通。")
    elif ticket.status is Status.NEW:
        lines.append(f"我们会在 {ticket.response_due:%m月%d日 %H:%M} 前与您联系。")
    return "\n".join(lines)


def tickets_for_mobile(mobile: str, tickets: List[Ticket], describe) -> str:
    if not tickets:
        return f"手机号 {mask_mobile(mobile)} 名下没有查到工单。如果报修时用的是其他号码，请换那个号码查询。"
    head = f"手机号 {mask_mobile(mobile)} 名下最近的 {len(tickets)} 张工单："
    return "\n\n".join([head] + [describe(t) for t in tickets])


def unknown_ticket(number: str) -> str:
    return f"没有查到工单 {number}，请核对一下工单号；如有疑问可拨打 4006-100-100 人工查询。"


def complaint_confirmation(ticket: Ticket) -> str:
    return (
        f"您的投诉已登记，工单号：{ticket.number}\n"
        f"专员会在 24 小时内（{ticket.response_due:%m月%d日 %H:%M} 前）联系您（{mask_mobile(ticket.customer.mobile)}）核实处理。"
        "给您添麻烦了，非常抱歉。"
    )


def handoff_message(ticket: Ticket) -> str:
    return (
        f"好的，已为您转接人工客服（记录号 {ticket.number}），人工客服会在这里回复您，请稍候。\n"
        "也可以直接拨打热线 4006-100-100 / 950711，全天 24 小时有人接听；"
        "复杂问题和上门预约在工作日 9:00–18:00 处理最快。"
    )


def safety_message(safety: SafetyAdvice, product: Optional[str]) -> BotMessage:
    return BotMessage(
        "⚠️ 这可能有安全隐患，请先按下面做：\n" + safety.for_product(product)
        + "\n\n需要我马上为您登记紧急上门吗？紧急工单 30 分钟内响应。",
        [Button("马上登记", AFFIRM), Button("暂时不用", DENY)],
    )


def error_code_message(code: str, error: Optional[ErrorCode]) -> str:
    if error is None:
        return (
            f"代码「{code}」不在我们的常见代码表里，我不乱猜它的含义。"
            "我们先按通用步骤排查；如果代码一直出现，工程师会带着检测设备上门确认。"
        )
    note = (
        "（这是通用参考含义，不同型号的代码可能不同，请对照说明书并告诉我型号，以说明书为准。）"
        if error.general
        else "（不同型号可能略有差异，以说明书为准。）"
    )
    return f"代码「{error.code}」一般表示：{error.meaning}。\n建议：{error.advice}\n{note}"


def product_choice(products: Dict[str, str]) -> BotMessage:
    """Which product is it? ``products`` maps product id -> Chinese name."""
    return BotMessage(
        "请问是哪个产品出了问题？",
        [Button(name, f'/report_fault{{"product": "{pid}"}}') for pid, name in products.items()],
    )


def fault_choice(product_name: str, faults: Dict[str, str]) -> BotMessage:
    """What does it do? ``faults`` maps fault intent -> title."""
    return BotMessage(
        f"{product_name}具体是什么情况？选一个最接近的，或者直接描述一下：",
        [Button(title, f"/{intent}") for intent, title in faults.items()],
    )


def warranty_message(product_name: str, purchase_text: str, verdict: WarrantyVerdict) -> str:
    lines = [f"您的{product_name}购买于 {verdict.purchased:%Y年%m月}（按「{purchase_text}」计算）："]
    lines.append(
        f"· 整机保修到 {verdict.whole_unit_until:%Y年%m月%d日}，"
        + ("目前在保修期内，质量问题免费维修。" if verdict.whole_unit_covered else "已过整机保修期。")
    )
    for name, until in verdict.parts_until:
        covered = verdict.today <= until
        lines.append(f"· {name}保修到 {until:%Y年%m月%d日}，" + ("仍在保修期内。" if covered else "已过保修期。"))
    lines.append("最终以购机发票或电子订单上的日期为准；人为损坏（进水、摔碰等）不在免费保修范围内。")
    return "\n".join(lines)


def suggestion_thanks() -> str:
    return "您的建议已经记录下来，我们会转给相关部门认真研究。谢谢您帮助我们做得更好！"


def queued_confirmation(reference: str, kind: Kind) -> str:
    return (
        f"抱歉，工单系统暂时连不上。您的{kind.label}信息已经完整保存（登记号 {reference}），"
        "系统恢复后会自动生成工单，客服会按您留的电话联系您，不需要重新提交。"
        "着急的话也可以拨打 4006-100-100。"
    )
