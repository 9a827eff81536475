"""make kb-check: the knowledge base agrees with the domain, the NLU data and the rules."""

import shutil

from bot.knowledge import load_knowledge
from bot.knowledge.check import problems
from bot.nlu.kb_check import ROOT, read_bot_data


def test_the_project_passes_the_cross_check(bot_data):
    assert problems(load_knowledge(), bot_data) == []


def test_a_fault_without_rule_and_examples_is_reported(tmp_path):
    for folder in ("domain", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    rules = tmp_path / "data" / "rules" / "diagnosis.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("    - intent: washer_no_drain\n", "", 1),
        encoding="utf-8",
    )
    for nlu in (tmp_path / "data" / "nlu").glob("*.yml"):
        nlu.write_text(
            nlu.read_text(encoding="utf-8").replace(
                "intent: washer_no_drain", "intent: washer_drain_typo"
            ),
            encoding="utf-8",
        )
    found = problems(load_knowledge(), read_bot_data(tmp_path))
    assert "faults: washer_no_drain: no rule starts its diagnosis (data/rules)" in found
    assert "faults: washer_no_drain: 0 training examples (needs 30)" in found


def test_answers_by_topic_are_no_intents_and_must_be_found_by_their_keywords(tmp_path, bot_data):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    answers = knowledge / "answers.yml"
    text = answers.read_text(encoding="utf-8")
    # a topic named like an intent, and a topic whose keywords find another document first
    text = text.replace("  ac_relocation:\n", "  ask_hotline_topic:\n").replace(
        "  invoice:\n", "  ask_trade_in:\n", 1
    )
    answers.write_text(
        text.replace("ask_hotline:\n    text:", "ask_hotline_dup:\n    text:", 1), encoding="utf-8"
    )
    found = problems(load_knowledge(knowledge), bot_data)
    assert any(
        "ask_trade_in: has keywords, but a topic must not be named like an intent" in p
        for p in found
    )
    assert any("ask_hotline_dup: not an intent of the domain" in p for p in found)
    assert not any("tv_wall_mount" in p for p in found)
