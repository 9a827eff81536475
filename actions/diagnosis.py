"""The one generic diagnosis: start it, ask the current step, read answers, conclude."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    at_summary,
    form_runs_after_user_message,
    latest_entity,
    latest_intent,
    latest_text,
    message_before_latest,
    offered_buttons,
    payload_parts,
    send,
    typed_button,
)
from actions.fallback import message_asked_about
from actions.faq import answer_side_questions, returns_note
from actions.reask import PROPOSAL, LeavesAtWayOut, ask_or_offer, offered_way_out, send_prompt
from actions.safety import hazard_in_message
from bot.dialogue.messages import (
    BotMessage,
    code_corrected,
    diagnosis_intro,
    diagnosis_switched,
    engineer_asked_first,
    error_code_message,
    fault_choice,
    fault_heard,
    other_brand_note,
    passed_over,
    passed_over_note,
    product_choice,
    resolved_message,
    step_after_answer_ahead,
    step_help,
    step_message,
    step_not_understood,
    step_skipped_unread,
    step_unconfirmed,
    step_wait,
    step_way_out,
    step_with_model_noted,
    stopped_for_engineer,
    tried_step,
    uncovered_fault_note,
    unresolved_message,
    visit_proposal,
)
from bot.dialogue.product_switch import fault_in_context, other_fault_named, same_problem_on
from bot.dialogue.reasks import MAX_ASKS, prompt_key, times_asked
from bot.dialogue.replies import (
    Read,
    Reading,
    asks_for_engineer,
    corrected_code,
    find_error_code,
    own_question,
    read_reply,
)
from bot.dialogue.safety import find_hazard
from bot.dialogue.secondary import secondary_note
from bot.knowledge import Diagnosis, get_knowledge
from bot.knowledge.base import OVERRULED
from bot.knowledge.diagnosis import (
    MODEL_AND_DATE,
    RESOLVED,
    UNRESOLVED,
    Answer,
    Step,
    advance,
    answered_ahead,
    is_finished,
    pass_over_done,
)
from bot.knowledge.words import names_uncovered, other_brand, uncovered_symptoms

ANSWER_VALUES = frozenset(a.value for a in Answer)
SLOT = "diag_answer"
#: A new step starts the count of asks again.
STEP_SLOTS = ("diag_step", "fault")
#: diag_answer for 「不对，是冰箱」 until it is validated.
OTHER_PRODUCT = "other_product"
#: diag_answer when the customer switched to another product and chooses its fault from buttons.
SWITCHED = "switched"
#: The service of faults repaired at the customer's home (knowledge/faults ``service``).
HOME_VISIT = "home_visit"
TICKET_FORM = "ticket_form"
#: diag_answer when the customer wants an engineer instead of more steps, until it is validated.
WANTS_ENGINEER = "wants_engineer"
#: diag_answer while the customer has not answered yet (「我不会」, 「好的我试试」, unreadable).
PENDING = "pending"
#: 「是E4，不是E3」 at a step: the display code corrected, the step asked again.
CODE_CORRECTED = "code_corrected"


def current_diagnosis(tracker: Tracker) -> Diagnosis | None:
    return get_knowledge().diagnosis(tracker.get_slot("fault"))


def reading_of_reply(tracker: Tracker, diagnosis: Diagnosis, step_id: str) -> Read | None:
    """How the customer's latest message reads at the current step (None: no fresh reply)."""
    if step_id not in diagnosis.steps or not form_runs_after_user_message(tracker):
        return None
    knowledge, text = get_knowledge(), latest_text(tracker)
    named = named_product(tracker)
    corrected = named is not None and named != diagnosis.product
    return read_reply(
        diagnosis.step(step_id),
        fault_in_context(knowledge, latest_intent(tracker), diagnosis.product, named, text),
        text,
        diagnosis.intent,
        knowledge.replies,
        knowledge.diagnoses,
        hazard=find_hazard(knowledge.safety, text) is not None,
        confidence=latest_confidence(tracker),
        # 「不对，是冰箱」, or 「不对，不是这个问题，是电视没图像」 (the correction words decide; 「外机在转
        # 风扇呼呼的」 names the noise fault's words without them and answers the step)
        other_product=corrected,
        other_fault=fault_corrected_to(tracker, diagnosis) is not None,
        own_reading=classifier_reading(tracker),
    )


