"""make converse without a model: the customer generator, how a customer answers, and how
outcomes and ticket fields are judged (hand-made transcripts and ticket rows)."""

from dataclasses import replace
from datetime import date

import pytest

from bench.converse.agent import CustomerSide, Reply, summary_mistakes
from bench.converse.customers import BEHAVIOURS, GOALS, generate, lines, path
from bench.converse.judge import (
    Turn,
    asked_back,
    expected_outlet,
    judge,
    outcome,
    repeated_prompts,
    turns_to_ticket,
    wrong_fields,
)
from bench.converse.report import summarise
from bot.dialogue.contact import find_mobile
from bot.knowledge import get_knowledge
from bot.knowledge.diagnosis import StepKind

TODAY = date(2026, 11, 30)


def customers(seed=3, count=100):
    return generate(seed, count, TODAY)


def first(goal, seed=3, behaviours=()):
    return next(c for c in customers(seed) if c.goal == goal and all(c.has(b) for b in behaviours))


def bot(text, *buttons):
    return [{"text": text, "buttons": [{"title": t, "payload": p} for t, p in buttons]}]


# --- the generator ---------------------------------------------------------------------------------
def test_the_same_seed_gives_the_same_customers_and_another_seed_others():
    assert customers(11) == customers(11)
    assert customers(11) != customers(12)
    assert [c.sender for c in generate(11, 3, TODAY, run_id="r2")] == [
        "converse-11-r2-000",
        "converse-11-r2-001",
        "converse-11-r2-002",
    ]
    assert [CustomerSide(c, TODAY).opening() for c in customers(11) if c.goal != "status"] == [
        CustomerSide(c, TODAY).opening() for c in customers(11) if c.goal != "status"
    ]


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
def test_every_behaviour_and_goal_appears_in_100_customers(seed):
    crowd = customers(seed)
    assert len(crowd) == 100
    assert {b for c in crowd for b in c.behaviours} == set(BEHAVIOURS)
    assert {c.goal for c in crowd} == set(GOALS)
    for c in crowd:
        assert all(c.goal in BEHAVIOURS[b] for b in c.behaviours), (c.goal, c.behaviours)


def test_values_agree_with_the_knowledge_base():
    knowledge = get_knowledge()
    data = lines()
    for c in customers(5, 200):
        v = c.values
        assert knowledge.city(v.city).name == v.city
        assert (v.mobile is None) != (v.landline is None)
        assert v.mobile is None or find_mobile(v.mobile) == v.mobile
        assert v.landline is None or v.landline.startswith(
            data["places"][v.city]["area_code"] + "-"
        )
        if c.has("misleading_street"):
            assert any(v.address.startswith(d + s) for d, s in data["places"][v.city]["misleading"])
        if c.goal not in ("fix", "ticket"):
            continue
        diagnosis = knowledge.diagnosis(v.fault)
        assert diagnosis.product == v.product
        assert v.model is None if c.has("no_model") else v.model in data["models"][v.product]
        assert (v.purchase[0], v.purchase[1]) < (TODAY.year, TODAY.month) and v.purchase[
            0
        ] >= TODAY.year - 4
        walked = path(diagnosis, dict(c.branches))
        if c.goal == "fix":
            assert c.fix_step in walked and diagnosis.step(c.fix_step).kind is StepKind.CHECK
        assert {s for s, _ in c.branches} == {
            s.id for s in diagnosis.steps.values() if s.kind is StepKind.QUESTION
        }
        assert expected_outlet(c, knowledge) is not None


def test_customer_lines_are_not_training_data():
    """The customers' own words must not be in data/nlu (and so cannot have been copied from it)."""
    from pathlib import Path

    training = "".join(p.read_text(encoding="utf-8") for p in Path("data/nlu").rglob("*.yml"))
    data = lines()
    said = (
        [s for f in data["faults"].values() for s in f["say"] + f["typo"]]
        + data["handoff"]
        + data["emotional"]
    )
    assert [s for s in said if s in training] == []


# --- how a customer answers ------------------------------------------------------------------------
def test_a_customer_answers_the_question_being_asked():
    c = first("ticket")
    side = CustomerSide(c, TODAY)
    side.opening()
    assert (
        c.values.name in side.answer(Reply(bot("好的，我来为您登记。请问怎么称呼您？"))) or c.slip
    )
    contact = side.answer(Reply(bot("请留一个能联系到您的手机号（11 位）")))
    assert c.values.contact in contact
    city = side.answer(Reply(bot("您在哪个城市？我们会安排离您最近的服务网点。")))
    assert c.values.city in city


