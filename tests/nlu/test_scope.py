"""The domain check: an unsure service intent without a word of ours is out of scope."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.scope import OUT_OF_SCOPE, OVERRULED, ServiceScope, domain_vocabulary, scoped_ranking


@pytest.fixture(scope="module")
def vocabulary():
    return domain_vocabulary()


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_the_vocabulary_comes_from_the_knowledge_base(vocabulary):
    assert {
        "冰箱",
        "彩电",
        "滚筒",
        "不制冷",
        "遥控器",
        "信号",
        "保修",
        "报修",
        "工单",
    } <= vocabulary
    assert "相机" not in vocabulary and "设置" not in vocabulary


@pytest.mark.parametrize(
    "text, intent",
    [
        ("打开相机", "phone_lag"),
        ("上QQ", "ask_service_channels"),
        ("进入设置菜单", "check_ticket_status"),
    ],
)
def test_an_unsure_service_intent_without_our_words_becomes_out_of_scope(vocabulary, text, intent):
    ranking = scoped_ranking(text, ranked((intent, 0.55), ("out_of_scope", 0.3)), [], vocabulary)
    assert ranking[0] == {"name": OUT_OF_SCOPE, "confidence": 0.55}
    assert [r["name"] for r in ranking] == [OUT_OF_SCOPE, intent]
    assert ranking[1]["confidence"] < 0.55 - 0.05  # no tie: the fallback classifier lets it through


@pytest.mark.parametrize(
    "text, entities",
    [
        ("冰箱有点问题", []),
        ("彩电不出人", []),
        ("我要报修", []),
        ("帮我看看这个", [{"entity": "ticket_id", "value": "HX20261130-7K3M-9Q2P"}]),
    ],
)
def test_a_message_with_our_words_or_values_keeps_its_intent(vocabulary, text, entities):
    assert scoped_ranking(text, ranked(("report_fault", 0.5)), entities, vocabulary) is None


def test_an_unsure_out_of_scope_without_our_words_is_made_sure(vocabulary):
    ranking = scoped_ranking(
        "开一下录屏", ranked(("out_of_scope", 0.35), ("phone_lag", 0.3)), [], vocabulary
    )
    assert ranking[0] == {"name": OUT_OF_SCOPE, "confidence": 0.65}
    assert ranking[1]["name"] == "phone_lag" and ranking[1]["confidence"] < 0.6


def test_a_sure_intent_and_conversation_intents_are_left_alone(vocabulary):
    assert scoped_ranking("怎么联系你们", ranked(("ask_hotline", 0.93)), [], vocabulary) is None
    assert scoped_ranking("好的谢谢", ranked(("thank", 0.4)), [], vocabulary) is None
    assert scoped_ranking("张伟", ranked(("inform", 0.5)), [], vocabulary) is None


def test_the_component_says_what_it_overruled(vocabulary):
    message = Message.build(text="打开相机")
    message.set("intent", {"name": "phone_lag", "confidence": 0.6})
    message.set("intent_ranking", ranked(("phone_lag", 0.6), ("out_of_scope", 0.3)))
    [message] = ServiceScope(vocabulary).process([message])
    assert message.get("intent") == {"name": OUT_OF_SCOPE, "confidence": 0.6}
    assert message.get(OVERRULED)["name"] == "phone_lag"
