"""A long message is read clause by clause, and a fault inside a complaint comes out first."""

from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.words import says_part_works, working_words
from bot.nlu.clauses import (
    CLAUSE_OF,
    MAX_CLAUSES,
    SECONDARY_INTENTS,
    ClauseCombiner,
    ClauseSplitter,
    clauses,
    combine,
)

PROBLEMS = {
    "phone_no_boot",
    "tv_no_picture",
    "tv_no_signal",
    "tv_sound_problem",
    "fridge_weak_cooling",
    "safety_hazard",
}
RANT = "垃圾手机！用了半个月现在都开不了机！能不能告诉我为什么"


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_a_long_message_is_cut_into_clauses_and_short_pieces_join_the_next():
    assert clauses(RANT) == ["垃圾手机", "用了半个月现在都开不了机", "能不能告诉我为什么"]
    assert clauses("啊！！电视机又坏了 真是的 气死") == ["啊，电视机又坏了", "真是的", "气死"]


def test_short_messages_and_button_payloads_are_not_split():
    assert clauses("冰箱不制冷") == []
    assert clauses('/inform{"product": "tv", "model": "55E3F"}') == []


def test_at_most_eight_clauses():
    text = "，".join(["电视没有图像了"] * 15)
    assert 2 <= len(clauses(text)) <= MAX_CLAUSES == 8


def test_a_message_with_every_detail_keeps_its_fault_clause_apart():
    # seven pieces: joined in pairs (at most six clauses), 「我要报修」 diluted the fault of
    # 「海信空调挂机不制冷」 below the bar, and the message was 「没太理解」
    text = "我要报修，海信空调挂机不制冷，型号KFR-35GW/A8X，去年双十一买的，我叫欧阳娜娜，电话13912345678，地址青岛市市南区香港中路10号"
    assert "海信空调挂机不制冷" in clauses(text)


def test_a_sure_fault_of_a_clause_replaces_a_complaint_and_the_complaint_stays_secondary():
    whole = ranked(("complaint", 0.62), ("phone_no_boot", 0.30), ("ask_warranty", 0.08))
    parts = [
        ranked(("complaint", 0.91)),
        ranked(("phone_no_boot", 0.97)),
        ranked(("ask_warranty", 0.4)),
    ]
    result = combine(whole, parts, PROBLEMS)
    assert result.ranking[0] == {"name": "phone_no_boot", "confidence": 0.97}
    assert [r["name"] for r in result.ranking] == ["phone_no_boot", "complaint", "ask_warranty"]
    assert result.secondary == ranked(("complaint", 0.91))


def test_a_complaint_as_sure_as_the_clauses_fault_ties_so_the_bot_asks_back_with_both():
    # 「买个手机不配充电器，那我买你手机有什么用！」: a clause reads as a charging fault, the whole
    # message is surely a complaint; acting on either alone may be wrong
    whole = ranked(("complaint", 0.95), ("phone_charging_problem", 0.03))
    parts = [ranked(("phone_charging_problem", 0.9)), ranked(("complaint", 0.97))]
    result = combine(whole, parts, PROBLEMS | {"phone_charging_problem"})
    assert [r["name"] for r in result.ranking[:2]] == ["phone_charging_problem", "complaint"]
    assert result.ranking[0]["confidence"] == result.ranking[1]["confidence"] == 0.95


def test_a_sure_fault_of_the_whole_message_stands_and_a_second_fault_is_secondary():
    whole = ranked(("tv_no_picture", 0.93), ("fridge_weak_cooling", 0.05))
    parts = [ranked(("tv_no_picture", 0.95)), ranked(("fridge_weak_cooling", 0.88))]
    result = combine(whole, parts, PROBLEMS)
    assert result.ranking == whole
    assert result.secondary == ranked(("fridge_weak_cooling", 0.88))


