"""Repair tickets in the chat: the ticket form, the read-back, creation and status queries."""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    conversation_product,
    form_runs_after_user_message,
    latest_entity,
    latest_text,
    product_asked_about,
    send,
    slots,
    source_text,
    ticket_number_in_talk,
    transcript,
)
from actions.forms import (
    FIXED,
    TICKET_SLOTS,
    FieldRules,
    collected_fields,
    conversation_request,
    submit,
)
from actions.reask import LeavesAtWayOut
from actions.verification import check_code, start_mobile_check, tickets_for_proven_mobile
from actions.visits import own_open_tickets
from bot.dialogue.contact import find_mobile
from bot.dialogue.corrections import Correction, completed_address, read_correction
from bot.dialogue.dates import today
from bot.dialogue.messages import (
    NO_LOOKUP,
    model_not_read,
    rating_request,
    ticket_confirmation,
    ticket_status,
    ticket_summary,
    tickets_for_mobile,
    unknown_ticket,
)
from bot.dialogue.product_switch import names_fault
from bot.dialogue.replies import answer_to_offer
from bot.dialogue.ticket_fields import (
    DATE_UNKNOWN,
    UNKNOWN,
    address_city,
    city_at_start,
    district_named,
    fault_said,
    find_address,
    model_said_unknown,
    only_contact_details,
    optional_answer,
    purchase_date_problem,
    read_address,
    read_city,
    read_city_mention,
    read_field,
    read_model,
    read_purchase_date,
    warranty_verdict,
    with_old_district,
    without_talk_before,
)
from bot.knowledge import get_knowledge
from bot.knowledge.base import SAFETY_HAZARD
from bot.knowledge.words import domain_words
from bot.tickets.model import Kind, Priority, Status, Ticket
from bot.tickets.numbering import find_number
from bot.tickets.services import find_ticket, last_repair_for_conversation

logger = logging.getLogger(__name__)

#: An address given where the fault was asked for.
ADDRESS_NOT_PROBLEM = "地址我先记下了 👍"

#: ``ticket_correction`` while the form asks which field is wrong (after a bare 「有误」).
ASK_WHICH = "?"


def correction_marker(changed: dict[str, Any]) -> str | None:
    """``ticket_correction`` after a correction: FIXED + the first field it changed and its value."""
    slot, value = next(
        ((k, v) for k, v in changed.items() if k != "city" and v is not None), (None, None)
    )
    return f"{FIXED}{slot}={value}" if slot else None


DIAGNOSIS_SLOTS = ["fault", "diag_step", "diag_answer", "diag_log", "diag_outcome", "error_code"]
#: Services where the customer brings (or sends) the product in: no home address is needed.
NO_VISIT_SERVICES = ("repair_point", "mail_in", "remote")


def fault_description(tracker: Tracker) -> str:
    fault, problem = tracker.get_slot("fault"), tracker.get_slot("problem")
    if fault == SAFETY_HAZARD:
        return f"安全隐患：{problem or '客户报告'}"
    knowledge = get_knowledge()
    diagnosis = knowledge.diagnosis(fault)
    kinds = knowledge.kinds_named(conversation_product(tracker), customer_texts(tracker))
    kind = f"（{'、'.join(kinds)}）" if kinds else ""
    if diagnosis:
        code = tracker.get_slot("error_code")
        return f"{diagnosis.title}{kind}（代码 {code}）" if code else diagnosis.title + kind
    return (problem or "客户报修") + kind


def known_details(tracker: Tracker) -> dict[str, Any]:
    """What the conversation already knows for a ticket other than a repair (a handoff): the
    product, model, purchase date, address and the steps tried, only those the customer gave."""
    values = slots(tracker, TICKET_SLOTS)
    known = {
        "product": conversation_product(tracker),
        "model": values["product_model"],
        "purchase_date": values["purchase_date"],
        "city": values["city"],
        "address": values["address"],
        "steps_tried": tuple(tracker.get_slot("diag_log") or ()),
    }
    return {name: value for name, value in known.items() if value}


def customer_texts(tracker: Tracker) -> list[str]:
    """What the customer wrote in this conversation, in order (``transcript``'s customer lines)."""
    return [line.text for line in transcript(tracker, limit=None) if line.speaker == "customer"]


