"""Reading what the customer answered to a diagnostic step.

A reply is read in this order (issue 19):

1. a safety hazard (the NLU's ``safety_hazard``): never an answer;
2. 「不对，是冰箱」 / 「不对，不是这个问题，是电视没图像」 (correction words naming another product or
   another fault of this one): the diagnosis switches;
3. 「行了行了，别让我弄了，叫个师傅来看看」: no more steps, the repair is registered;
4. the step's own outcomes (``replies:`` of the step in knowledge/faults), then the generic
   wording of knowledge/replies.yml: 「灯是亮的」, 「切到HDMI2就出来了」, 「温度本来就是对的」;
5. a clear new topic (another fault, a question, a request): the bot answers it and comes back;
6. the step's how-to help for 「我不会」「在哪看」, and 「好的我试试」 (the bot waits);
7. the NLU's yes / no; anything else cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from bot.knowledge.diagnosis import OUTCOMES, Answer, ReplyWording, Step, StepKind, said_done
from bot.knowledge.words import says_part_works

#: Intents that mean the customer wants something else: never an answer to a step.
NOT_AN_ANSWER = frozenset(
    {
        "stop",
        "request_human",
        "safety_hazard",
        "check_ticket_status",
        "request_repair",
        "bot_challenge",
        "complaint",
        "suggestion",
        "greet",
        "goodbye",
        "out_of_scope",
    }
)
SAFETY = "safety_hazard"
OUT_OF_SCOPE = "out_of_scope"
#: Another fault's intent is a clear new topic only this sure (or when another product is named):
#: the NLU reads crying, laughter and half answers as some fault often enough.
CLEAR_NEW_FAULT = 0.9
#: The NLU's affirm / deny is taken as the answer only this sure.
SURE_ANSWER = 0.6
#: A reading the bot would act on (the FallbackClassifier's threshold in config.yml).
ACTED_ON = 0.5
#: A message this short that asks how, at a step that asks for details, asks about the step.
SHORT_HELP = 8
#: A message not for us that asks or wants something (「明天天气怎么样」, 「帮我订个外卖」) is a
#: question of its own, answered politely; one that asks nothing at a step (「衣服就放了两件」) is
#: the customer's answer in their own words.
ASKS_OR_WANTS = re.compile(
    r"[?？吗呢嘛]|什么|怎么|咋|哪|谁|几点|几号|多少|帮我|给我|我想|我要|想要|打开|播放|放一?首|"
    r"来一?首|查一?下|讲个|推荐|订"
)
#: A question of the customer's own (「保修管不管」, 「那换个屏多少钱」): at a step that asks for a
#: detail it is no detail, whatever the classifier made of it. Not with digits or Latin letters
#: (「2022年买的吧？」 gives the date).
OWN_QUESTION = re.compile(
    r"[?？]|吗[。！!～~ ]*$|多少钱|管不管|怎么办|能不能|可不可以|要不要|收不收"
)
#: When two outcomes match equally long, the more careful reading wins.
TIE_ORDER = ("unchanged", "not_fixed", "deny", "skip", "fixed", "affirm")
POSITIVE = frozenset({"fixed", "affirm"})


class Reading(str, Enum):
    ANSWER = "answer"  # an answer to the step (see ``Read.answer``)
    SAFETY = "safety"  # a hazard: safety advice first
    NEW_TOPIC = "new_topic"  # a question, another fault, a request: answered elsewhere
    HELP = "help"  # 「我不会」: how to do the step
    WAIT = "wait"  # 「好的，我试试」: no answer yet
    UNREADABLE = "unreadable"  # the bot cannot tell what it means
    OTHER_PRODUCT = "other_product"  # 「不对，是冰箱」: the same problem, on another product
    WANTS_ENGINEER = "wants_engineer"  # 「别让我弄了，叫个师傅来」: no more steps, a repair


@dataclass(frozen=True)
class Read:
    reading: Reading
    answer: Answer | None = None


def is_question_intent(intent: str | None) -> bool:
    """Policy and FAQ questions (ask_*) interrupt a diagnosis instead of answering it."""
    return bool(intent and intent.startswith("ask_"))


def own_question(text: str) -> bool:
    """The customer asks something of their own, with no detail in it (no digit, no Latin letter)."""
    return bool(OWN_QUESTION.search(text)) and not re.search(r"[0-9A-Za-z０-９]", text)


def is_new_topic(
    intent: str | None,
    fault: str | None,
    fault_intents: Iterable[str],
    confidence: float = 1.0,
    other_product: bool = False,
) -> bool:
    """A question, a request, or clearly another fault (another product named, or the NLU very sure)."""
    if not intent:
        return False
    if intent in NOT_AN_ANSWER or is_question_intent(intent):
        return True
    return (
        intent != fault
        and intent in set(fault_intents)
        and (other_product or confidence >= CLEAR_NEW_FAULT)
    )


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _longest(text: str, patterns: Iterable[str], negations: tuple[str, ...], positive: bool) -> int:
    """Length of the longest match of any pattern in ``text`` (0: none). A positive outcome
    does not count right after a negation: 「没好」 is not 「好了」."""
    best = 0
    for pattern in patterns:
        for match in _compiled(pattern).finditer(text):
            before = text[: match.start()]
            if positive and any(before.endswith(n) for n in negations):
                continue
            best = max(best, len(match.group(0)) or 1)
    return best


def match_outcome(
    text: str,
    patterns: Mapping[str, tuple[str, ...]],
    allowed: Iterable[str],
    negations: tuple[str, ...],
) -> str | None:
    """The outcome among ``allowed`` whose wording matches ``text`` longest (None: no match)."""
    scored = [
        (_longest(text, patterns.get(outcome, ()), negations, outcome in POSITIVE), outcome)
        for outcome in allowed
        if patterns.get(outcome)
    ]
    scored = [(length, outcome) for length, outcome in scored if length]
    if not scored:
        return None
    top = max(length for length, _ in scored)
    best = [o for length, o in scored if length == top]
    return min(best, key=lambda o: TIE_ORDER.index(o) if o in TIE_ORDER else len(TIE_ORDER))


def step_outcome(step: Step, text: str, wording: ReplyWording) -> Answer | None:
    """The answer that the step's own wording, then the generic wording, reads in ``text``."""
    outcomes = OUTCOMES[step.kind]
    found = match_outcome(text, step.replies, outcomes, wording.negations)
    if found is None and step.kind is not StepKind.INFO:
        found = match_outcome(text, wording.patterns, outcomes, wording.negations)
    if found is None and step.kind is StepKind.CHECK and said_done(step.done_before, text):
        # 「冷藏调的是4度」 at the temperature step: what would pass the step over when said
        # earlier (its ``done_before``), said at it, is done and changed nothing
        found = "unchanged"
    if found in POSITIVE and match_outcome(text, wording.patterns, ("wait",), ()):
        # 「发卡拿出来了，我再洗一下试试」: the step is done, its result not seen yet: the bot waits
        found = None
    if found == "fixed" and still_not_working(step, text, wording):
        # 「好了我回家了，按了信号源还是黑的」: the 好了 is not the answer; a step that cannot be
        # answered "not fixed" (a question) is asked again
        found = "not_fixed" if "not_fixed" in outcomes else None
    return outcomes[found] if found else None


