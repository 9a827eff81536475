"""Entities from the trained model, through the running Rasa server (/model/parse): values the
training data never shows come out exactly, and a span never carries two entities."""

from itertools import pairwise

import pytest

from bot.knowledge import load_knowledge
from tests.nlu.test_spacy_pipeline import TRAINING_TEXT, unseen, unseen_product_word

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("servers")]  # the trained model, served


def found(servers, text):
    return [
        (e["entity"], e["value"], text[e["start"] : e["end"]], e.get("extractor"))
        for e in servers.parse(text)["entities"]
    ]


def test_an_unseen_model_number(servers):
    model = "HZ75E7Q-PRO/B2"
    assert model not in TRAINING_TEXT
    assert ("model", model, model, "SpacyEntityExtractor") in found(
        servers, f"型号{model}的电视没声音"
    )


def test_an_unseen_city(servers):
    city = unseen(c.name for c in load_knowledge().cities.values())
    assert ("city", city, city, "SpacyEntityExtractor") in found(
        servers, f"我在{city}，师傅能上门吗"
    )


def test_a_fault_code_glued_to_chinese(servers):
    assert ("error_code", "E21", "E21", "SpacyEntityExtractor") in found(servers, "屏幕闪E21")


def test_a_product_word_only_the_knowledge_base_has(servers):
    word, product = unseen_product_word()
    entities = [e for e in found(servers, f"我家{word}坏了") if e[0] == "product"]
    assert entities == [("product", product, word, "SpacyEntityExtractor")]


@pytest.mark.parametrize(
    "text",
    [
        "我家空调显示E1，型号KFR-35GW/E500-A1，在成都市",
        "彩电没图像 手机13912345678 王先生",
        "查一下工单HX20261127-1V38-SHA0",
    ],
)
def test_no_span_carries_two_entities_and_the_rule_based_one_wins(servers, text):
    entities = servers.parse(text)["entities"]
    spans = sorted((e["start"], e["end"]) for e in entities)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans)), entities
    # every product word, code, city and number here is the ruler's, not DIET's
    for entity in entities:
        if entity["entity"] != "person_name":
            assert entity["extractor"] == "SpacyEntityExtractor", entity


# Exact details through the trained model (issue 18 item 6): the rule-based components run in
# the model, so /model/parse gives the normal values every channel sees.


def values(servers, text, kind):
    return [
        (e["value"], e.get("extractor"))
        for e in servers.parse(text)["entities"]
        if e["entity"] == kind
    ]


def test_a_ticket_number_of_another_system_is_a_ticket_not_a_model(servers):
    text = "工单号WO20261103001到现在没人联系我"
    assert values(servers, text, "ticket_id") == [("WO20261103001", "ExactDetailsExtractor")]
    assert values(servers, text, "model") == []


def test_a_full_name_with_a_two_character_surname(servers):
    assert values(servers, "我叫欧阳娜娜，电话13812345678", "person_name") == [
        ("欧阳娜娜", "ExactDetailsExtractor")
    ]


def test_the_city_of_an_address_and_never_a_street(servers):
    assert [v for v, _ in values(servers, "地址上海浦东新区张杨路", "city")] == ["上海"]
    assert values(servers, "我住株洲路153号", "city") == []
    assert [v for v, _ in values(servers, "青岛市市南区株洲路", "city")] == ["青岛"]


def test_type_words_and_suffixed_models_come_out_normalised(servers):
    text = "对开门的冰箱，型号BCD-521WKPZM(E)，不制冷"
    assert {v for v, _ in values(servers, text, "product")} == {"fridge"}
    assert [v for v, _ in values(servers, text, "model")] == ["BCD-521WKPZM(E)"]
    assert [v for v, _ in values(servers, "P60 Pro充电很慢", "model")] == ["P60 Pro"]


def test_a_relative_purchase_date_is_an_iso_date(servers):
    from datetime import timedelta

    from bot.dialogue.dates import today

    expected = (
        today() - timedelta(days=2)
    ).isoformat()  # the servers share this process's BOT_TODAY
    assert [v for v, _ in values(servers, "冰箱前天买的，冷藏室不冷", "purchase_date")] == [
        expected
    ]
