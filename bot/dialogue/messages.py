"""What the bot says: knowledge and tickets turned into Chinese messages with buttons."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from bot.dialogue.contact import mask_mobile
from bot.knowledge.base import Product
from bot.knowledge.diagnosis import Answer, Diagnosis, Step, StepKind
from bot.knowledge.hotline import hotline, hotlines
from bot.knowledge.places import Outlet
from bot.knowledge.policy import (
    ErrorCode,
    ExtendedWarranty,
    ReturnRules,
    ReturnVerdict,
    Warranty,
    WarrantyVerdict,
)
from bot.tickets.model import RATINGS, Kind, Status, Ticket

AFFIRM = "/affirm"
DENY = "/deny"
SKIP_PAYLOAD = "这一步之前试过了"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}

    def as_tuple(self) -> tuple[str, str]:
        return (self.title, self.payload)


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)

    def button_dicts(self) -> list[dict[str, str]]:
        return [b.as_dict() for b in self.buttons]


ANSWER_LABELS = {
    Answer.YES: "是/有效",
    Answer.NO: "否/无效",
    Answer.SKIP: "之前已试过/无变化",
    Answer.FIXED: "问题已消失",
}


#: A step passed by the customer's choice, not done (「跳过吧」, the way out's 「跳过这一步」)...
SKIPPED = re.compile(r"跳过|下一步|换一个方法|不想(做|弄|试)|先不(做|弄|试)")
#: ... unless the same words say it was done before (「这一步之前试过了」, 「试过了，跳过吧」).
DONE_BEFORE = re.compile(r"试过|做过|弄过|检查过|查过|本来|一直|早就|已经")


def tried_step(step: Step, answer: Answer, text: str) -> str:
    """One line for the ticket: which step, what the customer answered. A step skipped is told
    from one done before that changed nothing, in the customer's words (a played customer, session
    23: 「跳过吧」 was filed as 「之前已试过」)."""
    said = text.strip()[:200]
    if answer is Answer.SKIP and SKIPPED.search(said) and not DONE_BEFORE.search(said):
        return f"{step.title} → 客户选择跳过，未做（原话：{said}）"
    return f"{step.title} → {said if answer is Answer.TEXT else ANSWER_LABELS[answer]}"


def passed_over(step: Step, text: str, answer: Answer) -> str:
    """The ticket's line for a step the customer had already answered in an earlier message: a
    check done without help, or a question's answer."""
    said = text.strip()[:200]
    if step.kind is StepKind.QUESTION:
        label = (step.yes_label if answer is Answer.YES else step.no_label) or ANSWER_LABELS[answer]
        return f"{step.title} → {label}（客户此前已说明，原话：{said}）"
    return f"{step.title} → 客户此前已做过，无效（原话：{said}）"


def passed_over_note(steps: Sequence[Step]) -> str:
    """Told the customer when checks they said they did are not asked (「充了一晚上还是黑的」)."""
    titles = "、".join(f"「{step.title}」" for step in steps)
    return f"{titles}您前面已经说过了，这一步就不再重复了。"


def stopped_for_engineer(step: Step, text: str) -> str:
    """The ticket's line for a customer who stopped at ``step`` and asked for an engineer."""
    return f"{step.title} → 客户不再自行排查，要求工程师处理（原话：{text.strip()[:200]}）"


def engineer_asked_first(text: str) -> str:
    """The ticket's line for a customer who asked for an engineer in the message that named the
    fault, before any step (「…直接派师傅来吧」)."""
    return f"未做自行排查：客户在描述故障时直接要求工程师处理（原话：{text.strip()[:200]}）"


def fault_heard(diagnosis: Diagnosis) -> str:
    """The fault acknowledged without steps (the customer asked for an engineer at once)."""
    return f"了解，您遇到的是「{diagnosis.title}」的问题。"


def diagnosis_intro(diagnosis: Diagnosis) -> str:
    return f"{fault_heard(diagnosis)}我们一步一步来排查，每一步做完告诉我结果就好。"


def diagnosis_switched(product_name: str | None, diagnosis: Diagnosis) -> str:
    """``product_name`` None: the same product, another fault."""
    lead = f"明白了，是{product_name}。" if product_name else "明白了，不是这个问题。"
    return f"{lead}那我们按「{diagnosis.title}」重新排查，前面说过的信息我都记着。"


