"""The figures of a ``make converse`` run, the targets of issue 19, and the files it writes."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.text import table

#: name -> (what is measured, comparison, target)
TARGETS: dict[str, tuple[str, str, float]] = {
    "proper_outcome_percent": (
        "proper outcome reached (fix, correct ticket, handoff, answer)",
        ">=",
        95.0,
    ),
    "conversations_with_a_question_asked_three_times": (
        "conversations with the same prompt 3 times",
        "<=",
        0,
    ),
    "tickets_with_a_wrong_field": ("tickets with any field wrong", "<=", 0),
    "median_turns_to_ticket": ("median customer messages to a confirmed repair ticket", "<=", 10),
}


def summarise(records: Sequence[dict[str, Any]], seed: int) -> dict[str, Any]:
    count = len(records)
    proper = sum(r["proper"] for r in records)
    tickets_checked = [
        r
        for r in records
        if r["goal"] in ("ticket", "complaint")
        and r["outcome"] == {"ticket": "ticket", "complaint": "complaint"}[r["goal"]]
    ]
    wrong = [r for r in tickets_checked if r["wrong_fields"]]
    turns = [r["turns_to_ticket"] for r in records if r["turns_to_ticket"]]
    by_goal: dict[str, dict[str, int]] = {}
    for r in records:
        goal = by_goal.setdefault(r["goal"], {"customers": 0, "proper": 0})
        goal["customers"] += 1
        goal["proper"] += r["proper"]
    by_behaviour: dict[str, dict[str, int]] = {}
    for r in records:
        for b in r["behaviours"]:
            entry = by_behaviour.setdefault(b, {"customers": 0, "proper": 0})
            entry["customers"] += 1
            entry["proper"] += r["proper"]
    figures: dict[str, Any] = {
        "seed": seed,
        "customers": count,
        "proper_outcome": proper,
        "proper_outcome_percent": round(100 * proper / count, 1) if count else 0.0,
        "conversations_with_a_question_asked_three_times": sum(
            bool(r["repeated_prompts"]) for r in records
        ),
        "tickets_checked": len(tickets_checked),
        "tickets_with_a_wrong_field": len(wrong),
        "median_turns_to_ticket": statistics.median(turns) if turns else None,
        "tickets_with_turns": len(turns),
        "customer_messages": sum(r["messages"] for r in records),
        "messages_asked_back": sum(len(r["asked_back_on"]) for r in records),
        "conversations_asked_back": sum(r["asked_back"] for r in records),
        "ended": dict(Counter(r["ended"] for r in records)),
        "errors": sum(bool(r["error"]) for r in records),
        "by_goal": by_goal,
        "by_behaviour": by_behaviour,
        "wrong_outcomes": dict(
            Counter(
                f"{r['goal']} -> {r['outcome']}"
                for r in records
                if r["outcome"] != _proper_outcome(r["goal"])
            )
        ),
        "wrong_fields": dict(Counter(w["field"] for r in wrong for w in r["wrong_fields"])),
        "wrong_field_list": [
            {"sender": r["sender"], **w} for r in wrong for w in r["wrong_fields"]
        ],
        "repeated_prompt_list": [
            {"sender": r["sender"], "prompt": p, "times": n}
            for r in records
            for p, n in r["repeated_prompts"].items()
        ],
    }
    figures["targets"] = {
        name: {
            "what": what,
            "target": f"{op} {target:g}",
            "value": figures[name],
            "pass": _passes(figures[name], op, target),
        }
        for name, (what, op, target) in TARGETS.items()
    }
    return figures


def _proper_outcome(goal: str) -> str:
    from bench.converse.judge import PROPER

    return PROPER[goal]


def _passes(value: Any, op: str, target: float) -> bool:
    if value is None:
        return False
    return value >= target if op == ">=" else value <= target


def print_report(figures: dict[str, Any]) -> None:
    print(
        f"\nmake converse — seed {figures['seed']}, {figures['customers']} simulated customers, "
        f"{figures['customer_messages']} customer messages, {figures['errors']} errors\n"
    )
    rows = [
        [
            target["what"],
            "-" if target["value"] is None else target["value"],
            target["target"],
            "PASS" if target["pass"] else "FAIL",
        ]
        for target in figures["targets"].values()
    ]
    print(table(["target", "value", "target", "result"], rows, right=(1, 2)))
    print(
        f"\n(tickets checked: {figures['tickets_checked']}; repair tickets with turns counted: {figures['tickets_with_turns']})"
    )
    print(
        f"asked back (clarifying question / fallback): {figures['messages_asked_back']} messages in "
        f"{figures['conversations_asked_back']} conversations"
    )
    print("ended: " + ", ".join(f"{k} {v}" for k, v in sorted(figures["ended"].items())))
    print(
        "\nby goal:           "
        + "  ".join(f"{g} {v['proper']}/{v['customers']}" for g, v in figures["by_goal"].items())
    )
    print(
        "by behaviour:      "
        + "  ".join(
            f"{b} {v['proper']}/{v['customers']}"
            for b, v in sorted(figures["by_behaviour"].items())
        )
    )
    if figures["wrong_outcomes"]:
        print(
            "wrong outcomes:    "
            + "  ".join(
                f"{k}: {v}"
                for k, v in sorted(figures["wrong_outcomes"].items(), key=lambda p: -p[1])
            )
        )
    if figures["wrong_field_list"]:
        print("\nwrong ticket fields (sender, field, expected, actual):")
        for w in figures["wrong_field_list"]:
            print(f"  {w['sender']}  {w['field']:<14} {w['expected']!s:<22} {w['actual']!s}")
    if figures["repeated_prompt_list"]:
        print("\nprompts sent 3 times or more:")
        for r in figures["repeated_prompt_list"]:
            print(f"  {r['sender']}  ×{r['times']}  {r['prompt'][:70]}")


def write(
    figures: dict[str, Any], records: Sequence[dict[str, Any]], out: Path, seed: int
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    report, log = out / f"seed-{seed}.json", out / f"seed-{seed}.jsonl"
    report.write_text(
        json.dumps(figures, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    with log.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return [report, log]