def classifier_reading(tracker: Tracker) -> tuple[str, float] | None:
    """What the classifier read when the domain check overruled it (None when it did not)."""
    overruled = tracker.latest_message.get(OVERRULED) or {}
    name = overruled.get("name")
    return (name, float(overruled.get("confidence") or 0.0)) if name else None


def fault_corrected_to(tracker: Tracker, diagnosis: Diagnosis) -> str | None:
    """Another fault of the same product that the latest message names, when the NLU reads it as
    that fault too (「试了，不是信号线的问题」 names 信号 but is read as a no: no switch)."""
    fault = other_fault_named(get_knowledge(), diagnosis, latest_text(tracker))
    return fault if fault is not None and fault == latest_intent(tracker) else None


def named_product(tracker: Tracker) -> str | None:
    """The product line the customer's latest message names (entity, else any product word)."""
    knowledge = get_knowledge()
    return knowledge.product_id(latest_entity(tracker, "product")) or knowledge.product_named(
        latest_text(tracker)
    )


def product_offered(tracker: Tracker) -> str | None:
    """The product of the 「…的其他问题」 button the bot offered just before: 「我家冰相」 was asked
    back with 冰箱的其他问题, so 「不制冷了」 right after is the fridge's (it started the air
    conditioner's steps)."""
    for _title, payload in offered_buttons(tracker):
        intent, values = payload_parts(payload)
        product = (values or {}).get("product")
        if intent == "report_fault" and product:
            return str(product)
    return None


def latest_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def code_written(tracker: Tracker) -> str:
    """Where the customer's latest message gives its fault code: the NLU's ``error_code``, else
    the text with its model numbers blanked (the P60 of 「华为P60 Pro」 is the phone, not a code)."""
    code = latest_entity(tracker, "error_code")
    return str(code) if code else text_without_models(tracker)


def text_without_models(tracker: Tracker) -> str:
    """The latest message with its model numbers blanked out (their letters and digits are no code)."""
    text = latest_text(tracker)
    for entity in tracker.latest_message.get("entities") or []:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") == "model" and isinstance(start, int) and isinstance(end, int):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def code_fault_of_message(tracker: Tracker) -> str | None:
    """「洗衣机显示E3」: the code diagnosis of the product named (or the conversation's), if any;
    a fault of another product in a message that names none, the conversation's product's."""
    knowledge = get_knowledge()
    code = find_error_code(code_written(tracker))
    named = named_product(tracker)
    product = knowledge.product_id(tracker.get_slot("product")) or product_offered(tracker)
    intent = fault_in_context(
        knowledge, latest_intent(tracker), product, named, latest_text(tracker)
    )
    return knowledge.code_fault(intent, named, product, code)


def explain_error_code(
    dispatcher: CollectingDispatcher, diagnosis: Diagnosis, text: str
) -> str | None:
    """Say what the code in ``text`` means (or that it is unknown); return the code."""
    code = find_error_code(text)
    if code:
        dispatcher.utter_message(
            text=error_code_message(code, get_knowledge().error_code(code, diagnosis.product))
        )
    return code


def switch_product(
    dispatcher: CollectingDispatcher, tracker: Tracker, diagnosis: Diagnosis
) -> dict[str, Any]:
    """「不对，是冰箱」: the same problem on the product named, from its first step; the details
    given so far (model, date, contact) stay. With no clear match, the customer picks the fault."""
    knowledge, product = get_knowledge(), named_product(tracker)
    other_fault = fault_corrected_to(tracker, diagnosis)
    if product in (None, diagnosis.product) and other_fault:
        product = diagnosis.product  # the same product, the fault the customer names
    if product is None:
        return {SLOT: PENDING}
    same_product = product == diagnosis.product
    fault = (
        other_fault
        if same_product
        else same_problem_on(knowledge, diagnosis, product, latest_text(tracker))
    )
    switched = knowledge.diagnosis(fault)
    if switched is None:
        send_prompt(dispatcher, fault_menu(product), FAULT_MENU)
        # no fault to walk: the form ends quietly and the customer's choice starts the right one
        return {
            "fault": None,
            "diag_step": None,
            "diag_log": [],
            "product": product,
            SLOT: SWITCHED,
        }
    named = None if same_product else knowledge.product_name(product)
    dispatcher.utter_message(text=diagnosis_switched(named, switched))
    first, log = switched.first, []
    code = tracker.get_slot("error_code")
    if switched.starts_with_code and code:  # the code already given, read for this product
        explain_error_code(dispatcher, switched, code)
        first, log = (
            advance(switched, first, Answer.TEXT),
            [tried_step(switched.step(first), Answer.TEXT, code)],
        )
    return {
        "fault": switched.intent,
        "diag_step": first,
        "diag_log": log,
        "product": product,
        SLOT: None,
    }


