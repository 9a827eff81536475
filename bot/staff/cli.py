"""The service desk's command-line tool: ``bin/staff <command>`` (see ``bin/staff --help``).

It calls the same ticket services as the bot's actions. Everything a customer typed is shown
with control characters removed, so a message can never drive the staff member's terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

import requests

from bot.dialogue.contact import mask_mobile
from bot.knowledge import get_knowledge
from bot.security import api_token
from bot.text import for_terminal, table
from bot.tickets import services
from bot.tickets.model import OPEN_STATUSES, Kind, Status, Ticket, TicketRuleError
from bot.tickets.numbering import find_number


def staff_name() -> str:
    """Who is working: recorded on every change (STAFF_NAME, else the login name)."""
    return os.environ.get("STAFF_NAME") or os.environ.get("USER") or "staff"


def _statuses(text: str | None) -> list[Status] | None:
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
            ("⚠ 超时 " if t.is_overdue(now) else "") + t.number,
            t.kind.label,
            t.priority.value,
            t.status.label,
            _when(t),
            for_terminal(t.customer.name),
            for_terminal(mask_mobile(t.customer.mobile)),
            for_terminal(t.outlet_id or "-"),
            for_terminal(t.fault, 30),
        ]
        for t in tickets
    ]
    return table(
        ["工单号", "类型", "优先级", "状态", "响应时限", "客户", "手机", "网点", "问题"], rows
    )


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
        f"客户：{for_terminal(ticket.customer.name)}  {for_terminal(ticket.customer.mobile or '-')}",
        f"产品：{for_terminal(ticket.product or '-')}  型号：{for_terminal(ticket.model or '-')}  购买：{for_terminal(ticket.purchase_date or '-')}  保修：{for_terminal(ticket.warranty or '-')}",
        f"地址：{for_terminal(ticket.city or '')} {for_terminal(ticket.address or '')}  服务方式：{ticket.service}",
        f"问题：{for_terminal(ticket.fault)}",
        f"提交：{ticket.created_at:%Y-%m-%d %H:%M}  响应时限：{ticket.response_due:%Y-%m-%d %H:%M}  渠道：{for_terminal(ticket.channel)}",
        f"网点：{outlet.name + '（' + outlet.phone + '）' if outlet else '-'}",
        f"工程师上门：{ticket.engineer_arrival:%Y-%m-%d %H:%M}"
        if ticket.engineer_arrival
        else "工程师上门：未预约",
    ]
    if ticket.pending_request:
        request = ticket.pending_request
        lines.append(
            f"待确认的客户申请：{request.kind.label}（{request.at:%m-%d %H:%M}）{for_terminal(request.detail)}"
            f"  → bin/staff confirm {ticket.number}"
            + (' --at "YYYY-MM-DD HH:MM"' if request.kind.value == "reschedule" else "")
        )
    if ticket.related_ticket:
        lines.append(f"相关工单：{for_terminal(ticket.related_ticket)}")
    if ticket.follow_up_due:
        lines.append(f"回访时间：{ticket.follow_up_due:%Y-%m-%d %H:%M}")
    if ticket.rating:
        lines.append(f"客户评分：{ticket.rating} 分 {for_terminal(ticket.rating_comment or '')}")
    attachments = services.attachments_for(ticket.conversation_id)
    if attachments:
        lines += ["", "客户发送的文件："] + [
            f"  {a['at']:%m-%d %H:%M}  {a['kind']}  {for_terminal(a['url'])}" for a in attachments
        ]
    if ticket.steps_tried:
        lines += ["", "已尝试的排查："] + [
            f"  · {for_terminal(step)}" for step in ticket.steps_tried
        ]
    lines += ["", "处理记录："] + [
        f"  {c.at:%m-%d %H:%M}  {c.status.label:<10} {for_terminal(c.by)}  {for_terminal(c.note)}"
        for c in ticket.history
    ]
    if ticket.transcript and not args.no_transcript:
        lines += ["", "对话记录："] + [
            f"  {'客户' if u.speaker == 'customer' else '小海'}：{for_terminal(u.text, 300)}"
            for u in ticket.transcript
        ]
    return "\n".join(lines)


def cmd_assign(args: argparse.Namespace) -> str:
    ticket = services.assign_ticket(
        _number(args.number), args.outlet, staff_name(), args.note or ""
    )
    return f"工单 {ticket.number} 已分派至 {get_knowledge().outlets[args.outlet].name}。"


def cmd_status(args: argparse.Namespace) -> str:
    ticket = services.change_status(
        _number(args.number), Status(args.status), staff_name(), args.note or ""
    )
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
    rows = [
        [
            t.number,
            f"{t.follow_up_due:%m-%d %H:%M}",
            for_terminal(t.customer.name),
            t.customer.mobile,
            for_terminal(t.fault, 30),
        ]
        for t in tickets
    ]
    return table(["工单号", "回访时间", "客户", "手机", "问题"], rows)


def cmd_outlets(args: argparse.Namespace) -> str:
    outlets = [o for o in get_knowledge().outlets.values() if not args.city or o.city == args.city]
    rows = [[o.id, o.name, o.city, o.district, o.phone, ",".join(o.products)] for o in outlets]
    return (
        table(["编号", "名称", "城市", "区", "电话", "产品"], rows)
        if rows
        else "没有符合条件的网点。"
    )


def _arrival(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise TicketRuleError(
            '上门时间的格式是 "YYYY-MM-DD HH:MM"，例如 "2026-11-28 10:00"'
        ) from None


def cmd_requests(args: argparse.Namespace) -> str:
    """Reschedule / cancel requests customers made in the chat, waiting for staff to confirm."""
    tickets = services.pending_requests()
    if not tickets:
        return "没有待确认的客户申请。"
    rows = [
        [
            t.number,
            request.kind.label,
            f"{request.at:%m-%d %H:%M}",
            f"{t.engineer_arrival:%m-%d %H:%M}" if t.engineer_arrival else "-",
            for_terminal(t.customer.name),
            mask_mobile(t.customer.mobile),
            t.outlet_id or "-",
            for_terminal(request.detail, 30),
        ]
        for t in tickets
        if (request := t.pending_request)
    ]
    return table(
        ["工单号", "申请", "申请时间", "原上门时间", "客户", "手机", "网点", "客户原话"], rows
    )


def cmd_confirm(args: argparse.Namespace) -> str:
    """Confirm the customer's request: a cancel cancels the ticket; a reschedule needs the new time."""
    ticket = services.confirm_request(
        _number(args.number),
        staff_name(),
        _arrival(args.at) if args.at is not None else None,
        args.note or "",
    )
    if ticket.status is Status.CANCELLED:
        return f"工单 {ticket.number} 已按客户申请取消。"
    return f"工单 {ticket.number} 已按客户申请改约至 {ticket.engineer_arrival:%Y-%m-%d %H:%M}。"