def model_and_date_question(product: Product | None = None) -> str:
    """The model and the purchase date in one question, where that product's model is written."""
    if product is None or not product.model_plate:
        return (
            "请告诉我产品型号和购买时间，例如「55E3F，2024年5月买的」。型号在机身背面或侧面的铭牌上"
            "（如 55E3F、KFR-35GW/E500-A1）；找不到型号可以说「型号不知道」。"
        )
    return (
        f"请告诉我{product.name}的型号和购买时间，例如「2024年5月买的，型号……」。"
        f"型号在{product.model_plate}；找不到型号可以说「型号不知道」。"
    )


def name_question(phone: str) -> str:
    """The name alone, when the phone came earlier (「…李建国，020-56446413」 up front: the name
    between commas is no name to the NLU, the number is): the number is not asked for again."""
    return f"好的，我来为您登记。请问怎么称呼您？联系电话 {mask_phone(phone)} 我已经记下了。"


def model_question(product: Product) -> str:
    """The model alone (the purchase date is known or not wanted), where that product's is written."""
    return f"请告诉我{product.name}的型号：在{product.model_plate}；实在找不到可以回复「不知道」。"


def model_not_read(product: Product | None) -> str:
    """No model in the answer to the model question: what one looks like. The question follows
    at once and says where that product's model is written (it was said twice in a row)."""
    if product is None or not product.model_plate:
        return "没能看出型号 🙏 型号一般是字母和数字的组合，比如 55E3F、KFR-35GW/E500-A1。"
    return f"没能看出{product.name}的型号 🙏 型号一般是字母和数字的组合。"


def step_message(step: Step) -> BotMessage:
    if step.kind is StepKind.CHECK and step.yes_label:
        # a check that asks whether the customer's case is the harmless one (「您听到的属于这类声音
        # 吗？」): its own labels, and nothing to have tried already
        return BotMessage(
            step.text, [Button(step.yes_label, AFFIRM), Button(step.no_label or "不是", DENY)]
        )
    if step.kind is StepKind.CHECK:
        return BotMessage(
            step.text,
            [
                Button("好了，解决了", AFFIRM),
                Button("还是不行", DENY),
                Button("这步试过了", SKIP_PAYLOAD),
            ],
        )
    if step.kind is StepKind.QUESTION:
        return BotMessage(
            step.text,
            [Button(step.yes_label or "是", AFFIRM), Button(step.no_label or "不是", DENY)],
        )
    return BotMessage(step.text + "\n（不清楚的话回复「不知道」即可，我们继续下一步。）")


def step_not_understood(step: Step) -> BotMessage:
    """The step again after a reply the bot could not read (the second and last time it asks)."""
    message = step_message(step)
    return BotMessage(
        "抱歉，我没太看明白您的回答 🙏 再确认一下：\n" + message.text, message.buttons
    )


def step_after_answer_ahead(step: Step, ahead: Sequence[Step]) -> BotMessage:
    """The step again after a reply that answers a later step instead (「门封条看着挺好的没啥缝」 at
    the temperature step): that step is noted, and will be passed over when it comes."""
    message = step_message(step)
    titles = "、".join(f"「{later.title}」" for later in ahead)
    return BotMessage(
        f"好的，{titles}这一项我记下了，到那一步就不用再做一遍。先确认一下眼前这一步：\n"
        + message.text,
        message.buttons,
    )


def step_with_model_noted(step: Step, model: str) -> BotMessage:
    """The step again after a message that only gave the model number (「海信XQB80-H3568」)."""
    message = step_message(step)
    return BotMessage(f"型号 {model} 我记下了。\n" + message.text, message.buttons)


#: 「那怎么办」「找不到」 at a step that asks for details and says nothing of where to find them.
INFO_HELP = "没关系，找不到也不要紧：回复「不知道」，我们就继续下一步，工程师检测时会再确认。"


def step_help(step: Step, generic: str) -> BotMessage:
    """「我不会」「在哪看」: how to do the step, with the step's buttons to answer when done."""
    if step.kind is StepKind.INFO and not step.help:
        return BotMessage(INFO_HELP, step_message(step).buttons)
    return BotMessage(
        (step.help or generic) + "\n做完后告诉我结果就行。", step_message(step).buttons
    )


