"""Simulated customers for ``make converse``: each one wants an outcome, means certain values,
and behaves in a few of the ways real customers do. Seeded: the same seed (and day) gives the
same customers.

Facts (faults, steps, products, cities) come from ``knowledge/``; the customers' words from
``bench/converse/lines.yml``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import KnowledgeBase, get_knowledge
from bot.knowledge.diagnosis import END_TARGETS, Answer, Diagnosis, StepKind, advance
from bot.knowledge.hotline import with_hotline

LINES_FILE = Path(__file__).with_name("lines.yml")

#: The outcome a customer wants.
GOALS: tuple[str, ...] = ("fix", "ticket", "handoff", "answer", "complaint", "status")
#: Share of each goal among the customers of a run (quotas, so every run has each of them).
GOAL_SHARES: dict[str, float] = {
    "fix": 0.28,
    "ticket": 0.40,
    "handoff": 0.08,
    "answer": 0.08,
    "complaint": 0.08,
    "status": 0.08,
}

#: Ways of behaving, each chosen at random (with the goals it makes sense for).
BEHAVIOURS: dict[str, tuple[str, ...]] = {
    "free_text": (
        "fix",
        "ticket",
    ),  # its own words for yes / no / fixed / not fixed instead of buttons
    "up_front": ("ticket",),  # every detail in the first message
    "correction": ("ticket",),  # gives one value wrong, corrects it at the confirmation
    "misleading_street": (
        "ticket",
    ),  # lives on a street named after another place (株洲路, 南海大道)
    "landline": ("ticket", "complaint"),  # gives a landline with its area code, no mobile
    "typo": ("fix", "ticket"),  # a typo or homophone for the product (冰相, 空凋, 手记)
    "emotional": ("fix", "ticket", "handoff", "complaint"),  # a long emotional opening
    "mid_question": ("fix", "ticket"),  # a policy question in the middle of the diagnosis
    "no_model": ("ticket",),  # cannot find the model number
}
BEHAVIOUR_CHANCE = 0.3
#: Fields a customer may give wrong first (the "correction" behaviour).
SLIP_FIELDS = ("purchase_date", "model", "name")


@cache
def lines() -> dict[str, Any]:
    return yaml.safe_load(LINES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Values:
    """What the customer means (not necessarily what it types first)."""

    name: str
    mobile: str | None
    landline: str | None
    product: str | None = None
    fault: str | None = None  # the fault intent of knowledge/faults
    model: str | None = None  # None: the customer does not know it
    purchase: tuple[int, int] | None = None  # (year, month)
    purchase_text: str | None = None  # how the customer says it
    city: str | None = None
    district: str | None = None
    address: str | None = None  # district + street + number, without the city

    @property
    def contact(self) -> str:
        return self.mobile or self.landline or ""


@dataclass(frozen=True)
class Customer:
    index: int
    sender: str
    goal: str
    behaviours: frozenset[str]
    values: Values
    #: the check step that fixes the problem (goal "fix"); None: nothing fixes it
    fix_step: str | None = None
    #: the true answer to each yes/no question step: ((step id, True for yes), ...)
    branches: tuple[tuple[str, bool], ...] = ()
    #: the policy question (goal "answer"): intent, text and a phrase the answer must contain
    question: tuple[str, str, str] | None = None
    #: the field given wrong first (behaviour "correction") and the wrong value said
    slip: tuple[str, str] | None = None
    #: seed of the customer's own choices of words during the conversation
    words_seed: int = 0
    #: the step before which a mid-diagnosis question is asked (behaviour "mid_question")
    mid_question_at: int = 1

    def has(self, behaviour: str) -> bool:
        return behaviour in self.behaviours

    def branch(self, step_id: str) -> bool:
        return dict(self.branches).get(step_id, False)

    @property
    def diagnosis(self) -> Diagnosis | None:
        return get_knowledge().diagnosis(self.values.fault)

    def as_json(self) -> dict[str, Any]:
        v = self.values
        return {
            "sender": self.sender,
            "goal": self.goal,
            "behaviours": sorted(self.behaviours),
            "values": {**v.__dict__, "purchase": list(v.purchase) if v.purchase else None},
            "fix_step": self.fix_step,
            "branches": dict(self.branches),
            "question": list(self.question) if self.question else None,
            "slip": list(self.slip) if self.slip else None,
        }


def path(diagnosis: Diagnosis, branches: dict[str, bool]) -> list[str]:
    """The steps a customer walks when no check helps, with its answers to the questions."""
    step_id, walked = diagnosis.first, []
    while step_id not in END_TARGETS and step_id not in walked:
        walked.append(step_id)
        step = diagnosis.step(step_id)
        if step.kind is StepKind.QUESTION:
            answer = Answer.YES if branches.get(step_id) else Answer.NO
        elif step.kind is StepKind.CHECK:
            answer = Answer.NO
        else:
            answer = Answer.TEXT
        step_id = advance(diagnosis, step_id, answer)
    return walked


def date_text(rng: random.Random, year: int, month: int, today: date) -> str:
    """How a customer says when it bought the product."""
    ago = today.year - year
    forms = [f"{year}年{month}月", f"{year}.{month}"]
    if ago == 1:
        forms += [f"去年{month}月"] + (["去年双十一"] if month == 11 else [])
    if ago == 2:
        forms += [f"前年{month}月"]
    return rng.choice(forms)


def purchase_for(rng: random.Random, today: date) -> tuple[int, int]:
    while True:
        year, month = today.year - rng.randint(0, 4), rng.randint(1, 12)
        if (year, month) < (today.year, today.month):
            return year, month


def _quota(count: int, rng: random.Random) -> list[str]:
    """Goals by their shares, each at least once when ``count`` allows; shuffled."""
    if count < len(GOALS):
        return [rng.choice(GOALS) for _ in range(count)]
    quota = {goal: max(1, round(share * count)) for goal, share in GOAL_SHARES.items()}
    while sum(quota.values()) > count:
        quota[max(quota, key=lambda goal: quota[goal])] -= 1
    quota["ticket"] += count - sum(quota.values())
    goals = [goal for goal, n in quota.items() for _ in range(n)]
    rng.shuffle(goals)
    return goals


def generate(
    seed: int,
    count: int = 100,
    today: date | None = None,
    knowledge: KnowledgeBase | None = None,
    run_id: str = "",
) -> list[Customer]:
    """``count`` customers; every behaviour appears at least once when ``count`` allows it.
    ``run_id`` goes into the sender ids (a second run against the same servers starts afresh)."""
    today = today or date.today()
    knowledge = knowledge or get_knowledge()
    rng = random.Random(seed)
    data = lines()
    goals = _quota(count, rng)
    behaviours: list[set] = [
        {
            b
            for b, goals_of in BEHAVIOURS.items()
            if goal in goals_of and rng.random() < BEHAVIOUR_CHANCE
        }
        for goal in goals
    ]
    # every behaviour at least once: given to a random customer whose goal allows it
    for behaviour, goals_of in BEHAVIOURS.items():
        if not any(behaviour in chosen for chosen in behaviours):
            fitting = [i for i, goal in enumerate(goals) if goal in goals_of]
            if fitting:
                behaviours[rng.choice(fitting)].add(behaviour)
    prefix = f"converse-{seed}-{run_id}" if run_id else f"converse-{seed}"
    return [
        _customer(i, prefix, goals[i], frozenset(behaviours[i]), rng, data, today, knowledge)
        for i in range(count)
    ]


def _customer(
    index: int,
    prefix: str,
    goal: str,
    behaviours: frozenset[str],
    rng: random.Random,
    data: dict[str, Any],
    today: date,
    knowledge: KnowledgeBase,
) -> Customer:
    city = rng.choice(sorted(data["places"]))
    place = data["places"][city]
    misleading = "misleading_street" in behaviours and place.get("misleading")
    district, street = rng.choice(place["misleading"] if misleading else place["plain"])
    if (
        "misleading_street" in behaviours and not misleading
    ):  # this city has none: move to one that has
        city = rng.choice(sorted(c for c, p in data["places"].items() if p.get("misleading")))
        place = data["places"][city]
        district, street = rng.choice(place["misleading"])
    address = f"{district}{street}{rng.randint(1, 300)}号"
    landline = (
        f"{place['area_code']}-{rng.choice('5678')}{rng.randint(0, 9999999):07d}"
        if "landline" in behaviours
        else None
    )
    mobile = None if landline else f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
    name = rng.choice(data["names"])
    sender = f"{prefix}-{index:03d}"
    words_seed = rng.randint(0, 2**31)
    if goal in ("fix", "ticket"):
        fault = rng.choice(sorted(data["faults"]))
        diagnosis = knowledge.diagnosis(fault)
        assert diagnosis is not None, (
            f"lines.yml names {fault}, which knowledge/faults does not have"
        )
        # yes or no at random, except to safety questions (these customers have no hazard)
        branches = {
            s.id: rng.random() < 0.5 and not s.id.startswith("safety")
            for s in diagnosis.steps.values()
            if s.kind is StepKind.QUESTION
        }
        walked = path(diagnosis, branches)
        checks = [s for s in walked if diagnosis.step(s).kind is StepKind.CHECK]
        fix_step = rng.choice(checks) if goal == "fix" and checks else None
        if goal == "fix" and fix_step is None:
            goal = "ticket"
        year, month = purchase_for(rng, today)
        model = None if "no_model" in behaviours else rng.choice(data["models"][diagnosis.product])
        slip = None
        if "correction" in behaviours:
            slip_field = rng.choice([f for f in SLIP_FIELDS if f != "model" or model])
            if slip_field == "purchase_date":
                slip = (slip_field, f"{year - 1 if year > today.year - 4 else year + 1}年{month}月")
            elif slip_field == "model":
                slip = (
                    slip_field,
                    next(m for m in data["models"][diagnosis.product] if m != model),
                )
            else:
                slip = (slip_field, next(n for n in data["names"] if n[0] != name[0]))
        values = Values(
            name=name,
            mobile=mobile,
            landline=landline,
            product=diagnosis.product,
            fault=fault,
            model=model,
            purchase=(year, month),
            purchase_text=date_text(rng, year, month, today),
            city=city,
            district=district,
            address=address,
        )
        walked_index = rng.randint(0, max(0, len(walked) - 1))
        return Customer(
            index,
            sender,
            goal,
            behaviours,
            values,
            fix_step,
            tuple(sorted(branches.items())),
            slip=slip,
            words_seed=words_seed,
            mid_question_at=walked_index,
        )
    values = Values(
        name=name, mobile=mobile, landline=landline, city=city, district=district, address=address
    )
    question = None
    if goal == "answer":
        asked = rng.choice(data["policy"])
        question = (asked["intent"], asked["text"], with_hotline(asked["expect"]))
    return Customer(
        index, sender, goal, behaviours, values, question=question, words_seed=words_seed
    )