def test_asked_for_name_and_phone_together_a_customer_gives_both_or_the_name():
    answers = []
    for _ in range(20):
        c = first("ticket")
        side = CustomerSide(c, TODAY)
        side.opening()
        answers.append(
            (
                c,
                side.answer(
                    Reply(
                        bot(
                            "好的，我来为您登记。请留下您的称呼和联系电话（手机，或带区号的座机），例如「张先生 13912345678」。"
                        )
                    )
                ),
            )
        )
    assert all(c.values.name in a or c.slip for c, a in answers)
    assert any(c.values.contact in a for c, a in answers)


def test_a_repair_registered_unasked_is_answered_or_declined_by_what_the_customer_wants():
    question = bot(
        "好的，我来为您登记。请留下您的称呼和联系电话（手机，或带区号的座机），例如「张先生 13912345678」。",
        ("先不用登记", "/stop"),
        ("转人工客服", "/request_human"),
    )
    c = first("ticket")
    side = CustomerSide(c, TODAY)
    side.opening()
    assert c.values.name in side.answer(Reply(question)) or c.slip
    for goal in ("fix", "handoff"):
        c = first(goal)
        said = CustomerSide(c, TODAY).answer(Reply(question))
        assert said == "/stop" or (c.has("free_text") and said in lines()["answers"]["decline"])


def test_a_step_is_answered_by_the_hidden_fixing_step():
    c = first("fix")
    c = replace(c, behaviours=frozenset())
    diagnosis = c.diagnosis
    side = CustomerSide(c, TODAY)
    side.opening()
    buttons = (
        ("好了，解决了", "/affirm"),
        ("还是不行", "/deny"),
        ("这步试过了", "这一步之前试过了"),
    )
    for step_id in [
        s for s in path(diagnosis, dict(c.branches)) if diagnosis.step(s).kind is StepKind.CHECK
    ]:
        said = side.answer(Reply(bot(diagnosis.step(step_id).text, *buttons)))
        assert said == ("/affirm" if step_id == c.fix_step else "/deny")


def test_a_free_text_customer_types_instead_of_pressing():
    c = replace(first("ticket"), behaviours=frozenset({"free_text"}))
    step = next(s for s in c.diagnosis.steps.values() if s.kind is StepKind.CHECK)
    said = CustomerSide(c, TODAY).answer(
        Reply(bot(step.text, ("好了，解决了", "/affirm"), ("还是不行", "/deny")))
    )
    assert not said.startswith("/") and said in lines()["answers"]["not_fixed"]


def test_the_read_back_is_confirmed_when_right_and_corrected_when_wrong():
    c = replace(first("ticket"), behaviours=frozenset(), slip=None)
    v = c.values
    contact = f"{v.mobile[:3]}****{v.mobile[-4:]}" if v.mobile else v.landline
    summary = (
        f"请核对报修信息：\n· 姓名：{v.name}\n· 手机：{contact}\n· 故障：x\n· 型号：{v.model or '不详'}\n"
        f"· 购买时间：{v.purchase[0]}年{v.purchase[1]}月\n· 地址：{v.city} {v.address}\n信息无误的话请点「确认提交」。"
    )
    assert summary_mistakes(summary, c, TODAY) == []
    assert CustomerSide(c, TODAY).answer(Reply(bot(summary, ("确认提交", "/affirm")))) == "/affirm"
    wrong = summary.replace(f"{v.purchase[0]}年{v.purchase[1]}月", "1203")
    assert summary_mistakes(wrong, c, TODAY) == ["purchase_date"]
    correction = CustomerSide(c, TODAY).answer(Reply(bot(wrong, ("确认提交", "/affirm"))))
    assert v.purchase_text in correction and correction != "/affirm"
    assert summary_mistakes(summary.replace(f"地址：{v.city}", "地址：株洲"), c, TODAY) == [
        "address"
    ]


def test_a_slipping_customer_gives_the_wrong_value_first_then_the_right_one():
    c = first("ticket", behaviours=("correction",))
    field, slipped = c.slip
    side = CustomerSide(c, TODAY)
    assert side.value_of(field) == slipped
    assert side.value_of(field) != slipped