class ActionStartDiagnosis(Action):
    def name(self) -> str:
        return "action_start_diagnosis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        hazard = hazard_in_message(tracker)  # 「外机支架锈了 晃得厉害」 is not washer vibration
        if hazard:
            return hazard
        if at_summary(tracker):
            # 「地址漏了，是辽宁路58号…」 read as a leak: at the summary it is its 有误 button
            corrected = typed_button(tracker)
            if corrected:
                return corrected
        knowledge = get_knowledge()
        # 「洗衣机显示E3」: the code is read with the product named, or the conversation's product
        fault = code_fault_of_message(tracker)
        diagnosis = knowledge.diagnosis(fault)
        events: list[EventType] = [
            SlotSet("fault", fault),
            SlotSet("diag_answer", None),
            SlotSet("diag_log", []),
        ]
        if diagnosis is None:
            # No self-check for this fault: go straight to the engineer.
            return events + [SlotSet("diag_step", None), SlotSet("diag_outcome", UNRESOLVED)]
        said = latest_text(tracker)
        engineer_asked = not said.startswith("/") and asks_for_engineer(
            said, latest_intent(tracker), knowledge.replies
        )
        dispatcher.utter_message(
            text=fault_heard(diagnosis) if engineer_asked else diagnosis_intro(diagnosis)
        )
        returns = returns_note(tracker)  # 「买了十天就不制冷了 能换新的吗」: the rules first
        if returns:
            dispatcher.utter_message(text=returns)
        brand = other_brand(said)
        if brand:  # 「你们修格力的柜机吗？家里格力空调不制冷了」: whose repairs we register
            dispatcher.utter_message(text=other_brand_note(brand))
        # a complaint around the fault: heard, offered
        note = secondary_note(message_asked_about(tracker), diagnosis)
        if note:
            send(dispatcher, note)
        # 「…漏水了，上门收费吗」: answered as well (a return question was, by the return rules)
        answer_side_questions(dispatcher, tracker, answered={"ask_warranty"} if returns else ())
        if engineer_asked:
            # 「…直接派师傅来吧」 with the fault: no steps; the outcome action registers the repair
            return events + [
                SlotSet(SLOT, WANTS_ENGINEER),
                SlotSet("diag_step", None),
                SlotSet("diag_log", [engineer_asked_first(said)]),
                SlotSet("diag_outcome", UNRESOLVED),
                SlotSet("product", diagnosis.product),
                *form_for_clarified(tracker),
            ]
        first, log = diagnosis.first, []
        step = diagnosis.step(first)
        given = model_and_date_given(tracker)
        if (
            step.field == MODEL_AND_DATE and given
        ):  # 「BCD-520W，去年双十一买的」 in the first message
            first, log = (
                advance(diagnosis, first, Answer.TEXT),
                [tried_step(step, Answer.TEXT, given)],
            )
        elif step.field == "error_code":  # 「空调显示E1」: the code is already given
            code = explain_error_code(dispatcher, diagnosis, code_written(tracker))
            if code:
                first, log = (
                    advance(diagnosis, first, Answer.TEXT),
                    [tried_step(step, Answer.TEXT, code)],
                )
                events += [SlotSet("error_code", code)]
        first, known = pass_over_model(diagnosis, first, known_model(tracker))
        first, passed = pass_over_said(dispatcher, diagnosis, first, [said])
        log += known + passed
        events += form_for_clarified(tracker)
        if is_finished(first):  # every check said done already: the engineer takes over
            return events + [
                SlotSet("diag_step", None),
                SlotSet("diag_log", log),
                SlotSet("diag_outcome", UNRESOLVED),
                SlotSet("product", diagnosis.product),
            ]
        return events + [
            SlotSet("diag_step", first),
            SlotSet("diag_log", log),
            SlotSet("diag_outcome", None),
            SlotSet("product", diagnosis.product),
        ]


