"""Conversations real customers can't break (issue 19), over REST against the real servers:
free-text replies read as the step's answer, never the same question a third time, safety
beyond smoke before anything else, display codes read with their product, 「再见」 mid-step."""

import uuid

import pytest

from bot.dialogue.messages import step_message
from bot.knowledge import load_knowledge
from tests.e2e.chat import Chat

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

KNOWLEDGE = load_knowledge()
RESOLVED = "问题解决了"
CLARIFYING = "我想确认一下"


def step_text(fault: str, step: str) -> str:
    return KNOWLEDGE.diagnosis(fault).step(step).text


def chat(servers, name: str) -> Chat:
    return Chat(servers, f"{name}-{uuid.uuid4().hex[:6]}")


def count(texts, needle: str) -> int:
    return sum(t.count(needle) for t in texts)


# --- 1. a reply is first read as the answer to the current step ----------------------------------


def test_switching_to_hdmi2_fixed_it(servers):
    c = chat(servers, "hdmi2")
    assert step_text("tv_no_signal", "watching_what") in c.say("电视一直提示无信号").text
    assert step_text("tv_no_signal", "device_power") in c.say("/affirm").text
    assert step_text("tv_no_signal", "input_source") in c.say("/deny").text
    reply = c.say("切到HDMI2就出来了")
    assert RESOLVED in reply.text, reply.text


def test_it_still_does_not_work_at_a_question_asks_it_again(servers):
    # hand conversation (session 17): 「还是不行」 to 「漏水是在…接头处吗？」 took the no branch
    c = chat(servers, "still-at-question")
    leak_where = step_text("washer_water_leak", "leak_where")
    assert leak_where in c.say("我家washing machine漏水了").text
    reply = c.say("还是不行")
    assert "没太看明白" in reply.text and leak_where in reply.text, reply.text
    assert step_text("washer_water_leak", "door_seal") in c.say("/deny").text


def test_temperature_already_right_is_not_solved_and_moves_on(servers):
    c = chat(servers, "temp-right")
    c.say("冰箱冷藏室不制冷了")
    c.say("不知道")
    assert step_text("fridge_weak_cooling", "temperature_setting") in c.say("不知道").text
    reply = c.say("温度本来就是对的啊")
    assert RESOLVED not in reply.text
    assert step_text("fridge_weak_cooling", "ventilation") in reply.text, reply.text


def test_wanting_an_engineer_mid_steps_registers_the_visit_not_a_fix(servers):
    # hand conversation: the 行了 of 「行了行了…叫个师傅来看看」 was read as 「好了」: 「问题解决了」
    c = chat(servers, "engineer")
    c.say("电视有声音但是没有图像")
    assert step_text("tv_no_picture", "hdmi_cable") in c.say("灯是亮的").text
    reply = c.say("行了行了，别让我弄了，叫个师傅来看看")
    assert RESOLVED not in reply.text
    assert "不用您再自己排查" in reply.text and "联系电话" in reply.text, reply.text


def test_an_engineer_asked_for_with_the_fault_registers_the_visit_without_steps(servers):
    # hand conversation (session 18): everything in one message ending 「直接派师傅来吧」, and the
    # steps started anyway
    c = chat(servers, "engineer-first")
    reply = c.say("冰箱冷藏室不制冷了，东西都放坏了，不想自己折腾了，直接派师傅来吧")
    assert step_text("fridge_weak_cooling", "model_and_date") not in reply.text, reply.text
    assert "不用您再自己排查" in reply.text and "联系电话" in reply.text, reply.text
    # asking about the visit is no request for one: the steps start
    reply = chat(servers, "engineer-question").say("冰箱不制冷了，师傅上门要收费吗")
    assert "不用您再自己排查" not in reply.text, reply.text


def test_the_light_is_on_answers_the_light_question(servers):
    c = chat(servers, "light-on")
    assert step_text("tv_no_picture", "standby_light") in c.say("电视有声音但是没有图像").text
    reply = c.say("灯是亮的")
    assert step_text("tv_no_picture", "hdmi_cable") in reply.text, reply.text


def test_no_more_bouncing_during_washer_vibration_is_fixed_not_a_new_fault(servers):
    c = chat(servers, "no-bounce")
    assert (
        step_text("washer_vibration", "new_machine")
        in c.say("洗衣机脱水的时候震动特别大，整个机器在跳").text
    )
    assert step_text("washer_vibration", "level") in c.say("/deny").text
    reply = c.say("不蹦了 好了")
    assert RESOLVED in reply.text and "不脱水" not in reply.text, reply.text


def test_slightly_warm_on_a_phone_is_not_the_air_conditioners_heating(servers):
    c = chat(servers, "slightly-warm")
    assert step_text("phone_charging_problem", "safety_check") in c.say("手机充不进电").text
    reply = c.say("微微热")
    assert "空调" not in reply.text
    assert step_text("phone_charging_problem", "other_charger") in reply.text, reply.text


