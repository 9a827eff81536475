"""Did the bot understand the message? The metric of issue 18, message by message.

For each message with its primary meaning (and optional secondary ones, ``also``):

* **understood**: the bot acted on the primary meaning (the intent after the FallbackClassifier is
  the primary label; for a message not for us, ``out_of_scope``), or it asked back
  (``nlu_fallback``) with the primary meaning among the buttons it offered. The buttons are those
  of ``bot.dialogue.clarify.candidates`` — the function ``actions/clarify.py`` asks back with — so
  the figure measures what customers get;
* **wrong**: the bot acted on a meaning the message does not have (the cost customers pay most);
* neither: it asked back without the primary meaning on a button, or acted on a secondary
  meaning (the complaint around a fault: not wrong, but not what matters most);
* **top-1**: the classifier's best intent (before the fallback) is the primary meaning.

For messages that are no service request (everyday queries not for us, labelled ``out_of_scope``,
or thanks, greetings… labelled as such), **taken as a service request** means the bot acted on an
intent that is not in ``NOT_A_SERVICE`` (it starts a diagnosis, answers a policy question, looks up
a ticket…), or asked back with at least one button of such an intent. Answering it as out of scope,
small talk (greet, goodbye, thank, bot_challenge), a bare yes / no / information / stop, or asking
back with no service button are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.base import NLU_FALLBACK
from eval.examples import Example, Prediction
from eval.metrics import ratio

UNDERSTOOD = "understood"
WRONG = "wrong"
ASKED_WITHOUT_IT = "asked back without it"
SECONDARY = "acted on a secondary meaning"

#: Intents whose handling does not treat a message as a service request.
NOT_A_SERVICE: frozenset[str] = frozenset(
    {
        "out_of_scope",
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "affirm",
        "deny",
        "inform",
        "stop",
    }
)


def verdict(example: Example, prediction: Prediction) -> str:
    """What the bot did with one message: one of UNDERSTOOD, WRONG, ASKED_WITHOUT_IT, SECONDARY."""
    if prediction.intent == NLU_FALLBACK:
        return UNDERSTOOD if example.intent in prediction.offered else ASKED_WITHOUT_IT
    if prediction.intent == example.intent:
        return UNDERSTOOD
    return SECONDARY if prediction.intent in example.also else WRONG


def taken_as_service(prediction: Prediction) -> bool:
    """The bot treats the message as a service request (see the module docstring)."""
    if prediction.intent == NLU_FALLBACK:
        return any(intent not in NOT_A_SERVICE for intent in prediction.offered)
    return prediction.intent not in NOT_A_SERVICE


@dataclass(frozen=True)
class Understanding:
    messages: int
    understood: float
    wrong: float
    #: the classifier's best intent is the primary meaning
    top1: float
    #: asked back (nlu_fallback), with or without the right button
    asked_back: float
    asked_without_it: float
    secondary: float
    #: of the messages that are no service request (labelled with an intent of ``NOT_A_SERVICE``:
    #: out of scope, thanks…): taken as a service request (None when there are none)
    taken_as_service: float | None
    #: of the same messages: acted on as a service request (asking back not counted)
    acted_as_service: float | None = None


def understanding(examples: Sequence[Example], predictions: Sequence[Prediction]) -> Understanding:
    verdicts = [verdict(e, p) for e, p in zip(examples, predictions, strict=True)]
    n = len(verdicts)
    not_for_us = [
        p for e, p in zip(examples, predictions, strict=True) if e.intent in NOT_A_SERVICE
    ]
    return Understanding(
        messages=n,
        understood=ratio(verdicts.count(UNDERSTOOD), n),
        wrong=ratio(verdicts.count(WRONG), n),
        top1=ratio(
            sum(
                e.intent == p.intent_before_fallback
                for e, p in zip(examples, predictions, strict=True)
            ),
            n,
        ),
        asked_back=ratio(sum(p.intent == NLU_FALLBACK for p in predictions), n),
        asked_without_it=ratio(verdicts.count(ASKED_WITHOUT_IT), n),
        secondary=ratio(verdicts.count(SECONDARY), n),
        taken_as_service=ratio(sum(map(taken_as_service, not_for_us)), len(not_for_us))
        if not_for_us
        else None,
        acted_as_service=ratio(
            sum(p.intent != NLU_FALLBACK and taken_as_service(p) for p in not_for_us),
            len(not_for_us),
        )
        if not_for_us
        else None,
    )
