"""Entities from the trained model, through the running Rasa server (/model/parse): values the
training data never shows come out exactly, and a span never carries two entities."""
import pytest

from bot.knowledge import load_knowledge
from tests.nlu.test_spacy_pipeline import TRAINING_TEXT, unseen, unseen_product_word

pytestmark = pytest.mark.usefixtures("servers")


def found(servers, text):
    return [(e["entity"], e["value"], text[e["start"]:e["end"]], e.get("extractor"))
            for e in servers.parse(text)["entities"]]


def test_an_unseen_model_number(servers):
    model = "HZ75E7Q-PRO/B2"
    assert model not in TRAINING_TEXT
    assert ("model", model, model, "SpacyEntityExtractor") in found(servers, f"型号{model}的电视没声音")


def test_an_unseen_city(servers):
    city = unseen(c.name for c in load_knowledge().cities.values())
    assert ("city", city, city, "SpacyEntityExtractor") in found(servers, f"我在{city}，师傅能上门吗")


def test_a_fault_code_glued_to_chinese(servers):
    assert ("error_code", "E21", "E21", "SpacyEntityExtractor") in found(servers, "屏幕闪E21")


def test_a_product_word_only_the_knowledge_base_has(servers):
    word, product = unseen_product_word()
    entities = [e for e in found(servers, f"我家{word}坏了") if e[0] == "product"]
    assert entities == [("product", product, word, "SpacyEntityExtractor")]


@pytest.mark.parametrize("text", [
    "我家空调显示E1，型号KFR-35GW/E500-A1，在成都市",
    "彩电没图像 手机13912345678 王先生",
    "查一下工单HX20261127-1V38-SHA0",
])
def test_no_span_carries_two_entities_and_the_rule_based_one_wins(servers, text):
    entities = servers.parse(text)["entities"]
    spans = sorted((e["start"], e["end"]) for e in entities)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), entities
    # every product word, code, city and number here is the ruler's, not DIET's
    for entity in entities:
        if entity["entity"] != "person_name":
            assert entity["extractor"] == "SpacyEntityExtractor", entity