def test_sound_came_back_is_fixed_not_the_black_screen(servers):
    c = chat(servers, "sound-back")
    assert step_text("tv_sound_problem", "mute_volume") in c.say("电视突然没声音了").text
    reply = c.say("声音也出来了")
    assert RESOLVED in reply.text and "黑屏" not in reply.text, reply.text


def test_i_dont_know_where_gets_the_steps_help(servers):
    c = chat(servers, "help")
    c.say("洗衣机洗完不排水")
    c.say("/deny")
    assert step_text("washer_no_drain", "washer_type") in c.say("/deny").text
    assert step_text("washer_no_drain", "pump_filter") in c.say("是滚筒的").text
    reply = c.say("过滤器在哪啊 我找不到")
    assert KNOWLEDGE.diagnosis("washer_no_drain").step("pump_filter").help in reply.text, reply.text


# --- 2. never trap a customer ------------------------------------------------------------------


def test_a_step_is_never_asked_a_third_time(servers):
    c = chat(servers, "trap")
    prompt = step_message(KNOWLEDGE.diagnosis("tv_no_picture").step("standby_light")).text
    texts = [c.say("电视有声音但是没有图像").text]
    texts.append(c.say("？？？").text)
    texts.append(c.say("。。。").text)
    assert count(texts, prompt) == 2, texts
    assert "跳过这一步" in texts[-1] and "转人工客服" in texts[-1]
    texts.append(c.say("……").text)
    assert count(texts, prompt) == 2
    assert (
        step_text("tv_no_picture", "hdmi_cable") in texts[-1]
        or step_text("tv_no_picture", "power_cord") in texts[-1]
    )


def test_detours_count_too(servers):
    c = chat(servers, "detour")
    prompt = step_text("tv_no_picture", "standby_light")
    texts = [
        c.say("电视有声音但是没有图像").text,
        c.say("客服电话是多少").text,
        c.say("客服电话是多少").text,
    ]
    assert count(texts, prompt) == 2, texts
    assert "跳过这一步" in texts[-1]


# --- safety beyond smoke -----------------------------------------------------------------------


def test_a_gas_smell_gets_the_gas_advice_before_any_question(servers):
    reply = chat(servers, "gas").say("厨房里一股很浓的燃气味")
    assert CLARIFYING not in reply.text
    for part in ("关闭燃气总阀", "不要开关电灯", "打开门窗", "离开", "燃气公司"):
        assert part in reply.text, reply.text


def test_a_rusty_outdoor_bracket_is_a_safety_case_not_washer_vibration(servers):
    reply = chat(servers, "bracket").say("阳台外面空调室外机的架子锈穿了 风一吹就晃")
    assert (
        "远离室外机" in reply.text and "不要自己爬" in reply.text and "洗衣机" not in reply.text
    ), reply.text


def test_a_follow_up_question_after_an_electric_shock_is_answered(servers):
    c = chat(servers, "shock")
    first = c.say("我儿子去开洗衣机盖 被电得一哆嗦")
    assert "120" in first.text and "医院" in first.text, first.text
    reply = c.say("孩子说手还有点麻 要不要去医院")
    assert "建议现在就去医院" in reply.text and "120" in reply.text, reply.text


# --- answers in the customer's own words (session 16, played as customers) ------------------------


def test_an_answer_that_names_nothing_of_ours_is_asked_again_never_refused(servers):
    c = chat(servers, "own-words")
    prompt = step_text("phone_charging_problem", "safety_check")
    assert prompt in c.say("手机充不进去电，插上没反应").text
    reply = c.say("换了根线也是一样")
    assert "帮不上忙" not in reply.text and "没太看明白" in reply.text, reply.text
    assert prompt in reply.text


def test_a_description_after_the_fault_menu_gets_the_menu_again(servers):
    c = chat(servers, "menu-again")
    assert "洗衣机具体是什么情况" in c.say("洗衣机出毛病了").text
    reply = c.say("转不动了")  # was asked back as 「是的 / 表示感谢」
    assert "洗衣机是下面哪种情况" in reply.text and "表示感谢" not in reply.text, reply.text
    assert "洗衣机不脱水" in reply.buttons[:2], reply.buttons  # the classifier's guesses first
    c = chat(servers, "menu-again-oos")
    c.say("洗衣机坏了")
    # 「不进水」 was refused as not for us; no diagnosis covers it (an uncovered symptom), so it is
    # the menu's 「都不是，登记维修」, not the menu again (session 21: a customer looped on it)
    reply = c.say("不进水")
    assert "登记" in reply.text and "帮不上忙" not in reply.text, reply.text


def test_every_detail_up_front_starts_the_diagnosis(servers):
    reply = chat(servers, "up-front").say(
        "我要报修，海信空调挂机不制冷，型号KFR-35GW/A8X，去年双十一买的，我叫欧阳娜娜，"
        "电话13912345678，地址青岛市市南区香港中路10号"
    )
    assert "空调不制冷" in reply.text and "没太理解" not in reply.text, reply.text


# --- fault codes for every product line ---------------------------------------------------------