def known_model(tracker: Tracker) -> str | None:
    """The model number the customer already gave (in this message or before)."""
    return tracker.get_slot("product_model") or latest_entity(tracker, "model")


def pass_over_model(diagnosis: Diagnosis, target: str, model: str | None) -> tuple[str, list[str]]:
    """``target``, or the step after it when it only asks the model and the customer gave it
    (「…型号XQB80-C1」 in the first message was asked again after the code), with its ticket line."""
    if not model or target not in diagnosis.steps or diagnosis.step(target).field != "model":
        return target, []
    step = diagnosis.step(target)
    return advance(diagnosis, target, Answer.TEXT), [tried_step(step, Answer.TEXT, model)]


def pass_over_said(
    dispatcher: CollectingDispatcher, diagnosis: Diagnosis, target: str, texts: list[str]
) -> tuple[str, list[str]]:
    """``target``, or the step after the checks the customer already said they did (「充了一晚上
    还是黑的」 passes over charging): told so, and one ticket line for each."""
    target, passed = pass_over_done(diagnosis, target, texts)
    if passed:
        dispatcher.utter_message(text=passed_over_note([step for step, _, _ in passed]))
    return target, [passed_over(step, said, answer) for step, said, answer in passed]


def diagnosis_texts(tracker: Tracker) -> list[str]:
    """What the customer wrote since this diagnosis started, the message that started it first."""
    texts: list[str] = []
    started = False
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("text"):
            texts.append(event["text"])
            if started:
                break
        elif event.get("event") == "action" and event.get("name") == "action_start_diagnosis":
            started = True
    if not started:  # not started by action_start_diagnosis (switched product): this message
        texts = texts[:1]
    return [text for text in reversed(texts) if not text.startswith("/")]


def form_for_clarified(tracker: Tracker) -> list[EventType]:
    """Reached from action_clarify (a code the NLU did not place), no rule starts the form."""
    if latest_intent(tracker) in get_knowledge().diagnoses:
        return []
    return [FollowupAction("diagnosis_form")]


def model_and_date_given(tracker: Tracker) -> str | None:
    """「BCD-520W，2025-11-11」 when the customer has given both the model and the purchase date."""
    model, date = tracker.get_slot("product_model"), tracker.get_slot("purchase_date")
    return f"{model}，{date}" if model and date else None


def step_asked(tracker: Tracker, step: Step) -> Step:
    """The step as the customer is asked it: a model-and-date step asks only the model when the
    purchase date is already known (「去年双十一买的」 in the first message)."""
    if (
        step.field == MODEL_AND_DATE
        and step.text_date_known
        and tracker.get_slot("purchase_date")
        and not tracker.get_slot("product_model")
    ):
        return replace(step, text=step.text_date_known)
    return step


class ActionReportFault(Action):
    """「冰箱坏了」: which product (buttons), then which symptom (buttons of its faults)."""

    def name(self) -> str:
        return "action_report_fault"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        hazard = hazard_in_message(tracker)
        if hazard:
            return hazard
        knowledge = get_knowledge()
        # 「不进水」 right after the washer's menu names no product: the washer's, still
        product = knowledge.product_id(latest_entity(tracker, "product")) or (
            knowledge.product_id(tracker.get_slot("product")) if menu_just_shown(tracker) else None
        )
        returns = returns_note(tracker)  # 「屏幕有一条竖线 能退吗」: the rules, then the fault
        if returns:
            dispatcher.utter_message(text=returns)
        if product is None:
            send(dispatcher, product_choice({pid: p.name for pid, p in knowledge.products.items()}))
            return []
        said = latest_text(tracker)
        if not said.startswith("/") and names_uncovered(
            said, uncovered_symptoms().get(product, ())
        ):
            # 「空调遥控器坏了」: a fault no diagnosis of the product covers, said in words. The menu
            # has nothing for it (a customer went round it three times): the repair is registered
            dispatcher.utter_message(text=uncovered_fault_note(knowledge.product_name(product)))
            return [
                SlotSet("product", product),
                SlotSet("problem", said),
                FollowupAction("ticket_form"),
            ]
        send_prompt(dispatcher, fault_menu(product), FAULT_MENU)
        return [SlotSet("product", product)]


