"""Never ask the same thing a third time, in every form.

``action_ask_<slot>`` (one per form slot that has an ``utter_ask_<slot>`` prompt, listed in
domain/reask.yml) sends the domain's prompt the first two times and a way out the third time.
Other ask actions and validators use ``ask_or_offer`` / ``offered_way_out``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecutionRejected,
    ActiveLoop,
    EventType,
    FollowupAction,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    form_runs_after_user_message,
    latest_text,
    offered_buttons,
    product_asked_about,
)
from actions.faq import returns_note
from actions.forms import TICKET_SLOTS, collected_fields
from bot.dialogue.messages import (
    COMPLAINT_HEARD,
    BotMessage,
    Button,
    model_and_date_question,
    model_question,
    name_question,
    proposal_buttons,
    slot_way_out,
)
from bot.dialogue.reasks import OFFER, prompt_key, should_offer_way_out, times_asked
from bot.dialogue.replies import chosen_button
from bot.dialogue.ticket_fields import district_candidates
from bot.knowledge import get_knowledge
from bot.knowledge.base import WALK_IN_SERVICES

#: Form slots asked through the guard (each has utter_ask_<slot> in the domain).
GUARDED_SLOTS = (
    *TICKET_SLOTS,
    "complaint_text",
    "complaint_about",
    "suggestion_text",
    "rating",
    "rating_comment",
    "ticket_id",
    "mobile_check",
    "ticket_correction",
)
#: Fields a customer may leave open: the way out offers 「跳过这一项」 (sent as 「不知道」).
SKIPPABLE = frozenset({"product_model", "purchase_date", "complaint_about", "rating_comment"})


def send_prompt(dispatcher: CollectingDispatcher, message: BotMessage, key: str) -> None:
    """Send ``message`` marked as asking ``key`` (BotUttered metadata ``prompt``)."""
    if message.buttons:
        dispatcher.utter_message(text=message.text, buttons=message.button_dicts(), prompt=key)
    else:
        dispatcher.utter_message(text=message.text, prompt=key)


def ask_or_offer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: str,
    ask: Callable[[], None],
    way_out: Callable[[], BotMessage],
    reset_on: Iterable[str] = (),
) -> bool:
    """Ask for ``slot`` with ``ask()`` unless that would be the third time: then send
    ``way_out()``. Returns True when the way out was offered."""
    if should_offer_way_out(tracker.applied_events(), slot, reset_on):
        send_prompt(dispatcher, way_out(), prompt_key(slot, OFFER))
        return True
    ask()
    return False


def offered_way_out(tracker: Tracker, slot: str, reset_on: Iterable[str] = ()) -> bool:
    """The way out was already offered for ``slot`` (since it was last filled)."""
    return times_asked(tracker.applied_events(), prompt_key(slot, OFFER), reset_on) > 0


#: What the bot's message that registers a home visit unasked is marked with (``metadata.prompt``).
PROPOSAL = prompt_key("ticket", "proposal")


def proposed_this_turn(tracker: Tracker) -> bool:
    """True when the bot registered a repair unasked since the customer's latest message (the
    ticket form's first question then has the buttons to decline it or ask for a person)."""
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("prompt") == PROPOSAL:
            return True
    return False


def proposal_answer(tracker: Tracker) -> str | None:
    """The proposal's button (``/stop``, ``/request_human``) the customer's fresh reply to the
    first question names in words (「不用了」, 「先不用登记」), or None."""
    if not form_runs_after_user_message(tracker):
        return None
    buttons = offered_buttons(tracker)
    decline = proposal_buttons(get_knowledge().replies.visit_decline)
    if [b.as_tuple() for b in decline] != buttons:
        return None
    return chosen_button(latest_text(tracker), buttons, get_knowledge().replies)


#: The way-out buttons that leave the form, and what pressing them runs (the rules of
#: data/rules: 转人工 → action_handoff, 报修 → ticket_form).
LEAVING_BUTTONS = {"/request_human": "action_handoff", "/request_repair": "ticket_form"}


def way_out_typed(tracker: Tracker) -> str | None:
    """The payload of the way-out button the customer's fresh reply names in words (「转人工吧」,
    「好的，登记吧」), when the bot's last message was a way-out offer (None otherwise)."""
    buttons = offered_buttons(tracker)
    if not form_runs_after_user_message(tracker) or not any(
        payload in LEAVING_BUTTONS for _title, payload in buttons
    ):
        return None
    return chosen_button(latest_text(tracker), buttons, get_knowledge().replies)


def leave_form_for(payload: str | None, form: str) -> list[EventType] | None:
    """A typed way-out button that leaves ``form``: the form ends and that button's action runs,
    as if it had been pressed (None: not such a button)."""
    action = LEAVING_BUTTONS.get(payload or "")
    if action is None or action == form:
        return None
    return [SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction(action)]


