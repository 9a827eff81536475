"""What the FallbackClassifier's two thresholds cost customers, scored on ranked predictions.

Below ``threshold`` confidence, or with the two best intents closer than ``ambiguity_threshold``,
the bot asks back with its likeliest meanings as buttons (actions/clarify.py) instead of acting on
its best guess. Both outcomes cost the customer something, and the thresholds trade one against
the other:

* acting on a wrong intent sends the customer down the wrong diagnosis or FAQ answer: they read
  it, say it did not help and describe the problem again (``Costs.wrong``);
* asking back costs one tap when the right meaning is among the buttons
  (``Costs.asked_offered``), and a rephrasing when it is not (``Costs.asked_not_offered``);
* acting on the right intent costs nothing.

The figures are steps the customer has to take, not money; ``scan`` scores every pair of
thresholds on a grid and ``cheapest`` picks the one with the lowest mean cost per message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.dialogue.clarify import candidates

#: An intent ranking, best first: (intent, confidence), without ``nlu_fallback``.
Ranking = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Ranked:
    """A message's true intent and what the classifier ranked, before any fallback."""

    intent: str
    ranking: Ranking
    #: the message itself, to look at the mistakes (not used in scoring)
    text: str = ""

    @property
    def best(self) -> str:
        """The classifier's best intent ("" when it ranked nothing)."""
        return self.ranking[0][0] if self.ranking else ""


@dataclass(frozen=True)
class Costs:
    """Customer steps per outcome (see the module docstring)."""

    wrong: float = 3.0
    asked_offered: float = 1.0
    asked_not_offered: float = 2.0


@dataclass(frozen=True)
class SettingScore:
    threshold: float
    ambiguity_threshold: float
    #: right intent acted on (what ``make nlu-eval`` calls intent accuracy)
    accuracy: float
    #: asked back
    asked_rate: float
    #: asked back although the best guess was right
    asked_needlessly_rate: float
    #: wrong intent acted on
    wrong_rate: float
    #: mean customer steps per message
    cost: float


def asks_back(ranking: Ranking, threshold: float, ambiguity_threshold: float) -> bool:
    """Rasa's FallbackClassifier rule: confidence below ``threshold``, or the best two closer
    than ``ambiguity_threshold``."""
    if not ranking:
        return True
    best = ranking[0][1]
    second = ranking[1][1] if len(ranking) > 1 else None
    return best < threshold or (second is not None and best - second < ambiguity_threshold)


def offered(ranking: Ranking, text: str = "") -> list[str]:
    """The intents the bot offers as buttons when it asks back (the function actions/clarify.py
    uses, with the knowledge-base search over the message's text)."""
    return [
        c.intent
        for c in candidates([{"name": n, "confidence": c} for n, c in ranking], text or None)
    ]


def cost_of(
    message: Ranked, threshold: float, ambiguity_threshold: float, costs: Costs = Costs()
) -> float:
    """What one message costs its customer under a pair of thresholds."""
    return _cost(message, asks_back(message.ranking, threshold, ambiguity_threshold), costs)


def _cost(message: Ranked, asked: bool, costs: Costs) -> float:
    if asked:
        return (
            costs.asked_offered
            if message.intent in offered(message.ranking, message.text)
            else costs.asked_not_offered
        )
    return 0.0 if message.best == message.intent else costs.wrong


def score(
    messages: Sequence[Ranked], threshold: float, ambiguity_threshold: float, costs: Costs = Costs()
) -> SettingScore:
    right = asked = needless = wrong = 0
    total = 0.0
    for message in messages:
        guess_right = bool(message.ranking) and message.best == message.intent
        asked_back = asks_back(message.ranking, threshold, ambiguity_threshold)
        total += _cost(message, asked_back, costs)
        if asked_back:
            asked += 1
            needless += guess_right
        elif guess_right:
            right += 1
        else:
            wrong += 1
    n = max(len(messages), 1)
    return SettingScore(
        threshold, ambiguity_threshold, right / n, asked / n, needless / n, wrong / n, total / n
    )


#: The grids ``scan`` tries by default.
THRESHOLDS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
AMBIGUITY_THRESHOLDS: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)


def scan(
    messages: Sequence[Ranked],
    thresholds: Iterable[float] = THRESHOLDS,
    ambiguity_thresholds: Iterable[float] = AMBIGUITY_THRESHOLDS,
    costs: Costs = Costs(),
) -> list[SettingScore]:
    ambiguities = list(ambiguity_thresholds)
    return [score(messages, t, a, costs) for t in thresholds for a in ambiguities]


def cheapest(scores: Sequence[SettingScore]) -> SettingScore:
    """The lowest mean cost; among equal costs, the one that asks back least, then the lowest
    thresholds (a tie means the extra questions bought nothing)."""
    return min(
        scores, key=lambda s: (round(s.cost, 9), s.asked_rate, s.threshold, s.ambiguity_threshold)
    )