def step_wait(step: Step, text: str) -> BotMessage:
    """「好的，我试试」: the bot waits for the result without asking again."""
    return BotMessage(text, step_message(step).buttons)


SKIP_STEP_PAYLOAD = "跳过这一步"


def step_way_out() -> BotMessage:
    """Instead of asking the same step a third time."""
    return BotMessage(
        "抱歉，这一步我还是没能确认您的情况 🙏 我们可以先跳过这一步继续排查，也可以帮您转人工客服，或者直接登记报修。",
        [
            Button("跳过这一步", SKIP_STEP_PAYLOAD),
            Button("转人工客服", "/request_human"),
            Button("登记报修", "/request_repair"),
        ],
    )


def code_corrected(old: str | None, new: str, text: str) -> str:
    """The ticket's line for a display code the customer corrected during the steps."""
    return f"故障代码更正：{old or '—'} → {new}（原话：{text.strip()[:200]}）"


def step_unconfirmed(step: Step, text: str) -> str:
    """The ticket's line for a step passed over because the customer's replies could not be read."""
    return f"{step.title} → 未能确认，已跳过（客户原话：{text.strip()[:200]}）"


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
        [Button(f"{n} 分", f'/rate_service{{"rating": "{n}"}}') for n in RATINGS],
    )


def resolved_message(step: Step | None = None) -> BotMessage:
    """The steps ended well; after a check of the harmless case (normal sounds), what that means
    (``resolved`` of the step) instead of 「问题解决了」."""
    lead = step.resolved if step is not None and step.resolved else "太好了，问题解决了 🎉"
    return rating_request(f"{lead} 麻烦您为这次服务打个分")


#: Before the complaint form's first question when the complaint said what happened at once (the
#: question that asks what happened carries the apology otherwise).
COMPLAINT_HEARD = "非常抱歉给您带来不好的体验 🙏 您说的情况我已经记下了。"
#: Instead of the fault's "the steps did not help" when the customer stopped them for an engineer.
ENGINEER_REQUESTED = "好的，不用您再自己排查了，交给工程师来处理。"


def unresolved_message(diagnosis: Diagnosis | None, engineer_asked: bool = False) -> BotMessage:
    """The steps did not help: offer a repair; when the customer asked for one, it is registered
    at once (the ticket form's first question comes next)."""
    if engineer_asked:  # the ticket form's first question says 「好的，我来为您登记」 next
        return BotMessage(ENGINEER_REQUESTED)
    reason = diagnosis.unresolved if diagnosis else "这个问题需要专业工程师来检测处理。"
    return BotMessage(
        f"{reason}\n需要我现在为您登记报修吗？",
        [Button("好的，帮我报修", AFFIRM), Button("暂时不用", DENY)],
    )


def visit_proposal(diagnosis: Diagnosis, lead: str, engineer_asked: bool = False) -> BotMessage:
    """The last step did not help a fault repaired at home (or the customer asked for an engineer
    instead of more steps): the bot registers the visit at once (``lead``, knowledge/replies.yml)
    instead of asking whether to; the form's first question comes next, with ``proposal_buttons``."""
    reason = ENGINEER_REQUESTED if engineer_asked else diagnosis.unresolved
    return BotMessage(f"{reason}\n{lead}")


def proposal_buttons(decline: str) -> list[Button]:
    """Under the first question of a repair the bot registered without being asked: decline it
    (the ticket form stops, as after 「暂时不用」 to a yes / no offer) or ask for a person."""
    return [Button(decline, "/stop"), Button("转人工客服", "/request_human")]


SERVICE_LABELS = {
    "home_visit": "工程师上门",
    "repair_point": "到服务网点送修（也可寄修）",
    "mail_in": "寄修",
    "remote": "远程协助，需要时再安排上门",
}