def test_a_fault_no_diagnosis_covers_replaces_advice_to_other_buyers_but_not_a_complaint():
    # 「无辜断网没信号。建议别买了 发热也严重」 was taken as a suggestion to the maker
    parts = [
        ranked(("report_fault", 0.9)),
        ranked(("suggestion", 0.95)),
        ranked(("report_fault", 0.85)),
    ]
    advice = combine(ranked(("suggestion", 0.6), ("report_fault", 0.3)), parts, PROBLEMS)
    assert advice.ranking[0]["name"] == "report_fault"
    complaint = combine(ranked(("complaint", 0.6), ("report_fault", 0.3)), parts, PROBLEMS)
    assert complaint.ranking[0]["name"] == "complaint"


def test_unsure_clauses_change_nothing():
    whole = ranked(("ask_warranty", 0.55), ("phone_no_boot", 0.40))
    parts = [ranked(("phone_no_boot", 0.5)), ranked(("complaint", 0.6))]
    result = combine(whole, parts, PROBLEMS)
    assert result.ranking == whole and result.secondary == []


def test_a_sure_service_request_is_not_replaced_by_a_clause():
    whole = ranked(("request_repair", 0.9), ("tv_no_picture", 0.08))
    parts = [ranked(("tv_no_picture", 0.95)), ranked(("request_repair", 0.9))]
    assert combine(whole, parts, PROBLEMS).ranking == whole


class StubClassifier:
    """Stands in for DIET: a clause holding a rule's word gets that rule's ranking (first rule
    wins); the whole message, and a clause holding none, get ``otherwise``."""

    def __init__(self, rules, otherwise):
        self.rules, self.otherwise = rules, otherwise

    def process(self, messages):
        for m in messages:
            ranking = self.otherwise
            if m.get(CLAUSE_OF) is not None:
                ranking = next((r for word, r in self.rules if word in m.get("text")), ranking)
            m.set("intent", dict(ranking[0]))
            m.set("intent_ranking", [dict(r) for r in ranking])
        return messages


#: a fault for clauses that say 开不了机, a complaint otherwise
NO_BOOT_CLASSIFIER = StubClassifier(
    [("开不了机", ranked(("phone_no_boot", 0.96), ("complaint", 0.02)))],
    ranked(("complaint", 0.7), ("phone_no_boot", 0.2)),
)
#: 黑屏 in a clause reads as a picture fault, 声音 as a sound fault
SOUND_WORDS_CLASSIFIER = StubClassifier(
    [
        ("黑屏", ranked(("tv_no_picture", 0.95), ("tv_sound_problem", 0.02))),
        ("声音", ranked(("tv_sound_problem", 0.86), ("tv_no_picture", 0.1))),
    ],
    ranked(("tv_no_picture", 0.9), ("tv_sound_problem", 0.05)),
)


def test_details_with_a_question_are_the_question():
    # 「冰箱2026年8月买的，还在保修期吗」: the model reads the date as bare information
    whole = ranked(("inform", 0.93), ("ask_warranty", 0.06))
    parts = [ranked(("inform", 1.0)), ranked(("ask_warranty", 0.96))]
    result = combine(whole, parts, PROBLEMS)
    assert result.ranking[0] == {"name": "ask_warranty", "confidence": 0.96}
    assert [r["name"] for r in result.ranking] == ["ask_warranty", "inform"]
    assert result.ranking[1]["confidence"] < 0.05  # no tie for the fallback classifier


def test_details_with_a_sure_fault_are_the_fault_without_a_tie():
    # 「我要报修，海信电视65E7K，…开机黑屏有声音，我叫刘晓燕，电话…」: read as a whole, the model, the
    # name and the number make it bare details; one clause is a plain fault
    whole = ranked(("inform", 0.95), ("tv_no_picture", 0.03))
    parts = [
        ranked(("request_repair", 0.8)),
        ranked(("tv_no_picture", 0.92)),
        ranked(("inform", 1.0)),
    ]
    result = combine(whole, parts, PROBLEMS)
    assert result.ranking[0] == {"name": "tv_no_picture", "confidence": 0.95}
    assert [r["name"] for r in result.ranking] == ["tv_no_picture", "inform"]
    assert result.ranking[1]["confidence"] < 0.05  # no tie for the fallback classifier