def test_a_washers_e3_in_a_dialect_message_is_the_washer_code(servers):
    reply = chat(servers, "washer-e3-long").say("俺家滚筒洗衣机显示E3，咋整")
    assert "不平衡" in reply.text and "传感器" not in reply.text, reply.text


def test_a_washers_e3_is_explained_as_a_washer_code(servers):
    reply = chat(servers, "washer-e3").say("洗衣机显示E3")
    assert "不平衡" in reply.text and "传感器" not in reply.text, reply.text


def test_a_fridges_e1_starts_the_fridge_code_diagnosis(servers):
    reply = chat(servers, "fridge-e1").say("冰箱显示E1")
    assert "冷藏室温度传感器" in reply.text and "冰箱显示故障代码" in reply.text, reply.text


# --- goodbye and out-of-scope in the middle of a step (rules of this branch) ---------------------


def test_goodbye_closes_the_pending_step(servers):
    c = chat(servers, "bye")
    prompt = step_text("washer_vibration", "new_machine")
    assert prompt in c.say("洗衣机脱水的时候震动特别大，整个机器在跳").text
    reply = c.say("先这样吧，再见")
    assert prompt not in reply.text and "先停在这里" in reply.text, reply.text


def test_out_of_scope_is_answered_then_the_same_step(servers):
    c = chat(servers, "oos")
    prompt = step_text("tv_no_signal", "watching_what")
    c.say("电视一直提示无信号")
    reply = c.say("你们公司股票能涨吗")
    assert "帮不上忙" in reply.text and prompt in reply.text, reply.text


def test_answers_about_a_later_step_are_asked_again_not_refused(servers):
    # hand conversation (session 17): at the transit bolts, 「地面是瓷砖，挺平的吧」 was answered
    # 「我是海信的智能客服机器人…」 and 「衣服就放了两件」 「这个问题我帮不上忙」
    c = chat(servers, "later-step")
    assert step_text("washer_vibration", "new_machine") in c.say("洗衣机一脱水就跳来跳去的").text
    bolts = step_text("washer_vibration", "transit_bolts")
    assert bolts in c.say("是新买的，上周刚装").text
    for answer in ["地面是瓷砖，挺平的吧", "衣服就放了两件"]:
        reply = c.say(answer)
        assert "机器人" not in reply.text and "帮不上忙" not in reply.text, reply.text
        assert "没太看明白" in reply.text or "跳过这一步" in reply.text, reply.text


def test_the_harmless_case_ends_with_what_it_means(servers):
    c = chat(servers, "normal-sounds")
    noise_type = step_text("fridge_noise", "noise_type")
    assert noise_type in c.say("冰箱晚上老是咔嗒咔嗒响").text
    assert step_text("fridge_noise", "normal_sounds") in c.say("/affirm").text
    reply = c.say("是这样的")
    assert "正常工作的声音" in reply.text and RESOLVED not in reply.text, reply.text


def test_a_fault_no_diagnosis_covers_after_the_products_buttons_is_that_product(servers):
    # hand conversation (session 18): 「都不是，是不进水」 after 「洗衣机漏水 / 洗衣机的其他问题」 was
    # refused with 「这个问题我帮不上忙」
    c = chat(servers, "uncovered-after-buttons")
    first = c.say(
        "我妈一个人在家，说洗衣机不进水了，波轮的，按了启动就滴滴响。我在外地上班，没法过去看，"
        "能不能直接派人去？地址是武汉市洪山区珞喻路1037号，我妈姓刘，电话13207100000"
    )
    assert "洗衣机的其他问题" in first.buttons, first.text
    reply = c.say("都不是，是不进水")
    assert "帮不上忙" not in reply.text and "洗衣机" in reply.text, reply.text


def test_a_question_at_a_step_asking_for_details_is_not_stored_as_them(servers):
    # hand conversation (session 18): the warranty question was taken as the model and the date
    c = chat(servers, "question-at-info")
    model_step = step_text("fridge_weak_cooling", "model_and_date")
    assert model_step in c.say("我家冰箱不制冷了").text
    reply = c.say("对了，我手机屏幕摔碎了，保修管不管")
    # answered (ask_warranty) or offered (a 保修政策 button): either is understood; which one
    # depends on the trained model's confidence, so the test accepts both
    assert "保修政策" in reply.buttons or "保修期" in reply.text, reply.text
    assert model_step in reply.text, reply.text  # the step is asked again, not filled
    assert step_text("fridge_weak_cooling", "environment") not in reply.text


def test_what_the_customer_said_early_is_not_asked_again(servers):
    # hand conversations (session 20): 「充了一晚上了还是黑的」 was asked to charge for 30 minutes;
    # 「我家是波轮的」 was asked whether it is a front loader
    c = chat(servers, "said-early")
    reply = c.say("洗衣机不排水了，我家是波轮的，地漏也是通的")
    assert step_text("washer_no_drain", "drain_hose") in reply.text, reply.text
    reply = c.say("管子没压着，还是排不出去")
    assert step_text("washer_no_drain", "washer_type") not in reply.text, reply.text
    assert "您前面已经说过了" in reply.text and step_text("washer_no_drain", "frozen") in reply.text
