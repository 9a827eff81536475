"""The service desk in the chat: complaints, suggestions and handing over to a person."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    conversation_product,
    form_runs_after_user_message,
    latest_entity,
    latest_text,
    slots,
)
from actions.fallback import asked_back_about
from actions.faq import returns_note
from actions.forms import FieldRules, conversation_request, submit
from actions.reask import LeavesAtWayOut
from actions.tickets import fault_description, known_details
from bot.dialogue.messages import (
    complaint_added,
    complaint_confirmation,
    handoff_message,
    suggestion_thanks,
)
from bot.tickets.model import Kind, Priority, Ticket
from bot.tickets.numbering import find_number
from bot.tickets.services import add_customer_note, recent_complaint_for_conversation

logger = logging.getLogger(__name__)

#: An opening message that says this many characters besides asking to complain (or suggest)
#: already says what happened: 「买个手机不送充电器 什么意思」, 「我要投诉，师傅迟到了」; not 「我要投诉」.
SAYS_WHAT_HAPPENED_FROM_CHARS = 2
#: The words of the request itself, and whom it is about, wherever they are: 您好，我这边想投诉一下 /
#: 我有一个建议想提一下 / 我要投诉你们的维修师傅 (whom, not what happened).
REQUEST_WORDS = re.compile(
    r"你好|您好|请问|怎么|我们|我|这边|想要|想|需要|要|得|必须|给你们|投诉|反映|反馈|建议|意见|"
    r"提|有一个|有个|一下|你们|公司|客服|贵|的|了|啊|呀|吧|呢|"
    r"维修师傅|维修|师傅|工程师|售后服务|售后|服务|产品|这个|那个|这件事|这事|到底|哈|嘛|呗|下"
)
PUNCTUATION = re.compile(r"[\s，,。.！!？?~～…、]+")
#: Answers to 「这件事和哪张工单或哪个服务网点有关？」 that name nothing: the complaint is about nothing specific.
NAMES_NOTHING = ("没有", "无", "没", "不知道", "不记得")
#: Words of an answer to that question: the ticket or the outlet it names.
ANSWER_WORDS = re.compile(r"工单|单号|网点|维修点|服务站|门店")
#: ... unless it asks something else (「我先问问工单进度」): the rules answer that.
ASKS = re.compile(r"进度|查|吗|[?？]|怎么|多久|到哪")


def from_opening_message(tracker: Tracker, slot: str) -> dict[str, Any]:
    """「我要投诉，师傅迟到了三个小时…」already says it: the opening message fills ``slot``; so
    does the long message a clarifying question asked back about, when 「投诉」 answered it."""
    text = latest_text(tracker).strip()
    if not says_what_happened(text):
        text = asked_back_about(tracker) or text
    if (
        tracker.get_slot(slot) is None
        and tracker.get_slot("requested_slot") is None
        and says_what_happened(text)
    ):
        return {slot: text}
    return {}


def says_what_happened(text: str) -> bool:
    """More than the request to complain or suggest: what happened, in some words of its own."""
    content = REQUEST_WORDS.sub("", PUNCTUATION.sub("", text.strip()))
    return len(content) >= SAYS_WHAT_HAPPENED_FROM_CHARS and not text.startswith("/")


class ValidateComplaintForm(LeavesAtWayOut, FieldRules, FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_form"

    def extract_complaint_text(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return from_opening_message(tracker, "complaint_text")

    def extract_complaint_about(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """「没有工单号」 answers 「和哪张工单或哪个服务网点有关？」 whatever the NLU reads in it (a
        ticket word makes it a status question): a number, 没有…, or a ticket or outlet word. A
        ticket number in the complaint itself answers it before it is asked."""
        if not form_runs_after_user_message(tracker):
            return {}
        if tracker.get_slot("requested_slot") != "complaint_about":
            # 「我要投诉！师傅上门三次都没修好，工单号WO20261103001」: the ticket came with the complaint
            ticket = latest_entity(tracker, "ticket_id")
            if ticket and not tracker.get_slot("complaint_about"):
                return {"complaint_about": str(ticket)}
            earlier = filed_complaint(tracker)
            if earlier is not None and not tracker.get_slot("complaint_about"):
                # 「你还没回答我，修两次没修好能不能换机？」 right after the complaint: about that one
                return {"complaint_about": earlier.number}
            return {}
        text = latest_text(tracker).strip()
        named = ANSWER_WORDS.search(text) and not ASKS.search(text)
        if find_number(text) or text.startswith(NAMES_NOTHING) or named:
            return {"complaint_about": text}
        return {}

    def validate_complaint_about(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        number = find_number(text) or find_number(tracker.get_slot("ticket_id"))
        if number:
            return {"complaint_about": number}
        return {
            "complaint_about": "未指明"
            if not text or text.startswith(NAMES_NOTHING)
            else text[:200]
        }


def filed_complaint(tracker: Tracker) -> Ticket | None:
    """The complaint this conversation filed a moment ago (``SAME_COMPLAINT_WITHIN``), if any."""
    try:
        return recent_complaint_for_conversation(tracker.sender_id)
    except Exception:  # noqa: BLE001 - no store, no earlier complaint to add to
        return None


class ActionCreateComplaint(Action):
    def name(self) -> str:
        return "action_create_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        values = slots(
            tracker, ["complaint_text", "complaint_about", "customer_name", "phone_number"]
        )
        about = values["complaint_about"]
        earlier = filed_complaint(tracker)
        if earlier is not None and about == earlier.number:
            # said again in the same conversation: added to that complaint, never a second one
            returns = returns_note(tracker)
            if returns:
                dispatcher.utter_message(text=returns)
            try:
                add_customer_note(earlier.number, values["complaint_text"] or latest_text(tracker))
            except Exception:
                logger.exception("could not add to complaint %s", earlier.number)
            else:
                dispatcher.utter_message(text=complaint_added(earlier))
                return [SlotSet(name, None) for name in ("complaint_text", "complaint_about")]
        submit(
            dispatcher,
            conversation_request(
                tracker,
                kind=Kind.COMPLAINT,
                priority=Priority.P2,
                fault=values["complaint_text"] or "客户投诉",
                name_if_unknown="客户",
                related_ticket=about if find_number(about) else None,
                steps_tried=() if find_number(about) else (f"涉及：{about}",),
                # the product the conversation is about (a complaint about the washer's repair),
                # and no visit: a complaint is called back, not repaired
                product=conversation_product(tracker),
                service="none",
            ),
            complaint_confirmation,
        )
        return [SlotSet(name, None) for name in ("complaint_text", "complaint_about")]


class ValidateSuggestionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_suggestion_form"

    def extract_suggestion_text(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return from_opening_message(tracker, "suggestion_text")


class ActionRecordSuggestion(Action):
    def name(self) -> str:
        return "action_record_suggestion"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = str(tracker.get_slot("suggestion_text") or "")[:2000]
        submit(
            dispatcher,
            conversation_request(
                tracker,
                kind=Kind.SUGGESTION,
                priority=Priority.P4,
                fault=text,
                name_if_unknown="匿名客户",
                with_transcript=False,
            ),
            lambda _ticket: suggestion_thanks(),
        )
        return [SlotSet("suggestion_text", None)]


class ActionHandoff(Action):
    """转人工: a handoff ticket with the transcript; the bot then stays quiet in this
    conversation until staff release it (``bin/staff release``)."""

    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fault = f"客户要求转人工（{tracker.get_latest_input_channel() or 'chat'}）"
        if tracker.get_slot("fault") or tracker.get_slot("problem"):
            # a played customer (session 23): the handoff of a conversation that had every detail
            # of a repair said only 「客户要求转人工」; the person taking over sees what is known
            fault += f"；此前在处理：{fault_description(tracker)}"
        request = conversation_request(
            tracker,
            kind=Kind.HANDOFF,
            priority=Priority.P2,
            fault=fault,
            name_if_unknown="在线客户",
            **known_details(tracker),
        )
        ticket = submit(dispatcher, request, handoff_message)
        if ticket:
            logger.info(
                "conversation %s handed over to staff (%s)", tracker.sender_id, ticket.number
            )
        return [ConversationPaused()]
