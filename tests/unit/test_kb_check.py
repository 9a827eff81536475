"""make kb-check: the knowledge base agrees with the domain, the NLU data and the rules."""
import shutil

from bot.knowledge import load_knowledge
from bot.knowledge.check import ROOT, problems


def test_the_project_passes_the_cross_check():
    assert problems(load_knowledge()) == []


def test_a_fault_without_rule_and_examples_is_reported(tmp_path):
    for folder in ("domain", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    rules = tmp_path / "data" / "rules" / "diagnosis.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("    - intent: washer_no_drain\n", "", 1), encoding="utf-8")
    nlu = tmp_path / "data" / "nlu" / "washer.yml"
    nlu.write_text(nlu.read_text(encoding="utf-8").replace("intent: washer_no_drain", "intent: washer_drain_typo"), encoding="utf-8")
    found = problems(load_knowledge(), root=tmp_path)
    assert "faults: washer_no_drain: no rule starts its diagnosis (data/rules)" in found
    assert "faults: washer_no_drain: 0 training examples (needs 30)" in found
