"""The service desk's command-line tool: ``bin/staff <command>`` (see ``bin/staff --help``).

It calls the same ticket services as the bot's actions. Everything a customer typed is shown
with control characters removed, so a message can never drive the staff member's terminal.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import Callable, Dict, List, Optional, Sequence

import requests

from bot.dialogue.contact import mask_mobile
from bot.knowledge import get_knowledge
from bot.security import api_token
from bot.staff.display import clean, table
from bot.tickets import services
from bot.tickets.numbering import find_number
from bot.tickets.model import OPEN_STATUSES, Kind, Status, Ticket, TicketRuleError

def staff_name() -> str:
    """Who is working: recorded on every change (STAFF_NAME, else the login name)."""
    return os.environ.get("STAFF_NAME") or os.environ.get("USER") or "staff"


def _statuses(text: Optional[str]) -> Optional[List[Status]]:
    return [Status(s.strip()) for s in text.split(",")] if text else None


def _when(ticket: Ticket) -> str:
    return f"{ticket.response_due:%m-%d %H:%M}"


def cmd_list(args: argparse.Namespace) -> str:
    now = services.now()
    tickets = services.list_tickets(
        statuses=_statuses(args.status) or (None if args.all else sorted(OPEN_STATUSES)),
        kinds=[Kind(args.kind)] if args.kind else None,
        outlet_id=args.outlet,
        mobile=args.mobile,
    )
    if args.overdue:
        tickets = [t for t in tickets if t.is_overdue(now)]
    if not tickets:
        return "没有符合条件的工单。"
    rows = [
        [
            ("⚠ 超时 " if t.is_overdue(now) else "") + t.number, t.kind.label, t.priority.value, t.status.label,
            _when(t), clean(t.customer.name), clean(mask_mobile(t.customer.mobile)), clean(t.outlet_id or "-"), clean(t.fault, 30),
        ]
        for t in tickets
    ]
    return table(["工单号", "类型", "优先级", "状态", "响应时限", "客户", "手机", "网点", "问题"], rows)


def _number(typed: str) -> str:
    """A ticket number as staff type it: any case, dashes or not."""
    return find_number(typed) or typed.strip().upper()


def cmd_show(args: argparse.Namespace) -> str:
    ticket = services.find_ticket(_number(args.number))
    if ticket is None:
        raise TicketRuleError(f"没有工单 {args.number}")
    outlet = get_knowledge().outlets.get(ticket.outlet_id or "")
    lines = [
        f"工单 {ticket.number}  {ticket.kind.label}  {ticket.priority.value}  {ticket.status.label}",
        f"客户：{clean(ticket.customer.name)}  {clean(ticket.customer.mobile or '-')}",
        f"产品：{clean(ticket.product or '-')}  型号：{clean(ticket.model or '-')}  购买：{clean(ticket.purchase_date or '-')}  保修：{clean(ticket.warranty or '-')}",
        f"地址：{clean(ticket.city or '')} {clean(ticket.address or '')}  服务方式：{ticket.service}",
        f"问题：{clean(ticket.fault)}",
        f"提交：{ticket.created_at:%Y-%m-%d %H:%M}  响应时限：{ticket.response_due:%Y-%m-%d %H:%M}  渠道：{clean(ticket.channel)}",
        f"网点：{outlet.name + '（' + outlet.phone + '）' if outlet else '-'}",
        f"工程师上门：{ticket.engineer_arrival:%Y-%m-%d %H:%M}" if ticket.engineer_arrival else "工程师上门：未预约",
    ]
    if ticket.pending_request:
        request = ticket.pending_request
        lines.append(f"待确认的客户申请：{request.kind.label}（{request.at:%m-%d %H:%M}）{clean(request.detail)}"
                     f"  → bin/staff confirm {ticket.number}" + (" --at \"YYYY-MM-DD HH:MM\"" if request.kind.value == "reschedule" else ""))
    if ticket.related_ticket:
        lines.append(f"相关工单：{clean(ticket.related_ticket)}")
    if ticket.follow_up_due:
        lines.append(f"回访时间：{ticket.follow_up_due:%Y-%m-%d %H:%M}")
    if ticket.rating:
        lines.append(f"客户评分：{ticket.rating} 分 {clean(ticket.rating_comment or '')}")
    attachments = services.attachments_for(ticket.conversation_id)
    if attachments:
        lines += ["", "客户发送的文件："] + [f"  {a['at']:%m-%d %H:%M}  {a['kind']}  {clean(a['url'])}" for a in attachments]
    if ticket.steps_tried:
        lines += ["", "已尝试的排查："] + [f"  · {clean(step)}" for step in ticket.steps_tried]
    lines += ["", "处理记录："] + [
        f"  {c.at:%m-%d %H:%M}  {c.status.label:<10} {clean(c.by)}  {clean(c.note)}" for c in ticket.history
    ]
    if ticket.transcript and not args.no_transcript:
        lines += ["", "对话记录："] + [
            f"  {'客户' if u.speaker == 'customer' else '小海'}：{clean(u.text, 300)}" for u in ticket.transcript
        ]
    return "\n".join(lines)


def cmd_assign(args: argparse.Namespace) -> str:
    ticket = services.assign_ticket(_number(args.number), args.outlet, staff_name(), args.note or "")
    return f"工单 {ticket.number} 已分派至 {get_knowledge().outlets[ticket.outlet_id].name}。"


def cmd_status(args: argparse.Namespace) -> str:
    ticket = services.change_status(_number(args.number), Status(args.status), staff_name(), args.note or "")
    return f"工单 {ticket.number} 状态已改为「{ticket.status.label}」。"


def cmd_schedule(args: argparse.Namespace) -> str:
    arrival = _arrival(args.arrival)
    ticket = services.schedule_arrival(_number(args.number), arrival, staff_name())
    return f"工单 {ticket.number} 已预约工程师 {arrival:%Y-%m-%d %H:%M} 上门。"


def cmd_followups(args: argparse.Namespace) -> str:
    from datetime import timedelta

    tickets = services.follow_ups_due(within=timedelta(hours=args.within_hours))
    if not tickets:
        return "目前没有到期的回访。"
    rows = [[t.number, f"{t.follow_up_due:%m-%d %H:%M}", clean(t.customer.name), t.customer.mobile, clean(t.fault, 30)] for t in tickets]
    return table(["工单号", "回访时间", "客户", "手机", "问题"], rows)


def cmd_outlets(args: argparse.Namespace) -> str:
    outlets = [o for o in get_knowledge().outlets.values() if not args.city or o.city == args.city]
    rows = [[o.id, o.name, o.city, o.district, o.phone, ",".join(o.products)] for o in outlets]
    return table(["编号", "名称", "城市", "区", "电话", "产品"], rows) if rows else "没有符合条件的网点。"


def _arrival(text: Optional[str]) -> Optional[datetime]:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise TicketRuleError("上门时间的格式是 \"YYYY-MM-DD HH:MM\"，例如 \"2026-11-28 10:00\"") from None


def cmd_requests(args: argparse.Namespace) -> str:
    """Reschedule / cancel requests customers made in the chat, waiting for staff to confirm."""
    tickets = services.pending_requests()
    if not tickets:
        return "没有待确认的客户申请。"
    rows = [
        [
            t.number, t.pending_request.kind.label, f"{t.pending_request.at:%m-%d %H:%M}",
            f"{t.engineer_arrival:%m-%d %H:%M}" if t.engineer_arrival else "-", clean(t.customer.name),
            mask_mobile(t.customer.mobile), t.outlet_id or "-", clean(t.pending_request.detail, 30),
        ]
        for t in tickets
    ]
    return table(["工单号", "申请", "申请时间", "原上门时间", "客户", "手机", "网点", "客户原话"], rows)


def cmd_confirm(args: argparse.Namespace) -> str:
    """Confirm the customer's request: a cancel cancels the ticket; a reschedule needs the new time."""
    ticket = services.confirm_request(_number(args.number), staff_name(), _arrival(args.at), args.note or "")
    if ticket.status is Status.CANCELLED:
        return f"工单 {ticket.number} 已按客户申请取消。"
    return f"工单 {ticket.number} 已按客户申请改约至 {ticket.engineer_arrival:%Y-%m-%d %H:%M}。"


