"""Rasa's command line with this project's fixes to Rasa 3.6.21: ``python -m bot.server run …``.

Every reply of the action server is checked against a JSON schema. Rasa does it with
``jsonschema.validate``, which first re-validates the schema itself against the meta-schema on
every call: profiling the server under load (``make bench``, py-spy) put two thirds of its CPU
time there. The schema is fixed, so it is checked once and the validator reused.

Every event of a tracker read from the tracker store is turned back into its class by
``Event.resolve_by_type``, which walks all subclasses of ``Event`` (with ``inspect.isabstract`` on
each) for every single event: about 10 % of the server's CPU under load in the next profile.
The map from type name to class is built once (again only for a name it does not know yet).

Every tracker Rasa builds (each one read from the tracker store, each copy a policy makes) copies
every slot of the domain with ``copy.copy``, which goes through the generic ``__reduce_ex__``
protocol: 5 % of the server's CPU in a third profile. ``Slot.__copy__`` does the same shallow copy
directly (a new instance with the same attribute dictionary), three times as fast.

Every call to the action server sends the whole conversation (the tracker with every event) as
JSON, and Rasa encodes it with the standard library's pure-Python encoder: 6 % of the server's
CPU in a fourth profile, JSON encoding 9 % in all. The endpoints' HTTP sessions encode their
bodies with ujson (a Rasa dependency) instead; the JSON is equivalent.

A server answers one message at a time per conversation: TensorFlow's thread pools cost more in
hand-offs than they give for one short message, so ``run`` uses one thread each unless the
operator set ``TF_INTER_OP_PARALLELISM_THREADS`` / ``TF_INTRA_OP_PARALLELISM_THREADS`` (A/B, 20
customers, two runs each: Rasa's CPU per turn 21.2 → 19.0 ms, 47.7 → 52.2 turns/s). Processes,
not threads, are how the bot scales (docs/deployment.md). Training keeps TensorFlow's defaults.

Each fix re-implements a piece of Rasa 3.6.21, so ``apply_fixes`` refuses any other version of Rasa
(``RasaVersionError``): check every fix against the new version's code, then change
``FIXED_RASA_VERSION``. It returns the ``Fixes`` it made, whose ``undo()`` puts Rasa's own code back
(the tests do).

Security (docs/security.md): Rasa has no switch for ``PUT /model`` and ``DELETE /model`` (replace
or unload the model, from any URL); a middleware refuses them with 403 unless the operator sets
``ALLOW_MODEL_CHANGES=1``. Log records, warnings and stderr are cleaned (``bot.logs``). Rasa wraps the
tracker store in a ``FailSafeTrackerStore`` that answers any error reading a conversation by
logging it and starting the conversation over; a conversation the encrypting tracker store
cannot decrypt (``bot.tracker_store.TrackerStoreKeyError``: another secret) fails the turn
instead, so it is never silently replaced.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import aiohttp
import ujson
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.core.slots import Slot
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from bot.tracker_store import TrackerStoreKeyError


@lru_cache(maxsize=1)
def _action_response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every action call
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise


_resolve_event_type_uncached = Event.resolve_by_type
_EVENT_TYPES: dict[str, type[Event]] = {}


def _resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _EVENT_TYPES:
        _EVENT_TYPES.clear()
        for event_class in all_subclasses(Event):  # the order Rasa searches in: the first one wins
            _EVENT_TYPES.setdefault(event_class.type_name, event_class)
    if type_name in _EVENT_TYPES:
        return _EVENT_TYPES[type_name]
    return _resolve_event_type_uncached(
        type_name, default
    )  # Rasa's answer for old or unknown names


def _copy_slot(self: Slot) -> Slot:
    """What ``copy.copy`` does for a plain object: same class, a copy of its attribute dict."""
    duplicate = self.__class__.__new__(self.__class__)
    duplicate.__dict__.update(self.__dict__)
    return duplicate


def _endpoint_session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's ``EndpointConfig.session`` with ujson encoding the JSON bodies."""
    auth = (
        aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        if self.basic_auth
        else None
    )
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=ujson.dumps,
    )


MODEL_CHANGES = {("PUT", "/model"), ("DELETE", "/model")}


def model_changes_allowed(environ: MutableMapping[str, str]) -> bool:
    return environ.get("ALLOW_MODEL_CHANGES", "").lower() in ("1", "true", "yes")