#: The prompt of a product's fault menu (「洗衣机具体是什么情况？」), and of the same menu once more.
FAULT_MENU, FAULT_MENU_AGAIN = "fault_menu", "fault_menu_again"


def fault_menu(
    product: str, ranking: list[dict[str, Any]] | None = None, again: bool = False
) -> BotMessage:
    """The product's faults as buttons, those the classifier ranked higher first (``ranking``, the
    parse result's ``intent_ranking``); ``again``: after a description the bot could not place."""
    knowledge = get_knowledge()
    ranked = {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking or []}
    faults = sorted(
        (d for d in knowledge.diagnoses.values() if d.product == product),
        key=lambda d: -ranked.get(d.intent, 0.0),
    )
    return fault_choice(knowledge.product_name(product), {d.intent: d.title for d in faults}, again)


def menu_just_shown(tracker: Tracker) -> bool:
    """The bot's last message was a product's fault menu (first or again)."""
    prompt = ((message_before_latest(tracker) or {}).get("metadata") or {}).get("prompt")
    return prompt in (FAULT_MENU, FAULT_MENU_AGAIN)


def fault_menu_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Right after a product's fault menu, a description the bot cannot place (「转不动了」 was asked
    back as 「是的 / 表示感谢」, 「不进水」 refused as not for us) is answered with the menu once more,
    the faults the classifier ranked highest first: the customer is still talking about that
    product. False when the bot's last message was no first menu (the second time, the usual
    fallback takes over)."""
    bot = message_before_latest(tracker)
    product = tracker.get_slot("product")
    if ((bot or {}).get("metadata") or {}).get("prompt") != FAULT_MENU or not product:
        return False
    if own_question(latest_text(tracker)):  # 「那换个屏多少钱」 asks, it describes no fault
        return False
    ranking = tracker.latest_message.get("intent_ranking")
    send_prompt(dispatcher, fault_menu(product, ranking, again=True), FAULT_MENU_AGAIN)
    return True


def set_since_message(tracker: Tracker, names: tuple[str, ...]) -> bool:
    """True when one of the slots ``names`` was set after the customer's latest message: with the
    step slots, that message was read as the answer to the step before (「指示灯亮着」 took the
    customer to the HDMI step)."""
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") in names:
            return True
    return False


class ActionAskDiagAnswer(Action):
    """Shows the step the customer is on (also after a detour to another question)."""

    def name(self) -> str:
        return "action_ask_diag_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if diagnosis is None or step_id not in diagnosis.steps:
            return []
        step = diagnosis.step(step_id)
        # the latest message answered the step before this one, or corrected the code (explained
        # already): it says nothing about this one
        moved_on = set_since_message(tracker, (*STEP_SLOTS, "error_code"))
        read = None if moved_on else reading_of_reply(tracker, diagnosis, step_id)
        extra = {Reading.HELP: "help", Reading.WAIT: "wait"}.get(read.reading) if read else None
        model = model_given_alone(tracker) if read and read.reading is Reading.UNREADABLE else None
        if (
            model
            and times_asked(tracker.applied_events(), prompt_key(SLOT, "model"), STEP_SLOTS) < 1
        ):
            # 「海信XQB80-H3568」 at a check: a detail given late, kept, and the step asked again
            asked = step_asked(tracker, step)
            send_prompt(dispatcher, step_with_model_noted(asked, model), prompt_key(SLOT, "model"))
            return []
        if (
            extra
            and times_asked(tracker.applied_events(), prompt_key(SLOT, extra), STEP_SLOTS)
            < MAX_ASKS
        ):
            wording = get_knowledge().replies
            message = (
                step_help(step, wording.help) if extra == "help" else step_wait(step, wording.wait)
            )
            send_prompt(dispatcher, message, prompt_key(SLOT, extra))
            return []
        unread = read is not None and read.reading in (
            Reading.UNREADABLE,
            Reading.HELP,
            Reading.WAIT,
        )
        asked = step_asked(tracker, step)
        ahead = (
            answered_ahead(diagnosis, step_id, latest_text(tracker))
            if read and read.reading is Reading.UNREADABLE
            else []
        )
        if (
            ahead
            and times_asked(tracker.applied_events(), prompt_key(SLOT, "ahead"), STEP_SLOTS) < 1
        ):
            # 「门封条看着挺好的没啥缝」 at the temperature step: a later step's answer, noted (it is
            # passed over when it comes), and this step asked again without "not understood"
            send_prompt(
                dispatcher, step_after_answer_ahead(asked, ahead), prompt_key(SLOT, "ahead")
            )
            return []
        prompt = step_not_understood(asked) if unread else step_message(asked)
        ask_or_offer(
            dispatcher,
            tracker,
            SLOT,
            lambda: send_prompt(dispatcher, prompt, SLOT),
            step_way_out,
            STEP_SLOTS,
        )
        return []


#: What may stand around a model number given alone: 「型号是XQB80-H3568」, 「海信的 55E3F」.
AROUND_A_MODEL = re.compile(r"海信|型号|机型|是|的|[:：，,。！!～~\s]")


def model_given_alone(tracker: Tracker) -> str | None:
    """The model number when the customer's message gives nothing else (「海信XQB80-H3568」)."""
    model, text = latest_entity(tracker, "model"), latest_text(tracker)
    if not model or model.lower() not in text.lower():
        return None
    at = text.lower().index(model.lower())
    rest = AROUND_A_MODEL.sub("", text[:at] + text[at + len(model) :])
    return model if len(rest) <= 1 else None


