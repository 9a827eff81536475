"""The fault inside a long message: every clause is classified by the same model, then combined.

「垃圾！用了半个月现在都开不了机！能告诉我为什么吗」 is a complaint around a fault. Classified as a
whole, the complaint words pull it away from the fault; classified clause by clause, 「现在都开不了机」
is plainly a fault. Two components do it inside the pipeline, so ``/model/parse``, ``rasa test``
and every channel see the same result:

- ``ClauseSplitter`` (after the homophone normaliser, before spaCy) appends one message per clause
  to the list of messages the pipeline processes; tokenizers, featurizers and DIET then treat
  them exactly like the whole message (no model is called from inside a component);
- ``ClauseCombiner`` (after DIET and the re-ranking components) takes them out again and combines:
  a confident fault of a clause becomes the primary meaning when the whole message was unsure or
  read as a complaint (when the whole was at least as sure of its own reading, the two tie and the
  bot asks back offering both); a confident complaint (or a second fault) of a clause becomes a secondary
  meaning, on the parse result as ``secondary_intents`` (the bot diagnoses, and offers to record
  the complaint); a whole message read as bare details (``inform``) means what a sure clause asks
  or reports (「冰箱2026年8月买的，还在保修期吗」 is a warranty question with its date). A clause
  that says a part works (「声音倒是有」: ``working_words`` of knowledge/vocabulary.yml) is not read
  as a fault of that part. A message, or a clause, that names danger only to deny it (「没有烧焦味，
  就是不制冷」: ``denied_by`` of knowledge/safety.yml) is no hazard report, whatever the classifier
  reads in its words.

Short messages are not split, so they cost nothing extra.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.replies import is_question_intent
from bot.knowledge.base import SECONDARY_INTENTS
from bot.knowledge.words import says_part_works
from bot.nlu.rankings import Ranking, dropped, lead_with, set_ranking

#: Marks a clause message with the position of its whole message in the list.
CLAUSE_OF = "clause_of"
#: Messages shorter than this are not split.
MIN_LENGTH = 14
#: A clause shorter than this joins the next one (「啊！」 alone says nothing; 「垃圾！」 is a complaint).
MIN_CLAUSE = 2
MAX_CLAUSES = 8
#: A clause's meaning counts when the model is at least this sure of it.
CLAUSE_SURE = 0.7
#: A message of details (``inform``) with a fault in it (「打开电视就显示没有信号。型号不清楚，
#: 2025.9买的，地址…」) is that fault when a clause reads it at least this sure: the details came
#: for a repair, and not understanding the message at all would lose them.
DETAILS_CLAUSE_SURE = 0.5
#: The whole message's fault stands when the model is at least this sure of it.
WHOLE_SURE = 0.8
#: Whole-message readings that a clear fault of a clause replaces.
REPLACEABLE: frozenset[str] = frozenset(
    {"complaint", "report_fault", "out_of_scope", "suggestion", "deny", "inform"}
)
#: A whole message read as bare details (「冰箱2026年8月买的，还在保修期吗」) means what a sure clause
#: asks or requests, when one does: the details come with the question.
DETAILS = "inform"
#: Clause meanings that ask or request nothing, so they never replace the details.
NO_REQUEST: frozenset[str] = frozenset(
    {
        "inform",
        "affirm",
        "deny",
        "greet",
        "goodbye",
        "thank",
        "stop",
        "bot_challenge",
        "rate_service",
        "out_of_scope",
        "nlu_fallback",
    }
)
#: A fault no diagnosis covers (「发热也严重」).
OTHER_FAULT = "report_fault"
#: Whole-message readings that a sure clause of ``OTHER_FAULT`` replaces as well: a buyer's advice
#: to other buyers (「建议别买」) says nothing a customer with a fault wants done; a complaint does,
#: and stays. Not a rating (a comment in the feedback form, 「差评，师傅说主板坏了要换」, is the
#: rating's), nor a refusal, left to the refusal check of ``scope.py``, which knows hotel rooms and
#: meals (session 17, study set).
NO_FAULT_MEANT: frozenset[str] = frozenset({"suggestion"})
#: Meanings worth keeping as a secondary meaning next to a fault.
SECONDARY_KINDS: frozenset[str] = frozenset({"complaint", "request_human", "suggestion"})
#: A hazard (knowledge/safety.yml): a clause of it leads a message that names one.
SAFETY = "safety_hazard"
CLAUSE_BREAK = re.compile(r"[。！？!?；;，,\n~～…]+|\s{1,}")


def clauses(text: str) -> list[str]:
    """The clauses of a long message (none for a short one): cut at punctuation and spaces, short
    pieces joined to the next, at most ``MAX_CLAUSES`` (neighbours joined)."""
    if len(text) < MIN_LENGTH or text.startswith("/"):
        return []
    pieces = [p for p in CLAUSE_BREAK.split(text) if p.strip()]
    joined: list[str] = []
    carry = ""
    for piece in pieces:
        carry = f"{carry}，{piece}" if carry else piece
        if len(carry) >= MIN_CLAUSE:
            joined.append(carry)
            carry = ""
    if carry:
        if joined:
            joined[-1] = f"{joined[-1]}，{carry}"
        else:
            joined.append(carry)
    while len(joined) > MAX_CLAUSES:
        joined = [f"{a}，{b}" for a, b in zip(joined[::2], joined[1::2], strict=False)] + (
            joined[-1:] if len(joined) % 2 else []
        )
    return joined if len(joined) >= 2 else []


@dataclass(frozen=True)
class Combined:
    ranking: Ranking
    secondary: Ranking


def combine(
    whole: Ranking, parts: Sequence[Ranking], problems: set[str], names_hazard: bool = False
) -> Combined:
    """The whole message's ranking with its clauses' meanings folded in.

    ``problems`` are the intents a diagnosis can start from (faults, safety hazards);
    ``names_hazard``: the message names a hazard of knowledge/safety.yml."""
    top: dict[str, Any] = whole[0] if whole else {"name": None, "confidence": 0.0}
    if top["name"] in NO_FAULT_MEANT:  # 「…建议别买了，发热也严重」: the fault no diagnosis covers
        problems = problems | {OTHER_FAULT}
    sure_parts = [p[0] for p in parts if p and p[0].get("confidence", 0.0) >= CLAUSE_SURE]
    part_problems = sorted(
        (p for p in sure_parts if p["name"] in problems), key=lambda p: -p["confidence"]
    )
    requests = sorted(
        (p for p in sure_parts if p["name"] not in NO_REQUEST), key=lambda p: -p["confidence"]
    )
    if top["name"] == DETAILS and not part_problems:
        part_problems = sorted(
            (
                p[0]
                for p in parts
                if p and p[0]["name"] in problems and p[0]["confidence"] >= DETAILS_CLAUSE_SURE
            ),
            key=lambda p: -p["confidence"],
        )
    ranking = list(whole)
    whole_is_sure_problem = top["name"] in problems and top["confidence"] >= WHOLE_SURE
    promoted_problem = (
        bool(part_problems)
        and not whole_is_sure_problem
        and (
            top["name"] in REPLACEABLE
            or (
                top["confidence"] < WHOLE_SURE
                and part_problems[0]["confidence"] > top["confidence"]
            )
        )
    )
    hazard_first = names_hazard and bool(part_problems) and part_problems[0]["name"] == SAFETY
    if promoted_problem and (top["name"] == DETAILS or hazard_first):
        # details and a fault (「我要报修，海信电视65E7K，开机黑屏有声音，我叫刘晓燕…」) are the fault
        ranking = lead_with(whole, part_problems[0]["name"], part_problems[0]["confidence"])
    elif promoted_problem:
        # the clause's fault first; the whole message's reading (a complaint, report_fault, out of
        # scope, a suggestion, a no) stays as it was. When the whole was at least as sure of its
        # reading as the clause of the fault, the two tie and the bot asks back offering both: a
        # rant about a missing charger is not a charging fault
        best = part_problems[0]
        promoted = {"name": best["name"], "confidence": max(best["confidence"], top["confidence"])}
        ranking = [promoted] + [r for r in whole if r["name"] != best["name"]]
    elif top["name"] == DETAILS and requests:
        # the details come with the question: 「冰箱2026年8月买的，还在保修期吗」
        ranking = lead_with(whole, requests[0]["name"], requests[0]["confidence"])
    primary = ranking[0]["name"] if ranking else None
    secondary: dict[str, float] = {}
    if primary in problems:
        candidates = list(sure_parts)
        if top["name"] != primary:
            candidates.append(top)
        for meaning in candidates:
            name = meaning["name"]
            wanted = name in SECONDARY_KINDS or (name in problems and name != primary)
            if wanted and name != primary:
                secondary[name] = max(secondary.get(name, 0.0), meaning["confidence"])
    return Combined(
        ranking,
        [{"name": n, "confidence": c} for n, c in sorted(secondary.items(), key=lambda i: -i[1])],
    )


#: A clause that asks: 「保修多久啊？」, 「上门收费吗」, 「会不会有毒啊」, 「修要收钱不」.
ASKS = re.compile(
    r"[?？吗呢嘛]|多少|多久|几年|怎么|咋|能不能|可不可以|是不是|会不会|有没有|要不要|收不收|"
    r"管不管|算不算|[^不]不$"
)


def question_asked(text: str, ranking: Ranking | None) -> dict[str, Any] | None:
    """The policy question a clause asks (its sure reading, an ``ask_`` intent, and words that ask),
    or None: 「在里面，果菜盒下面全是水。保修多久啊？」 asks about the warranty beside its answer."""
    if not ranking or not ASKS.search(text.strip(" 。.！!~～")):
        return None
    top = ranking[0]
    if not is_question_intent(top.get("name")):
        return None
    return top if top.get("confidence", 0.0) >= CLAUSE_SURE else None


def with_questions(combined: Combined, questions: Sequence[dict[str, Any]]) -> Ranking:
    """The secondary meanings and, after them, the questions the clauses asked, the message's own
    reading included: read as the answer to a step, the message's question would be lost (the
    dialogue answers them beside the step or the fault, never twice: a question the dialogue
    takes as the message's topic is answered by the rules instead)."""
    secondary = list(combined.secondary)
    for question in questions:
        if all(m["name"] != question["name"] for m in secondary):
            secondary.append({"name": question["name"], "confidence": question["confidence"]})
    return secondary


