"""Outcome wording in knowledge/ is validated: known outcomes only, regexes that compile, and
`make kb-check` wants wording on every check step and both answers of every question."""

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.check import problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_question_may_not_use_a_check_outcome_and_regexes_must_compile(kb_copy: Path):
    tv = kb_copy / "faults" / "tv.yml"
    edit(
        tv, '          affirm: ["(灯|指示灯).{0,4}亮"', '          fixed_it: ["(灯|指示灯).{0,4}亮"'
    )
    edit(
        tv,
        '          fixed: ["(画面|图像|图).{0,3}(有了|出来|正常)", "能看了", "亮了"]',
        '          fixed: ["(画面"]',
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    found = "\n".join(error.value.problems)
    assert "tv.yml: tv_no_picture.standby_light.replies: unknown outcome 'fixed_it'" in found
    assert "tv_no_picture.power_cord.replies.fixed: '(画面' does not compile" in found


def test_generic_wording_needs_its_texts(kb_copy: Path):
    edit(kb_copy / "replies.yml", "help: 没关系", "helpless: 没关系")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert "replies.yml: help: needs a text" in error.value.problems


def test_kb_check_wants_both_answers_of_a_question(kb_copy: Path, bot_data):
    edit(kb_copy / "faults" / "washer.yml", '          deny: ["波轮"', '          skip: ["波轮"')
    found = problems(load_knowledge(kb_copy), bot_data)
    assert (
        "faults: washer_no_drain.washer_type: a question needs affirm and deny wording (replies:)"
        in found
    )


def test_the_real_knowledge_base_has_wording_for_every_step(bot_data):
    assert not [p for p in problems(load_knowledge(), bot_data) if "wording" in p]


def test_a_model_only_wording_belongs_to_a_model_and_date_step(kb_copy: Path):
    fridge = kb_copy / "faults" / "fridge.yml"
    edit(
        fridge,
        "        field: environment\n",
        "        field: environment\n        text_date_known: 型号呢？\n",
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any("environment: text_date_known" in p for p in error.value.problems)


def test_a_check_of_the_harmless_case_says_what_it_means(kb_copy: Path):
    fridge = kb_copy / "faults" / "fridge.yml"
    text = fridge.read_text(encoding="utf-8")
    start = text.index("        resolved: 好的，那是冰箱正常工作的声音")
    fridge.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any(
        "fridge_noise.normal_sounds: a check with yes_label: needs resolved:" in p
        for p in error.value.problems
    )


def test_resolved_belongs_to_a_check_of_the_harmless_case_only(kb_copy: Path):
    edit(
        kb_copy / "faults" / "washer.yml",
        "        yes_label: 是新装/刚搬过\n",
        "        yes_label: 是新装/刚搬过\n        resolved: 好的\n",
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any(
        "washer_vibration.new_machine: resolved: belongs to a check" in p
        for p in error.value.problems
    )


def test_faults_that_exclude_each_other_are_of_the_same_product(kb_copy: Path):
    edit(
        kb_copy / "faults" / "ac.yml",
        "    excludes: [ac_weak_cooling]\n",
        "    excludes: [fridge_weak_cooling]\n",
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any(
        "ac_weak_heating.excludes: 'fridge_weak_cooling' is no fault of the same product" in p
        for p in error.value.problems
    )
