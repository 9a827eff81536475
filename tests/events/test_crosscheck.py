"""The report and the inbox against a ``make converse`` log: the comparison itself on a stored
stream (fast), and on a real seeded run once ``bench.converse`` is on the branch (slow)."""

import importlib.util
import json
import subprocess
import sys

import pytest

from bot.analytics.crosscheck import compare
from bot.events.consumer import consume_sql, ticket_engine
from bot.events.store import record
from harness.servers import ROOT, running_servers
from tests.events.conversations import (
    asked_back_then_none_of_these,
    wrong_fault_then_unreadable_twice,
)


def log_line(sender, ended, turns):
    return {
        "sender": sender,
        "ended": ended,
        "turns": [{"customer": c, "asked_back": a} for c, a in turns],
    }


def test_a_consistent_log_and_a_wrong_one(tmp_path):
    engine = ticket_engine(f"sqlite:///{tmp_path / 'tickets.db'}")
    with engine.begin() as connection:
        record(
            connection, asked_back_then_none_of_these("a") + wrong_fault_then_unreadable_twice("b")
        )
    log = [
        log_line(
            "a",
            "handoff",
            [
                ("那个东西一闪一闪的 13912345678", "action_clarify"),
                ("/nlu_fallback", "nlu_fallback"),
                ("转人工", None),
            ],
        ),
        log_line(
            "b",
            "contained",
            [
                ("屏幕有条纹", None),
                ("不对", None),
                ("冰箱不制冷", None),
                ("嗯嗯那个啥", "nlu_fallback"),
                ("哎呀呀", "nlu_fallback"),
            ],
        ),
    ]
    with engine.connect() as connection:
        result = compare(log, connection)
        assert result["log_ended"] == result["report_ended"] == {"handoff": 1, "contained": 1}
        assert result["asked_back"] == 3 and result["missing_from_inbox"] == []
        assert result["inbox_not_asked_back"] == [
            ("b", "屏幕有条纹")
        ]  # 「不对」 after a named fault

        log[1]["ended"] = "ticket"
        log[1]["turns"][2]["asked_back"] = "action_clarify"
        result = compare(log, connection)
        assert result["log_ended"] != result["report_ended"]
        assert result["missing_from_inbox"] == [("b", "冰箱不制冷")]


@pytest.mark.slow
def test_a_seeded_converse_run_matches_the_report_and_the_inbox(tmp_path):
    if importlib.util.find_spec("bench.converse") is None:
        pytest.skip("bench.converse (make converse, issue 19) is not on this branch yet")
    stores = (
        f"tracker_store:\n  type: bot.tracker_store.EncryptingSQLTrackerStore\n  dialect: sqlite\n  db: {tmp_path / 'trackers.db'}\n"
        f"event_broker:\n  type: bot.events.brokers.MaskingSQLEventBroker\n  dialect: sqlite\n  db: {tmp_path / 'events.db'}\n"
    )
    database = f"sqlite:///{tmp_path / 'tickets.db'}"
    (tmp_path / "servers").mkdir()
    with running_servers(
        tmp_path / "servers", env={"DATABASE_URL": database}, stores=stores
    ) as servers:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.converse.run",
                "--seed",
                "1",
                "--count",
                "12",
                "--url",
                servers.url,
                "--database-url",
                database,
                "--out",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    engine = ticket_engine(database)
    consume_sql(f"sqlite:///{tmp_path / 'events.db'}", engine)
    log = [
        json.loads(line)
        for line in (tmp_path / "seed-1.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    with engine.connect() as connection:
        result = compare(log, connection)
    print(
        json.dumps(
            {k: result[k] for k in ("log_ended", "report_ended", "asked_back")}, ensure_ascii=False
        )
    )
    assert result["report_ended"] == result["log_ended"], result
    assert result["missing_from_inbox"] == [], result


def test_a_ticket_opened_in_the_sessions_first_second_belongs_to_it():
    # tickets record their time to the second: a quick conversation (make converse) that opened
    # its ticket within the second it started was counted as contained
    from datetime import datetime

    from bot.analytics.sessions import Event, sessions

    start = datetime(2026, 11, 30, 21, 29, 53, 222790)
    events = [
        Event("session_started", None, None, "rest", start, {}),
        Event("user", None, "洗衣机不甩干", "rest", start.replace(microsecond=300000), {}),
    ]
    ticket = {"number": "HX1", "kind": "repair", "created_at": datetime(2026, 11, 30, 21, 29, 53)}
    [session] = sessions("c", events, [ticket])
    assert session.tickets == [ticket] and not session.contained
