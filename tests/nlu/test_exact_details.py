"""Exact details in real customer messages (issue 18 item 6), on the spaCy pipeline and the
rule-based components alone (no trained model): what comes out and its normal value.

tests/nlu/test_entities.py checks the same through the trained model's /model/parse.
"""

import pytest

from bot.nlu import spacy_pipeline
from bot.nlu.exact_details import rule_based_entities
from eval.entities import ENTITY_SET, REFERENCE_DATE, TARGET_MICRO_F1, evaluate, load_examples


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    target = tmp_path_factory.mktemp("spacy") / "pipeline"
    spacy_pipeline.build(target)
    return spacy_pipeline.load(target)


@pytest.fixture(autouse=True)
def reference_day(monkeypatch):
    monkeypatch.setenv("BOT_TODAY", REFERENCE_DATE)  # 2026-11-30, a Monday


def found(nlp, text, kind=None):
    return [
        (e["entity"], e["value"], text[e["start"] : e["end"]])
        for e in rule_based_entities(nlp, text)
        if kind is None or e["entity"] == kind
    ]


@pytest.mark.parametrize(
    "text, ticket, written",
    [
        ("工单号WO20261103001，怎么还没人来", "WO20261103001", "WO20261103001"),
        ("服务单SR-2026-00042进度如何", "SR-2026-00042", "SR-2026-00042"),
        ("SR-2026-00042 查一下", "SR-2026-00042", "SR-2026-00042"),
        ("单号20261103117帮我看看", "20261103117", "20261103117"),
        ("报修单 wo20261021008 催一下", "WO20261021008", "wo20261021008"),
        ("受理单号：13912345678", "13912345678", "13912345678"),  # after 单号 it is a ticket
        (
            "查一下hx202611254k2m7qpn",
            "HX202611254K2M7QPN",
            "hx202611254k2m7qpn",
        ),  # the bot's own, never a model
    ],
)
def test_ticket_numbers_of_other_systems_by_context(nlp, text, ticket, written):
    assert found(nlp, text) == [("ticket_id", ticket, written)]


def test_digits_without_ticket_words_are_no_ticket(nlp):
    assert found(nlp, "我的编码20261103117", "ticket_id") == []
    assert found(nlp, "电话13912345678") == [("phone_number", "13912345678", "13912345678")]


@pytest.mark.parametrize(
    "text, name",
    [
        ("我叫欧阳娜娜，电话13812345678", "欧阳娜娜"),
        ("联系人周建华", "周建华"),
        ("马丽丽", "马丽丽"),
        ("姓名：马丽丽", "马丽丽"),
        ("我姓诸葛", "诸葛"),
        ("免贵姓司马", "司马"),
        ("找一下司马文静女士", "司马文静"),
        ("周建华先生在家", "周建华"),
        ("叫我欧阳女士就行", "欧阳"),
        ("麻烦联系王先生", "王"),
        ("收件人诸葛晓峰，地址上海", "诸葛晓峰"),
        ("周建华 13705329981", "周建华"),
        ("姓郑，住济南", "郑"),
        ("叫我小吴就行", "吴"),
        ("联系人何小姐", "何"),
        ("我妈叫刘桂兰，电话13800001111", "刘桂兰"),
        ("我叫李娜", "李娜"),  # a famous name is still a name after 我叫
    ],
)
def test_full_names_and_two_character_surnames(nlp, text, name):
    assert [value for _, value, _ in found(nlp, text, "person_name")] == [name]


@pytest.mark.parametrize(
    "text",
    ["马上来", "周末有空", "我是海信的老用户", "高温报警", "黄屏了", "查进度", "我是来报修的"],
)
def test_words_that_start_with_a_surname_are_no_names(nlp, text):
    assert found(nlp, text, "person_name") == []


@pytest.mark.parametrize(
    "text, city",
    [
        ("上海浦东", "上海"),
        ("地址上海浦东新区世纪大道", "上海"),
        ("北京朝阳区", "北京"),
        ("广州天河", "广州"),
        ("苏州工业园区星湖街", "苏州"),
        ("青岛市市南区株洲路", "青岛"),
        ("深圳南山区南海大道", "深圳"),
    ],
)
def test_the_city_at_the_start_of_an_address(nlp, text, city):
    assert [value for _, value, _ in found(nlp, text, "city")] == [city]


@pytest.mark.parametrize(
    "text",
    ["株洲路153号", "住在南海大道", "中山路", "中山北路那边", "我住株洲路，不是株洲", "大理石台面"],
)
def test_streets_named_after_cities_are_never_cities(nlp, text):
    assert found(nlp, text, "city") == []


