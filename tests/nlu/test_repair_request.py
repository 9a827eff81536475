"""A fault said with a request for repair is the fault: the bot does not ask which of the two."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.repair_request import FaultWithRequest


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


@pytest.fixture(scope="module")
def component():
    return FaultWithRequest.create({}, None, None, None)


def parsed(component, text, ranking):
    message = Message.build(text=text)
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    [message] = component.process([message])
    return message


@pytest.mark.parametrize(
    "text, ranking",
    [
        # CI's model on d4bf4ba asked 「电视无法开机，还是预约上门维修」
        (
            "我要报修，海信电视65E7K开机没反应，前年买的",
            ranked(("tv_no_power", 0.41), ("request_repair", 0.39), ("report_fault", 0.1)),
        ),
        # the request first in the ranking, too close to act on
        (
            "冰箱不制冷了，帮我登记一下上门维修",
            ranked(("request_repair", 0.47), ("fridge_weak_cooling", 0.45)),
        ),
        (
            "空调外机噪音特别大，派个师傅来看看吧",
            ranked(("ac_noise", 0.3), ("request_repair", 0.25), ("ac_weak_cooling", 0.2)),
        ),
    ],
)
def test_the_fault_leads_beyond_the_fallbacks_doubt(component, text, ranking):
    message = parsed(component, text, ranking)
    fault = next(r for r in ranking if r["name"] != "request_repair")
    assert message.get("intent")["name"] == fault["name"]
    top, second = message.get("intent_ranking")[:2]
    assert top["name"] == fault["name"] and top["confidence"] >= 0.5
    assert top["confidence"] - second["confidence"] >= 0.05


@pytest.mark.parametrize(
    "text, ranking",
    [
        # no engineer asked for: a real tie, the bot asks back
        ("电视开机没反应，要修吗", ranked(("tv_no_power", 0.41), ("request_repair", 0.39))),
        # not now (「先不用叫师傅」)
        (
            "冰箱不制冷，先不用叫师傅，我自己看看",
            ranked(("fridge_weak_cooling", 0.42), ("request_repair", 0.4)),
        ),
        # sure enough already: the fallback acts on it as it is
        ("我要报修，电视开机没反应", ranked(("tv_no_power", 0.8), ("request_repair", 0.15))),
        ("我要报修", ranked(("request_repair", 0.9), ("tv_no_power", 0.05))),
        # the request beside something that is not a fault
        (
            "我要报修，上次的单子到现在都没人理",
            ranked(("complaint", 0.44), ("request_repair", 0.42)),
        ),
        # the fault third: the two that lead are another tie
        (
            "我要报修，师傅上门要收费吗",
            ranked(("ask_fee", 0.4), ("request_repair", 0.38), ("tv_no_power", 0.1)),
        ),
    ],
)
def test_other_rankings_stay_as_they_are(component, text, ranking):
    assert parsed(component, text, ranking).get("intent_ranking") == ranking


def test_it_sits_before_the_fallback_classifier():
    import yaml

    from harness.servers import ROOT

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    names = [step["name"] for step in pipeline]
    assert names.index("bot.nlu.repair_request.FaultWithRequest") < names.index(
        "FallbackClassifier"
    )