def problem_intents() -> set[str]:
    from bot.knowledge import load_knowledge

    return set(load_knowledge().diagnoses) | {SAFETY}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ClauseSplitter(GraphComponent):
    """Adds a message per clause of a long message; ``ClauseCombiner`` takes them out again."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClauseSplitter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        added: list[Message] = []
        for position, message in enumerate(messages):
            if message.get(CLAUSE_OF) is None:
                for clause in clauses(message.get(TEXT) or ""):
                    added.append(Message(data={TEXT: clause, CLAUSE_OF: position}))
        return messages + added

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # trained on whole messages; clauses are read at parse time only


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ClauseCombiner(GraphComponent):
    """Folds the clauses' meanings into their whole message and drops the clause messages."""

    def __init__(
        self, problems: set[str], safety: Any = None, working: Collection[str] = ()
    ) -> None:
        self.problems, self.safety, self.working = problems, safety, frozenset(working)

    def names_hazard(self, text: str) -> bool:
        from bot.dialogue.safety import find_hazard

        return self.safety is not None and find_hazard(self.safety, text) is not None

    def names_danger(self, text: str) -> bool:
        """A word every hazard report has in some form (knowledge/safety.yml ``hazard_words``),
        not denied (「没冒烟」)."""
        return self.safety is None or self.safety.names_danger(text)

    def denies_danger(self, text: str) -> bool:
        """Words of danger said only to deny them (「没冒烟也没着火，就是水不热」)."""
        return self.safety is not None and self.safety.denies_danger(text)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClauseCombiner:
        from bot.knowledge import load_knowledge
        from bot.knowledge.words import working_words

        return cls(problem_intents(), load_knowledge().safety, working_words())

    def process(self, messages: list[Message]) -> list[Message]:
        wholes = [m for m in messages if m.get(CLAUSE_OF) is None]
        for whole in wholes:
            ranking = whole.get(INTENT_RANKING_KEY) or []
            if (
                ranking
                and ranking[0]["name"] == SAFETY
                and self.denies_danger(whole.get(TEXT) or "")
            ):
                # 「没有烧焦味，就是不制冷」 names danger only to deny it: no hazard report
                set_ranking(whole, dropped(ranking, SAFETY))
        parts: dict[int, list[Ranking]] = {}
        questions: dict[int, Ranking] = {}
        for message in messages:
            owner: int | None = message.get(CLAUSE_OF)
            if owner is not None:
                question = question_asked(message.get(TEXT) or "", message.get(INTENT_RANKING_KEY))
                if question:
                    questions.setdefault(owner, []).append(question)
                # a clause of a part that works (「声音倒是有」) means nothing to fold in
                text = message.get(TEXT) or ""
                works = says_part_works(text, self.working)
                ranking = [] if works else message.get(INTENT_RANKING_KEY) or []
                if ranking and ranking[0]["name"] == SAFETY and not self.names_danger(text):
                    ranking = ranking[1:]  # 「孩子说可能是他拿球砸的」 names no danger
                parts.setdefault(owner, []).append(ranking)
        for position, ranked in parts.items():
            whole = messages[position]
            combined = combine(
                whole.get(INTENT_RANKING_KEY) or [],
                ranked,
                self.problems,
                names_hazard=self.names_hazard(whole.get(TEXT) or ""),
            )
            if combined.ranking:
                set_ranking(whole, combined.ranking)
            whole.set(
                SECONDARY_INTENTS,
                with_questions(combined, questions.get(position, [])),
                add_to_output=True,
            )
        return wholes
