"""Every form prompt goes through the "never ask a third time" guard."""

from pathlib import Path

import yaml

from actions.reask import ASK_ACTIONS, GUARDED_SLOTS

DOMAIN = Path(__file__).resolve().parents[2] / "domain"


def _domain():
    forms, responses, actions = {}, set(), set()
    for path in DOMAIN.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        forms.update(data.get("forms") or {})
        responses |= set(data.get("responses") or {})
        actions |= {str(a) for a in data.get("actions") or ()}
    return forms, responses, actions


def test_every_form_slot_with_a_prompt_is_asked_by_a_guarded_action_in_the_domain():
    forms, responses, actions = _domain()
    prompted = {
        s
        for form in forms.values()
        for s in form.get("required_slots") or ()
        if f"utter_ask_{s}" in responses
    }
    assert prompted == set(GUARDED_SLOTS)
    assert {f"action_ask_{s}" for s in GUARDED_SLOTS} <= actions
    assert {a().name() for a in ASK_ACTIONS.values()} == {f"action_ask_{s}" for s in GUARDED_SLOTS}
