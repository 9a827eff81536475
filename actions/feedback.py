"""Customer satisfaction: the 1-5 rating after a fix."""
from __future__ import annotations

import logging
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_text
from bot.dialogue.ratings import read_rating

logger = logging.getLogger(__name__)


class ActionStoreRating(Action):
    def name(self) -> Text:
        return "action_store_rating"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        rating: Optional[int] = read_rating(latest_entity(tracker, "rating") or latest_text(tracker))
        if rating is None:
            dispatcher.utter_message(text="请回复 1 到 5 之间的数字打分，5 分表示非常满意。")
            return []
        logger.info("rating %s for conversation %s", rating, tracker.sender_id)
        dispatcher.utter_message(response="utter_thanks_for_rating")
        return [SlotSet("rating", str(rating)), SlotSet("diag_outcome", None)]
