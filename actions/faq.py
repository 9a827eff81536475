"""Policy and FAQ answers, read from the knowledge base by the intent asked.

Most answers are fixed text; the warranty answer is worked out when the customer says which
product and when it was bought (「冰箱2023年5月买的还在保吗」).
"""
from __future__ import annotations

from datetime import date
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_intent
from bot.dialogue.dates import parse_purchase_date, today
from bot.dialogue.messages import warranty_message
from bot.knowledge import get_knowledge
from bot.knowledge.policy import check_warranty


def warranty_answer(tracker: Tracker, today: date) -> Optional[str]:
    knowledge = get_knowledge()
    product = knowledge.product_id(latest_entity(tracker, "product")) or tracker.get_slot("product")
    purchase_text = latest_entity(tracker, "purchase_date") or tracker.get_slot("purchase_date")
    purchased = parse_purchase_date(purchase_text, today)
    warranty = knowledge.warranties.get(product or "")
    if warranty is None or purchased is None:
        return None
    verdict = check_warranty(warranty, purchased, today)
    return warranty_message(knowledge.product_name(product), purchase_text, verdict)


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = latest_intent(tracker)
        if intent == "ask_warranty":
            computed = warranty_answer(tracker, today())
            if computed:
                dispatcher.utter_message(text=computed)
                return []
        answer = get_knowledge().answer(intent)
        if answer is None:
            dispatcher.utter_message(response="utter_no_answer_yet")
            return []
        buttons = [{"title": title, "payload": payload} for title, payload in answer.buttons]
        dispatcher.utter_message(text=answer.text, buttons=buttons or None)
        return []