def cmd_decline(args: argparse.Namespace) -> str:
    ticket = services.decline_request(_number(args.number), staff_name(), args.note)
    return f"工单 {ticket.number} 的客户申请已记录为未同意：{clean(args.note)}"


def cmd_release(args: argparse.Namespace) -> str:
    """Hand a conversation back to the bot: resume it in Rasa and resolve the handoff ticket."""
    ticket = services.find_ticket(_number(args.ticket))
    if ticket is None or ticket.kind is not Kind.HANDOFF:
        raise TicketRuleError(f"{args.ticket} 不是转人工工单")
    rasa_url = args.rasa_url.rstrip("/")
    # Rasa's --auth-token is checked as ?token= (a Bearer header counts only with --jwt-secret)
    token = args.token or api_token()
    try:
        response = requests.post(
            f"{rasa_url}/conversations/{ticket.conversation_id}/tracker/events",
            # resume, and listen: the bot answers the customer's next message as a fresh turn
            json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}], params={"token": token}, timeout=10,
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise TicketRuleError(f"无法连接 Rasa 服务 {rasa_url}（{error.__class__.__name__}），会话未恢复") from error
    services.finish_handoff(ticket.number, staff_name(), args.note or "人工处理完毕，会话交还机器人")
    return f"会话 {ticket.conversation_id} 已交还机器人，工单 {ticket.number} 已处理完成。"