@pytest.mark.parametrize(
    "text, model",
    [
        ("我的P60 Pro充电慢", "P60 Pro"),
        ("型号BCD-521WKPZM(E)不制冷", "BCD-521WKPZM(E)"),
        ("X9s黑屏", "X9s"),
        ("Mate 60 Pro+发热", "Mate 60 Pro+"),
        ("型号BCD-521WKPZM（E）", "BCD-521WKPZM(E)"),
    ],
)
def test_model_numbers_with_suffixes(nlp, text, model):
    assert [value for _, value, _ in found(nlp, text, "model")] == [model]
    assert found(nlp, text, "error_code") == []  # P60 of P60 Pro is no fault code


@pytest.mark.parametrize(
    "text, product",
    [
        ("对开门不制冷", "fridge"),
        ("三门的", "fridge"),
        ("双开门冷藏室结冰", "fridge"),
        ("波轮的", "washer"),
        ("滚筒", "washer"),
        ("挂机漏水", "ac"),
        ("柜机显示P1", "ac"),
        ("外机滴水", "ac"),
        ("内机吹热风", "ac"),
        ("机子充电很慢", "phone"),
        ("P60 Pro的机子发烫", "phone"),
        ("冰箱门关不严", "fridge"),
    ],
)
def test_products_from_type_words(nlp, text, product):
    assert [value for _, value, _ in found(nlp, text, "product")] == [product]


@pytest.mark.parametrize("text", ["机子坏了", "电视机子坏了"])
def test_jizi_is_a_phone_only_when_the_message_says_so(nlp, text):
    assert "phone" not in [value for _, value, _ in found(nlp, text, "product")]


def test_words_that_only_contain_a_product_name_are_no_product(nlp):
    assert found(nlp, "最近有什么好看的电视剧", "product") == []


def test_a_mobile_number_label_is_no_product(nlp):
    assert found(nlp, "手机13812345678") == [("phone_number", "13812345678", "13812345678")]
    assert found(nlp, "手机号是13812345678", "product") == []


@pytest.mark.parametrize(
    "text, expression, iso",
    [
        ("前天买的", "前天", "2026-11-28"),
        ("大前天刚送到", "大前天", "2026-11-27"),
        ("上周三装的", "上周三", "2026-11-25"),
        ("春节前买的", "春节前", "2026-02-01"),
        ("去年双十一", "去年双十一", "2025-11-11"),
        ("2024年春节前买的", "2024年春节前", "2024-02-01"),
        ("应该是2023年8月吧", "2023年8月", "2023-08-01"),
        ("大概是去年国庆", "去年国庆", "2025-10-01"),
        ("去年双十一 买的", "去年双十一", "2025-11-11"),
        ("2022年底入手的", "2022年底", "2022-12-01"),
        # how long the customer has had it: the purchase date it implies
        ("垃圾手机！用了半个月现在都开不了机", "用了半个月", "2026-11-15"),
        ("才买三天就坏了", "才买三天", "2026-11-27"),
        # 才 after 买了: an angry customer's 「买了才八个月」
        ("冷冻室的肉全化了，买了才八个月", "买了才八个月", "2026-03-30"),
        # the date said wins over the rough time in use (hand conversation, session 20: 2025-12)
        ("去年双十一买的冰箱，才用了一年多就不制冷了", "去年双十一", "2025-11-11"),
    ],
)
def test_purchase_dates_as_iso_dates(nlp, text, expression, iso):
    assert found(nlp, text, "purchase_date") == [("purchase_date", iso, expression)]


def test_a_date_that_is_not_about_buying_is_no_purchase_date(nlp):
    assert found(nlp, "前天开始不制冷", "purchase_date") == []
    assert found(nlp, "冬天不制热 白买了", "purchase_date") == []
    assert found(nlp, "电视用了一下午就黑屏", "purchase_date") == []
    assert found(nlp, "冰箱2024年春节前买的，前天开始不制冷", "purchase_date") == [
        ("purchase_date", "2024-02-01", "2024年春节前")
    ]


@pytest.mark.parametrize(
    "text, landline",
    [
        ("座机0532-88886666", "0532-88886666"),
        ("0532 8888 6666", "0532-88886666"),
        ("(010)12345678", "010-12345678"),
    ],
)
def test_landlines(nlp, text, landline):
    assert [value for _, value, _ in found(nlp, text, "phone_number")] == [landline]


@pytest.mark.parametrize("text", ["我姓司马，手机138 1234 5678", "电话138-1234-5678"])
def test_a_mobile_typed_in_groups(nlp, text):
    # hand conversation (session 20): 「手机138 1234 5678」 was asked for again and again
    assert [value for _, value, _ in found(nlp, text, "phone_number")] == ["13812345678"]


def test_a_long_message_with_every_detail(nlp):
    text = (
        "你好，我家对开门冷藏室不冷了，前天才买的，型号BCD-521WKPZM(E)，我叫欧阳娜娜，电话13812345678，"
        "座机0532 8888 6666，地址上海浦东新区株洲路，之前的工单号WO20261103001"
    )
    assert sorted((kind, value) for kind, value, _ in found(nlp, text)) == sorted(
        [
            ("product", "fridge"),
            ("purchase_date", "2026-11-28"),
            ("model", "BCD-521WKPZM(E)"),
            ("person_name", "欧阳娜娜"),
            ("phone_number", "13812345678"),
            ("phone_number", "0532-88886666"),
            ("city", "上海"),
            ("ticket_id", "WO20261103001"),
        ]
    )