# --- judging -----------------------------------------------------------------------------------------
def right_row(c):
    knowledge = get_knowledge()
    diagnosis = c.diagnosis
    v = c.values
    return {
        "number": "HX20261130-0001",
        "kind": "repair",
        "priority": knowledge.fault_priority(v.fault),
        "product": v.product,
        "fault": diagnosis.title,
        "model": v.model,
        "purchase_date": v.purchase_text,
        "city": v.city,
        "outlet_id": expected_outlet(c, knowledge),
        "address": f"{v.city} {v.address}",
        "name": v.name,
        "contact": [v.contact],
        "created_at": "2026-11-30T10:00:00",
    }


def test_a_ticket_with_every_field_right_has_no_wrong_field():
    for c in [c for c in customers(8) if c.goal == "ticket"][:15]:
        assert wrong_fields(c, right_row(c)) == []


def test_each_wrong_field_is_named_with_what_was_expected():
    c = next(c for c in customers(8) if c.goal == "ticket" and c.values.mobile and c.values.model)
    row = {
        **right_row(c),
        "city": "株洲",
        "outlet_id": "wh-jianghan",
        "purchase_date": "1203",
        "name": "海信",
        "contact": ["258"],
        "model": None,
        "fault": "遥控器不好用",
        "priority": "P4",
    }
    wrong = {w["field"]: w for w in wrong_fields(c, row)}
    assert set(wrong) == {
        "city",
        "outlet_id",
        "purchase_date",
        "name",
        "contact",
        "model",
        "fault",
        "priority",
    }
    assert wrong["name"] == {"field": "name", "expected": c.values.name, "actual": "海信"}
    assert wrong["city"]["expected"] == c.values.city


def test_a_field_the_customer_did_not_give_is_wrong_when_filled():
    c = replace(first("ticket"), values=replace(first("ticket").values, model=None))
    assert wrong_fields(c, {**right_row(c), "model": "不详"}) == []
    assert [w["field"] for w in wrong_fields(c, {**right_row(c), "model": "55E3F"})] == ["model"]


def test_outcomes_from_transcripts_and_rows():
    fix, ticket = first("fix"), first("ticket")
    resolved = [
        Turn("好了", bot("太好了，问题解决了 🎉 麻烦您为这次服务打个分（1–5 分，5 分最满意）"))
    ]
    assert outcome(fix, resolved, []) == "fixed"
    assert judge(fix, resolved, []).proper and judge(fix, resolved, []).ended == "contained"
    handed = [{"kind": "handoff", "number": "HX1"}]
    assert outcome(fix, resolved, handed) == "handoff" and not judge(fix, resolved, handed).proper
    row = right_row(ticket)
    turns = [Turn("a", bot("问")), Turn("b", bot(f"报修已提交，工单号：{row['number']}"))]
    verdict = judge(ticket, turns, [row])
    assert verdict.proper and verdict.ended == "ticket" and verdict.turns_to_ticket == 2
    assert not judge(ticket, turns, [{**row, "city": "株洲"}]).proper
    answer = first("answer")
    assert (
        outcome(answer, [Turn(answer.question[1], bot("……" + answer.question[2] + "……"))], [])
        == "answered"
    )
    assert (
        outcome(answer, [Turn(answer.question[1], bot("抱歉，我没太理解您的意思。"))], []) == "none"
    )


def test_the_same_prompt_three_times_is_found():
    prompt = bot("抱歉，没太明白 🙏 这一步做完以后，情况有变化吗？", ("好了，解决了", "/affirm"))
    assert repeated_prompts([Turn("x", prompt), Turn("y", prompt)]) == {}
    assert list(repeated_prompts([Turn("x", prompt)] * 3).values()) == [3]
    assert repeated_prompts([Turn("x", bot("好的。"))] * 3) == {}  # not a question
    assert turns_to_ticket([Turn("x", bot("好的"))], "HX1") is None


def test_asked_back_is_read_from_the_tracker_events():
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "user", "text": "电视黑了", "parse_data": {"intent": {"name": "tv_no_picture"}}},
        {"event": "action", "name": "action_start_diagnosis"},
        {"event": "user", "text": "嗯那个", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "action", "name": "action_clarify"},
        {"event": "user", "text": "弄了", "parse_data": {"intent": {"name": "inform"}}},
        {"event": "action", "name": "utter_step_not_understood"},
        {"event": "user", "text": "/deny", "parse_data": {"intent": {"name": "deny"}}},
        {"event": "action", "name": "diagnosis_form"},
    ]
    assert asked_back(events) == [None, "action_clarify", "utter_step_not_understood", None]


