"""Record the tracker fixtures for the action tests from real conversations.

    .venv/bin/python -m tests.actions.capture_fixtures

Starts the real servers, plays each scenario below and saves the tracker as the action server
would receive it right after the scenario's last customer message (events up to that message and the
slots Rasa filled from it). Re-run it when the domain or the flows change.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from harness.servers import running_servers

FIXTURES = Path(__file__).parent / "fixtures"

SCENARIOS: dict[str, list[str]] = {
    # at the HDMI step, the customer says the screen is still black
    "tv_hdmi_step_still_black": ["电视黑屏了，有声音没图像", "/affirm", "还是黑屏"],
    # at the HDMI step, the customer asks about the hotline instead of answering
    "tv_hdmi_step_question": ["电视黑屏了，有声音没图像", "/affirm", "客服电话多少"],
    # the fridge diagnosis asks for model and purchase date; the customer answers
    "fridge_model_answer": ["冰箱不制冷了", "型号BCD-520WFK，前年买的"],
    # the ticket form asks for the mobile number; the customer types a wrong one
    "ticket_wrong_mobile": [
        "电视黑屏了",
        "/deny",
        "/deny",
        "/deny",
        "/deny",
        "/affirm",
        "张伟",
        "12345",
    ],
    # the summary was read back; the customer confirms
    "ticket_confirm": [
        "电视黑屏了",
        "/deny",
        "/deny",
        "/deny",
        "/deny",
        "/affirm",
        "张伟",
        "13912345678",
        "55E3F",
        "2024年5月",
        "青岛",
        "市南区香港中路8号",
        "/affirm",
    ],
}


def tracker_at_last_user_message(tracker: dict[str, Any]) -> dict[str, Any]:
    events = tracker["events"]
    end = max(i for i, e in enumerate(events) if e["event"] == "user") + 1
    while end < len(events) and events[end]["event"] == "slot":
        end += 1  # slots that action_extract_slots filled from the message
    events = events[:end]
    slots = dict.fromkeys(tracker["slots"])
    active_loop: dict[str, Any] = {}
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
        elif event["event"] == "active_loop":
            active_loop = {"name": event["name"]} if event.get("name") else {}
    actions = [e["name"] for e in events if e["event"] == "action"]
    user = [e for e in events if e["event"] == "user"][-1]
    return {
        "sender_id": tracker["sender_id"],
        "slots": slots,
        "latest_message": user["parse_data"] | {"text": user["text"]},
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": active_loop,
        "latest_action_name": actions[-1] if actions else None,
        "latest_input_channel": user.get("input_channel"),
    }


def main() -> None:
    workdir = Path(tempfile.mkdtemp())
    with running_servers(
        workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'tickets.db'}"}
    ) as servers:
        for name, messages in SCENARIOS.items():
            sender = f"fixture-{name}"
            for message in messages:
                servers.say(sender, message)
            state = tracker_at_last_user_message(servers.tracker(sender))
            path = FIXTURES / f"{name}.json"
            path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"wrote {path.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