def test_details_alone_stay_details():
    # 「张伟，13812345678」 at the contact question: every clause is information
    whole = ranked(("inform", 0.98))
    parts = [ranked(("inform", 0.99)), ranked(("inform", 0.97)), ranked(("thank", 0.8))]
    assert combine(whole, parts, PROBLEMS).ranking == whole
    unsure = [ranked(("inform", 0.99)), ranked(("ask_warranty", 0.5))]
    assert combine(whole, unsure, PROBLEMS).ranking == whole


def test_the_splitter_and_the_combiner_around_a_classifier_give_back_one_message():
    messages = ClauseSplitter().process([Message.build(text=RANT)])
    assert len(messages) == 1 + len(clauses(RANT))
    assert all(m.get(CLAUSE_OF) == 0 for m in messages[1:])
    [whole] = ClauseCombiner(PROBLEMS).process(NO_BOOT_CLASSIFIER.process(messages))
    assert whole.get("text") == RANT
    assert whole.get("intent") == {"name": "phone_no_boot", "confidence": 0.96}
    assert whole.get(SECONDARY_INTENTS) == ranked(("complaint", 0.7))
    assert SECONDARY_INTENTS in whole.as_dict(only_output_properties=True)


def test_a_hazard_in_a_clause_leads_however_sure_the_whole_message_is():
    # 「孩子说手还有点麻 要不要去医院」 after an electric shock: the whole was surely out of scope,
    # the clause surely a hazard; a tie would ask back instead of giving the safety advice
    whole = ranked(("out_of_scope", 1.0), ("safety_hazard", 0.0))
    parts = [ranked(("safety_hazard", 0.99)), ranked(("out_of_scope", 0.97))]
    result = combine(whole, parts, PROBLEMS | {"safety_hazard"}, names_hazard=True)
    assert result.ranking[0]["name"] == "safety_hazard"
    assert result.ranking[0]["confidence"] > result.ranking[1]["confidence"]
    # DIET reads 「卷饼味道很棒」 as a hazard, but the message names none: the tie stays
    tied = combine(whole, parts, PROBLEMS | {"safety_hazard"})
    assert tied.ranking[0]["confidence"] == tied.ranking[1]["confidence"]


def test_details_with_a_fault_a_clause_reads_less_surely_are_the_fault():
    # 「打开电视就显示没有信号。型号不清楚，2025.9买的，地址成都…，我叫朱丽，电话…」: the whole is
    # bare details; the clause of the fault is read at 0.65, below the usual clause bar, and not
    # understanding the message at all would lose every detail in it
    whole = ranked(("inform", 1.0), ("ask_hotline", 0.0))
    parts = [ranked(("tv_no_signal", 0.65)), ranked(("inform", 1.0)), ranked(("inform", 0.99))]
    assert combine(whole, parts, PROBLEMS).ranking[0]["name"] == "tv_no_signal"
    # a guess below what the bot would act on stays details
    guess = [ranked(("tv_no_signal", 0.4)), ranked(("inform", 1.0))]
    assert combine(whole, guess, PROBLEMS).ranking == whole
    # a complaint read as a whole keeps the usual bar: 0.65 is no fault to put before it
    rant = ranked(("complaint", 0.9), ("tv_no_signal", 0.05))
    assert combine(rant, parts, PROBLEMS).ranking[0]["name"] == "complaint"


def test_a_clause_that_says_a_part_works_names_no_fault():
    working = working_words()
    for works in ("声音倒是有", "充电没问题", "画面是好的", "开机正常", "灯是好的"):
        assert says_part_works(works, working), works
    for trouble in (
        "电视黑屏了",
        "声音不正常",
        "画面正常声音很差",
        "看电视没问题就是没声音",
        "有声音",
    ):
        assert not says_part_works(trouble, working), trouble


def test_the_combiner_folds_in_no_fault_of_a_part_that_works():
    # 「电视黑屏了一整天了，声音倒是有」 is a picture fault only: no second fault to ask about
    text = "电视黑屏了一整天了，声音倒是有"
    messages = ClauseSplitter().process([Message.build(text=text)])
    combiner = ClauseCombiner(PROBLEMS, working=working_words())
    [whole] = combiner.process(SOUND_WORDS_CLASSIFIER.process(messages))
    assert whole.get("intent")["name"] == "tv_no_picture"
    assert whole.get(SECONDARY_INTENTS) == []
    # without the working words the sound clause is a second fault
    messages = ClauseSplitter().process([Message.build(text=text)])
    [whole] = ClauseCombiner(PROBLEMS).process(SOUND_WORDS_CLASSIFIER.process(messages))
    assert [s["name"] for s in whole.get(SECONDARY_INTENTS)] == ["tv_sound_problem"]


