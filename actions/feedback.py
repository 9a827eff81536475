"""Customer satisfaction: a 1-5 rating and an optional comment, after a fix or a repair."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import form_runs_after_user_message, latest_intent, latest_text
from actions.verification import may_rate
from bot.dialogue.ratings import read_rating
from bot.dialogue.replies import is_question_intent
from bot.tickets.model import TicketRuleError
from bot.tickets.services import rate_ticket, record_feedback

logger = logging.getLogger(__name__)

NO_COMMENT_INTENTS = ("deny", "stop", "thank", "goodbye")
#: A bare score typed to 「麻烦您为这次服务打个分」 (「5」, 「4分」): read as bare details (inform) by
#: the NLU, it is the rating all the same, when the message is no longer than this.
BARE_SCORE_CHARS = 4


class ValidateFeedbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_feedback_form"

    def extract_rating(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A typed rating that opened the form (「5分」「给你打3分吧」) counts at once."""
        if (
            tracker.get_slot("rating")
            or tracker.get_slot("requested_slot")
            or not form_runs_after_user_message(tracker)
        ):
            return {}
        text = latest_text(tracker)
        bare = latest_intent(tracker) == "inform" and len(text.strip()) <= BARE_SCORE_CHARS
        if latest_intent(tracker) != "rate_service" and not bare:
            return {}
        score = read_rating(text)
        return {"rating": str(score)} if score else {}

    def validate_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        score = read_rating(str(value or ""))
        if score is None:
            dispatcher.utter_message(response="utter_invalid_rating")
        return {"rating": str(score) if score else None}

    def validate_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if is_question_intent(latest_intent(tracker)):
            # 「现在还在保修期不」 after the score is a question, answered by the rules (data/rules/
            # desk.yml): no comment, and the comment is asked again
            return {"rating_comment": None}
        if latest_intent(tracker) in NO_COMMENT_INTENTS:
            return {"rating_comment": "-"}
        return {"rating_comment": str(value or "").strip()[:500] or "-"}


class ActionStoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        score = int(tracker.get_slot("rating"))
        comment = tracker.get_slot("rating_comment")
        comment = None if comment in (None, "-") else comment
        number = tracker.get_slot("rating_ticket")
        try:
            if number:
                if may_rate(number, tracker):
                    rate_ticket(number, score, comment)
            else:
                record_feedback(tracker.sender_id, tracker.get_slot("fault"), score, comment)
        except TicketRuleError as error:
            logger.warning("rating not stored: %s", error)
        dispatcher.utter_message(response="utter_thanks_for_rating")
        return [
            SlotSet(name, None)
            for name in ("rating", "rating_comment", "rating_ticket", "diag_outcome")
        ]