def ticket_summary(
    slots: dict[str, str | None],
    fault: str,
    service: str = "home_visit",
    reused_from: str | None = None,
    district: str | None = None,
) -> BotMessage:
    if service == "home_visit":
        place = f"{slots.get('city') or ''} {slots.get('address') or ''}".strip() or "—"
    else:  # a walk-in repair: the city and district its outlet is chosen by
        where = f"{slots.get('city') or ''}{district or ''}"
        place = " ".join(p for p in (where, slots.get("address")) if p) or "—"
    lines = [
        "请核对报修信息：",
        f"· 姓名：{slots.get('customer_name') or '—'}",
        f"· 电话：{mask_phone(slots.get('phone_number'))}",
        f"· 故障：{fault}",
        f"· 型号：{slots.get('product_model') or '—'}",
        f"· 购买时间：{slots.get('purchase_date') or '—'}",
        f"· {'地址' if service == 'home_visit' else '城市'}：{place}",
        f"· 服务方式：{SERVICE_LABELS.get(service, SERVICE_LABELS['home_visit'])}",
    ]
    if reused_from:
        lines.append(f"（型号和购买时间沿用您上次的工单 {reused_from}，如有不同请直接告诉我。）")
    lines.append(
        "信息无误的话请点「确认提交」；哪一项不对，直接告诉我，比如「型号错了」「购买时间是去年7月」。"
    )
    return BotMessage(
        "\n".join(lines), [Button("确认提交", AFFIRM), Button("有误，需要修改", DENY)]
    )


#: What the customer calls the contact fields a correction may change in the middle of a form.
CONTACT_FIELD_LABELS = {"phone_number": "联系电话", "customer_name": "姓名", "address": "地址"}


def field_changed(slot: str, value: str) -> str:
    """「电话写错了，是…」 while another question is asked: the change, read back (phone masked)."""
    shown = mask_phone(value) if slot == "phone_number" else value
    return f"好的，{CONTACT_FIELD_LABELS.get(slot, slot)}已改为：{shown}。"


def mask_phone(phone: str | None) -> str:
    """A mobile masked as 139****5678; a landline as 0532-****6666."""
    if phone and "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-****{number[-4:]}"
    return mask_mobile(phone)