def still_not_working(step: Step, text: str, wording: ReplyWording) -> bool:
    """The message says it still does not work, in the step's words or the generic ones."""
    said = ("not_fixed",)
    return bool(
        match_outcome(text, step.replies, said, ())
        or match_outcome(text, wording.patterns, said, ())
    )


def read_reply(
    step: Step,
    intent: str | None,
    text: str | None,
    fault: str | None,
    wording: ReplyWording,
    fault_intents: Iterable[str] = (),
    hazard: bool = False,
    confidence: float = 1.0,
    other_product: bool = False,
    other_fault: bool = False,
    own_reading: tuple[str, float] | None = None,
) -> Read:
    """How the customer's message reads at ``step`` of the diagnosis of ``fault``
    (``hazard``: the message names a hazard of knowledge/safety.yml; ``confidence``: the NLU's for
    ``intent``; ``other_product``: the message names a product other than the diagnosis's;
    ``other_fault``: it names another fault of the same product in so many words, and the NLU
    reads that fault too: a correction only with correction words, 「不对，不是这个问题…」;
    ``own_reading``: the classifier's intent and confidence when the domain check, not the
    classifier, made the message out of scope)."""
    text = (text or "").strip()
    if not text:
        return Read(Reading.UNREADABLE)
    if hazard or intent == SAFETY:
        return Read(Reading.SAFETY)
    if (other_product or other_fault) and match_outcome(
        text, wording.patterns, ("other_product",), ()
    ):
        return Read(Reading.OTHER_PRODUCT)
    if asks_for_engineer(text, intent, wording):
        # before the step's wording: the 行了 of 「行了行了，叫个师傅来」 is not 「好了」
        return Read(Reading.WANTS_ENGINEER)
    answer = step_outcome(step, text, wording)
    if answer is not None:
        return Read(Reading.ANSWER, answer)
    if step.kind is StepKind.QUESTION and match_outcome(
        text, wording.patterns, ("not_fixed",), wording.negations
    ):
        # 「还是不行」 to 「漏水是在水管接头处吗？」 answers no question: asked again with its
        # buttons (a step's own wording, 「还是不亮」 for the standby light, was read above)
        return Read(Reading.UNREADABLE)
    if (
        step.kind is StepKind.INFO
        and not is_question_intent(intent)
        and match_outcome(text, wording.patterns, ("dont_know",), ())
    ):
        return Read(Reading.ANSWER, Answer.TEXT)  # 「包装盒找不到了，不知道」: as the step says
    if intent == OUT_OF_SCOPE and match_outcome(text, wording.patterns, ("help",), ()):
        return Read(
            Reading.HELP
        )  # 「过滤器在哪啊 我找不到」 names nothing of ours, yet asks how to do the step
    if (
        step.kind is StepKind.INFO
        and len(text) <= SHORT_HELP
        and match_outcome(text, wording.patterns, ("help",), ())
    ):
        return Read(Reading.HELP)  # 「那怎么办啊」「在哪看啊」 at the IMEI question: how to find it
    if step.kind is StepKind.INFO and own_question(text):
        # 「对了，我手机屏幕摔碎了，保修管不管」 at the model question was stored as the model
        return Read(Reading.NEW_TOPIC)
    if step.kind is StepKind.INFO and intent == OUT_OF_SCOPE:
        # details asked for (「房间二十平，门开得不多」) name nothing of ours, so the NLU's scope
        # check calls them out of scope: at a step that asks for details they are the answer
        return Read(Reading.ANSWER, Answer.TEXT)
    if intent == OUT_OF_SCOPE and own_reading:
        # only the domain check refused it: 「换了根线也是一样」 names nothing of ours, yet it is the
        # customer's answer, in their own words. Read by what the classifier made of it, it is
        # asked again when unclear, never refused as not for us
        intent, confidence = own_reading
        if confidence < ACTED_ON:
            intent = None  # too unsure for a question or a request of its own: the answer, unread
    elif intent == OUT_OF_SCOPE and not ASKS_OR_WANTS.search(text):
        # 「衣服就放了两件」 to the transit bolts: about a later step, in the customer's words; asked
        # again, never refused as not for us
        intent = None
    if intent in set(fault_intents) and says_part_works(text):
        # 「遥控器好使的，按音量有反应」 names the remote, to say it works: no fault of its own
        intent = None
    if is_new_topic(intent, fault, fault_intents, confidence, other_product):
        return Read(Reading.NEW_TOPIC)
    if match_outcome(text, wording.patterns, ("help",), ()):
        return Read(Reading.HELP)
    if step.kind is StepKind.INFO:
        return Read(Reading.ANSWER, Answer.TEXT)
    if match_outcome(text, wording.patterns, ("wait",), ()):
        return Read(Reading.WAIT)
    if confidence < SURE_ANSWER:
        return Read(Reading.UNREADABLE)
    if intent == "affirm":
        return Read(Reading.ANSWER, Answer.YES)
    if intent == "deny" or (intent == fault and step.kind is StepKind.CHECK):
        # 「还是黑屏」 is the fault intent again: the step did not help.
        return Read(Reading.ANSWER, Answer.NO)
    return Read(Reading.UNREADABLE)