def test_the_report_counts_match_its_records():
    ticket, fix = first("ticket"), first("fix")
    records = []
    for c, proper, wrong, repeated, turns_to in [
        (ticket, False, [{"field": "city", "expected": "青岛", "actual": "株洲"}], {}, 9),
        (fix, True, [], {"抱歉？": 3}, None),
    ]:
        records.append(
            {
                **c.as_json(),
                "proper": proper,
                "outcome": "ticket" if c is ticket else "fixed",
                "wrong_fields": wrong,
                "repeated_prompts": repeated,
                "turns_to_ticket": turns_to,
                "asked_back_on": [1, 2] if c is fix else [],
                "asked_back": c is fix,
                "ended": "ticket" if c is ticket else "contained",
                "messages": 9,
                "error": None,
            }
        )
    figures = summarise(records, seed=1)
    assert figures["proper_outcome_percent"] == 50.0
    assert figures["tickets_with_a_wrong_field"] == 1 and figures["wrong_fields"] == {"city": 1}
    assert figures["conversations_with_a_question_asked_three_times"] == 1
    assert figures["median_turns_to_ticket"] == 9
    assert figures["messages_asked_back"] == 2 and figures["ended"] == {"ticket": 1, "contained": 1}
    assert [t["pass"] for t in figures["targets"].values()] == [False, False, False, True]


def test_a_typed_rating_that_is_refused_is_given_with_the_button():
    c = replace(first("fix"), behaviours=frozenset({"free_text"}))
    side = CustomerSide(c, TODAY)
    stars = [(f"{n} 分", f'/rate_service{{"rating": "{n}"}}') for n in range(1, 6)]
    typed = side.answer(Reply(bot("太好了，问题解决了 🎉 麻烦您为这次服务打个分", *stars)))
    assert not typed.startswith("/")
    assert (
        side.answer(Reply(bot("请为本次服务打分，1 到 5 分（5 分最满意）：", *stars)))
        == stars[4][1]
    )
    assert (
        side.answer(Reply(bot("谢谢打分！还有什么想对我们说的吗？", ("不用了", "/deny"))))
        == "/deny"
    )
    assert side.answer(Reply(bot("感谢您的评价，我们会继续努力！"))) is None


def test_a_correction_not_understood_is_said_plainer_then_given_up():
    c = replace(first("ticket"), behaviours=frozenset(), slip=None)
    side = CustomerSide(c, TODAY)
    summary = "请核对报修信息：\n· 姓名：海信\n信息无误的话请点「确认提交」。"
    first_try = side.answer(Reply(bot(summary, ("确认提交", "/affirm"))))
    assert c.values.name in first_try
    fallback = bot("抱歉，我没太理解您的意思。可以换个说法描述一下吗？")
    assert side.answer(Reply(fallback)) == f"我的名字是{c.values.name}"
    assert side.answer(Reply(fallback)) in lines()["answers"]["give_in"]


def test_a_free_text_customer_answers_a_yes_no_step_in_its_own_words():
    c = next(
        c
        for c in customers()
        if c.goal == "ticket" and c.diagnosis.step(c.diagnosis.first).kind is StepKind.QUESTION
    )
    c = replace(c, behaviours=frozenset({"free_text"}))
    step = c.diagnosis.step(c.diagnosis.first)
    for _ in range(10):
        said = CustomerSide(c, TODAY).answer(
            Reply(bot(step.text, (step.yes_label, "/affirm"), (step.no_label, "/deny")))
        )
        assert said and not said.startswith("/")


def test_a_step_answer_not_taken_is_given_again_with_the_button():
    c = replace(first("fix"), behaviours=frozenset({"free_text"}))
    step = c.diagnosis.step(c.fix_step)
    buttons = (
        ("好了，解决了", "/affirm"),
        ("还是不行", "/deny"),
        ("这步试过了", "这一步之前试过了"),
    )
    side = CustomerSide(c, TODAY)
    typed = side.answer(Reply(bot(step.text, *buttons)))
    assert typed in lines()["answers"]["fixed"]
    again = bot("抱歉，没太明白 🙏 这一步做完以后，情况有变化吗？可以直接点下面的选项。") + bot(
        step.text, *buttons
    )
    assert side.answer(Reply(again)) == "/affirm"


def test_a_customer_recognises_their_number_masked_in_the_summary():
    from bench.converse.agent import shown_as

    assert shown_as("0532-****4670", "0532-88884670") and shown_as("139****5678", "13912345678")
    assert not shown_as("139****5679", "13912345678") and not shown_as(
        "021-****4670", "0532-88884670"
    )
