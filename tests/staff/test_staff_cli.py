"""The staff tool against a real SQLite database, as a staff member would use it."""

from datetime import datetime, timedelta

import pytest

from bot.staff.cli import main
from bot.tickets.model import Kind, Priority, Utterance
from bot.tickets.services import TicketRequest, open_ticket


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tickets.db'}")
    monkeypatch.setenv("STAFF_NAME", "李工")


def create(
    priority=Priority.P2,
    minutes_ago=0,
    city=None,
    fault="电视黑屏、没有图像",
    name="张伟",
    transcript=(),
    channel="rest",
):
    request = TicketRequest(
        kind=Kind.REPAIR,
        priority=priority,
        customer_name=name,
        mobile="13912345678",
        channel=channel,
        fault=fault,
        city=city,
        transcript=transcript,
    )
    return open_ticket(
        request, at=datetime.now().replace(microsecond=0) - timedelta(minutes=minutes_ago)
    ).number


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_list_puts_overdue_tickets_first_and_masks_mobiles(capsys):
    fresh = create(Priority.P3)
    late = create(Priority.P1, minutes_ago=45)
    code, out = run(capsys, "list")
    assert code == 0
    assert out.index(late) < out.index(fresh) and "⚠ 超时" in out
    assert "139****5678" in out and "13912345678" not in out
    assert run(capsys, "list", "--overdue")[1].count("HX") == 1


def test_show_gives_history_and_transcript(capsys):
    number = create(
        transcript=(Utterance("customer", "电视黑屏了"), Utterance("bot", "待机指示灯亮吗？"))
    )
    code, out = run(capsys, "show", number)
    assert code == 0
    assert "处理记录" in out and "客户在线提交" in out
    assert "客户：电视黑屏了" in out and "小海：待机指示灯亮吗？" in out


def test_assign_schedule_and_work_a_ticket_to_the_end(capsys):
    number = create()
    assert run(capsys, "assign", number, "qd-shinan")[0] == 0
    assert run(capsys, "schedule", number, "2026-11-28 10:00")[0] == 0
    assert run(capsys, "status", number, "in_progress", "--note", "工程师已出发")[0] == 0
    assert run(capsys, "status", number, "resolved", "--note", "更换电源板")[0] == 0
    out = run(capsys, "show", number)[1]
    assert (
        "海信授权服务中心（青岛市南）" in out
        and "2026-11-28 10:00" in out
        and "更换电源板" in out
        and "李工" in out
    )
    assert number in run(capsys, "followups", "--within-hours", "49")[1]
    assert number not in run(capsys, "followups")[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (("status", "{n}", "closed"), "不能改为「已关闭」"),
        (("assign", "{n}", "no-such-outlet"), "没有编号为 no-such-outlet 的服务网点"),
        (("schedule", "{n}", "2026-11-28 10:00"), "需先分派网点"),
        (("schedule", "{n}", "明天上午"), "格式"),
        (("show", "HX20000101-0001"), "没有工单"),
    ],
)
def test_invalid_operations_are_refused_clearly(capsys, args, message):
    number = create()
    code, out = run(capsys, *[a.format(n=number) for a in args])
    assert code == 2 and "操作未执行" in out and message in out


def test_customer_text_cannot_drive_the_terminal(capsys):
    number = create(
        fault="黑屏\x1b[2J\x1b]0;pwned\x07", name="张\x1b[31m伟", channel="\x1b]0;pwned\x07\x9b2J"
    )
    out = run(capsys, "show", number)[1] + run(capsys, "list")[1]
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out


def test_a_customer_reschedule_is_listed_and_confirmed_with_the_new_time(capsys):
    from bot.tickets.model import RequestKind
    from bot.tickets.services import request_visit_change

    number = create(city="青岛")  # dispatched at once: assigned
    request_visit_change(number, RequestKind.RESCHEDULE, "周三没人 改到周五下午")
    code, out = run(capsys, "requests")
    assert code == 0 and number in out and "改约上门时间" in out and "周五下午" in out
    assert "待确认的客户申请：改约上门时间" in run(capsys, "show", number)[1]
    code, out = run(capsys, "confirm", number)
    assert code == 2 and "新的上门时间" in out  # refused without the new time, nothing written
    code, out = run(capsys, "confirm", number, "--at", "2026-12-04 14:00")
    assert code == 0 and "2026-12-04 14:00" in out
    assert "没有待确认" in run(capsys, "requests")[1]
    shown = run(capsys, "show", number)[1]
    assert "已按客户申请改约" in shown and "李工" in shown and "2026-12-04 14:00" in shown


def test_a_customer_cancel_is_confirmed_or_declined(capsys):
    from bot.tickets.model import RequestKind
    from bot.tickets.services import find_ticket, request_visit_change

    cancelled, kept = create(city="青岛"), create(city="青岛")
    for number in (cancelled, kept):
        request_visit_change(number, RequestKind.CANCEL, "自己修好了")
    assert run(capsys, "confirm", cancelled)[0] == 0
    code, out = run(capsys, "decline", kept, "配件已到，客户同意上门")
    assert code == 0 and "未同意" in out
    assert find_ticket(cancelled).status.value == "cancelled"
    assert (
        find_ticket(kept).status.value == "assigned" and find_ticket(kept).pending_request is None
    )
    code, out = run(capsys, "confirm", kept)
    assert code == 2 and "没有待确认的客户申请" in out