class ValidateDiagnosisForm(LeavesAtWayOut, FormValidationAction):
    """(「好的，登记吧」 at the way out is its 登记报修 button, not 「好了」 to the step.)"""

    def name(self) -> str:
        return "validate_diagnosis_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        diagnosis = current_diagnosis(tracker)
        if diagnosis is None or tracker.get_slot("diag_step") not in diagnosis.steps:
            return []  # nothing to walk: the form ends and the outcome action takes over
        return domain_slots

    def extract_diag_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if diagnosis is None or tracker.get_slot("requested_slot") != SLOT:
            return {}
        read = reading_of_reply(tracker, diagnosis, step_id)
        code = corrected_code(text_without_models(tracker), tracker.get_slot("error_code"))
        if read is not None and code and diagnosis.step(step_id).field != "error_code":
            return {SLOT: CODE_CORRECTED}  # validated below: only that may set the code
        if read is None or read.reading in (Reading.SAFETY, Reading.NEW_TOPIC):
            return {}  # the form rejects: rules answer it, then the form asks the step again
        if read.reading is Reading.OTHER_PRODUCT:
            return {
                SLOT: OTHER_PRODUCT
            }  # switched when validated: only that may set the other slots
        if read.reading is Reading.WANTS_ENGINEER:
            return {SLOT: WANTS_ENGINEER}
        if read.answer is not None:
            return {SLOT: read.answer.value}
        if read.reading is Reading.UNREADABLE and offered_way_out(tracker, SLOT, STEP_SLOTS):
            # the way out was offered and still no answer: move on rather than ask again
            dispatcher.utter_message(text=step_skipped_unread(diagnosis.step(step_id)))
            return {SLOT: Answer.SKIP.value}
        return {SLOT: PENDING}  # the ask action says what fits: help, waiting, or the step again

    def validate_diag_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if value == PENDING:
            return {SLOT: None}  # no answer yet: the form asks again (or offers a way out)
        if value == OTHER_PRODUCT and diagnosis is not None:
            return switch_product(dispatcher, tracker, diagnosis)
        if value == CODE_CORRECTED and diagnosis is not None:
            # a played customer (session 23): 「凑近看了下是E4，不是E3」 at the step after E3 was
            # explained was read as "not fixed", and E4 never explained: the code is corrected and
            # explained, and the step asked again
            known = tracker.get_slot("error_code")
            code = corrected_code(text_without_models(tracker), known)
            explain_error_code(dispatcher, diagnosis, code or "")
            log = list(tracker.get_slot("diag_log") or [])
            log.append(code_corrected(known, code or "", latest_text(tracker)))
            return {SLOT: None, "error_code": code, "diag_log": log}
        if value == WANTS_ENGINEER and diagnosis is not None and step_id in diagnosis.steps:
            # the steps end here, unresolved: the outcome action registers the repair
            log = list(tracker.get_slot("diag_log") or []) + [
                stopped_for_engineer(diagnosis.step(step_id), latest_text(tracker))
            ]
            return {SLOT: WANTS_ENGINEER, "diag_log": log, "diag_outcome": UNRESOLVED}
        if diagnosis is None or step_id not in diagnosis.steps or value not in ANSWER_VALUES:
            return {"diag_answer": value}  # already concluded
        answer = Answer(value)
        step = diagnosis.step(step_id)
        # 「插头拔了又插还是那样，对了保修多久啊？」: the answer, and the question beside it
        answer_side_questions(dispatcher, tracker, taken_as_answer=True)
        read = reading_of_reply(tracker, diagnosis, step_id) if answer is Answer.SKIP else None
        line = (
            # the way out taken for the bot: the customer's reply could not be read
            step_unconfirmed(step, latest_text(tracker))
            if read is not None and read.reading is Reading.UNREADABLE
            else tried_step(step, answer, latest_text(tracker))
        )
        log = list(tracker.get_slot("diag_log") or []) + [line]
        target = advance(diagnosis, step_id, answer)
        extra: dict[str, Any] = {}
        if step.field == "error_code" and answer is Answer.TEXT:
            extra["error_code"] = explain_error_code(dispatcher, diagnosis, code_written(tracker))
        target, known = pass_over_model(diagnosis, target, known_model(tracker))
        target, passed = pass_over_said(dispatcher, diagnosis, target, diagnosis_texts(tracker))
        log += known + passed
        if is_finished(target):
            outcome = RESOLVED if target == RESOLVED else UNRESOLVED
            return {"diag_answer": target, "diag_log": log, "diag_outcome": outcome, **extra}
        return {"diag_answer": None, "diag_step": target, "diag_log": log, **extra}


