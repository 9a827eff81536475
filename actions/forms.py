"""What every form that opens a ticket shares (on the model of financial-demo's ``custom_forms.py``):

- ``FieldRules``: which answer may fill which field, and the contact fields (name, phone) that
  the repair and the complaint forms both ask;
- ``conversation_request``: the ticket request of this conversation (customer, channel, transcript);
- ``submit``: open the ticket and confirm it, or keep it in the outbox when the database is down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, transcript, value_before_latest_message
from bot.dialogue.corrections import WRONG, read_correction
from bot.dialogue.dates import today
from bot.dialogue.messages import field_changed, queued_confirmation
from bot.dialogue.ticket_fields import Reading, read_field, read_name, read_phone
from bot.knowledge import get_knowledge
from bot.knowledge.details import get_details
from bot.tickets.model import Kind, Priority, Ticket
from bot.tickets.outbox import Queued, open_or_queue
from bot.tickets.services import TicketRequest

logger = logging.getLogger(__name__)

#: ``ticket_correction`` = FIXED + "slot=value" after a correction gave the new value: it wins over
#: whatever the form re-extracts from the same message (「是去年7月」 also yields the entity 「7月」).
FIXED = "fixed:"


def corrected_value(tracker: Tracker, slot: str) -> str | None:
    """The value a correction at the ticket summary gave ``slot`` (None: no correction of it)."""
    marker = str(tracker.get_slot("ticket_correction") or "")
    if marker.startswith(f"{FIXED}{slot}="):
        return marker[len(f"{FIXED}{slot}=") :]
    return None


#: The fields of a repair ticket the customer gives, in the order of the ticket form.
TICKET_SLOTS = (
    "problem",
    "customer_name",
    "phone_number",
    "product_model",
    "purchase_date",
    "city",
    "address",
)


#: The fields a correction inside an answer to another question may change (「电话写错了，是…」).
CONTACT_FIELDS = ("customer_name", "phone_number", "address")

#: The ticket fields a fault's ``collect`` list may leave out, by the name ``collect`` uses.
COLLECTED = {"product_model": "model", "purchase_date": "purchase_date"}


def collected_fields(fault: str | None) -> tuple[str, ...]:
    """The ticket fields a repair of ``fault`` asks for, in the form's order: every field but
    ``problem`` when the diagnosis says what is wrong, and of the model and the purchase date only
    those its ``collect`` list names (a list that names neither asks both)."""
    diagnosis = get_knowledge().diagnosis(fault)
    if diagnosis is None:
        return TICKET_SLOTS
    return tuple(
        slot
        for slot in TICKET_SLOTS
        if slot != "problem"
        and (slot not in COLLECTED or not diagnosis.collect or COLLECTED[slot] in diagnosis.collect)
    )


class FieldRules:
    """Which answer may fill which field: shared by every form that asks for contact details.

    An answer to the question asked fills that field (or is refused politely). A value that
    arrives while another question is asked (an entity in the answer, a detail given early)
    fills an empty field only when it is valid, and never overwrites a field already filled.
    """

    def take(
        self,
        slot: str,
        reading: Reading,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        reread: Callable[[Any], Reading],
        refusal: dict[str, Any] | None = None,
        raw: Any = None,
    ) -> dict[str, Any]:
        """``raw``: the value being validated, when ``reading`` was read from more than it (the
        message it came from)."""
        requested = tracker.get_slot("requested_slot")
        fixed = corrected_value(tracker, slot)
        if fixed is not None and requested != slot:
            return {slot: fixed}  # the customer's correction at the summary
        changed = self.changed_in_message(tracker)
        if changed is not None and changed[0] != requested:
            # 「电话写错了 是13912345679」 at the model question: that field changes, this one is
            # asked again (never filled with the correction's words)
            other, value = changed
            if slot == requested:
                dispatcher.utter_message(text=field_changed(other, value))
                return {slot: None, other: value}
            if slot == other:
                return {slot: value}
        if requested == slot:
            if reading.ok:
                return {slot: reading.value}
            if refusal:
                dispatcher.utter_message(**refusal)
            return {slot: None}
        previous = value_before_latest_message(tracker, slot)
        if reading.ok and raw is not None and str(raw) == str(previous):
            # the field's own value, filled earlier from an entity (「买了快两年」 during the
            # steps, 2024-12-02), read now as precisely as it was said: 「2024-12-02 以后」
            return {slot: reading.value}
        kept = previous if previous is not None and reread(previous).ok else None
        if requested and kept is not None:
            return {slot: kept}  # an answer to another question never overwrites this field
        return {slot: reading.value if reading.ok else kept}

    def changed_in_message(self, tracker: Tracker) -> tuple[str, str] | None:
        """(field, new value) when the latest message corrects a contact field already given
        (「电话写错了，是13912345679」), the value valid by that field's own rules."""
        text = latest_text(tracker)
        correction = read_correction(text) if WRONG.search(text) else None
        if correction is None or correction.value is None or not tracker.get_slot(correction.slot):
            return None
        if correction.slot not in CONTACT_FIELDS:
            return None
        reading = read_field(correction.slot, correction.value, get_knowledge(), today())
        return (correction.slot, str(reading.value)) if reading.ok else None

    def take_read(
        self,
        slot: str,
        reader: Callable[[str], Reading],
        value: Any,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        refusal: dict[str, Any],
    ) -> dict[str, Any]:
        """``take`` for a field ``reader`` finds inside a longer text: the extracted value, else the
        whole message when it answers this field's question."""
        asked = tracker.get_slot("requested_slot") == slot
        reading = reader(str(value or ""))
        if not reading.ok and asked:
            reading = reader(latest_text(tracker))
        return self.take(slot, reading, tracker, dispatcher, lambda v: reader(str(v)), refusal)

    def validate_customer_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        words = list(get_knowledge().synonym_map())
        read = lambda v: read_name(str(v or ""), words)  # noqa: E731
        result = self.take(
            "customer_name",
            read(value),
            tracker,
            dispatcher,
            read,
            {"response": "utter_invalid_customer_name"},
        )
        name = result.get("customer_name")
        if name and name == value:  # 「陈女士」: the engineer asks for 陈女士, not 陈
            result["customer_name"] = with_title(str(name), latest_text(tracker))
        return result

    def validate_phone_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        refusal = {"response": "utter_invalid_phone_number"}
        return self.take_read("phone_number", read_phone, value, tracker, dispatcher, refusal)


