"""A long message the classifier is not quite sure of is asked back, not acted on."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.long_messages import LongMessageDoubt

RANT = (
    "用了不到一个月，打游戏特别卡，客服说重置一下试试，重置了还是一样，真的很失望，当初就不该买这个"
)


@pytest.fixture(scope="module")
def component():
    return LongMessageDoubt.create({}, None, None, None)


def parsed(component, text, name, confidence):
    message = Message.build(text=text)
    message.set("intent", {"name": name, "confidence": confidence})
    message.set("intent_ranking", [{"name": name, "confidence": confidence}])
    [message] = component.process([message])
    return message


def test_a_long_unsure_reading_is_asked_back_with_the_reading_first(component):
    message = parsed(component, RANT, "phone_lag", 0.8)
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.5}
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "phone_lag"]


@pytest.mark.parametrize(
    "text, name, confidence",
    [
        (RANT, "phone_lag", 0.95),  # sure enough
        ("手机打游戏卡", "phone_lag", 0.6),  # short: the fallback classifier's threshold decides
        ("洗衣机不排水了，我家是波轮的，地漏也是通的", "washer_no_drain", 0.8),  # not a rant
        (RANT, "inform", 0.6),  # a turn of the conversation: the form reads it
        (RANT, "out_of_scope", 0.7),  # a refusal stays one
        (
            "家里燃气灶旁边一直有一股臭鸡蛋味，开窗了还是有，点火的时候还有啪啪的声音，我很害怕会不会出事",
            "safety_hazard",
            0.7,
        ),
        (
            "你们这个机器人根本听不懂人话，我说了三遍了，一直在绕圈子，浪费我时间，赶紧给我转人工客服",
            "request_human",
            0.8,
        ),
        (
            "修了两次还是不制冷，你们能不能派个靠谱的师傅再来看一次，我家老人受不了这么热，麻烦尽快安排",
            "request_repair",
            0.7,
        ),
        (RANT, "news_tech", 0.6),  # a label of another data set (a public benchmark)
    ],
)
def test_other_readings_stand(component, text, name, confidence):
    assert parsed(component, text, name, confidence).get("intent")["name"] == name


def test_it_comes_after_the_fallback_classifier_with_its_threshold():
    import yaml

    from harness.servers import ROOT

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    names = [step["name"] for step in pipeline]
    fallback = pipeline[names.index("FallbackClassifier")]
    doubt = pipeline[names.index("bot.nlu.long_messages.LongMessageDoubt")]
    assert names.index("bot.nlu.long_messages.LongMessageDoubt") > names.index("FallbackClassifier")
    assert doubt.get("fallback_confidence", 0.5) == fallback["threshold"]
    assert doubt["sure"] > fallback["threshold"]