def cmd_decline(args: argparse.Namespace) -> str:
    ticket = services.decline_request(_number(args.number), staff_name(), args.note)
    return f"工单 {ticket.number} 的客户申请已记录为未同意：{for_terminal(args.note)}"


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
            json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}],
            params={"token": token},
            timeout=10,
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise TicketRuleError(
            f"无法连接 Rasa 服务 {rasa_url}（{error.__class__.__name__}），会话未恢复"
        ) from error
    services.finish_handoff(
        ticket.number, staff_name(), args.note or "人工处理完毕，会话交还机器人"
    )
    return f"会话 {ticket.conversation_id} 已交还机器人，工单 {ticket.number} 已处理完成。"


def _inbox():
    from bot.tickets.database import database_url, session_factory

    return session_factory(database_url()).kw["bind"].connect()  # the engine, schema ensured


def _intents() -> list[str]:
    import yaml

    from bot.tickets.database import PROJECT_ROOT

    found: list[str] = []
    for path in sorted((PROJECT_ROOT / "domain").glob("*.yml")):
        for intent in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []:
            found.append(next(iter(intent)) if isinstance(intent, dict) else str(intent))
    return found


def cmd_review(args: argparse.Namespace) -> str:
    """The review inbox: list clusters, or label items / a cluster and write data/nlu/reviewed.yml."""
    from pathlib import Path

    from bot.staff import review
    from bot.staff.periods import since

    connection = _inbox()
    after = since(args.since, services.now()) if args.since else None
    if args.review_command != "label":
        groups = review.clusters(
            review.load_items(connection, labelled=None if args.all else False, since=after)
        )
        if not groups:
            return "待复核的消息：无。"
        lines = [
            f"待复核的消息：{sum(len(g.items) for g in groups)} 条，{len(groups)} 组（相似的放在一组，多的在前）",
            "",
        ]
        for group in groups[: args.limit]:
            guesses: dict[str, int] = {}
            for item in group.items:
                for guess in item.guesses[:1]:
                    guesses[guess["intent"]] = guesses.get(guess["intent"], 0) + 1
            top = (
                "、".join(
                    f"{name}×{n}" for name, n in sorted(guesses.items(), key=lambda x: -x[1])[:3]
                )
                or "-"
            )
            lines.append(f"组 #{group.id}  {len(group.items)} 条  机器人猜测：{top}")
            for item in group.items[: args.examples]:
                reasons = "、".join(review.REASONS.get(r, r) for r in item.reasons)
                labelled = f"  → {item.label}" if item.label else ""
                lines.append(
                    f"  [{item.id}] {item.at:%m-%d %H:%M} {item.channel or '-'}  {for_terminal(item.text, 60)}  ({reasons}){labelled}"
                )
            if len(group.items) > args.examples:
                lines.append(
                    f"  … 另有 {len(group.items) - args.examples} 条："
                    + ",".join(str(i.id) for i in group.items[args.examples :])
                )
        lines += [
            "",
            "标注：bin/staff review label --cluster 组号 --intent 意图名（或 --item 编号,编号；--out-of-scope；--answer 答案名）",
        ]
        return "\n".join(lines)

    if args.intent:
        kind, value = "intent", args.intent
        if value not in _intents():
            raise TicketRuleError(f"没有意图 {value}（见 domain/ 的 intents）")
    elif args.answer:
        kind, value = "answer", args.answer
        if get_knowledge().answer(value) is None:
            raise TicketRuleError(f"knowledge/answers.yml 里没有答案 {value}")
    else:
        kind, value = "out_of_scope", None
    items = review.load_items(connection, labelled=None)
    if args.cluster is not None:
        cluster = next(
            (
                g
                for g in review.clusters([i for i in items if i.label_kind is None])
                if g.id == args.cluster
            ),
            None,
        )
        if cluster is None:
            raise TicketRuleError(
                f"没有待复核的组 #{args.cluster}（先运行 bin/staff review 看组号）"
            )
        ids = [i.id for i in cluster.items]
    else:
        wanted = {int(x) for x in args.item.split(",") if x.strip()}
        ids = [i.id for i in items if i.id in wanted]
        if len(ids) != len(wanted):
            raise TicketRuleError(
                f"没有这些复核条目：{','.join(str(x) for x in sorted(wanted - set(ids)))}"
            )
    count = review.label(connection, ids, kind, value, staff_name(), services.now())
    connection.commit()
    target = Path(args.file) if args.file else review.REVIEWED
    written = review.write_reviewed(review.load_items(connection, labelled=True), target)
    shown = "不属于客服范围" if kind == "out_of_scope" else value
    return f"已标注 {count} 条为「{shown}」；{target} 现有 {written} 条训练例句（下次 make setup 时重新训练）。"


