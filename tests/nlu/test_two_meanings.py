"""Two meanings of the same weight in one message: both lead, so the bot asks which comes first."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.clauses import SECONDARY_INTENTS
from bot.nlu.two_meanings import ACTED_ON, TwoMeanings


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


@pytest.fixture(scope="module")
def component():
    return TwoMeanings.create({}, None, None, None)


def parsed(component, text, ranking, secondary=()):
    message = Message.build(text=text)
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    message.set(SECONDARY_INTENTS, list(secondary))
    [message] = component.process([message])
    return message


@pytest.mark.parametrize(
    "text, ranking, secondary, other",
    [
        # two faults the clauses read surely
        (
            "新手机第二天闪退三次，电池玩半天就没电了",
            ranked(("phone_battery_drain", 0.92), ("phone_lag", 0.04)),
            ranked(("phone_lag", 0.88)),
            "phone_lag",
        ),
        # a fault no diagnosis covers (overheating) beside one that has a diagnosis
        (
            "游戏十几分钟就开始发烫，然后掉帧",
            ranked(("phone_lag", 0.95), ("report_fault", 0.03)),
            [],
            "report_fault",
        ),
        # the other lines have faults no diagnosis covers too: a washer that takes no water in is
        # no leak (the classifier read 水 as washer_water_leak, sure enough to act)
        (
            "洗衣机不进水，水龙头是开着的",
            ranked(("washer_water_leak", 0.74), ("washer_no_drain", 0.18)),
            [],
            "report_fault",
        ),
        # session 20: a washer that keeps filling is no leak (its inlet valve: no diagnosis of ours)
        (
            "波轮洗衣机一直进水，不停地进，水都溢出来了",
            ranked(("washer_water_leak", 0.85), ("washer_no_drain", 0.06)),
            [],
            "report_fault",
        ),
        (
            "空调有异味，一开就一股霉味",
            ranked(("ac_noise", 0.72), ("safety_hazard", 0.06)),
            [],
            "report_fault",
        ),
        # session 17: a beeping fridge is no leak (滴 is dripping to the classifier), an
        # overheating phone no lag
        (
            "冰箱滴滴滴一直叫 门关好了的",
            ranked(("fridge_water_leak", 0.88), ("fridge_noise", 0.04)),
            [],
            "report_fault",
        ),
        (
            "手机用着用着后盖特别烫，都不敢拿了",
            ranked(("phone_lag", 0.86), ("report_fault", 0.5)),
            [],
            "report_fault",
        ),
        # a grievance about the service beside the fault
        (
            "屏幕老是闪退，客服说重装APP，不给退",
            ranked(("phone_lag", 0.9), ("complaint", 0.06)),
            [],
            "complaint",
        ),
    ],
)
def test_the_second_meaning_leads_tied_with_the_first(component, text, ranking, secondary, other):
    message = parsed(component, text, ranking, secondary)
    first, second = message.get("intent_ranking")[:2]
    assert first == ranking[0] and second == {"name": other, "confidence": ranking[0]["confidence"]}
    assert message.get("intent") == ranking[0]  # the fallback classifier sees the tie and asks


@pytest.mark.parametrize(
    "text, ranking, secondary",
    [
        # anger alone: the bot diagnoses and says it heard it (bot/dialogue/secondary.py)
        ("垃圾手机，用了半个月就卡得要死", ranked(("phone_lag", 0.9), ("complaint", 0.08)), []),
        # a clause's fault too unsure to count
        (
            "电池掉得快，偶尔有点卡",
            ranked(("phone_battery_drain", 0.9), ("phone_lag", 0.05)),
            ranked(("phone_lag", ACTED_ON - 0.1)),
        ),
        # not a fault: a hazard always leads, and a complaint is not a diagnosis
        ("充电的时候冒烟了，还发烫", ranked(("safety_hazard", 0.97), ("report_fault", 0.02)), []),
        ("客服态度太差，退货拖了一个月", ranked(("complaint", 0.95), ("phone_lag", 0.01)), []),
        # faults that exclude each other (knowledge/faults ``excludes``), either way round
        (
            "空调制热不行，吹出来的是凉风",
            ranked(("ac_weak_heating", 0.98), ("ac_weak_cooling", 0.01)),
            ranked(("ac_weak_cooling", 0.97)),
        ),
        (
            "空调不制冷，吹的是热风",
            ranked(("ac_weak_cooling", 0.98), ("ac_weak_heating", 0.01)),
            ranked(("ac_weak_heating", 0.9)),
        ),
        # a played customer (session 22): the remote used to set the temperature is no broken
        # remote (遥控器 is an air conditioner's uncovered fault)
        (
            "空调开了一个小时了一点都不凉快，遥控器调到16度也没用",
            ranked(("ac_weak_cooling", 0.93), ("report_fault", 0.03)),
            [],
        ),
        # an uncovered symptom of another product says nothing of this one
        (
            "洗衣机不排水，显示屏还闪屏",
            ranked(("washer_no_drain", 0.93), ("report_fault", 0.03)),
            [],
        ),
    ],
)
def test_one_meaning_is_acted_on(component, text, ranking, secondary):
    message = parsed(component, text, ranking, secondary)
    assert message.get("intent_ranking") == ranking


def test_acted_on_is_the_fallback_classifiers_threshold():
    import yaml

    from harness.servers import ROOT

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    fallback = next(step for step in pipeline if step["name"] == "FallbackClassifier")
    assert ACTED_ON == fallback["threshold"]
    names = [step["name"] for step in pipeline]
    # after every component that changes the reading, before the fallback classifier
    assert names.index("bot.nlu.two_meanings.TwoMeanings") > names.index(
        "bot.nlu.scope.ServiceScope"
    )
    assert names.index("bot.nlu.two_meanings.TwoMeanings") < names.index("FallbackClassifier")


@pytest.mark.parametrize(
    "text, ranking, other",
    [
        # study set (session 21): a grievance read as a question nobody asked
        (
            "小米的售后你拥有不起，再也别见了",
            ranked(("ask_service_outlet", 0.57), ("ask_service_channels", 0.04)),
            "complaint",
        ),
        ("买了10天降了500块钱 不退差价", ranked(("ask_product_info", 0.61)), "complaint"),
        ("客服也没给个答复，店大欺客就这样吧", ranked(("request_human", 0.54)), "complaint"),
        # a fault no diagnosis covers read as a rating or a wish to stop
        ("其他特色：发烫！！！女朋友十分不满意", ranked(("rate_service", 0.72)), "report_fault"),
        ("发热感直不敢用手去拿，太烦了", ranked(("stop", 0.54)), "report_fault"),
        ("一个月不到，死机3-4次，关机都关不了", ranked(("inform", 0.66)), "report_fault"),
    ],
)
def test_a_statement_of_trouble_read_as_a_question_or_a_turn_is_asked_back(
    component, text, ranking, other
):
    message = parsed(component, text, ranking)
    first, second = message.get("intent_ranking")[:2]
    assert first == ranking[0] and second == {"name": other, "confidence": ranking[0]["confidence"]}


@pytest.mark.parametrize(
    "text, ranking",
    [
        # a question asked, even an angry one, is answered
        ("售后网点在哪，我要投诉", ranked(("ask_service_outlet", 0.9))),
        ("客服电话多少？等了半天没人接，太差了", ranked(("ask_hotline", 0.9))),
        ("我要人工，你们这服务太差了", ranked(("request_human", 0.8))),
        # the service only named is no grievance
        ("售后服务网点", ranked(("ask_service_outlet", 0.8))),
        ("客服热线电话", ranked(("ask_hotline", 0.9))),
        # a rating with no trouble in it, and short turns, are what they say
        ("服务很好，非常满意", ranked(("rate_service", 0.9))),
        ("不满意", ranked(("rate_service", 0.9))),
        # a complaint is no question or turn: it stands
        ("客服态度太差，退货拖了一个月", ranked(("complaint", 0.95))),
    ],
)
def test_a_question_asked_or_a_plain_turn_stands(component, text, ranking):
    assert parsed(component, text, ranking).get("intent_ranking") == ranking


@pytest.mark.parametrize(
    "text, ranking, secondary, expected",
    [
        # a played customer (session 22): the fridge's steps started, the unanswered hotline was
        # not heard
        (
            "你们这什么破冰箱！！！冷藏室一点都不凉了，打你们电话半天没人接，我真是气死了",
            ranked(("fridge_weak_cooling", 0.96), ("complaint", 0.11)),
            [],
            ranked(("complaint", 0.11)),
        ),
        # a second fault already kept stays, the complaint beside it
        (
            "垃圾手机，卡得要死，电池也掉得快",
            ranked(("phone_lag", 0.9)),
            ranked(("phone_battery_drain", 0.4)),
            ranked(("phone_battery_drain", 0.4), ("complaint", 0.0)),
        ),
    ],
)
def test_anger_beside_a_fault_is_a_secondary_complaint(
    component, text, ranking, secondary, expected
):
    message = parsed(component, text, ranking, secondary)
    assert message.get("intent_ranking") == ranking  # the fault is acted on, not asked back
    assert message.get(SECONDARY_INTENTS) == expected


@pytest.mark.parametrize(
    "text, ranking",
    [
        ("冰箱不凉了，冷藏室一点都不冷", ranked(("fridge_weak_cooling", 0.96))),
        # a complaint that is the reading itself is no secondary meaning of it
        ("打你们电话半天没人接，气死了", ranked(("complaint", 0.9))),
    ],
)
def test_no_anger_or_no_fault_adds_no_secondary_complaint(component, text, ranking):
    assert parsed(component, text, ranking).get(SECONDARY_INTENTS) == []
