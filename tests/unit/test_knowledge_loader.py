"""A broken knowledge file fails loudly, naming the file, the entry and the problem."""
import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge, knowledge_dir


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target)
    return target


def test_the_real_knowledge_base_loads():
    kb = load_knowledge()
    assert {"tv_no_picture", "fridge_weak_cooling", "phone_no_boot"} <= set(kb.diagnoses)
    assert kb.synonym_map()["彩电"] == "tv"


def test_unknown_step_target_is_reported(kb_copy: Path):
    path = kb_copy / "faults" / "tv.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("if_yes: hdmi_cable", "if_yes: hdmi_kabel"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert "tv.yml: tv_no_picture.standby_light: points to unknown step 'hdmi_kabel'" in error.value.problems


def test_bad_priority_and_invalid_yaml_are_both_reported(kb_copy: Path):
    fridge = kb_copy / "faults" / "fridge.yml"
    fridge.write_text(fridge.read_text(encoding="utf-8").replace("priority: P2", "priority: urgent"), encoding="utf-8")
    (kb_copy / "answers.yml").write_text("answers: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    problems = "\n".join(error.value.problems)
    assert "fridge.yml: fridge_weak_cooling: priority must be one of P1, P2, P3, P4" in problems
    assert "answers.yml: (file): not valid YAML" in problems
