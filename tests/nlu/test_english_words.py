"""English words mixed into Chinese are read as our word, and entities land on what was typed."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.english_words import EnglishWords, english_words, typed_offset
from bot.nlu.homophones import CORRECTIONS, HomophoneNormaliser, TypedTextRestorer, index


@pytest.mark.parametrize(
    "typed, read",
    [
        ("我家washing machine漏水了", "我家洗衣机漏水了"),
        ("手机no signal", "手机无信号"),
        ("TV显示No  Signal", "TV显示无信号"),  # any case, any run of spaces
        ("我的Fridge不制冷了", "我的冰箱不制冷了"),
        ("空调有noise，很吵", "空调有噪音，很吵"),
    ],
)
def test_an_english_word_is_read_as_ours(typed, read):
    assert english_words().translate(typed)[0] == read


@pytest.mark.parametrize("text", ["dishwasher坏了", "打开WeChat", "noises", "冰箱不制冷"])
def test_a_longer_english_word_or_none_is_left_alone(text):
    assert english_words().translate(text) == (text, [])


def test_offsets_go_from_the_text_as_read_to_the_text_as_typed():
    words = EnglishWords({"洗衣机": ["washing machine"], "漏水": ["leaking"]})
    read, replaced = words.translate("我家washing machine一直leaking啊")
    assert read == "我家洗衣机一直漏水啊"
    assert [typed_offset(i, replaced) for i in (0, 2, 5, 7, 9, 10)] == [0, 2, 17, 19, 26, 27]


def test_the_entity_of_an_english_word_is_where_the_customer_typed_it():
    message = Message.build(text="我家washing machine漏水了")
    [message] = HomophoneNormaliser(index(), english_words()).process([message])
    assert message.get("text") == "我家洗衣机漏水了"
    assert message.get(CORRECTIONS) == [{"typed": "washing machine", "read": "洗衣机", "start": 2}]
    message.set("entities", [{"entity": "product", "value": "washer", "start": 2, "end": 5}])
    [message] = TypedTextRestorer().process([message])
    assert message.get("text") == "我家washing machine漏水了"
    [entity] = message.get("entities")
    assert (entity["start"], entity["end"]) == (2, 17)


def test_an_entity_starting_inside_a_replaced_word_starts_at_the_english_word():
    words = EnglishWords({"无信号": ["no signal"]})
    read, replaced = words.translate("电视no signal了")
    assert read == "电视无信号了"
    # 信号 (3, 5) of 无信号 covers the English words, not an empty span
    assert (typed_offset(3, replaced, start=True), typed_offset(5, replaced)) == (2, 11)


def test_a_homophone_after_an_english_word_is_reported_where_it_was_typed():
    message = Message.build(text="fridge和冰相都坏了")
    [message] = HomophoneNormaliser(index(), english_words()).process([message])
    assert message.get("text") == "冰箱和冰箱都坏了"
    assert [c["start"] for c in message.get(CORRECTIONS)] == [0, 7]