#: Intents whose message mentions an engineer without asking for one now (「师傅上门三次都没修好，
#: 我要投诉」, 「我已经报修过了，工单号多少」).
ENGINEER_MENTIONED = frozenset({"complaint", "suggestion", "check_ticket_status"})
#: Right before the request in its clause: not now (不用叫师傅, 先别叫, 要是还不行再叫, 上次叫的).
ENGINEER_NOT_NOW = re.compile(r"不|没|别|要是|如果|万一|上次|之前|以前|已经")
#: A question about the visit (上门要收费吗, 师傅上门要多久), unless it asks for one (能不能派个师傅来).
ENGINEER_QUESTION = re.compile(r"[?？吗]|多少|多久|几天|什么时候|怎么|收费|要钱|费用")
POLITE_REQUEST = re.compile(r"(能|可以|可不可以|能不能|麻烦).{0,6}(派|叫|安排|上门|来)")
ASKING_KINDLY = re.compile(r"能不能|可不可以|行不行|要不要")


def asks_for_engineer(text: str, intent: str | None, wording: ReplyWording) -> bool:
    """The customer stops the steps and wants an engineer now (``wants_engineer`` wording)."""
    if intent in ENGINEER_MENTIONED or is_question_intent(intent):
        return False
    if ENGINEER_QUESTION.search(text) and not POLITE_REQUEST.search(text):
        return False
    for pattern in wording.patterns.get("wants_engineer", ()):
        for match in _compiled(pattern).finditer(text):
            clause = re.split(r"[，,。；;！!？?\s]", text[: match.start()])[-1]
            clause = ASKING_KINDLY.sub("", clause)  # the 不 of 能不能派个师傅来 negates nothing
            if ENGINEER_NOT_NOW.search(clause[-4:]) or "过" in text[match.end() : match.end() + 3]:
                continue
            return True
    return False


