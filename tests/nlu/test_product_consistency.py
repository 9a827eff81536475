"""Product-consistent intents: a named product wins over a fault of another product."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.product_consistency import ProductConsistentIntent, consistent_ranking

PRODUCTS = {"tv", "fridge", "ac", "washer", "phone"}
RANKING = [
    {"name": "washer_water_leak", "confidence": 0.61},
    {"name": "fridge_water_leak", "confidence": 0.32},
    {"name": "ac_water_leak", "confidence": 0.02},
]


def message(entities):
    m = Message.build(text="冰箱底下漏水，地上一滩水")
    m.set("intent", dict(RANKING[0]))
    m.set("intent_ranking", [dict(r) for r in RANKING])
    m.set("entities", entities)
    return m


def test_the_named_products_fault_is_promoted_with_the_top_confidence():
    [m] = ProductConsistentIntent(PRODUCTS).process(
        [message([{"entity": "product", "value": "fridge"}])]
    )
    assert m.get("intent") == {"name": "fridge_water_leak", "confidence": 0.61}
    assert [r["name"] for r in m.get("intent_ranking")] == [
        "fridge_water_leak",
        "washer_water_leak",
        "ac_water_leak",
    ]


def test_nothing_changes_without_exactly_one_named_product():
    assert consistent_ranking(RANKING[0], RANKING, set(), PRODUCTS) is None
    assert consistent_ranking(RANKING[0], RANKING, {"fridge", "washer"}, PRODUCTS) is None


def test_nothing_changes_when_the_top_intent_agrees_or_is_not_a_fault():
    assert consistent_ranking(RANKING[0], RANKING, {"washer"}, PRODUCTS) is None
    hotline = {"name": "ask_hotline", "confidence": 0.9}
    assert consistent_ranking(hotline, [hotline] + RANKING, {"fridge"}, PRODUCTS) is None


def test_without_a_ranked_fault_of_the_named_product_it_is_another_fault_of_that_product():
    # 「手机信号特别差」 read as the TV's no-signal: no diagnosis of ours covers a phone's signal
    ranking = consistent_ranking(RANKING[0], RANKING, {"phone"}, PRODUCTS)
    assert ranking[0] == {"name": "report_fault", "confidence": 0.61}
    # the washer's leak is no reading of a phone's message: it goes last, with nothing
    assert [r["name"] for r in ranking[1:]] == [
        "fridge_water_leak",
        "ac_water_leak",
        "washer_water_leak",
    ]
    assert ranking[-1]["confidence"] == 0.0
    ranked = RANKING + [{"name": "report_fault", "confidence": 0.01}]
    ranking = consistent_ranking(RANKING[0], ranked, {"phone"}, PRODUCTS)
    assert ranking[0] == {"name": "report_fault", "confidence": 0.61} and len(ranking) == 4


def test_a_message_naming_no_product_is_about_the_one_its_context_words_point_to():
    from bot.knowledge.details import get_details

    component = ProductConsistentIntent(PRODUCTS, get_details().cued_products)
    signal = [
        {"name": "tv_no_signal", "confidence": 0.84},
        {"name": "report_fault", "confidence": 0.1},
    ]

    def read(text, ranking):
        m = Message.build(text=text)
        m.set("intent", dict(ranking[0]))
        m.set("intent_ranking", [dict(r) for r in ranking])
        m.set("entities", [])
        [m] = component.process([m])
        return m.get("intent")["name"]

    # a phone's signal: no diagnosis of ours covers it
    assert read("老是显示无服务，信号比较差", signal) == "report_fault"
    assert read("手机卡老是识别不到，网络信号奇差", signal) == "report_fault"
    # nothing only a phone has: the TV's no-signal stays
    assert read("接了机顶盒还是显示无信号", signal) == "tv_no_signal"
    remote = [{"name": "tv_remote_problem", "confidence": 0.9}]
    assert read("遥控器换了电池也没反应", remote) == "tv_remote_problem"
    # a product named beats the context: 电视 with 4G in it stays the TV's
    m = Message.build(text="电视连4G热点也显示无信号")
    m.set("intent", dict(signal[0]))
    m.set("intent_ranking", [dict(r) for r in signal])
    m.set("entities", [{"entity": "product", "value": "tv"}])
    [m] = component.process([m])
    assert m.get("intent")["name"] == "tv_no_signal"


def test_a_latin_cue_is_a_word_of_its_own():
    from bot.knowledge.details import get_details

    cued = get_details().cued_products
    assert cued("5G信号老断") == {"phone"} and cued("sim卡识别不了") == {"phone"}
    assert cued("KFR-35GW/BpR3KGA1制冷效果特别差") == set()  # an air conditioner's model


def test_a_clause_is_about_the_product_of_its_whole_message():
    from bot.knowledge.details import get_details
    from bot.nlu.clauses import CLAUSE_OF

    component = ProductConsistentIntent(PRODUCTS, get_details().cued_products)
    whole = Message.build(text="新买的，信号特别差，老是显示无服务")
    whole.set("intent", {"name": "report_fault", "confidence": 0.7})
    whole.set("intent_ranking", [{"name": "report_fault", "confidence": 0.7}])
    clause = Message(data={"text": "信号特别差", CLAUSE_OF: 0})
    clause.set("intent", {"name": "tv_no_signal", "confidence": 0.9})
    clause.set("intent_ranking", [{"name": "tv_no_signal", "confidence": 0.9}])
    [whole, clause] = component.process([whole, clause])
    assert clause.get("intent") == {"name": "report_fault", "confidence": 0.9}


def test_a_fault_of_the_named_product_the_classifier_all_but_ruled_out_is_not_promoted():
    noise = [
        {"name": "tv_no_signal", "confidence": 0.89},
        {"name": "phone_charging_problem", "confidence": 0.02},
    ]
    ranking = consistent_ranking(noise[0], noise, {"phone"}, PRODUCTS)
    assert ranking[0] == {"name": "report_fault", "confidence": 0.89}


def test_the_displaced_fault_does_not_tie_with_the_promoted_one():
    # 「空调遥控器按了没反应，空调也不开」: the TV's remote at 0.48 would tie with the air
    # conditioner's other fault, and the bot would ask back offering the TV's remote
    ranked = [
        {"name": "tv_remote_problem", "confidence": 0.48},
        {"name": "report_fault", "confidence": 0.3},
        {"name": "washer_door_locked", "confidence": 0.06},
    ]
    ranking = consistent_ranking(ranked[0], ranked, {"ac"}, PRODUCTS)
    assert ranking == [
        {"name": "report_fault", "confidence": 0.48},
        {"name": "tv_remote_problem", "confidence": 0.3},
        {"name": "washer_door_locked", "confidence": 0.06},
    ]


def test_the_same_kind_of_fault_of_the_named_product_wins():
    # 「空调噪音大」 read as the fridge's: the same kind of fault of the air conditioner
    faults = {"fridge_noise", "ac_noise", "ac_water_leak", "washer_no_drain"}
    ranked = [
        {"name": "fridge_noise", "confidence": 0.87},
        {"name": "ac_water_leak", "confidence": 0.2},
    ]
    ranking = consistent_ranking(ranked[0], ranked, {"ac"}, PRODUCTS, faults)
    assert ranking[0] == {"name": "ac_noise", "confidence": 0.87}
    assert [r["name"] for r in ranking[1:]] == ["ac_water_leak", "fridge_noise"]
    # no diagnosis of that kind for the named product: its best-ranked fault, as before
    ranking = consistent_ranking(ranked[0], ranked, {"ac"}, PRODUCTS, faults - {"ac_noise"})
    assert ranking[0] == {"name": "ac_water_leak", "confidence": 0.87}


def test_a_display_code_is_left_to_the_dialogue():
    # 「俺家滚筒洗衣机显示E3，咋整」 read as ac_error_code, the one code intent: the dialogue reads
    # the code with the washer (KnowledgeBase.code_fault); report_fault would lose the code
    ranked = [{"name": "ac_error_code", "confidence": 0.87}]
    assert (
        consistent_ranking(ranked[0], ranked, {"washer"}, PRODUCTS, codes={"ac_error_code"}) is None
    )
    component = ProductConsistentIntent.create({}, None, None, None)
    assert "ac_error_code" in component.codes and "washer_error_code" not in component.faults
