"""The spaCy pipeline built from knowledge/: exact entities, one source, rebuilt only on change.

These tests use the pipeline itself; tests/nlu/test_entities.py parses with the trained model.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.build import ROOT
from bot.knowledge import knowledge_dir, load_knowledge
from bot.nlu import spacy_pipeline
from bot.nlu.vocabulary import vocabulary_words

TRAINING_TEXT = "\n".join(
    p.read_text(encoding="utf-8") for p in (ROOT / "data" / "nlu").glob("*.yml")
)


def unseen(values, text=lambda value: value):
    """The first of ``values`` whose ``text`` no training example contains."""
    return next(v for v in values if text(v) not in TRAINING_TEXT)


def unseen_product_word():
    """(word, product id) for a product word that only knowledge/products.yml has."""
    words = ((w, p.id) for p in load_knowledge().products.values() for w in p.synonyms)
    return unseen(words, text=lambda pair: pair[0])


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    target = tmp_path_factory.mktemp("spacy") / "pipeline"
    spacy_pipeline.build(target)
    return spacy_pipeline.load(target)


def entities(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    "text, token",
    [
        ("我家KFR-35GW/E500-A1空调不制冷", "KFR-35GW/E500-A1"),
        ("查下HX20261127-1V38-SHA0", "HX20261127-1V38-SHA0"),
        ("型号是HZ65E5D-PRO", "HZ65E5D-PRO"),
        ("热线4006-100-100打不通", "4006-100-100"),
    ],
)
def test_the_tokens_keep_codes_whole(nlp, text, token):
    tokens = [t.text for t in nlp(text)]
    assert token in tokens
    assert "".join(t.text_with_ws for t in nlp(text)) == text


def test_the_tokens_use_our_dictionary_and_split_titles(nlp):
    assert [t.text for t in nlp("联系人欧阳女士在乌鲁木齐市")] == [
        "联系人",
        "欧阳",
        "女士",
        "在",
        "乌鲁木齐市",
    ]
    assert [t.text for t in nlp("冷藏室不制冷")] == ["冷藏室", "不制冷"]


def test_an_unseen_model_number_of_a_known_shape_comes_out_whole(nlp):
    model = "HZ75E7Q-PRO/B2"
    assert model not in TRAINING_TEXT
    assert entities(nlp, f"我家{model}电视不开机") == [
        (model, "model", ""),
        ("电视", "product", "tv"),
    ]


def test_an_unseen_city_from_the_list_is_found(nlp):
    city = unseen(c.name for c in load_knowledge().cities.values())
    assert entities(nlp, f"我人在{city}，能上门吗") == [(city, "city", city)]
    assert entities(nlp, f"地址{city}市") == [(f"{city}市", "city", city)]


def test_fault_codes_in_mixed_text(nlp):
    assert entities(nlp, "屏幕闪E21") == [("E21", "error_code", "")]
    assert ("CL", "error_code", "CL") in entities(nlp, "柜机显示CL是啥")
    assert ("e1", "error_code", "E1") in entities(nlp, "空调显示 e1 咋整")


def test_a_product_word_only_the_knowledge_base_has_is_normalised(nlp):
    word, product = unseen_product_word()
    assert entities(nlp, f"家里{word}坏了") == [(word, "product", product)]


def test_numbers_customers_give(nlp):
    found = entities(nlp, "工单HX20261127-1V38-SHA0，电话13812345678，串号861234567890123")
    assert found == [
        ("HX20261127-1V38-SHA0", "ticket_id", ""),
        ("13812345678", "phone_number", ""),
        ("861234567890123", "imei", ""),
    ]
    assert entities(nlp, "单号hx202611271v38sha0查一下") == [
        ("hx202611271v38sha0", "ticket_id", "")
    ]


def test_words_that_only_contain_a_city_name_are_not_cities(nlp):
    assert entities(nlp, "我住中山路，大理石台面，大同小异") == []


def test_entity_values_are_exact_substrings(nlp):
    text = "我家KFR-35GW/E500-A1挂机在成都市，显示E5，手机13912345678"
    for ent in nlp(text).ents:
        assert text[ent.start_char : ent.end_char] == ent.text


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target)
    return target


def test_the_build_is_skipped_when_nothing_changed_and_redone_when_a_synonym_is_added(
    knowledge_copy, tmp_path
):
    target = tmp_path / "spacy"
    assert spacy_pipeline.build(target, knowledge_copy) is True
    built_at = (target / "meta.json").stat().st_mtime_ns
    assert spacy_pipeline.build(target, knowledge_copy) is False
    assert (target / "meta.json").stat().st_mtime_ns == built_at

    # one new synonym in products.yml, and nowhere else
    products_file = knowledge_copy / "products.yml"
    products = yaml.safe_load(products_file.read_text(encoding="utf-8"))
    products["products"]["tv"]["synonyms"].append("大彩屏")
    products_file.write_text(yaml.safe_dump(products, allow_unicode=True), encoding="utf-8")

    assert spacy_pipeline.build(target, knowledge_copy) is True
    assert entities(spacy_pipeline.load(target), "大彩屏没图像") == [("大彩屏", "product", "tv")]
    # ...and it reached the jieba dictionary and Rasa's synonyms from the same place
    assert "大彩屏" in vocabulary_words(directory=knowledge_copy)
    assert load_knowledge(knowledge_copy).synonym_map()["大彩屏"] == "tv"
