"""Rasa's behaviour is kept by the server's fixes: the cached validation of action-server replies
accepts and rejects what Rasa's did; cached event types resolve as Rasa's did."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.server import _resolve_event_type_uncached, apply_fixes


@pytest.fixture(scope="module")
def action():
    apply_fixes()
    return RemoteAction("action_start_diagnosis", None)


def test_a_valid_reply_passes(action):
    reply = {"events": [{"event": "slot", "name": "fault", "value": "tv_no_picture"}], "responses": [{"text": "好"}]}
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", [{"events": "not a list"}, {"responses": [1]}, {"events": [{"event": "no_such_event"}]}])
def test_an_invalid_reply_is_refused(action, reply):
    with pytest.raises(ValidationError) as error:
        action._validate_action_result(reply)
    assert "Failed to validate Action server response" in error.value.message


def test_every_event_type_resolves_to_the_class_rasa_finds(action):
    names = {event_class.type_name for event_class in all_subclasses(Event)}
    assert {"user", "action", "slot", "session_started"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is _resolve_event_type_uncached(name)


def test_old_and_unknown_event_names_behave_as_in_rasa(action):
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_a_tracker_round_trip_keeps_its_events(action):
    events = [UserUttered("你好", {"name": "greet"}), ActionExecuted("utter_greet")]
    restored = [Event.from_parameters(e.as_dict()) for e in events]
    assert restored == events