def test_a_clause_read_as_a_hazard_without_a_word_of_danger_leads_nothing():
    """「电视开机有声音没画面，孩子说可能是他拿球砸的」 got the fire and smoke advice by its second
    clause; 「…后面突然冒烟了」 still gets it."""
    from bot.knowledge import get_knowledge

    safety = get_knowledge().safety
    hazard_reader = StubClassifier(
        [
            ("砸的", ranked(("safety_hazard", 0.87), ("tv_no_picture", 0.05))),
            ("冒烟", ranked(("safety_hazard", 0.97), ("tv_no_picture", 0.01))),
        ],
        ranked(("tv_no_picture", 0.72), ("tv_sound_problem", 0.2)),
    )
    combiner = ClauseCombiner(PROBLEMS, safety)
    for text, meant in [
        ("电视开机有声音没画面，孩子说可能是他拿球砸的", "tv_no_picture"),
        ("电视开机有声音没画面，后面突然冒烟了", "safety_hazard"),
    ]:
        messages = ClauseSplitter().process([Message.build(text=text)])
        [whole] = combiner.process(hazard_reader.process(messages))
        assert whole.get("intent")["name"] == meant, text


def test_a_message_that_denies_danger_is_no_hazard_report():
    """「没有烧焦味，就是不制冷」 got the fire and smoke advice; 「…不停冒烟」 still does."""
    from bot.knowledge import get_knowledge

    combiner = ClauseCombiner(PROBLEMS, get_knowledge().safety)
    for text, meant in [
        ("没有烧焦味，就是不制冷", "ac_weak_cooling"),
        ("没冒烟也没着火", "ac_weak_cooling"),
        ("插座不停冒烟", "safety_hazard"),
    ]:
        message = Message.build(text=text)
        message.set("intent", {"name": "safety_hazard", "confidence": 0.95})
        message.set("intent_ranking", ranked(("safety_hazard", 0.95), ("ac_weak_cooling", 0.03)))
        [whole] = combiner.process([message])
        assert whole.get("intent")["name"] == meant, text


def test_every_hazard_our_data_reports_has_a_word_of_danger():
    import re
    from pathlib import Path

    import yaml

    from bot.knowledge import get_knowledge

    safety = get_knowledge().safety
    examples = [
        re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:])
        for path in (Path(__file__).parents[2] / "data" / "nlu").glob("*.yml")
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []
        if item.get("intent") == "safety_hazard"
        for line in item["examples"].splitlines()
        if line.strip()
    ]
    assert len(examples) > 50
    assert [e for e in examples if not safety.names_danger(e)] == []


def test_a_question_a_clause_asks_is_kept_beside_the_reading():
    # a helper's played customers (session 23): 「保修多久啊？上门收费吗？」 after a step's answer, and
    # 「…是不是漏氟了？？会不会有毒啊」 with a fault, were dropped
    from bot.nlu.clauses import Combined, question_asked, with_questions

    fee = [{"name": "ask_repair_fee", "confidence": 0.98}]
    assert question_asked("上门收费吗", fee) == fee[0]
    assert question_asked("修要收钱不", fee) == fee[0]
    # no words that ask, or a reading too unsure, or no policy question: nothing
    assert question_asked("上门那天我在家", fee) is None
    assert question_asked("上门收费吗", [{"name": "ask_repair_fee", "confidence": 0.4}]) is None
    assert question_asked("是不是坏了啊", [{"name": "deny", "confidence": 0.9}]) is None
    combined = Combined(
        [{"name": "fridge_water_leak", "confidence": 0.8}],
        [{"name": "complaint", "confidence": 0.7}],
    )
    assert with_questions(combined, [fee[0], fee[0]]) == [
        {"name": "complaint", "confidence": 0.7},
        {"name": "ask_repair_fee", "confidence": 0.98},
    ]
