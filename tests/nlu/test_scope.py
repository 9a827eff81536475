"""The domain check: an unsure service intent without a word of ours is out of scope."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.words import listed
from bot.nlu.scope import (
    OUT_OF_SCOPE,
    OVERRULED,
    RefusalCheck,
    ServiceScope,
    asked_back_instead,
    domain_vocabulary,
    elsewhere_ranking,
    scoped_ranking,
    without_unnamed_bot,
)


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


@pytest.mark.parametrize(
    "text, top",
    [
        ("帮我把客厅的灯调暗一点", ("inform", 0.42)),
        ("明天上午十点提醒我开会", ("affirm", 0.31)),
        ("今天晚上吃什么比较好呢", ("greet", 0.45)),
    ],
)
def test_an_unsure_conversation_intent_without_our_words_is_out_of_scope(vocabulary, text, top):
    # the bot would ask back with buttons of our services; the polite answer says what it does
    ranking = scoped_ranking(text, ranked(top, ("ask_hotline", 0.2)), [], vocabulary)
    assert ranking[0]["name"] == OUT_OF_SCOPE and ranking[0]["confidence"] >= 0.5


def test_an_ambiguous_conversation_intent_without_our_words_is_out_of_scope(vocabulary):
    ranking = ranked(("inform", 0.52), ("ask_hotline", 0.49))
    assert (
        scoped_ranking("帮我把客厅的灯调暗一点", ranking, [], vocabulary)[0]["name"] == OUT_OF_SCOPE
    )


@pytest.mark.parametrize(
    "text, top",
    [
        ("嗯嗯那个", ("inform", 0.3)),  # short: the clarifying question
        ("好的好的我知道了", ("affirm", 0.8)),  # sure
        ("我的冰箱型号记不清了", ("inform", 0.3)),  # our word
        ("还行吧这次还算满意", ("rate_service", 0.3)),  # a typed rating is never refused
        ("算了算了我不想弄了", ("stop", 0.3)),  # neither is a wish to stop
    ],
)
def test_these_conversation_intents_stay_as_they_are(vocabulary, text, top):
    assert scoped_ranking(text, ranked(top, ("ask_hotline", 0.1)), [], vocabulary) is None


def test_the_thresholds_are_the_fallback_classifiers():
    import yaml

    from bot.nlu.scope import AMBIGUOUS, UNSURE
    from harness.servers import ROOT

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    fallback = next(step for step in pipeline if step["name"] == "FallbackClassifier")
    scope = next(step for step in pipeline if step["name"].endswith("ServiceScope"))
    assert scope.get("unsure", UNSURE) == fallback["threshold"]
    assert scope.get("ambiguous", AMBIGUOUS) == fallback["ambiguity_threshold"]


def test_a_model_trained_without_out_of_scope_leaves_every_ranking(tmp_path, vocabulary):
    # a public benchmark's labels: "not for us" is no answer the model was trained to give
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    storage, resource = LocalModelStorage(tmp_path), Resource("scope")
    news = TrainingData(
        [Message.build(text="股市大涨", intent="finance"), Message.build("球队夺冠", "sports")]
    )
    ServiceScope(vocabulary, model_storage=storage, resource=resource).train(news)
    loaded = ServiceScope.load({}, storage, resource, None)
    assert loaded.knows_out_of_scope is False
    message = Message.build(text="今天股市怎么样")
    message.set("intent", {"name": "finance", "confidence": 0.4})
    message.set("intent_ranking", ranked(("finance", 0.4), ("sports", 0.3)))
    [message] = loaded.process([message])
    assert message.get("intent")["name"] == "finance"

    ours = TrainingData(news.training_examples + [Message.build("讲个笑话", OUT_OF_SCOPE)])
    ServiceScope(vocabulary, model_storage=storage, resource=resource).train(ours)
    assert ServiceScope.load({}, storage, resource, None).knows_out_of_scope is True


# --- the other direction: a refusal of a device of ours in trouble is asked back instead ---


@pytest.fixture(scope="module")
def refusals():
    return RefusalCheck.from_knowledge()


@pytest.mark.parametrize(
    "text",
    [
        "烂手机，买回来两个月就天天自动关机，找店里还不给退",
        "充电器都不配一个，还好意思卖这么贵，差评",
        "打游戏十分钟就发烫，拿都拿不住，后悔死了",
        "电视才装好一个礼拜就黑屏了，什么垃圾",
    ],
)
def test_a_refused_device_of_ours_in_trouble_is_asked_back(refusals, text):
    ranking = asked_back_instead(
        text, ranked((OUT_OF_SCOPE, 0.97), ("complaint", 0.02), ("phone_lag", 0.01)), refusals
    )
    assert ranking is not None
    assert [r["name"] for r in ranking] == ["complaint", "phone_lag", OUT_OF_SCOPE]
    # nothing is made surer than it was: below the fallback's threshold, so the bot asks back
    assert ranking[0]["confidence"] == 0.02 and ranking[-1]["confidence"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "酒店房间的空调太差了，吵了一整晚",  # a hotel room has an air conditioner too
        "外卖送到都凉了，肯定是从冰箱里拿出来的",  # and a restaurant a fridge
        "把电视关机然后放首歌",  # a command, no trouble
        "京东客服太差了，退个款拖了一个月",  # every shop's words, no device of ours
        "酒店入住了3天，热水器坏了没人修",  # a hotel stay is no time in use of ours
        "在淘宝买了两件衣服，质量有问题",  # a number after 买 is no time in use
        "今天买了2斤苹果，一半都坏了",
        "快递收到的时候箱子坏了",  # 收到 is every parcel's
        "电视",  # too short to tell
    ],
)
def test_other_refusals_stay(refusals, text):
    assert (
        asked_back_instead(text, ranked((OUT_OF_SCOPE, 0.97), ("complaint", 0.03)), refusals)
        is None
    )


def test_only_a_refusal_is_asked_back(refusals):
    text = "烂手机，买回来两个月就天天自动关机"
    assert (
        asked_back_instead(text, ranked(("phone_no_boot", 0.6), (OUT_OF_SCOPE, 0.3)), refusals)
        is None
    )


def test_the_refusal_words_come_from_the_knowledge_base(refusals):
    assert {"手机", "冰箱", "充电器", "发烫", "死机"} <= refusals.devices
    assert not {"客服", "退货", "差评", "工单"} & refusals.devices  # every shop's words
    assert {"垃圾", "坏", "退"} <= refusals.trouble and "酒店" in refusals.elsewhere


def test_the_component_asks_back_and_says_what_it_overruled(vocabulary, refusals):
    message = Message.build(text="烂手机，买回来两个月就天天自动关机，找店里还不给退")
    message.set("intent", {"name": OUT_OF_SCOPE, "confidence": 0.99})
    message.set("intent_ranking", ranked((OUT_OF_SCOPE, 0.99), ("phone_no_boot", 0.01)))
    [message] = ServiceScope(vocabulary, refusals).process([message])
    assert message.get("intent") == {"name": "phone_no_boot", "confidence": 0.01}
    assert message.get(OVERRULED)["name"] == OUT_OF_SCOPE


@pytest.mark.parametrize(
    "text",
    [
        "很垃圾，经常莫名其妙卡机",  # a fault word of its own: 卡机
        "打王者都卡得不行，垃圾",  # a phone by what only phones have (王者)
        "蓝牙和wifi无法打开，质量不敢恭维",
        "第一次入手这个牌子，用了7天就坏了",  # the customer has it: 入手, 用了7天
        "才买回来就有问题，真服了",
        "用起来还是有点卡，不太理想",  # 有点卡: a device's lag, not a bank card
    ],
)
def test_a_device_named_by_its_fault_or_its_context_counts(refusals, text):
    assert refusals.ours(text)


@pytest.mark.parametrize("text", ["打开相机", "帮我连一下蓝牙", "投屏到客厅电视"])
def test_words_counted_only_with_trouble_do_not_make_a_command_ours(vocabulary, text):
    # 相机 and 蓝牙 keep a refusal of a phone in trouble from standing; alone they say nothing
    assert not ({"相机", "蓝牙", "投屏"} & vocabulary)


def test_a_device_in_trouble_is_asked_back_before_the_domain_check_confirms_a_refusal(
    vocabulary, refusals
):
    # 电池 alone is too general for the domain check, which would make the refusal sure
    message = Message.build(text="垃圾，电池坚持不了一天！")
    message.set("intent", {"name": OUT_OF_SCOPE, "confidence": 0.66})
    message.set(
        "intent_ranking",
        ranked((OUT_OF_SCOPE, 0.66), ("phone_battery_drain", 0.23), ("complaint", 0.1)),
    )
    [message] = ServiceScope(vocabulary, refusals).process([message])
    assert message.get("intent") == {"name": "phone_battery_drain", "confidence": 0.23}


def test_an_unsure_fault_of_a_device_in_trouble_is_not_refused(vocabulary, refusals):
    # the clauses read 「垃圾，电池坚持不了一天！」 as battery drain (0.66); the domain check alone,
    # for which 电池 is too general a word, would have refused it
    text = "垃圾，电池坚持不了一天！"
    ranking = ranked(("phone_battery_drain", 0.66), (OUT_OF_SCOPE, 0.22))
    assert scoped_ranking(text, ranking, [], vocabulary)[0]["name"] == OUT_OF_SCOPE
    message = Message.build(text=text)
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    [message] = ServiceScope(vocabulary, refusals).process([message])
    assert message.get("intent") == {"name": "phone_battery_drain", "confidence": 0.66}
    assert message.get(OVERRULED) is None


@pytest.fixture(scope="module")
def bot_words():
    return listed("bot_words")


@pytest.mark.parametrize("text", ["地面是瓷砖，挺平的吧", "就放在阳台上的吧", "应该是新的吧"])
def test_a_question_about_the_bot_that_names_no_bot_is_dropped(bot_words, text):
    ranking = without_unnamed_bot(
        text, ranked(("bot_challenge", 0.85), ("suggestion", 0.03)), bot_words
    )
    assert [r["name"] for r in ranking] == ["suggestion", "bot_challenge"]
    assert ranking[-1]["confidence"] == 0.0 and ranking[0]["confidence"] == 0.03


@pytest.mark.parametrize("text", ["你是机器人吧", "是真人在回复吗", "对面是谁", "are you a bot"])
def test_a_question_that_names_the_bot_stays(bot_words, text):
    assert without_unnamed_bot(text, ranked(("bot_challenge", 0.9)), bot_words) is None


def test_every_trained_question_about_the_bot_names_it(bot_words):
    from rasa.shared.nlu.training_data.loading import load_data

    examples = [
        m.get("text")
        for m in load_data("data/nlu").intent_examples
        if m.get("intent") == "bot_challenge"
    ]
    assert len(examples) > 30
    assert [e for e in examples if not any(w in e.lower() for w in bot_words)] == []


def test_the_component_reads_the_rest_of_the_ranking_without_it(vocabulary, bot_words):
    message = Message.build(text="地面是瓷砖，挺平的吧")
    message.set("intent", {"name": "bot_challenge", "confidence": 0.85})
    message.set("intent_ranking", ranked(("bot_challenge", 0.85), ("suggestion", 0.03)))
    [message] = ServiceScope(vocabulary, bot_words=bot_words).process([message])
    # no word of ours either: not for us, and what the classifier read next is kept as overruled
    assert message.get("intent")["name"] == OUT_OF_SCOPE
    assert message.get(OVERRULED) == {"name": "suggestion", "confidence": 0.03}


@pytest.mark.parametrize(
    "text, top",
    [
        # study set of hotel and takeaway complaints (session 21): acted on as our complaint or
        # as the air conditioner's cooling, sure as the classifier was
        ("每次送餐都要等一个小时…而且感觉店商根本不看备注", ("complaint", 1.0)),
        ("卷饼还不错,送餐速度跟粑粑一样,近一个半小时,送来都凉了", ("ac_weak_cooling", 0.96)),
        ("中庸的酒店,本来冲着环保房去的,可是,哎,有些失望啊", ("complaint", 0.96)),
        ("不建议大家住该酒店，我就是没有看网上点评，入住后很窝火。", ("suggestion", 0.88)),
        # words of service do not make a hotel ours (study set, session 21)
        ("宾馆比较差，前台服务很差，投诉也没人理，客服电话打不通", ("complaint", 0.87)),
        # a meal named by what it became (session 22)
        ("两个小时才送到也是醉了，饭都凉了", ("ac_weak_cooling", 0.6)),
    ],
)
def test_a_hotel_stay_or_a_meal_naming_nothing_of_ours_is_out_of_scope(
    vocabulary, refusals, text, top
):
    ranking = elsewhere_ranking(text, ranked(top), [], refusals)
    assert ranking[0] == {"name": OUT_OF_SCOPE, "confidence": top[1]}


@pytest.mark.parametrize(
    "text, top, entities",
    [
        # a product of ours named, or a word of our service: the reading stands
        ("房间里的空调不凉，开了一晚上", ("ac_weak_cooling", 0.95), [{"entity": "product"}]),
        ("我住的小区附近有没有维修网点", ("ask_service_outlet", 0.9), []),
        # a thanks is a thanks, wherever it comes from
        ("感谢送餐员大下雨就来", ("thank", 0.87), []),
        # no word of a hotel or a meal
        ("服务态度极差！", ("complaint", 0.99), []),
    ],
)
def test_a_message_naming_us_or_no_other_place_keeps_its_reading(
    vocabulary, refusals, text, top, entities
):
    assert elsewhere_ranking(text, ranked(top), entities, refusals) is None


@pytest.mark.parametrize(
    "text, top",
    [
        # other complaints' study set (session 22): the hotel's equipment, a product named
        (
            "入住后发现房间的硬件较差，比如空调，马桶，尤其是电视遥控器非常差，几乎不能用",
            ("tv_remote_problem", 0.46),
        ),
        ("酒店太脏、太旧、太破！电视机只有6个频道！", ("tv_no_signal", 0.7)),
    ],
)
def test_a_product_in_a_hotel_room_is_the_hotels(refusals, text, top):
    ranking = elsewhere_ranking(text, ranked(top), [{"entity": "product"}], refusals)
    assert ranking[0]["name"] == OUT_OF_SCOPE


@pytest.mark.parametrize(
    "text",
    [
        "我们酒店前台的电视坏了，要报修",  # the hotel is the customer
        "我在酒店住，我的手机充不进电",  # the customer's own phone
        "出差住酒店回来，家里冰箱不制冷了",
    ],
)
def test_a_stay_beside_the_customers_own_thing_is_ours(refusals, text):
    top = ranked(("report_fault", 0.8))
    assert elsewhere_ranking(text, top, [{"entity": "product"}], refusals) is None


def test_the_component_refuses_a_meal_however_sure_the_classifier_was(vocabulary, refusals):
    message = Message.build(text="外卖漏了加多宝，等了将近3个小时才补送过来")
    message.set("intent", {"name": "complaint", "confidence": 0.99})
    message.set("intent_ranking", ranked(("complaint", 0.99), ("out_of_scope", 0.01)))
    [message] = ServiceScope(vocabulary, refusals).process([message])
    assert message.get("intent")["name"] == OUT_OF_SCOPE
    assert message.get(OVERRULED)["name"] == "complaint"
