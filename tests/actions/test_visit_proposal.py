"""When the last step of a fault repaired at home did not help, the bot registers the visit at once
and asks the first question with buttons to decline or ask for a person (issue 19: one customer
message less per repair ticket); 「不用了」 typed there stops the form as the button does."""

from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, FollowupAction, SlotSet

from actions.diagnosis import ActionDiagnosisOutcome
from actions.fallback import ActionDefaultFallback
from actions.reask import ASK_ACTIONS
from actions.tickets import ValidateTicketForm
from tests.actions.test_never_trapped import Conversation


def proposed(dispatcher, domain) -> Conversation:
    """The diagnosis ended unresolved on a TV; the outcome and the form's first question were sent."""
    chat = Conversation(fault="tv_no_picture", product="tv", diag_outcome="unresolved")
    chat.user("/deny", "deny").action("diagnosis_form").action("action_diagnosis_outcome")
    events = ActionDiagnosisOutcome().run(dispatcher, chat.tracker(), domain)
    assert events[-1] == FollowupAction("ticket_form")
    chat.heard(dispatcher).action("ticket_form").set(requested_slot="customer_name")
    ASK_ACTIONS["customer_name"]().run(dispatcher, chat.tracker("ticket_form"), domain)
    chat.heard(dispatcher)
    return chat


def buttons_of_last(chat: Conversation) -> list[tuple[str, str]]:
    bot = [e for e in chat.events if e["event"] == "bot"][-1]
    return [(b["title"], b["payload"]) for b in bot["data"]["buttons"] or []]


def test_the_first_question_offers_to_decline_or_a_person(dispatcher, domain):
    chat = proposed(dispatcher, domain)
    assert buttons_of_last(chat) == [("先不用登记", "/stop"), ("转人工客服", "/request_human")]
    # the next question is an ordinary one
    chat.listen().user("张伟 13912345678", "inform").set(
        customer_name="张伟", phone_number="13912345678", requested_slot="product_model"
    )
    ASK_ACTIONS["product_model"]().run(dispatcher, chat.tracker("ticket_form"), domain)
    assert not dispatcher.messages[0].get("buttons")


async def test_the_answer_to_the_first_question_is_taken(dispatcher, domain):
    chat = proposed(dispatcher, domain)
    chat.listen().user("张伟 13912345678", "inform")
    chat.latest["entities"] = [{"entity": "phone_number", "value": "13912345678"}]
    chat.set(customer_name="张伟 13912345678", phone_number="13912345678")
    events = await ValidateTicketForm().run(dispatcher, chat.tracker("ticket_form"), domain)
    assert not any(
        isinstance(e, dict) and e.get("event") == "action_execution_rejected" for e in events
    )
    assert FollowupAction("action_handoff") not in events


async def test_no_thanks_typed_stops_the_form_as_the_button_does(dispatcher, domain):
    for text in ("不用了", "先不用登记", "暂时不需要"):
        chat = proposed(dispatcher, domain)
        chat.listen().user(text, "deny").set(customer_name=text)
        events = await ValidateTicketForm().run(dispatcher, chat.tracker("ticket_form"), domain)
        assert events == [ActionExecutionRejected("ticket_form")]  # no rule for deny: the fallback
        rewritten = ActionDefaultFallback().run(dispatcher, chat.tracker(), domain)
        assert rewritten[-1]["parse_data"]["intent"]["name"] == "stop"  # → utter_ticket_cancelled
        assert dispatcher.messages == []


async def test_a_person_typed_at_the_first_question(dispatcher, domain):
    chat = proposed(dispatcher, domain)
    chat.listen().user("转人工吧", "nlu_fallback").set(customer_name="转人工吧")
    events = await ValidateTicketForm().run(dispatcher, chat.tracker("ticket_form"), domain)
    assert events == [
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        FollowupAction("action_handoff"),
    ]
