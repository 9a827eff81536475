"""Homophone typos of the knowledge base's words are put right, and nothing else is touched."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.homophones import CORRECTIONS, HomophoneNormaliser, TypedTextRestorer, index


@pytest.fixture(scope="module")
def homophones():
    return index()


@pytest.mark.parametrize(
    "typed, read",
    [
        ("冰相不制冷了", "冰箱不制冷了"),
        ("空凋开了不凉快", "空调开了不凉快"),
        ("电视无信好", "电视无信号"),
        ("电视没信好了", "电视没信号了"),
        ("手记开不了机", "手机开不了机"),
        ("洗依机不脱水", "洗衣机不脱水"),
        ("摇控器坏了", "遥控器坏了"),
    ],
)
def test_a_homophone_typo_of_a_domain_word_is_put_right(homophones, typed, read):
    corrected, found = homophones.correct(typed)
    assert corrected == read
    assert len(corrected) == len(typed) and found


@pytest.mark.parametrize(
    "text",
    [
        "冰箱不制冷",  # already right
        "昨天晚上还好好的",  # 上还 sounds like 上海, but cuts the word 晚上
        "能远程排查下故障吗",  # 故障吗 is a question, not 故障码
        "空调只冷不热",  # 只 is grammar, not a typo of 制
        "是不是自动回复",  # 回复 is a word of its own, not 恢复
        "双开门冰箱是风冷还是直冷的",  # 直冷 is a fridge word of its own
        "打开相机",
        "我在上海浦东",
    ],
)
def test_right_words_are_never_rewritten(homophones, text):
    assert homophones.correct(text) == (text, [])


def test_the_pipeline_reads_the_corrected_text_and_the_result_keeps_the_typed_one(homophones):
    message = Message.build(text="我的冰相坏了")
    [message] = HomophoneNormaliser(homophones).process([message])
    assert message.get("text") == "我的冰箱坏了"
    assert message.get(CORRECTIONS) == [{"typed": "冰相", "read": "冰箱", "start": 2}]
    [message] = TypedTextRestorer().process([message])
    assert message.get("text") == "我的冰相坏了"
    assert message.as_dict(only_output_properties=True)["text"] == "我的冰相坏了"


def test_our_user_dictionary_in_the_global_jieba_does_not_protect_a_typo():
    """In the Rasa process jieba may carry our words (冰相 among the product synonyms)."""
    import jieba

    jieba.add_word("冰相", 2000)
    try:
        assert index().correct("冰相不制冷了")[0] == "冰箱不制冷了"
    finally:
        jieba.del_word("冰相")
