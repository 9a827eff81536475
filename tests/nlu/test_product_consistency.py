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
    assert [r["name"] for r in ranking[1:]] == [r["name"] for r in RANKING]
    ranked = RANKING + [{"name": "report_fault", "confidence": 0.01}]
    ranking = consistent_ranking(RANKING[0], ranked, {"phone"}, PRODUCTS)
    assert ranking[0] == {"name": "report_fault", "confidence": 0.61} and len(ranking) == 4
