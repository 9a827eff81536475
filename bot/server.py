"""Rasa's command line with this project's fixes to Rasa 3.6.21: ``python -m bot.server run …``.

Every reply of the action server is checked against a JSON schema. Rasa does it with
``jsonschema.validate``, which first re-validates the schema itself against the meta-schema on
every call: profiling the server under load (``make bench``, py-spy) put two thirds of its CPU
time there. The schema is fixed, so it is checked once and the validator reused.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


def apply_fixes() -> None:
    RemoteAction._validate_action_result = _validate_action_result


def main() -> None:
    from rasa.__main__ import main as rasa_main

    apply_fixes()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