def read_answer(
    step: Step,
    intent: str | None,
    text: str | None,
    fault: str | None,
    wording: ReplyWording | None = None,
) -> Answer | None:
    """The customer's answer to ``step``, or None when the message is not an answer."""
    if wording is None:
        from bot.knowledge import get_knowledge

        wording = get_knowledge().replies
    return read_reply(step, intent, text, fault, wording).answer


def find_error_code(text: str | None) -> str | None:
    """The first fault code in ``text``: the shape ``error_code`` of ``knowledge/shapes.yml`` or
    a code listed in ``knowledge/error_codes.yml`` (CL), upper case; None without one."""
    match = _error_code_pattern().search(text or "")
    return match.group("value").upper() if match else None


def corrected_code(text: str | None, known: str | None) -> str | None:
    """The one code ``text`` names other than the ``known`` one (「凑近看了下是E4，不是E3」, 「不是E3，
    是E4」, 「E4是啥意思啊」 after E3 was explained); None when it names none, only the known one, or
    several others, or names the known one too without denying it (「E3还是E4看不清」)."""
    if not known:
        return None
    text = text or ""
    found = [(m.group("value").upper(), m.start()) for m in _error_code_pattern().finditer(text)]
    if any(code == known.upper() and not re.search(r"不是?\s*$", text[:at]) for code, at in found):
        return None
    others = {code for code, _at in found} - {known.upper()}
    return others.pop() if len(others) == 1 else None