def test_the_entity_set_reaches_the_target(nlp):
    examples = load_examples(ENTITY_SET)
    assert sum(len(e.entities) for e in examples) >= 200
    scores, errors = evaluate(lambda text: [(k, v) for k, v, _ in found(nlp, text)], examples)
    assert scores["micro"].f1 >= TARGET_MICRO_F1, "\n".join(errors)


def diet(kind, value, text):
    start = text.index(value)
    return {
        "entity": kind,
        "value": value,
        "start": start,
        "end": start + len(value),
        "extractor": "DIETClassifier",
    }


@pytest.mark.parametrize(
    "text, entity, expected",
    [
        ("地址深圳南海大道2001号", ("city", "南海"), None),  # a street, not a city
        ("我在成都市", ("city", "成都市"), "成都"),
        ("海信的售后吗", ("person_name", "海信"), None),  # the brand is no name
        ("买的时候1203", ("purchase_date", "1203"), None),  # no date
        ("去年7月买的", ("purchase_date", "去年7月"), "2025-07-01"),
        ("单号hx202611250031", ("ticket_id", "hx202611250031"), "HX202611250031"),
        ("我家彩电坏了", ("product", "彩电"), "tv"),
    ],
)
def test_every_entity_gets_its_normal_value_whoever_found_it(text, entity, expected):
    from bot.nlu.exact_details import normalise

    normalised = normalise([diet(*entity, text)], text)
    assert [e["value"] for e in normalised] == ([expected] if expected else [])


def test_the_rasa_components_in_config_order_give_the_normal_values(nlp):
    """The components of config.yml after the classifier, run as Rasa runs them (no training):
    spaCy docs, SpacyEntityExtractor, ExactDetailsExtractor, RuleBasedEntitiesWin,
    KnowledgeSynonymMapper, NormalisedEntityValues."""
    import yaml
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.entity_conflicts import RuleBasedEntitiesWin
    from bot.nlu.exact_details import ExactDetailsExtractor, NormalisedEntityValues
    from bot.nlu.synonyms import KnowledgeSynonymMapper
    from eval.entities import ROOT

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    names = [step["name"] for step in config["pipeline"]]
    order = [
        "SpacyEntityExtractor",
        "bot.nlu.exact_details.ExactDetailsExtractor",
        "bot.nlu.entity_conflicts.RuleBasedEntitiesWin",
        "bot.nlu.synonyms.KnowledgeSynonymMapper",
        "bot.nlu.exact_details.NormalisedEntityValues",
    ]
    assert [n for n in names if n in order] == order
    dimensions = next(s for s in config["pipeline"] if s["name"] == "SpacyEntityExtractor")[
        "dimensions"
    ]

    text = "工单号WO20261103001，我叫欧阳娜娜，对开门冰箱前天买的，住上海浦东，型号P60 Pro"
    message = Message({TEXT: text})
    model = SpacyModel(model=nlp, model_name="test")
    message.set(SPACY_DOCS[TEXT], nlp(text))  # what SpacyNLP does with the pipeline it loaded
    messages = SpacyEntityExtractor(
        {**SpacyEntityExtractor.get_default_config(), "dimensions": dimensions}
    ).process([message], model)
    messages = ExactDetailsExtractor.create({}, None, None, None).process(messages)
    messages = RuleBasedEntitiesWin.create({}, None, None, None).process(messages)
    synonyms = KnowledgeSynonymMapper({}, None, None, synonyms={"对开门冰箱": "fridge"})
    messages = synonyms.process(messages)
    messages = NormalisedEntityValues.create({}, None, None, None).process(messages)
    got = sorted((e["entity"], e["value"]) for e in messages[0].get("entities"))
    assert got == sorted(
        [
            ("ticket_id", "WO20261103001"),
            ("person_name", "欧阳娜娜"),
            ("product", "fridge"),
            ("purchase_date", "2026-11-28"),
            ("city", "上海"),
            ("model", "P60 Pro"),
        ]
    )


def test_a_place_the_city_list_lacks_is_a_city_only_when_written_as_one():
    # the classifier guessed 华为 as a city at the start of 「华为P60 Pro，上个月买的」
    from bot.nlu.exact_details import normalise

    def city(text, value):
        start = text.index(value)
        found = normalise(
            [{"entity": "city", "value": value, "start": start, "end": start + len(value)}], text
        )
        return found[0]["value"] if found else None

    assert city("华为P60 Pro，上个月买的", "华为") is None
    assert city("我在绵阳，能上门吗", "绵阳") == "绵阳"
    assert city("绵阳市涪城区", "绵阳") == "绵阳"
    assert city("上海浦东", "上海浦东") == "上海"  # a listed city stays as before
