"""The Chinese tokenizer: tokens and offsets on the kinds of text customers type."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.build import build_dictionary
from bot.nlu.tokenizer import ChineseTokenizer, tokenize_text


@pytest.fixture(scope="module", autouse=True)
def user_dictionary():
    import jieba

    jieba.load_userdict(str(build_dictionary()))


def words(text):
    return [w for w, _ in tokenize_text(text)]


def assert_offsets_match(text):
    for word, start in tokenize_text(text):
        assert text[start : start + len(word)] == word


def test_pure_chinese_uses_the_user_dictionary():
    tokens = words("冷藏室不制冷怎么办")
    assert "冷藏室" in tokens and "不制冷" in tokens
    assert_offsets_match("冷藏室不制冷怎么办")


@pytest.mark.parametrize(
    "text, code",
    [
        ("我家空调KFR-35GW/E500-A1显示E1", "KFR-35GW/E500-A1"),
        ("型号55E3F的电视没图像", "55E3F"),
        ("工单HX20261127-10E9-NT83到哪了", "HX20261127-10E9-NT83"),
        ("电话13912345678", "13912345678"),
        ("热线4006-100-100吗", "4006-100-100"),
    ],
)
def test_codes_and_model_numbers_stay_whole(text, code):
    assert code in words(text)
    assert_offsets_match(text)


def test_mixed_english_keeps_words_and_offsets():
    text = "HDMI线插好了还是no signal"
    tokens = words(text)
    assert "HDMI" in tokens and "no" in tokens and "signal" in tokens
    assert_offsets_match(text)


def test_whitespace_never_becomes_a_token():
    text = "  电视   黑屏 \t 了  \n"
    tokens = words(text)
    assert tokens and all(t.strip() == t and t for t in tokens)
    assert_offsets_match(text)


def test_emoji_are_tokens_with_right_offsets():
    text = "冰箱不冷了😭😭怎么办🙏"
    assert "😭" in "".join(words(text))
    assert_offsets_match(text)


def test_rasa_component_produces_tokens_without_whitespace():
    tokenizer = ChineseTokenizer(ChineseTokenizer.get_default_config(), None, None)
    message = Message.build(text="电视 HDMI 信号源 没反应")
    tokens = tokenizer.tokenize(message, "text")
    assert [t.text for t in tokens] == list(words("电视 HDMI 信号源 没反应"))
    assert all(t.text.strip() for t in tokens)
    assert [(t.start, t.end) for t in tokens][1] == (3, 7)


def test_a_title_is_split_from_the_surname():
    assert words("联系马先生就行")[1:3] == ["马", "先生"]
    assert "李" in words("李女士的电话")
    assert_offsets_match("联系马先生就行")


def test_shopping_festivals_stay_whole():
    assert "双十一" in words("去年双十一买的")
