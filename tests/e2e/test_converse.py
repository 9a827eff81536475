"""make converse, small: eight simulated customers (one of every goal) against the real servers.
Checks that the report and the conversation log are written and agree with each other and with
the ticket database; it does not assert the targets (the bot is improved elsewhere)."""

import json
from datetime import date

import pytest

from bench.converse.customers import GOALS, generate
from bench.converse.report import summarise, write
from bench.converse.rest import RasaRest
from bench.converse.run import Tickets, run

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

SEED, COUNT = 2026, 8


def test_a_small_seeded_run_writes_a_report_that_matches_its_log(servers, database_url, tmp_path):
    customers = generate(SEED, COUNT, date.today())
    assert {c.goal for c in customers} == set(GOALS)
    records = run(RasaRest(servers.url), database_url, customers, date.today())
    figures = summarise(records, seed=SEED)
    report_path, log_path = write(figures, records, tmp_path, SEED)

    report = json.loads(report_path.read_text(encoding="utf-8"))
    log = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    assert [r["sender"] for r in log] == [c.sender for c in customers]
    assert report["customers"] == COUNT and report["errors"] == 0
    assert set(report["targets"]) == {
        "proper_outcome_percent",
        "conversations_with_a_question_asked_three_times",
        "tickets_with_a_wrong_field",
        "median_turns_to_ticket",
    }
    assert all(isinstance(t["pass"], bool) for t in report["targets"].values())

    # the report's counts are the log's
    assert report["proper_outcome"] == sum(r["proper"] for r in log)
    assert report["customer_messages"] == sum(len(r["turns"]) for r in log)
    assert report["messages_asked_back"] == sum(len(r["asked_back_on"]) for r in log)
    assert report["conversations_with_a_question_asked_three_times"] == sum(
        bool(r["repeated_prompts"]) for r in log
    )
    ended = {}
    for r in log:
        ended[r["ended"]] = ended.get(r["ended"], 0) + 1
    assert report["ended"] == ended

    # every conversation was a real one: each customer message got a reply, and the log's tickets are
    # the database's (read back through the repository)
    tickets = Tickets(database_url)
    for record in log:
        assert record["turns"] and all(turn["bot"] for turn in record["turns"]), record["sender"]
        assert [t["number"] for t in tickets.of_conversation(record["sender"])] == [
            t["number"] for t in record["tickets"]
        ]
        assert record["ended"] == (
            "handoff"
            if any(t["kind"] == "handoff" for t in record["tickets"])
            else "ticket"
            if record["tickets"]
            else "contained"
        )
        assert all(0 <= i < len(record["turns"]) for i in record["asked_back_on"])
        if record["turns_to_ticket"]:
            assert 1 <= record["turns_to_ticket"] <= len(record["turns"])
    status = next(r for r in log if r["goal"] == "status")
    assert status["status_number"] and status["status_number"] in status["turns"][0]["customer"]