def cmd_report(args: argparse.Namespace) -> str:
    """Service-desk analytics: printed, and with --html written as a page with charts."""
    from pathlib import Path

    from bot.analytics.figures import compute
    from bot.analytics.report import html_report, text_report
    from bot.staff.periods import since

    now = services.now()
    with _inbox() as connection:
        figures = compute(connection, since(args.since, now), now)
    if args.html:
        Path(args.html).write_text(html_report(figures), encoding="utf-8")
    return text_report(figures) + (f"\n\n报告页面已写入 {args.html}" if args.html else "")


COMMANDS: dict[str, Callable[[argparse.Namespace], str]] = {
    "review": cmd_review,
    "report": cmd_report,
    "list": cmd_list,
    "show": cmd_show,
    "assign": cmd_assign,
    "status": cmd_status,
    "schedule": cmd_schedule,
    "followups": cmd_followups,
    "outlets": cmd_outlets,
    "release": cmd_release,
    "requests": cmd_requests,
    "confirm": cmd_confirm,
    "decline": cmd_decline,
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
    (
        s.add_argument("number"),
        s.add_argument("status", choices=[x.value for x in Status]),
        s.add_argument("--note"),
    )
    s = sub.add_parser("schedule", help="预约工程师上门时间")
    s.add_argument("number"), s.add_argument("arrival", help='"YYYY-MM-DD HH:MM"')
    s = sub.add_parser("followups", help="到期的回访（处理完成 48 小时后）")
    s.add_argument("--within-hours", type=int, default=0, help="也列出这么多小时内将到期的")
    s = sub.add_parser("outlets", help="服务网点列表")
    s.add_argument("--city")
    sub.add_parser("requests", help="客户在对话中提出、待确认的改约和取消申请")
    s = sub.add_parser("confirm", help="确认客户的申请：取消即取消工单；改约需给出新的上门时间")
    (
        s.add_argument("number"),
        s.add_argument("--at", help='改约的新上门时间 "YYYY-MM-DD HH:MM"'),
        s.add_argument("--note"),
    )
    s = sub.add_parser("decline", help="不同意客户的申请（说明原因，客服会电话告知客户）")
    s.add_argument("number"), s.add_argument("note", help="原因")
    s = sub.add_parser("release", help="人工处理完毕：把转人工的会话交还机器人")
    s.add_argument("ticket", help="转人工工单号")
    s.add_argument("--note")
    s.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    s.add_argument(
        "--token",
        default=os.environ.get("RASA_TOKEN"),
        help="Rasa 的 --auth-token（默认取本机 var/secret）",
    )
    s = sub.add_parser(
        "review",
        help="复核机器人没把握的消息：按相似度分组列出；label 标注后写入 data/nlu/reviewed.yml",
    )
    s.add_argument("--since", help="只看这段时间的：7d、24h 或 2026-11-01")
    s.add_argument("--all", action="store_true", help="包括已标注的")
    s.add_argument("--examples", type=int, default=3, help="每组显示几条例句")
    s.add_argument("--limit", type=int, default=30, help="最多显示几组")
    r = s.add_subparsers(dest="review_command")
    lab = r.add_parser("label", help="标注一条/几条（--item）或一整组（--cluster）")
    which = lab.add_mutually_exclusive_group(required=True)
    which.add_argument("--item", help="条目编号，逗号分隔")
    which.add_argument("--cluster", type=int, help="组号（bin/staff review 列出的 #号）")
    what = lab.add_mutually_exclusive_group(required=True)
    what.add_argument("--intent", help="正确的意图")
    what.add_argument("--out-of-scope", action="store_true", help="不属于客服范围")
    what.add_argument("--answer", help="应该用 knowledge/answers.yml 里这个答案回答")
    lab.add_argument("--file", help=argparse.SUPPRESS)
    from bot.analytics.report import TERMS

    s = sub.add_parser(
        "report",
        help="服务台统计：会话、自助解决、转人工、反问、诊断、工单、评分",
        description=TERMS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--since", default="7d", help="时段：7d、24h 或 2026-11-01（默认 7d）")
    s.add_argument("--html", metavar="FILE", help="另写一个带图表的网页")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(COMMANDS[args.command](args))
    except TicketRuleError as error:
        print(f"操作未执行：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