def within(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} 分钟内" if minutes < 60 else f"{minutes // 60} 小时内"


def ticket_confirmation(ticket: Ticket, outlet: Outlet | None = None) -> str:
    text = (
        f"{ticket.kind.label}已提交，工单号：{ticket.number}\n"
        f"我们会在{within(ticket.response_due - ticket.created_at)}与您联系（{mask_phone(ticket.customer.mobile)}）。"
    )
    if ticket.service in ("repair_point", "mail_in"):
        item = "手机" if ticket.product == "phone" else "产品"
        if outlet and ticket.city and outlet.city != ticket.city:
            # 哈尔滨 has no outlet: the nearest is in another city, so mailing in comes first
            text += (
                f"\n这类问题不需要上门。{ticket.city}还没有授权送修网点，离您最近的是"
                f"{outlet.name}（{outlet.address}，电话 {outlet.phone}）：可以寄修到该网点，"
                f"寄送方式客服联系您时会说明，也可以拨打 {hotline()} 咨询。"
            )
        elif outlet:
            text += (
                f"\n这类问题不需要上门：请带上{item}和购机凭证到"
                f"{outlet.name}（{outlet.address}，电话 {outlet.phone}）送修，也可以寄修到该网点。"
            )
        else:
            text += "\n这类问题不需要上门：客服会告诉您最近的送修网点和寄修地址。"
    elif outlet and ticket.city and outlet.city != ticket.city:
        # 长沙 has no outlet: the nearest is 武汉's, and the customer is told so, not surprised
        text += (
            f"\n说明一下：{ticket.city}暂时没有我们的授权服务网点，工单先交给离您最近的"
            f"{outlet.name}；客服联系您时会确认上门安排（可能需要多等几天），"
            f"也可以拨打 {hotline()} 咨询。"
        )
    return text + "请记下工单号，之后发送「查询工单 工单号」即可查看进度。"


def outlets_message(
    city: str,
    district: str | None,
    outlets: list[Outlet],
    product: str | None = None,
    walk_in: bool = False,
) -> str:
    """The outlets near the customer (that repair ``product``, when it is named); ``walk_in``: the
    product is brought in or mailed in, never repaired at home (a phone)."""
    where = f"{city}{district or ''}"
    which = f"能修{product}的" if product else ""
    if not outlets:
        return f"抱歉，{where}附近暂时没有查到{which}授权服务网点，可以拨打 {hotline()} 咨询，或者直接登记报修，我们安排工程师。"
    elsewhere = all(o.city != city for o in outlets)
    lines = [
        f"{city}还没有{which}授权服务网点，离您最近的是："
        if elsewhere
        else f"{where}附近{which}授权服务网点："
    ]
    for outlet in outlets:
        visit = "可送修" if outlet.walk_in else "仅上门服务"
        lines.append(f"· {outlet.name}：{outlet.address}，电话 {outlet.phone}（{visit}）")
    if walk_in:
        lines.append(
            f"{product}请带到标注「可送修」的网点；离得远的话也可以寄修：说「我要报修」，"
            "我帮您登记，网点会联系您安排寄修。"
        )
    else:
        lines.append("需要上门的话，直接说「我要报修」，我们会安排最近的网点。")
    return "\n".join(lines)


def open_tickets_notice(tickets: list[Ticket]) -> str:
    """What a returning customer hears first: the tickets this conversation opened that are still open."""
    lines = ["欢迎回来！您还有进行中的工单："]
    for ticket in tickets:
        line = f"· {ticket.number}（{ticket.kind.label}：{ticket.fault}）{ticket.status.label}"
        if ticket.engineer_arrival:
            line += f"，工程师预计 {ticket.engineer_arrival:%m月%d日 %H:%M} 上门"
        if ticket.pending_request:
            line += f"，您的「{ticket.pending_request.kind.label}」申请待客服确认"
        lines.append(line)
    lines.append("需要改约或取消上门可以直接告诉我；有新问题也请直接说。")
    return "\n".join(lines)


def visit_change_recorded(ticket: Ticket) -> str:
    request = ticket.pending_request
    what = request.kind.label if request else "申请"
    detail = f"（{request.detail}）" if request and request.detail else ""
    return (
        f"已记录您对工单 {ticket.number} 的「{what}」申请{detail}。"
        f"服务网点会在工作时间内电话与您确认（{mask_phone(ticket.customer.mobile)}），确认后才生效。"
    )


def no_open_visit() -> str:
    """No open repair of this conversation to change: the number alone proves no identity, so
    the hotline (which checks it) changes a visit booked elsewhere."""
    return (
        "没有查到这个对话里进行中的报修工单 🙏 如果是用其他微信或其他渠道报修的，"
        f"请回到当时报修的对话里改约，或拨打 {hotline()}，客服核实身份后帮您改约或取消。"
    )


def ticket_status(ticket: Ticket, outlet: Outlet | None = None) -> str:
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
    if ticket.kind is Kind.REPAIR and ticket.is_open and ticket.service == "home_visit":
        if not ticket.engineer_arrival:
            # 「师傅啥时候能来啊 明天我上班不在家」: nothing is booked yet, and how to say when not
            lines.append(
                "上门时间还没约定，网点会先打电话和您约；哪天不方便可以直接告诉我，"
                "比如「明天不在家，改到周六」。"
            )
    return "\n".join(lines)


def tickets_for_mobile(
    mobile: str, tickets: list[Ticket], status_text: Callable[[Ticket], str]
) -> str:
    """The tickets of a proven mobile number, each shown by ``status_text``."""
    if not tickets:
        return f"手机号 {mask_mobile(mobile)} 名下没有查到工单。如果报修时用的是其他号码，请换那个号码查询。"
    head = f"手机号 {mask_mobile(mobile)} 名下最近的 {len(tickets)} 张工单："
    return "\n\n".join([head] + [status_text(t) for t in tickets])


def unknown_ticket(number: str) -> str:
    return f"没有查到工单 {number}，请核对一下工单号；如有疑问可拨打 {hotline()} 人工查询。"


def complaint_confirmation(ticket: Ticket) -> str:
    return (
        f"您的投诉已登记，工单号：{ticket.number}\n"
        f"专员会在 24 小时内（{ticket.response_due:%m月%d日 %H:%M} 前）联系您（{mask_mobile(ticket.customer.mobile)}）核实处理。"
        "给您添麻烦了，非常抱歉。"
    )


#: A status query the customer gave no number for (「我没工单啊」): ended, and how to ask again.
NO_LOOKUP = "好的，先不查工单了。需要查的时候，发给我工单号（HX 开头）或报修时留的手机号就行。"


def uncovered_fault_note(product_name: str) -> str:
    """Said when the customer describes a fault of the product that no diagnosis walks through."""
    return f"{product_name}的这个情况我没法在线带您一步步排查，直接帮您登记维修，由工程师检查处理。"


def other_brand_note(brand: str) -> str:
    """Said before the steps when the customer names another maker's product (「格力的柜机」)."""
    return (
        f"先说明一下：我是海信的售后客服，只能为海信（含容声、科龙）的产品登记维修；"
        f"{brand}的产品请联系{brand}官方售后。下面的排查步骤大多数品牌都适用，您也可以先试试。"
    )


def complaint_added(ticket: Ticket) -> str:
    return (
        f"好的，您补充的内容已经记到刚才的投诉里（工单号：{ticket.number}），"
        "不会重复登记；专员联系您时会一并核实处理。"
    )


def handoff_message(ticket: Ticket) -> str:
    return (
        f"好的，已为您转接人工客服（记录号 {ticket.number}），人工客服会在这里回复您，请稍候。\n"
        f"也可以直接拨打热线 {' / '.join(hotlines())}，全天 24 小时有人接听；"
        "复杂问题和上门预约在工作日 9:00–18:00 处理最快。"
    )


def error_code_message(code: str, error: ErrorCode | None) -> str:
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


def product_choice(products: dict[str, str]) -> BotMessage:
    """Which product is it? ``products`` maps product id -> Chinese name."""
    return BotMessage(
        "请问是哪个产品出了问题？",
        [Button(name, f'/report_fault{{"product": "{pid}"}}') for pid, name in products.items()],
    )


#: Beside the faults a product's diagnoses cover: a fault none of them covers (a phone's signal)
#: goes straight to a repair ticket instead of a list that does not hold it.
NONE_OF_THE_FAULTS = Button("都不是，登记维修", "/request_repair")


def fault_choice(product_name: str, faults: dict[str, str], again: bool = False) -> BotMessage:
    """What does it do? ``faults`` maps fault intent -> title; ``again``: after a description the
    bot could not place."""
    question = (
        f"抱歉，我没太看明白 🙏 {product_name}是下面哪种情况？点一个最接近的，或者换个说法再描述一下："
        if again
        else f"{product_name}具体是什么情况？选一个最接近的，或者直接描述一下："
    )
    return BotMessage(
        question,
        [Button(title, f"/{intent}") for intent, title in faults.items()] + [NONE_OF_THE_FAULTS],
    )


def warranty_terms_message(product_name: str, warranty: Warranty) -> str:
    """「你们冰箱保修几年」 without a purchase date: that product's periods, and how to check one."""

    def period(months: int) -> str:
        return f"{months // 12} 年" if months % 12 == 0 else f"{months} 个月"

    lines = [f"{product_name}的保修期（按国家三包规定，从购机发票日期算起）："]
    lines.append(f"· 整机：{period(warranty.whole_unit)}")
    lines += [f"· {part.name}：{period(part.months)}" for part in warranty.parts]
    lines.append(
        "保修期内因质量问题的维修免费；人为损坏（进水、摔碰等）不在免费范围内。"
        f"告诉我购买时间（比如「{product_name}2024年5月买的」），我帮您算还在不在保。"
    )
    return "\n".join(lines)


def warranty_message(product_name: str, purchase_text: str, verdict: WarrantyVerdict) -> str:
    # 「买了不到一年」: bought after that day, so every end date is the earliest it can be
    if verdict.earliest:
        lines = [
            (
                f"您的{product_name}购买于 {verdict.purchased:%Y年%m月%d日}以后"
                f"（按「{purchase_text}」计算），保修期至少到下面的日期："
            )
        ]
        over = "按这个日期算已过期；实际购买日期更晚的话可能仍在保修期内，请以购机发票为准。"
    else:
        lines = [
            f"您的{product_name}购买于 {verdict.purchased:%Y年%m月}（按「{purchase_text}」计算）："
        ]
        over = ""
    lines.append(
        f"· 整机保修到 {verdict.whole_unit_until:%Y年%m月%d日}，"
        + (
            "目前在保修期内，质量问题免费维修。"
            if verdict.whole_unit_covered
            else over or "已过整机保修期。"
        )
    )
    for name, until in verdict.parts_until:
        covered = verdict.today <= until
        lines.append(
            f"· {name}保修到 {until:%Y年%m月%d日}，"
            + ("仍在保修期内。" if covered else over or "已过保修期。")
        )
    lines.append(
        "最终以购机发票或电子订单上的日期为准；人为损坏（进水、摔碰等）不在免费保修范围内。"
    )
    return "\n".join(lines)


def suggestion_thanks() -> str:
    return "您的建议已经记录下来，我们会转给相关部门认真研究。谢谢您帮助我们做得更好！"


def queued_confirmation(reference: str, kind: Kind) -> str:
    return (
        f"抱歉，工单系统暂时连不上。您的{kind.label}信息已经完整保存（登记号 {reference}），"
        "系统恢复后会自动生成工单，客服会按您留的电话联系您，不需要重新提交。"
        f"着急的话也可以拨打 {hotline()}。"
    )


def returns_message(
    rules: ReturnRules, product_name: str | None = None, verdict: ReturnVerdict | None = None
) -> str:
    """Return and exchange rules (the maker's policy data), with the customer's own case when the date is known."""
    lines = []
    if verdict is not None:
        what = f"您的{product_name or '产品'}购买 {verdict.days} 天"
        if verdict.can_return:
            lines.append(
                f"{what}，在 {rules.return_days} 天内：出现性能故障可以选择退货、换货或修理。"
            )
        elif verdict.can_exchange:
            lines.append(
                f"{what}，已过 {rules.return_days} 天退货期、仍在 {rules.exchange_days} 天内：出现性能故障可以选择换货或修理。"
            )
        else:
            lines.append(f"{what}，已过 {rules.exchange_days} 天换货期：保修期内按三包免费维修。")
    lines += [
        f"· 购买 {rules.return_days} 天内出现性能故障：可以退货、换货或修理；",
        f"· {rules.exchange_days} 天内：可以换货或修理；",
        f"· 保修期内同一故障修理 {rules.repairs_before_exchange} 次仍不能正常使用：可以换货。",
    ]
    if rules.needs:
        lines.append("需要：" + "、".join(rules.needs) + "。")
    if rules.excludes:
        lines.append("不适用：" + "、".join(rules.excludes) + "。")
    lines.append("性能故障由授权网点检测确认；需要的话我可以帮您登记报修。")
    return "\n".join(lines)


#: Said first to a warranty question about damage by use (「屏幕摔碎了保修吗」).
DAMAGE_NOT_COVERED = (
    "先说明：摔碰、进水、挤压这类人为损坏不在免费保修范围内，维修（比如换屏）按授权网点的报价收费，"
    "网点检测后会先报价、您同意再修。"
)


def extended_warranty_message(
    extended: ExtendedWarranty,
    product: str | None = None,
    product_name: str | None = None,
    days_since_purchase: int | None = None,
) -> str:
    """The extended-warranty terms; with the purchase day known, whether it can still be bought."""
    years = "、".join(f"{y} 年" for y in extended.years_for(product))
    lines = []
    if days_since_purchase is not None:
        left = extended.buy_within_days - days_since_purchase
        lines.append(
            f"您购机约 {days_since_purchase} 天，还能买延保（还剩约 {left} 天）。"
            if left >= 0
            else f"您购机约 {days_since_purchase} 天，已超过 {extended.buy_within_days} 天的购买时限，"
            "这台买不了延保了；三包保修期内的质量问题照常免费维修。"
        )
    lines += [
        f"延保是在三包保修期之后再延长保修：{product_name + '可选' if product_name else '可选'} {years}。",
        f"购买时限：购机后 {extended.buy_within_days} 天内。",
        f"保障内容：{extended.covers}。",
    ]
    if extended.not_covered:
        lines.append("不在延保范围：" + "、".join(extended.not_covered) + "。")
    lines.append(
        f"价格因型号而异，可在「海信+」App 或拨打 {hotline()} 购买；报修时请提供延保凭证。"
    )
    return "\n".join(lines)
