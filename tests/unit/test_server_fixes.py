"""The cached validation of action-server replies accepts and rejects what Rasa's did."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.server import apply_fixes


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