def guard_api(app: Any) -> Any:
    """Refuse ``PUT/DELETE /model`` on Rasa's ``app`` unless an operator turned them on."""
    from sanic import response

    @app.on_request
    async def refuse_model_changes(request):
        if (
            request.method,
            request.path.rstrip("/"),
        ) in MODEL_CHANGES and not model_changes_allowed(os.environ):
            return response.json(
                {
                    "error": "changing the model over HTTP is turned off (set ALLOW_MODEL_CHANGES=1 to allow it)"
                },
                status=403,
            )
        return None

    return app


def _guarded_create_app(create_app: Callable[..., Any]) -> Callable[..., Any]:
    def create(*args: Any, **kwargs: Any) -> Any:
        return guard_api(create_app(*args, **kwargs))

    create.guarded = True  # type: ignore[attr-defined]  # a mark on the function: patched once
    return create


#: The Rasa whose code the fixes re-implement, and the only one they patch.
FIXED_RASA_VERSION = "3.6.21"
#: An attribute that was not there before a fix added it.
_ABSENT = object()


def _no_start_over(on_error: Callable[[Any, Exception], None]) -> Callable[[Any, Exception], None]:
    def on_retrieve_error(self: FailSafeTrackerStore, error: Exception) -> None:
        if isinstance(error, TrackerStoreKeyError):
            raise error  # the turn fails, loudly; the stored conversation stays as it is
        on_error(self, error)

    return on_retrieve_error


class RasaVersionError(RuntimeError):
    """Rasa is not the version whose code the fixes re-implement."""


@dataclass
class Fixes:
    """What ``apply_fixes`` replaced: (owner, attribute, what it was), in the order replaced."""

    replaced: list[tuple[Any, str, Any]] = field(default_factory=list)

    def replace(self, owner: Any, name: str, value: Any) -> None:
        self.replaced.append((owner, name, vars(owner).get(name, _ABSENT)))
        setattr(owner, name, value)

    def undo(self) -> None:
        """Rasa's own code back, last replaced first."""
        while self.replaced:
            owner, name, original = self.replaced.pop()
            if original is _ABSENT:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def apply_fixes() -> Fixes:
    """Patch Rasa with the fixes above; refused with ``RasaVersionError`` for any Rasa but
    ``FIXED_RASA_VERSION``, before anything is patched."""
    import rasa.server
    import rasa.version

    found = rasa.version.__version__
    if found != FIXED_RASA_VERSION:
        raise RasaVersionError(
            f"bot/server.py fixes Rasa {FIXED_RASA_VERSION}, but Rasa {found} is installed: its fixes "
            f"re-implement parts of Rasa {FIXED_RASA_VERSION} and would replace the new version's code. "
            "Install the version of requirements.lock, or check each fix against the new code and "
            "change FIXED_RASA_VERSION."
        )
    fixes = Fixes()
    if not getattr(rasa.server.create_app, "guarded", False):
        fixes.replace(rasa.server, "create_app", _guarded_create_app(rasa.server.create_app))
    fixes.replace(RemoteAction, "_validate_action_result", _validate_action_result)
    fixes.replace(Event, "resolve_by_type", staticmethod(_resolve_event_type))
    fixes.replace(Slot, "__copy__", _copy_slot)
    fixes.replace(EndpointConfig, "session", _endpoint_session)
    fixes.replace(
        FailSafeTrackerStore,
        "on_tracker_store_retrieve_error",
        _no_start_over(FailSafeTrackerStore.on_tracker_store_retrieve_error),
    )
    return fixes


SERVING_TF_THREADS = {
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
}


def set_serving_threads(arguments: list[str], environ: MutableMapping[str, str]) -> None:
    """One TensorFlow thread per pool for ``run`` (Rasa reads these when it starts); an
    operator's own values, and every other command, are left as they are."""
    if arguments[:1] == ["run"]:
        for name, value in SERVING_TF_THREADS.items():
            environ.setdefault(name, value)


def main() -> None:
    from rasa.__main__ import main as rasa_main

    from bot.logs import install_output_masking

    install_output_masking()
    try:
        apply_fixes()
    except RasaVersionError as error:
        sys.exit(str(error))
    set_serving_threads(sys.argv[1:], os.environ)
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
