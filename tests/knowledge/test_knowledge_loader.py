"""A broken knowledge file fails loudly, naming the file, the entry and the problem."""

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge


def test_the_real_knowledge_base_loads():
    kb = load_knowledge()
    assert {"tv_no_picture", "fridge_weak_cooling", "phone_no_boot"} <= set(kb.diagnoses)
    assert kb.synonym_map()["彩电"] == "tv"


def test_unknown_step_target_is_reported(kb_copy: Path):
    path = kb_copy / "faults" / "tv.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("if_yes: hdmi_cable", "if_yes: hdmi_kabel"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert (
        "tv.yml: tv_no_picture.standby_light: points to unknown step 'hdmi_kabel'"
        in error.value.problems
    )


def test_bad_priority_and_invalid_yaml_are_both_reported(kb_copy: Path):
    fridge = kb_copy / "faults" / "fridge.yml"
    fridge.write_text(
        fridge.read_text(encoding="utf-8").replace("priority: P2", "priority: urgent"),
        encoding="utf-8",
    )
    (kb_copy / "answers.yml").write_text("answers: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    problems = "\n".join(error.value.problems)
    assert "fridge.yml: fridge_weak_cooling: priority must be one of P1, P2, P3, P4" in problems
    assert "answers.yml: (file): not valid YAML" in problems


def test_a_shape_whose_regex_does_not_compile_is_reported(kb_copy: Path):
    path = kb_copy / "shapes.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(r"HX\d{8}-?", r"HX\d{8-?("), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any(
        p.startswith("shapes.yml: ticket_id: regex does not compile") for p in error.value.problems
    )


def test_the_shapes_agree_with_the_numbers_the_bot_makes_and_reads():
    from datetime import date

    from bot.dialogue.contact import find_mobile
    from bot.tickets.numbering import find_number, new_number

    shapes = load_knowledge().shapes
    number = new_number(date(2026, 11, 27))
    assert shapes["ticket_id"].matches(number) and find_number(f"查{number}") == number
    typed = number.replace("-", "").lower()  # as customers type it: lower case, no dash
    assert shapes["ticket_id"].matches(typed) and find_number(f"查{typed}") == number
    assert (
        shapes["phone_number"].matches("13912345678")
        and find_mobile("13912345678") == "13912345678"
    )
    assert shapes["model"].matches("KFR-35GW/E500-A1") and not shapes["model"].matches("E21")
    assert shapes["error_code"].matches("e21") and not shapes["error_code"].matches("55E3F")


def test_an_outlet_in_a_district_its_city_does_not_have_is_reported(kb_copy: Path):
    path = kb_copy / "outlets.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("district: 天河区", "district: 天和区"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert any("'天和区' is not among 广州's" in p for p in error.value.problems)


def test_a_district_several_cities_have_names_none_of_them():
    from bot.knowledge import get_knowledge

    knowledge = get_knowledge()
    assert set(knowledge.district_cities()["鼓楼区"]) == {"南京", "福州", "徐州", "开封"}
    assert set(knowledge.district_cities()["朝阳区"]) == {"北京", "长春"}
    assert knowledge.districts()["市南区"] == "青岛" and knowledge.districts()["天河区"] == "广州"
    assert "鼓楼区" not in knowledge.districts() and "朝阳区" not in knowledge.districts()
    # every outlet city's districts are known (the loader checks the outlets' own)
    assert all(knowledge.cities[o.city].districts for o in knowledge.outlets.values())
