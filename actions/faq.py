"""Policy and FAQ answers, read from the knowledge base by the intent asked."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent
from bot.knowledge import get_knowledge


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        answer = get_knowledge().answer(latest_intent(tracker))
        if answer is None:
            dispatcher.utter_message(response="utter_no_answer_yet")
            return []
        buttons = [{"title": title, "payload": payload} for title, payload in answer.buttons]
        dispatcher.utter_message(text=answer.text, buttons=buttons or None)
        return []