@lru_cache(maxsize=1)
def _error_code_pattern() -> re.Pattern[str]:
    from bot.knowledge import get_knowledge

    knowledge = get_knowledge()
    known = sorted(
        {code for codes in knowledge.error_codes.values() for code in codes},
        key=lambda c: (-len(c), c),
    )
    code_shape = knowledge.shapes["error_code"]
    with_known = replace(
        code_shape, regexes=code_shape.regexes + tuple(re.escape(code) for code in known)
    )
    return re.compile(with_known.in_text())


def answer_to_offer(text: str | None, wording: ReplyWording) -> str | None:
    """「行，帮我登记一下」 to a yes / no offer: ``affirm``, ``deny``, or None when it says neither."""
    found = match_outcome(text or "", wording.patterns, ("offer_decline", "offer_accept"), ())
    return {"offer_accept": "affirm", "offer_decline": "deny"}.get(found or "")


#: A button named after one of these in the same clause is not chosen: 「不要转人工，登记吧」.
BUTTON_NEGATIONS = re.compile(r"不要|不用|不想|别|不|没")
#: A shared stretch of the reply and a button's title this long names the button (「转人工吧」 and
#: 「转人工客服」 share 转人工, 「找个人工」 shares 人工).
TITLE_WORDS = 2
#: A question about something (「客服电话多少」) chooses no button.
ASKS_SOMETHING = re.compile(r"多少|什么|怎么|哪")


def _affirmed(text: str, at: int) -> bool:
    """No negation before ``at`` in its clause."""
    clause = re.split(r"[，,。；;！!？?\s]", text[:at])[-1]
    return not BUTTON_NEGATIONS.search(clause)


def _named_by(text: str, words: str) -> int:
    """The longest stretch (at least TITLE_WORDS long) of ``words`` said in ``text``, not negated."""
    for size in range(len(words), TITLE_WORDS - 1, -1):
        for start in range(len(words) - size + 1):
            part = words[start : start + size]
            at = text.find(part)
            while at >= 0:
                if _affirmed(text, at):
                    return size
                at = text.find(part, at + 1)
    return 0


def _said(text: str, patterns: Iterable[str]) -> int:
    """The longest match of ``patterns`` in ``text``, not negated (0: none)."""
    return max(
        (
            len(match.group(0)) or 1
            for pattern in patterns
            for match in _compiled(pattern).finditer(text)
            if _affirmed(text, match.start())
        ),
        default=0,
    )


def chosen_button(
    text: str | None, buttons: Iterable[tuple[str, str]], wording: ReplyWording
) -> str | None:
    """The payload of the offered button (title, payload) that a typed reply names, or None.

    A yes / no offer is answered in words (「行，帮我登记一下」: the ``/affirm`` button; 「先不用了」:
    ``/deny``). Any other button is named by its title's words (「转人工吧」 → 「转人工客服」), its
    payload's words when it is text, or the wording of knowledge/replies.yml for its payload's
    intent (「找个真人」 → ``/request_human``, 「登记吧」 → ``/request_repair``); the longest match
    wins, and a tie names none."""
    text = (text or "").strip()
    offered = list(buttons)
    if not text or not offered or ASKS_SOMETHING.search(text):
        return None
    payloads = {payload for _title, payload in offered}
    if {"/affirm", "/deny"} <= payloads:
        answer = answer_to_offer(text, wording)
        if answer or payloads == {"/affirm", "/deny"}:
            # a bare yes / no offer is answered in yes / no words only: the title 「好的，帮我报修」
            # shares 帮我 with 「帮我查一下天气」, which answers nothing
            return f"/{answer}" if answer else None
    scores: dict[str, int] = {}
    for title, payload in offered:
        intent = payload[1:].split("{", 1)[0] if payload.startswith("/") else ""
        score = max(
            _said(text, wording.patterns.get(intent, ())) if intent else _named_by(text, payload),
            _named_by(text, title),
        )
        scores[payload] = max(scores.get(payload, 0), score)
    top = max(scores.values())
    best = [payload for payload, score in scores.items() if score == top]
    return best[0] if top and len(best) == 1 else None