COMMANDS: Dict[str, Callable[[argparse.Namespace], str]] = {
    "list": cmd_list, "show": cmd_show, "assign": cmd_assign, "status": cmd_status, "schedule": cmd_schedule,
    "followups": cmd_followups, "outlets": cmd_outlets, "release": cmd_release,
    "requests": cmd_requests, "confirm": cmd_confirm, "decline": cmd_decline,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="staff", description="海信售后工单工具（客服人员使用）")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help="列出工单：超时的在前，其余按响应时限")
    s.add_argument("--status", help="状态，逗号分隔：" + ",".join(x.value for x in Status))
    s.add_argument("--kind", choices=[k.value for k in Kind])
    s.add_argument("--outlet", help="网点编号")
    s.add_argument("--mobile", help="客户手机号")
    s.add_argument("--overdue", action="store_true", help="只看超时未响应的")
    s.add_argument("--all", action="store_true", help="包括已完成、已关闭、已取消的")
    s = sub.add_parser("show", help="查看一张工单：处理记录和对话记录")
    s.add_argument("number")
    s.add_argument("--no-transcript", action="store_true")
    s = sub.add_parser("assign", help="分派给服务网点")
    s.add_argument("number"), s.add_argument("outlet"), s.add_argument("--note")
    s = sub.add_parser("status", help="修改状态并记录备注")
    s.add_argument("number"), s.add_argument("status", choices=[x.value for x in Status]), s.add_argument("--note")
    s = sub.add_parser("schedule", help="预约工程师上门时间")
    s.add_argument("number"), s.add_argument("arrival", help='"YYYY-MM-DD HH:MM"')
    s = sub.add_parser("followups", help="到期的回访（处理完成 48 小时后）")
    s.add_argument("--within-hours", type=int, default=0, help="也列出这么多小时内将到期的")
    s = sub.add_parser("outlets", help="服务网点列表")
    s.add_argument("--city")
    sub.add_parser("requests", help="客户在对话中提出、待确认的改约和取消申请")
    s = sub.add_parser("confirm", help="确认客户的申请：取消即取消工单；改约需给出新的上门时间")
    s.add_argument("number"), s.add_argument("--at", help='改约的新上门时间 "YYYY-MM-DD HH:MM"'), s.add_argument("--note")
    s = sub.add_parser("decline", help="不同意客户的申请（说明原因，客服会电话告知客户）")
    s.add_argument("number"), s.add_argument("note", help="原因")
    s = sub.add_parser("release", help="人工处理完毕：把转人工的会话交还机器人")
    s.add_argument("ticket", help="转人工工单号")
    s.add_argument("--note")
    s.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    s.add_argument("--token", default=os.environ.get("RASA_TOKEN"), help="Rasa 的 --auth-token（默认取本机 var/secret）")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(COMMANDS[args.command](args))
    except TicketRuleError as error:
        print(f"操作未执行：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
