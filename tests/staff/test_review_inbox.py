"""``bin/staff review`` on a real SQLite inbox filled by the event stream consumer."""

import pytest
import yaml

from bot.events.consumer import ticket_engine
from bot.events.store import record
from bot.staff.cli import main
from bot.staff.review import plain
from tests.events.conversations import action, session, user

CONFUSED = [
    "遥控器按了没反应",
    "遥控器按了没有反应啊",
    "遥控器按哪个都没反应",
    "今天天气怎么样",
    "我手机号13912345678想改一下",
]


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("STAFF_NAME", "李工")
    events = []
    for number, text in enumerate(CONFUSED):
        sender = f"c{number}"
        events += session(sender) + [
            user(
                sender,
                text,
                "nlu_fallback",
                0.3,
                [("nlu_fallback", 0.3), ("tv_no_picture", 0.25), ("ask_hotline", 0.2)],
            ),
            action(sender, "action_clarify"),
            action(sender, "action_listen"),
        ]
    with ticket_engine(url).begin() as connection:
        record(connection, events)
    return tmp_path


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_lists_clusters_largest_first_with_counts_and_masked_examples(inbox, capsys):
    code, out = run(capsys, "review")
    assert code == 0
    assert "待复核的消息：5 条" in out
    first = out.split("组 #")[1]
    assert (
        first.startswith("1  3 条") and "遥控器按了没反应" in first and "tv_no_picture×3" in first
    )
    assert "139****5678" in out and "13912345678" not in out


def test_label_a_cluster_and_an_item_writes_rasa_training_data(inbox, capsys):
    target = inbox / "reviewed.yml"
    code, out = run(
        capsys,
        "review",
        "label",
        "--cluster",
        "1",
        "--intent",
        "tv_remote_not_working",
        "--file",
        str(target),
    )
    assert (
        code == 2 and "没有意图" in out
    )  # an intent the domain does not have is refused, nothing written
    assert not target.exists()

    intent = "tv_no_picture"
    assert (
        run(capsys, "review", "label", "--cluster", "1", "--intent", intent, "--file", str(target))[
            0
        ]
        == 0
    )
    assert (
        run(capsys, "review", "label", "--item", "4", "--out-of-scope", "--file", str(target))[0]
        == 0
    )
    assert (
        run(
            capsys,
            "review",
            "label",
            "--item",
            "5",
            "--answer",
            "ask_hotline",
            "--file",
            str(target),
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "review",
            "label",
            "--item",
            "5",
            "--answer",
            "ask_hotline",
            "--file",
            str(target),
        )[0]
        == 0
    )  # again

    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    examples = {b["intent"]: [line[2:] for line in b["examples"].splitlines()] for b in data["nlu"]}
    assert examples == {
        intent: CONFUSED[:3],
        "out_of_scope": ["今天天气怎么样"],
        "ask_hotline": ["我手机号139****5678想改一下"],
    }
    assert "待复核的消息：无" in run(capsys, "review")[1]


def test_examples_already_in_the_training_data_are_not_written_again(tmp_path):
    from datetime import datetime

    from bot.staff.review import Item, write_reviewed

    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "tv.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: tv_no_picture\n  examples: |\n    - [电视](product)黑屏\n',
        encoding="utf-8",
    )
    items = [
        Item(1, "c", "电视黑屏", [], [], None, datetime.now(), "intent", "tv_no_picture"),
        Item(2, "c", "电视  黑屏了", [], [], None, datetime.now(), "intent", "tv_no_picture"),
    ]
    assert write_reviewed(items, nlu / "reviewed.yml") == 1
    assert plain("[电视](product)黑屏") == "电视黑屏"