def service_of(tracker: Tracker) -> str:
    """How the repair is done, from the fault's ``service`` in the knowledge base (home visit by default)."""
    diagnosis = get_knowledge().diagnosis(tracker.get_slot("fault"))
    return (
        diagnosis.service
        if diagnosis and diagnosis.service in NO_VISIT_SERVICES + ("home_visit",)
        else "home_visit"
    )


def warranty_label(product: str | None, purchase_text: str | None) -> str:
    """The ticket's warranty field: covered or not on the purchase date given, 「待核实」 when unknown."""
    verdict = warranty_verdict(
        get_knowledge().warranties.get(product or ""), purchase_text, today()
    )
    return verdict.label if verdict else "待核实"


@cache
def fault_words() -> frozenset[str]:
    """The knowledge base's words of products and faults (a description of a fault names one)."""
    return frozenset(domain_words(get_knowledge()))


def ticket_form_starts(tracker: Tracker) -> bool:
    """The ticket form asks nothing yet: ``requested_slot`` is none of its own (after the steps it
    is still the diagnosis's question, and the address and 「型号不知道」 of earlier messages were
    asked for again)."""
    return tracker.get_slot("requested_slot") not in (*TICKET_SLOTS, "ticket_correction")


class ValidateTicketForm(LeavesAtWayOut, FieldRules, FormValidationAction):
    def name(self) -> str:
        return "validate_ticket_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        correcting = (
            tracker.get_slot("ticket_correction") == ASK_WHICH
            or tracker.get_slot("requested_slot") == "ticket_correction"
        )
        wanted = collected_fields(tracker.get_slot("fault"))
        required = [
            s for s in domain_slots if (s == "ticket_correction" and correcting) or s in wanted
        ]
        if service_of(tracker) in NO_VISIT_SERVICES:
            required = [
                s for s in required if s != "address"
            ]  # walk-in or mail-in: the city finds the outlet
        return required

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        if tracker.get_slot("ticket_correction") == ASK_WHICH:
            return SlotSet("requested_slot", "ticket_correction")  # 「有误」: which field?
        return await super().next_requested_slot(dispatcher, tracker, domain)

    def extract_product_model(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """When the form starts: 「型号不清楚」 said earlier in the conversation means unknown; else a
        new fault on the same product offers the last ticket's model and date."""
        if not ticket_form_starts(tracker) or tracker.get_slot("product_model"):
            return {}
        if any(model_said_unknown(text) for text in customer_texts(tracker)):
            return {"product_model": UNKNOWN}
        return last_ticket_offer(tracker)

    def extract_purchase_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The purchase date in the answer to the model question, which asks for both
        (「KFR-26GW/A8X 2022年11月」, 「55E3F 2026.11」): without 买的 the NLU takes no date from a
        message, but here the customer answers that question. ``validate_purchase_date`` reads it."""
        if (
            tracker.get_slot("purchase_date")
            or tracker.get_slot("requested_slot") != "product_model"
        ):
            return {}
        if not form_runs_after_user_message(tracker):
            return {}
        said = latest_text(tracker)
        reading = read_purchase_date(said, today())
        if not reading.ok or (reading.value == UNKNOWN and not DATE_UNKNOWN.search(said)):
            return {}  # 「型号不知道」 is about the model; 「也忘了啥时候买的」 about the date
        return {"purchase_date": said}

    def extract_address(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A whole address inside a message with other details (「…地址青岛市市南区香港中路8号…」):
        the latest message, or, when the form starts, any earlier one of the conversation (the
        address given in the first message is not asked again)."""
        if tracker.get_slot("address") or tracker.get_slot("requested_slot") == "address":
            return {}
        if ticket_form_starts(tracker):
            texts = list(reversed(customer_texts(tracker)))  # the latest address first
        elif form_runs_after_user_message(tracker):
            texts = [latest_text(tracker)]
        else:
            return {}
        knowledge = get_knowledge()
        found = next(
            (
                f
                for f in (find_address(t, knowledge.cities, knowledge.districts()) for t in texts)
                if f
            ),
            None,
        )
        if not found:
            return {}
        city, address = found
        return {"address": address, **({} if tracker.get_slot("city") else {"city": city})}

    def validate_ticket_correction(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if text == ASK_WHICH or text.startswith(FIXED):
            return {"ticket_correction": text}  # set by action_correct_ticket
        fault = corrected_fault(text, tracker)
        if fault:
            return {"ticket_correction": correction_marker(fault), **fault}
        correction = read_correction(text) or infer_correction(text)
        if correction is None and (
            NOTHING_TO_CHANGE.search(text)
            or answer_to_offer(text, get_knowledge().replies) == "affirm"
        ):
            # 「没错，提交吧」, 「确认提交」 at 「哪一项要改？」: nothing to change; the summary again
            return {"ticket_correction": "done"}
        if correction is None:
            dispatcher.utter_message(response="utter_ticket_correction_unclear")
            return {"ticket_correction": ASK_WHICH}
        changed = corrected_slots(correction, tracker)
        return {"ticket_correction": correction_marker(changed) or "done", **changed}

    def extract_problem(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """「我要报修，海信电视65E7K开机没反应」: the fault said with the request is the problem, not
        asked for again (the form started on that message)."""
        if tracker.get_slot("problem") or not ticket_form_starts(tracker):
            return {}
        knowledge = get_knowledge()
        said = fault_said(latest_text(tracker), fault_words(), knowledge.synonym_map())
        return {"problem": said} if said else {}

    def validate_problem(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if only_contact_details(text, find_mobile(text)):
            # 「孙伟 13800001234」 is the name and the phone (kept as those), not the fault
            return {"problem": None}
        knowledge = get_knowledge()
        place = find_address(text, knowledge.cities, knowledge.districts())
        if place and not any(word in text for word in fault_words()):
            # 「长沙市芙蓉区北京路18号3栋502」 is where, not what: kept as the address, the fault
            # asked again
            dispatcher.utter_message(text=ADDRESS_NOT_PROBLEM)
            city, address = place
            return {"problem": None, "address": address, "city": tracker.get_slot("city") or city}
        # 「刚不是说了吗，空调外机不转」: the fault, without the talk before it
        return {"problem": optional_answer(without_talk_before(text) if text else value)}

    def validate_product_model(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        refusal = {"text": model_not_read(product_asked_about(tracker))}
        return self.take_read("product_model", read_model, value, tracker, dispatcher, refusal)

    def validate_purchase_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        day = today()
        requested = tracker.get_slot("requested_slot") == "purchase_date"
        said = latest_text(tracker) if requested else source_text(tracker, "purchase_date", value)
        reading = read_purchase_date(str(value or ""), day, said)
        if requested and not reading.ok:
            reading = read_purchase_date(said, day)
        return self.take(
            "purchase_date",
            reading,
            tracker,
            dispatcher,
            lambda v: read_purchase_date(str(v), day),
            {"text": purchase_date_problem(reading)},
            raw=value,
        )

    def validate_city(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot") == "city"
        # the whole message the city came from: 株洲路 in an address is a street, not the city 株洲
        said = (
            latest_text(tracker)
            if requested
            else (source_text(tracker, "city", value) or str(value or ""))
        )
        knowledge = get_knowledge()
        reading = (
            read_city_mention(said, knowledge.cities, knowledge.districts())
            if requested or said != str(value or "")
            else read_city(str(value or ""), knowledge.cities)
        )
        result = self.take(
            "city",
            reading,
            tracker,
            dispatcher,
            lambda v: read_city(str(v), knowledge.cities, knowledge.districts()),
            {"text": "没能对上城市名 🙏 请告诉我您所在的城市，例如「青岛」「南京」。"},
        )
        if requested and result.get("city") and not tracker.get_slot("address"):
            _city, rest = city_at_start(said, get_knowledge().cities)
            if read_address(rest).ok and service_of(tracker) not in NO_VISIT_SERVICES:
                result["address"] = rest  # a whole address given as the city answer
        return result

    def validate_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = without_talk_before(str(value or ""))  # 「刚才不是说了吗，北京市…」
        knowledge = get_knowledge()
        city, rest = city_at_start(text, knowledge.cities)
        reading = read_address(rest if city else text)
        result = self.take(
            "address",
            reading,
            tracker,
            dispatcher,
            lambda v: read_address(str(v)),
            {
                "text": "请把地址说得具体一些：区、街道、小区和门牌号（例如「市南区香港中路8号3单元502」）。"
            },
        )
        named = address_city(text, knowledge.cities, knowledge.districts())
        if named and result.get("address") and not tracker.get_slot("city"):
            result["city"] = named  # the place names at the start of an address, or its district
        return result


def last_ticket_offer(tracker: Tracker) -> dict[str, Any]:
    """A returning customer's new fault on the same product: the last ticket's model and purchase date."""
    try:
        last = last_repair_for_conversation(tracker.sender_id, conversation_product(tracker))
    except Exception:  # the ticket store is down: nothing to offer, nothing lost
        logger.warning("last ticket of %s not read", tracker.sender_id, exc_info=True)
        return {}
    if last is None:
        return {}
    offer = {"product_model": last.model, "purchase_date": last.purchase_date}
    return {
        slot: value
        for slot, value in offer.items()
        if value and value != UNKNOWN and not tracker.get_slot(slot)
    }


def reused_from(tracker: Tracker) -> str | None:
    """The last ticket's number when the summary shows its model and purchase date."""
    model, purchased = tracker.get_slot("product_model"), tracker.get_slot("purchase_date")
    if not model and not purchased:
        return None
    try:
        last = last_repair_for_conversation(tracker.sender_id, conversation_product(tracker))
    except Exception:  # noqa: BLE001 - no database, no reuse: the summary is shown all the same
        return None
    if last and (last.model, last.purchase_date) == (model, purchased):
        return last.number
    return None


def infer_correction(text: str) -> Correction | None:
    """A new value without the field's name (「是13812345678」, 「是去年7月买的」)."""
    for slot in ("phone_number", "purchase_date", "product_model"):
        reading = read_field(slot, text, get_knowledge(), today())
        # 「没有要改的」 reads as an unknown date: a correction gives a value, never 「不详」
        if (reading.ok and reading.value != UNKNOWN) and (
            slot != "product_model" or re.search(r"[A-Za-z]", text)
        ):
            return Correction(slot, text)
    return None


#: 「没有要改的」「算了不用改了」「都对的」 at 「哪一项需要修改？」: nothing to change.
NOTHING_TO_CHANGE = re.compile(
    r"(?:不用|不需要|无需|没有?(?:什么|啥)?要|没啥要)(?:再)?(?:改|修改)|不改了|都(?:是)?(?:对|没错|没问题)"
)


def corrected_slots(correction: Correction, tracker: Tracker) -> dict[str, Any]:
    """The field named in a correction: its new value when valid, else empty so the form asks it
    again. A new address without a city or district keeps the old address's district."""
    knowledge = get_knowledge()
    if correction.value:
        reading = read_field(correction.slot, correction.value, knowledge, today())
        if reading.ok:
            result = {correction.slot: reading.value}
            if correction.slot == "address":
                city, _rest = city_at_start(correction.value, knowledge.cities)
                if city:
                    result["city"] = city.name
                else:
                    old = tracker.get_slot("address")
                    result["address"] = with_old_district(
                        completed_address(str(reading.value), old, latest_text(tracker)),
                        old,
                        knowledge.city(tracker.get_slot("city")),
                    )
            return result
    return {correction.slot: None}


#: The ticket's fault named at the summary (「故障写错了」, 「问题不对」).
FAULT_FIELD = re.compile(r"故障|问题|毛病")


def corrected_fault(text: str, tracker: Tracker) -> dict[str, Any] | None:
    """「故障写错了，不是噪音大，是不制冷」 at the summary: the one other fault of the conversation's
    product the customer names in its own words (``names_fault``), as the ticket's fault (a played
    customer, session 23, could not change it); None when the fault field is not named or no single
    other fault is."""
    fault = tracker.get_slot("fault")
    if not FAULT_FIELD.search(text) or fault == SAFETY_HAZARD:
        return None
    knowledge = get_knowledge()
    product = conversation_product(tracker)
    named = [
        intent
        for intent, diagnosis in knowledge.diagnoses.items()
        if diagnosis.product == product
        and intent != fault
        and not diagnosis.by_code
        and names_fault(knowledge, diagnosis, text)
    ]
    return {"fault": named[0], "error_code": None} if len(named) == 1 else None


class ActionCorrectTicket(Action):
    """「购买时间不对，是去年7月」 at the summary: that one field changes, the form asks only what is
    missing, then the summary is shown again. 「有误」 alone asks which field."""

    def name(self) -> str:
        return "action_correct_ticket"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        changed = corrected_fault(text, tracker)
        if changed is None:
            correction = read_correction(text) or infer_correction(text)
            if correction is None:
                return [SlotSet("ticket_correction", ASK_WHICH)]
            changed = corrected_slots(correction, tracker)
        logger.info("ticket correction in %s: %s", tracker.sender_id, ", ".join(changed))
        return [SlotSet("ticket_correction", correction_marker(changed))] + [
            SlotSet(slot, value) for slot, value in changed.items()
        ]


def ticket_district(tracker: Tracker, city: str | None) -> str | None:
    """北京海淀区 at the city question: the district a walk-in repair's outlet is chosen by."""
    return district_named(reversed(customer_texts(tracker)), get_knowledge().city(city))


class ActionTicketSummary(Action):
    def name(self) -> str:
        return "action_ticket_summary"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        values = slots(tracker, TICKET_SLOTS)
        send(
            dispatcher,
            ticket_summary(
                values,
                fault_description(tracker),
                service_of(tracker),
                reused_from(tracker),
                district=ticket_district(tracker, values["city"]),
            ),
        )
        return [SlotSet("ticket_correction", None)]


class ActionSummaryStop(Action):
    """「算了就这样提交吧」 at the summary: the NLU hears 算了 (stop), yet the customer waves the
    correction away and submits. What the message says to the summary's offer decides: submit
    (``offer_accept`` of knowledge/replies.yml, the longest wording wins), else no ticket."""

    def name(self) -> str:
        return "action_summary_stop"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if answer_to_offer(latest_text(tracker), get_knowledge().replies) == "affirm":
            return [FollowupAction("action_create_ticket")]
        dispatcher.utter_message(response="utter_ticket_cancelled")
        return []


class ActionCreateTicket(Action):
    def name(self) -> str:
        return "action_create_ticket"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        knowledge = get_knowledge()
        values = slots(tracker, TICKET_SLOTS)
        product = conversation_product(tracker)
        request = conversation_request(
            tracker,
            kind=Kind.REPAIR,
            priority=Priority(
                knowledge.fault_priority(tracker.get_slot("fault"), tracker.get_slot("error_code"))
            ),
            fault=fault_description(tracker),
            name_if_unknown="客户",
            warranty=warranty_label(product, values["purchase_date"]),
            district=ticket_district(tracker, values["city"]),
            service=service_of(tracker),
            **known_details(tracker),
        )
        ticket = submit(
            dispatcher,
            request,
            lambda t: ticket_confirmation(t, knowledge.outlets.get(t.outlet_id or "")),
        )
        reset = [
            SlotSet(name, None) for name in [*TICKET_SLOTS, *DIAGNOSIS_SLOTS, "ticket_correction"]
        ]
        return reset + [SlotSet("ticket_id", ticket.number)] if ticket else reset


#: A lookup by the customer's mobile (「用我手机号查」, 「按电话查一下」).
BY_MOBILE = re.compile(
    r"(用|按|拿|通过|根据)(我|俺|我的|俺的)?(的)?(手机号|手机号码|电话|号码|手机)"
)


#: The status query's answer when the customer gives no number at all (it ends the query).
NO_NUMBER = "（未提供）"


class ValidateTicketQueryForm(FormValidationAction):
    """A status query needs a ticket number, or a mobile number proven by a one-time code (on
    WeChat: by the openid that opened the tickets; actions/verification.py)."""

    def name(self) -> str:
        return "validate_ticket_query_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        said = str(tracker.get_slot("ticket_id") or "")
        if said == NO_NUMBER or (said and (find_number(said) or not find_mobile(said))):
            # listed though filled: rasa_sdk keeps only the slots of this list, and a number taken
            # from the conversation (the complaint just filed) would be dropped, the form ended
            # without it
            return ["ticket_id"]
        # a bare mobile (the domain's text mapping puts any answer into ticket_id) stays asked, so
        # validate_ticket_id starts the lookup by mobile instead of the same question again
        if tracker.get_slot("lookup_mobile"):
            # lookup_mobile stays listed: rasa_sdk returns only the slots of this list
            return ["lookup_mobile", "mobile_check"]
        return ["ticket_id"]

    def extract_ticket_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """「查进度 139…」: a mobile number in the opening message starts the mobile lookup."""
        if (
            tracker.get_slot("requested_slot")
            or tracker.get_slot("ticket_id")
            or tracker.get_slot("lookup_mobile")
        ):
            return {}
        said = latest_text(tracker)
        mobile = find_mobile(latest_entity(tracker, "phone_number") or said)
        if not mobile and BY_MOBILE.search(said):
            # 「能不能用我手机号查一下」: the number the customer gave in this conversation
            mobile = find_mobile(str(tracker.get_slot("phone_number") or ""))
        if mobile:
            return {"lookup_mobile": mobile}
        # 「那现在到哪一步了」 after a ticket of this conversation: that ticket, not its number again
        number = ticket_number_in_talk(tracker)
        if number is None:
            own = own_open_tickets(tracker)  # the ticket store is read only when nothing was said
            number = own[0].number if own else None
        return {"ticket_id": number} if number else {}

    def validate_ticket_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        number = find_number(text)
        if number:
            return {"ticket_id": number}
        mobile = find_mobile(text)
        if mobile:
            return {"ticket_id": None, **start_mobile_check(dispatcher, tracker, mobile)}
        if not re.search(r"[0-9A-Za-z０-９]", text):
            # 「我没工单啊 我问天气」, 「排水管我看了没打折 还是排不出去」: no number at all, and none
            # coming; the query ends instead of asking for it again and again
            return {"ticket_id": NO_NUMBER}
        dispatcher.utter_message(response="utter_invalid_ticket_id")
        return {"ticket_id": None}

    def validate_lookup_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        mobile = find_mobile(str(value or ""))
        return (
            start_mobile_check(dispatcher, tracker, mobile) if mobile else {"lookup_mobile": None}
        )

    def validate_mobile_check(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return check_code(value, tracker)


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = [
            SlotSet("ticket_id", None),
            SlotSet("lookup_mobile", None),
            SlotSet("mobile_check", None),
        ]
        if tracker.get_slot("ticket_id") == NO_NUMBER:
            dispatcher.utter_message(text=NO_LOOKUP)
            # a diagnosis the query interrupted goes on at its step
            resume = [FollowupAction("diagnosis_form")] if tracker.get_slot("diag_step") else []
            return reset + resume
        number = find_number(tracker.get_slot("ticket_id"))
        if number:
            ticket = find_ticket(number)
            if ticket is None:
                dispatcher.utter_message(text=unknown_ticket(number))
                return reset
            dispatcher.utter_message(text=status_text(ticket))
            # only the conversation the ticket belongs to may rate it (actions/verification.py)
            return reset + (
                offer_rating(dispatcher, ticket)
                if ticket.conversation_id == tracker.sender_id
                else []
            )
        mobile = tracker.get_slot("lookup_mobile")
        tickets = tickets_for_proven_mobile(tracker) if mobile else None
        if tickets is not None:
            dispatcher.utter_message(text=tickets_for_mobile(mobile, tickets, status_text))
            return reset
        if mobile:
            dispatcher.utter_message(response="utter_mobile_check_failed")
            return reset
        dispatcher.utter_message(response="utter_ask_ticket_id")
        return reset


def status_text(ticket: Ticket) -> str:
    """What the customer is told about a ticket: its status, its outlet and times (bot.dialogue.messages)."""
    return ticket_status(ticket, get_knowledge().outlets.get(ticket.outlet_id or ""))


def offer_rating(dispatcher: CollectingDispatcher, ticket: Ticket) -> list[EventType]:
    """A finished repair that was not rated yet: ask for the 1-5 rating."""
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or ticket.rating is not None:
        return []
    send(dispatcher, rating_request("这张工单已经处理完成，麻烦您为本次服务打个分："))
    return [SlotSet("rating_ticket", ticket.number)]
