"""The one generic diagnosis: start it, ask the current step, read answers, conclude."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import form_runs_after_user_message, latest_entity, latest_intent, latest_text, send
from bot.dialogue.messages import (
    diagnosis_intro,
    error_code_message,
    fault_choice,
    product_choice,
    resolved_message,
    step_message,
    tried_step,
    unresolved_message,
)
from bot.dialogue.replies import find_error_code, read_answer
from bot.dialogue.secondary import secondary_note
from bot.knowledge import Diagnosis, get_knowledge
from bot.knowledge.diagnosis import RESOLVED, Answer, advance, is_finished

ANSWER_VALUES = frozenset(a.value for a in Answer)


def current_diagnosis(tracker: Tracker) -> Optional[Diagnosis]:
    return get_knowledge().diagnosis(tracker.get_slot("fault"))


def explain_error_code(dispatcher: CollectingDispatcher, diagnosis: Diagnosis, text: str) -> Optional[str]:
    """Say what the code in ``text`` means (or that it is unknown); return the code."""
    code = find_error_code(text)
    if code:
        dispatcher.utter_message(text=error_code_message(code, get_knowledge().error_code(code, diagnosis.product)))
    return code


class ActionStartDiagnosis(Action):
    def name(self) -> Text:
        return "action_start_diagnosis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        fault = latest_intent(tracker)
        diagnosis = get_knowledge().diagnosis(fault)
        events: List[EventType] = [SlotSet("fault", fault), SlotSet("diag_answer", None), SlotSet("diag_log", [])]
        if diagnosis is None:
            # No self-check for this fault: go straight to the engineer.
            return events + [SlotSet("diag_step", None), SlotSet("diag_outcome", "unresolved")]
        dispatcher.utter_message(text=diagnosis_intro(diagnosis))
        note = secondary_note(tracker.latest_message)  # a complaint around the fault: heard, offered
        if note:
            send(dispatcher, note)
        first, log = diagnosis.first, []
        step = diagnosis.step(first)
        if step.field == "error_code":  # 「空调显示E1」: the code is already given
            code = explain_error_code(dispatcher, diagnosis, latest_entity(tracker, "error_code") or latest_text(tracker))
            if code:
                first, log = advance(diagnosis, first, Answer.TEXT), [tried_step(step, Answer.TEXT, code)]
                events += [SlotSet("error_code", code)]
        return events + [
            SlotSet("diag_step", first),
            SlotSet("diag_log", log),
            SlotSet("diag_outcome", None),
            SlotSet("product", diagnosis.product),
        ]


class ActionReportFault(Action):
    """「冰箱坏了」: which product (buttons), then which symptom (buttons of its faults)."""

    def name(self) -> Text:
        return "action_report_fault"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        knowledge = get_knowledge()
        product = knowledge.product_id(latest_entity(tracker, "product"))
        if product is None:
            send(dispatcher, product_choice({pid: p.name for pid, p in knowledge.products.items()}))
            return []
        faults = {d.intent: d.title for d in knowledge.diagnoses.values() if d.product == product}
        send(dispatcher, fault_choice(knowledge.product_name(product), faults))
        return [SlotSet("product", product)]


class ActionAskDiagAnswer(Action):
    """Shows the step the customer is on (also after a detour to another question)."""

    def name(self) -> Text:
        return "action_ask_diag_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if diagnosis is None or step_id not in diagnosis.steps:
            return []
        send(dispatcher, step_message(diagnosis.step(step_id)))
        return []


class ValidateDiagnosisForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_diagnosis_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        diagnosis = current_diagnosis(tracker)
        if diagnosis is None or tracker.get_slot("diag_step") not in diagnosis.steps:
            return []  # nothing to walk: the form ends and the outcome action takes over
        return domain_slots

    def extract_diag_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if (
            diagnosis is None
            or step_id not in diagnosis.steps
            or tracker.get_slot("requested_slot") != "diag_answer"
            or not form_runs_after_user_message(tracker)
        ):
            return {}
        answer = read_answer(diagnosis.step(step_id), latest_intent(tracker), latest_text(tracker), diagnosis.intent)
        return {"diag_answer": answer.value} if answer else {}

    def validate_diag_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        diagnosis = current_diagnosis(tracker)
        step_id = tracker.get_slot("diag_step")
        if diagnosis is None or step_id not in diagnosis.steps or value not in ANSWER_VALUES:
            return {"diag_answer": value}  # already concluded
        answer = Answer(value)
        step = diagnosis.step(step_id)
        log = list(tracker.get_slot("diag_log") or []) + [tried_step(step, answer, latest_text(tracker))]
        target = advance(diagnosis, step_id, answer)
        extra: Dict[Text, Any] = {}
        if step.field == "error_code" and answer is Answer.TEXT:
            extra["error_code"] = explain_error_code(dispatcher, diagnosis, latest_text(tracker))
        if is_finished(target):
            outcome = "resolved" if target == RESOLVED else "unresolved"
            return {"diag_answer": target, "diag_log": log, "diag_outcome": outcome, **extra}
        return {"diag_answer": None, "diag_step": target, "diag_log": log, **extra}


class ActionDiagnosisOutcome(Action):
    def name(self) -> Text:
        return "action_diagnosis_outcome"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("diag_outcome") == "resolved":
            send(dispatcher, resolved_message())
            return []
        send(dispatcher, unresolved_message(current_diagnosis(tracker)))
        return [SlotSet("diag_outcome", "unresolved")]