class LeavesAtWayOut:
    """A form validator mixin (before ``FormValidationAction``): a way-out button typed in words
    leaves the form for that button's action, before any field reads the reply."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # FormValidationAction's form_name(), after this mixin in the MRO (not known to mypy here)
        form: str = getattr(self, "form_name")()  # noqa: B009
        leave = leave_form_for(way_out_typed(tracker), form)
        if leave is not None:
            return leave
        if proposal_answer(tracker):
            # 「不用了」 to the first question of a repair the bot registered unasked: the form
            # rejects, and the fallback reads the words as the button (/stop: the form stops)
            return [ActionExecutionRejected(form)]
        validate = super().run  # type: ignore[misc]  # FormValidationAction.run, next in the MRO
        events: list[EventType] = await validate(dispatcher, tracker, domain)
        return events


class ActionAskSlot(Action):
    """Asks for one form slot with the domain's ``utter_ask_<slot>``, at most twice in a row."""

    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def question(self, tracker: Tracker) -> str | None:
        """A question of its own instead of the domain's ``utter_ask_<slot>`` (None: that one)."""
        return None

    def choices(self, tracker: Tracker) -> list[Button]:
        """Buttons of its own under the question (none by default)."""
        return []

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if apology_owed(tracker, self.slot):
            dispatcher.utter_message(text=COMPLAINT_HEARD)
            # 「投诉！修了两次修不好，是不是该给我换？」: the exchange rules answer the question,
            # the complaint is still recorded
            returns = returns_note(tracker)
            if returns:
                dispatcher.utter_message(text=returns)

        def ask() -> None:
            text = self.question(tracker)
            offered = self.choices(tracker)
            if proposed_this_turn(tracker):
                offered += proposal_buttons(get_knowledge().replies.visit_decline)
            buttons = [b.as_dict() for b in offered]
            if text:
                dispatcher.utter_message(text=text, buttons=buttons, prompt=self.slot)
            else:
                dispatcher.utter_message(
                    response=f"utter_ask_{self.slot}", buttons=buttons, prompt=self.slot
                )

        ask_or_offer(
            dispatcher, tracker, self.slot, ask, lambda: slot_way_out(self.slot in SKIPPABLE)
        )
        return []


def _ask_action(slot: str) -> type[ActionAskSlot]:
    name = "ActionAsk" + "".join(part.title() for part in slot.split("_"))
    return type(name, (ActionAskSlot,), {"slot": slot, "__module__": __name__})


class ActionAskCustomerName(ActionAskSlot):
    """The name, and the phone with it unless the phone is known already."""

    slot = "customer_name"

    def question(self, tracker: Tracker) -> str | None:
        phone = tracker.get_slot("phone_number")
        return name_question(str(phone)) if phone else None


class ActionAskProductModel(ActionAskSlot):
    """The model, and the purchase date with it when that is wanted too: one message for both
    (「55E3F，2024年5月买的」) instead of two questions."""

    slot = "product_model"

    def question(self, tracker: Tracker) -> str | None:
        product = product_asked_about(tracker)
        model_only = tracker.get_slot("purchase_date") or "purchase_date" not in collected_fields(
            tracker.get_slot("fault")
        )
        if model_only:  # where a phone's model is written is not where a TV's is
            return model_question(product) if product and product.model_plate else None
        return model_and_date_question(product)


class ActionAskCity(ActionAskSlot):
    """The city, with the cities that have the address's district as buttons when several do
    (鼓楼区中山北路12号: 南京, 福州, 徐州, 开封)."""

    slot = "city"

    def question(self, tracker: Tracker) -> str | None:
        """For a walk-in repair (a phone) the district too: the outlet is where the customer goes."""
        knowledge = get_knowledge()
        diagnosis = knowledge.diagnosis(tracker.get_slot("fault"))
        if diagnosis is not None and diagnosis.service in WALK_IN_SERVICES:
            return knowledge.replies.walk_in_city_question
        return None

    def choices(self, tracker: Tracker) -> list[Button]:
        cities = district_candidates(tracker.get_slot("address"), get_knowledge().district_cities())
        return [Button(city, city) for city in cities] if len(cities) > 1 else []


#: The complaint form's questions; the one about what happened carries the apology itself.
COMPLAINT_FORM = "complaint_form"
COMPLAINT_QUESTIONS = ("complaint_text", "complaint_about", "customer_name", "phone_number")


def apology_owed(tracker: Tracker, slot: str) -> bool:
    """The complaint form's first question, when the complaint said what happened (and perhaps
    which ticket) at once: the apology the what-happened question carries comes with it."""
    return (
        (tracker.active_loop or {}).get("name") == COMPLAINT_FORM
        and slot in COMPLAINT_QUESTIONS
        and slot != "complaint_text"
        and not asked_in_this_form(tracker, COMPLAINT_FORM, COMPLAINT_QUESTIONS)
    )


def asked_in_this_form(tracker: Tracker, form: str, prompts: Iterable[str]) -> bool:
    """Whether one of ``prompts`` was asked since ``form`` last started."""
    wanted = set(prompts)
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "active_loop" and event.get("name") == form:
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("prompt") in wanted:
            return True
    return False


OWN_ASK_ACTIONS = {
    action.slot: action for action in (ActionAskCustomerName, ActionAskProductModel, ActionAskCity)
}
ASK_ACTIONS: dict[str, Any] = {
    slot: OWN_ASK_ACTIONS.get(slot) or _ask_action(slot) for slot in GUARDED_SLOTS
}
