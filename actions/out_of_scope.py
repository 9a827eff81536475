"""Not for us: a polite refusal, unless the message is about safety after all."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    back_to_summary,
    latest_text,
    send,
    typed_button,
    uncovered_symptom_button,
)
from actions.diagnosis import fault_menu_again
from actions.faq import answer_to_where, returns_note
from actions.safety import safety_first
from bot.dialogue.clarify import other_appliance_reply, topic_reply


class ActionOutOfScope(Action):
    """「今天天气怎么样」 gets the polite refusal. A hazard, or a question inside an open safety case
    (「要不要去医院」 after a shock), goes to the safety advice instead: the NLU reads such questions
    as not for us, and a customer must never be refused there. Words that name a button the bot
    just offered are that button (a fault no diagnosis covers, 「是不进水」, is the button of that
    product's other problems), a place right after the bot asked where is the answer, and a
    description right after a product's fault menu gets the menu again (「不进水」 names nothing
    of ours but the washer's fault)."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        safety = safety_first(tracker)
        if safety:
            return safety
        button = typed_button(tracker) or uncovered_symptom_button(tracker)
        if button:  # 「行，帮我登记一下」 at a ticket offer, whatever the NLU made of the words
            return button
        if fault_menu_again(dispatcher, tracker):  # 「不进水」 right after the washer's faults
            return []
        outlets = answer_to_where(tracker)
        if outlets:  # 「南京鼓楼区」 right after 「请告诉我您所在的城市和区县」
            dispatcher.utter_message(text=outlets)
            return []
        other = other_appliance_reply(latest_text(tracker)) or topic_reply(latest_text(tracker))
        returns = returns_note(tracker)
        if other:  # 「我家热水器不出热水了」: sent to the hotline; 「这一长串号是啥意思」: answered
            send(dispatcher, other)
        elif returns:  # 「同一个毛病修了两次还坏，能换新的吗」: the return and exchange rules
            dispatcher.utter_message(text=returns)
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return back_to_summary(tracker)