def with_title(name: str, said: str) -> str:
    """The name with the title the customer gave it (陈 + 女士 in 「我是陈女士」), as they said it."""
    for title in get_details().titles:
        if f"{name}{title}" in said:
            return f"{name}{title}"
    return name


def conversation_request(
    tracker: Tracker,
    *,
    kind: Kind,
    priority: Priority,
    fault: str,
    name_if_unknown: str,
    with_transcript: bool = True,
    **details: Any,
) -> TicketRequest:
    """A ticket request for this conversation: the customer as far as known (``name_if_unknown``
    when the form asked no name), the channel, the transcript."""
    return TicketRequest(
        kind=kind,
        priority=priority,
        customer_name=tracker.get_slot("customer_name") or name_if_unknown,
        mobile=tracker.get_slot("phone_number") or "",
        fault=fault,
        channel=tracker.get_latest_input_channel() or "chat",
        conversation_id=tracker.sender_id,
        transcript=transcript(tracker) if with_transcript else (),
        **details,
    )


def submit(
    dispatcher: CollectingDispatcher, request: TicketRequest, confirmation: Callable[[Ticket], str]
) -> Ticket | None:
    """Open the ticket and confirm it; if the database is down, keep it in the outbox and say so."""
    result = open_or_queue(request)
    if isinstance(result, Queued):
        dispatcher.utter_message(text=queued_confirmation(result.reference, request.kind))
        return None
    logger.info(
        "%s ticket %s opened for conversation %s",
        result.kind.value,
        result.number,
        request.conversation_id,
    )
    dispatcher.utter_message(text=confirmation(result))
    return result
