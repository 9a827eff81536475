"""The whole review loop on a temporary copy of the project: messages the model misses → the event
stream → the inbox → labelled with ``bin/staff review`` → ``data/nlu/reviewed.yml`` → the NLU model
fine-tuned on it (``rasa train --finetune --epoch-fraction``) → the same kind of message is now
understood. Slow: it fine-tunes a model (run it under the machine's CPU lock where there is one)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.build import current_model
from bot.events.brokers import MaskingSQLEventBroker
from bot.events.consumer import consume_sql, ticket_engine
from bot.staff.cli import main
from bot.tickets.orm import review_items
from harness.servers import ROOT
from tests.events.conversations import action, session

pytestmark = [
    pytest.mark.slow,
    # passed on 2026-11-30 (22 minutes on a machine busy with another training; it fine-tunes the
    # whole model, as Rasa fine-tunes only the graph a model was trained with). Opt-in so that
    # `make test` trains once; run it after changing the review inbox or the training setup.
    pytest.mark.skipif(
        os.environ.get("REVIEW_LOOP") != "1",
        reason="fine-tunes a copy of the NLU model (10+ minutes): run with REVIEW_LOOP=1",
    ),
]

#: New ways of saying known faults (words the training data does not have): what staff label ...
TAUGHT = {
    "phone_battery_drain": [
        "电池尿崩了",
        "这手机电量尿崩",
        "尿崩一样掉电",
        "一玩游戏就尿崩",
        "电量尿崩得厉害",
    ],
    "tv_remote_problem": ["摇控板按了没用", "摇控板不灵了", "摇控板失效了", "那个摇控板按哪都白按"],
}
#: ... and messages of the same kinds nobody labelled.
SAME_KIND = {
    "phone_battery_drain": ["电量尿崩怎么办", "手机尿崩太快了"],
    "tv_remote_problem": ["摇控板按什么都不灵", "摇控板没反应了"],
}

PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
texts = json.loads(sys.stdin.read())
async def parse():
    return [await agent.parse_message(t) for t in texts]
print("PARSED" + json.dumps(asyncio.run(parse()), ensure_ascii=False))
"""


def parse(project: Path, model: Path, texts):
    run = subprocess.run(
        [sys.executable, "-c", PARSE, str(model)],
        input=json.dumps(texts),
        cwd=project,
        capture_output=True,
        text=True,
        timeout=1800,
        env=env(),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.split("PARSED", 1)[1])


def env():
    return dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")


def understood(result, intent):
    return result["intent"]["name"] == intent


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in ("config.yml", "domain", "data", "knowledge"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    shutil.copytree(ROOT / "var" / "build" / "spacy", copy / "var" / "build" / "spacy")
    (copy / "models").mkdir()
    shutil.copy(current_model(), copy / "models" / "base.tar.gz")
    return copy


def test_missed_messages_are_labelled_and_then_understood(project, tmp_path):
    base = project / "models" / "base.tar.gz"
    texts = [t for kind in TAUGHT.values() for t in kind] + [
        t for kind in SAME_KIND.values() for t in kind
    ]
    before = dict(zip(texts, parse(project, base, texts), strict=True))
    missed = {
        intent: [t for t in TAUGHT[intent] if not understood(before[t], intent)]
        for intent in TAUGHT
    }
    held_out = {
        intent: [t for t in SAME_KIND[intent] if not understood(before[t], intent)]
        for intent in SAME_KIND
    }
    assert any(held_out.values()), (
        f"the model already understands every message of SAME_KIND: {before}"
    )

    # the missed messages reach the inbox through the real broker and consumer
    broker = MaskingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.db"))
    for number, text in enumerate(t for kind in missed.values() for t in kind):
        sender = f"customer-{number}"
        parse_data = before[text]
        for event in session(sender) + [
            {
                "event": "user",
                "sender_id": sender,
                "timestamp": 1e9 + number,
                "text": text,
                "input_channel": "rest",
                "parse_data": {**parse_data, "intent": {"name": "nlu_fallback", "confidence": 0.3}},
            },
            action(sender, "action_clarify"),
        ]:
            broker.publish(event)
    database = f"sqlite:///{tmp_path / 'tickets.db'}"
    engine = ticket_engine(database)
    consume_sql(f"sqlite:///{tmp_path / 'events.db'}", engine)
    with engine.connect() as connection:
        items = {row.text: row.id for row in connection.execute(select(review_items))}
    assert sorted(items) == sorted(t for kind in missed.values() for t in kind)

    # staff label them (one command per kind) into the copy's data/nlu/reviewed.yml
    os.environ["DATABASE_URL"] = database
    reviewed = project / "data" / "nlu" / "reviewed.yml"
    try:
        for intent, kind in missed.items():
            if kind:
                ids = ",".join(str(items[t]) for t in kind)
                assert (
                    main(
                        [
                            "review",
                            "label",
                            "--item",
                            ids,
                            "--intent",
                            intent,
                            "--file",
                            str(reviewed),
                        ]
                    )
                    == 0
                )
    finally:
        del os.environ["DATABASE_URL"]

    # fine-tune the NLU model on the copy
    train = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",  # the whole model, as it was trained: Rasa fine-tunes only the same graph
            "--config",
            "config.yml",
            "--data",
            "data",
            "--domain",
            "domain",
            "--out",
            "models",
            "--fixed-model-name",
            "reviewed",
            "--finetune",
            str(base),
            "--epoch-fraction",
            "0.5",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=3600,
        env=env(),
    )
    assert train.returncode == 0, train.stdout[-3000:] + train.stderr[-3000:]
    after = dict(
        zip(texts, parse(project, project / "models" / "reviewed.tar.gz", texts), strict=True)
    )
    labelled = [(t, intent) for intent, kind in missed.items() for t in kind]
    assert [t for t, intent in labelled if not understood(after[t], intent)] == []
    now_understood = [
        t for intent, kind in held_out.items() for t in kind if understood(after[t], intent)
    ]
    assert now_understood == [t for kind in held_out.values() for t in kind], {
        t: after[t]["intent"] for t in texts
    }