class ActionDiagnosisOutcome(Action):
    def name(self) -> str:
        return "action_diagnosis_outcome"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(SLOT) == SWITCHED:
            return [SlotSet(SLOT, None)]  # the customer is choosing the other product's fault
        diagnosis = current_diagnosis(tracker)
        if tracker.get_slot("diag_outcome") == RESOLVED:
            # the step whose yes ended the steps (diag_step stays on it)
            last = diagnosis.steps.get(tracker.get_slot("diag_step")) if diagnosis else None
            send(dispatcher, resolved_message(last))
            return []
        engineer_asked = tracker.get_slot(SLOT) == WANTS_ENGINEER
        if diagnosis is not None and diagnosis.service == HOME_VISIT:
            # as a hotline agent does: 「那我给您登记上门维修」 and the first question at once, with
            # a button to decline (the ticket form's ask action adds it: proposed_this_turn)
            lead = get_knowledge().replies.visit_proposal
            send_prompt(dispatcher, visit_proposal(diagnosis, lead, engineer_asked), PROPOSAL)
            return [SlotSet("diag_outcome", UNRESOLVED), FollowupAction(TICKET_FORM)]
        if engineer_asked:  # a phone's walk-in or mail-in repair, asked for: the form at once
            send(dispatcher, unresolved_message(diagnosis, engineer_asked))
            return [SlotSet("diag_outcome", UNRESOLVED), FollowupAction(TICKET_FORM)]
        send(dispatcher, unresolved_message(diagnosis))  # a phone: walk-in or mail-in, asked first
        return [SlotSet("diag_outcome", UNRESOLVED)]
