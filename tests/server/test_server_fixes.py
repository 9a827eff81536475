"""Rasa's behaviour is kept by the server's fixes: the cached validation of action-server replies
accepts and rejects what Rasa's did; cached event types resolve as Rasa's did; slots copy as
``copy.copy`` did. Serving uses one TensorFlow thread per pool unless the operator says otherwise.
The fixes patch only the Rasa they were written for, and the tests put Rasa's own code back."""

import copy

import pytest
import rasa.version
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.server import (
    RasaVersionError,
    _resolve_event_type_uncached,
    apply_fixes,
    set_serving_threads,
)
from harness.servers import ROOT

PATCHED = [
    (RemoteAction, "_validate_action_result"),
    (Event, "resolve_by_type"),
    (Slot, "__copy__"),
    (EndpointConfig, "session"),
    (FailSafeTrackerStore, "on_tracker_store_retrieve_error"),
]


def rasa_code():
    """What Rasa's patched classes hold, as their own dictionaries hold it (None: not there)."""
    import rasa.server

    return [vars(owner).get(name) for owner, name in PATCHED] + [rasa.server.create_app]


@pytest.fixture(scope="module")
def action():
    fixes = apply_fixes()
    yield RemoteAction("action_start_diagnosis", None)
    fixes.undo()


def test_the_fixes_are_undone_and_rasa_has_its_own_code_back():
    before = rasa_code()
    fixes = apply_fixes()
    assert all(
        now is not then for now, then in zip(rasa_code()[: len(PATCHED)], before, strict=False)
    )
    fixes.undo()
    assert all(now is then for now, then in zip(rasa_code(), before, strict=True))


def test_the_fixes_refuse_any_other_rasa_and_patch_nothing(monkeypatch):
    before = rasa_code()
    monkeypatch.setattr(rasa.version, "__version__", "3.6.22")
    with pytest.raises(RasaVersionError) as refusal:
        apply_fixes()
    assert "bot/server.py fixes Rasa 3.6.21, but Rasa 3.6.22 is installed" in str(refusal.value)
    assert all(now is then for now, then in zip(rasa_code(), before, strict=True))


def test_a_valid_reply_passes(action):
    reply = {
        "events": [{"event": "slot", "name": "fault", "value": "tv_no_picture"}],
        "responses": [{"text": "好"}],
    }
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize(
    "reply",
    [{"events": "not a list"}, {"responses": [1]}, {"events": [{"event": "no_such_event"}]}],
)
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


def test_every_slot_of_the_domain_copies_as_copy_copy_did(action):
    for slot in Domain.load(str(ROOT / "domain")).slots:
        generic = copy._reconstruct(slot, None, *slot.__reduce_ex__(4))  # copy.copy without the fix
        duplicate = copy.copy(slot)
        assert type(duplicate) is type(slot) and duplicate is not slot
        assert vars(duplicate) == vars(generic) == vars(slot)


def test_trackers_do_not_share_slot_values(action):
    domain = Domain.load(str(ROOT / "domain"))
    first = DialogueStateTracker("a", domain.slots)
    first.update(SlotSet("phone_number", "13912345678"))
    second = first.init_copy()
    assert first.get_slot("phone_number") == "13912345678"
    assert second.get_slot("phone_number") is None
    assert all(slot.value is None or slot.value == slot.initial_value for slot in domain.slots)


def test_serving_uses_one_tensorflow_thread_per_pool_unless_the_operator_says_otherwise():
    serving = {}
    set_serving_threads(["run", "--port", "5005"], serving)
    assert serving == {
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    }
    operator = {"TF_INTER_OP_PARALLELISM_THREADS": "4"}
    set_serving_threads(["run"], operator)
    assert operator == {
        "TF_INTER_OP_PARALLELISM_THREADS": "4",
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    }
    training = {}
    set_serving_threads(["train"], training)
    assert training == {}


async def test_endpoint_requests_send_the_same_json_through_ujson(action):
    """A real HTTP round trip through Rasa's EndpointConfig.request with the patched session."""
    import json

    from aiohttp import web

    received = {}

    async def echo(request):
        received["raw"] = await request.text()
        return web.json_response(json.loads(received["raw"]))

    app = web.Application()
    app.router.add_post("/webhook", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        body = {
            "text": "电视/黑屏",
            "confidence": 0.1 + 0.2,
            "events": [{"x": None, "n": 3}],
            "ok": True,
        }
        answer = await EndpointConfig(f"http://127.0.0.1:{port}/webhook").request(
            json=body, method="post"
        )
    finally:
        await runner.cleanup()
    assert answer == body and json.loads(received["raw"]) == body
    assert "\\/" in received["raw"]  # ujson's escaping: the patched encoder did the work
