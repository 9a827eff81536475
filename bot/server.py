"""Rasa's command line with this project's fixes to Rasa 3.6.21: ``python -m bot.server run …``.

Every reply of the action server is checked against a JSON schema. Rasa does it with
``jsonschema.validate``, which first re-validates the schema itself against the meta-schema on
every call: profiling the server under load (``make bench``, py-spy) put two thirds of its CPU
time there. The schema is fixed, so it is checked once and the validator reused.

Every event of a tracker read from the tracker store is turned back into its class by
``Event.resolve_by_type``, which walks all subclasses of ``Event`` (with ``inspect.isabstract`` on
each) for every single event: about 10 % of the server's CPU under load in the next profile.
The map from type name to class is built once (again only for a name it does not know yet).
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any, Dict, Optional, Text, Type

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@lru_cache(maxsize=1)
def _action_response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every action call
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
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
_EVENT_TYPES: Dict[Text, Type[Event]] = {}


def _resolve_event_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    if type_name not in _EVENT_TYPES:
        _EVENT_TYPES.clear()
        for event_class in all_subclasses(Event):  # the order Rasa searches in: the first one wins
            _EVENT_TYPES.setdefault(event_class.type_name, event_class)
    if type_name in _EVENT_TYPES:
        return _EVENT_TYPES[type_name]
    return _resolve_event_type_uncached(type_name, default)  # Rasa's answer for old or unknown names


def apply_fixes() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_event_type)


def main() -> None:
    from rasa.__main__ import main as rasa_main

    apply_fixes()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
