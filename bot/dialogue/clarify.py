"""Asking back when the bot is not sure what the customer meant."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.messages import BotMessage, Button
from bot.knowledge import get_knowledge
from bot.knowledge.base import NLU_FALLBACK

#: How many of the likeliest meanings the bot offers as buttons when it asks back.
MEANINGS_OFFERED = 2
#: Never offered as a button: the fallback itself, "unrelated to service" and bare information.
NEVER_OFFERED: frozenset[str] = frozenset({NLU_FALLBACK, "out_of_scope", "inform"})
#: How much the knowledge-base search counts against the classifier's confidence when the buttons
#: are chosen: an intent's score is its confidence plus this share of its BM25 score relative to
#: the best match (chosen by cross-validation on data/nlu, see docs/nlu-experiments.md).
SEARCH_WEIGHT = 0.3
#: The button that shows every fault of one product line (「手机的其他问题」): offered beside a
#: guessed fault, so a customer whose fault is not among the guesses picks it from the list instead
#: of describing it again.
OTHER_FAULTS = "report_fault"
#: Offered as well to a customer whose message says they are unhappy with us (``grievance_words``
#: of knowledge/vocabulary.yml), whatever the classifier ranked first.
COMPLAINT = "complaint"


@dataclass(frozen=True)
class Candidate:
    intent: str
    label: str
    #: the product line of an ``OTHER_FAULTS`` button
    product: str | None = None

    @property
    def payload(self) -> str:
        if self.product:
            return f'/{self.intent}{{"product":"{self.product}"}}'
        return f"/{self.intent}"


def candidates(
    intent_ranking: Iterable[dict[str, Any]], text: str | None = None, limit: int = MEANINGS_OFFERED
) -> list[Candidate]:
    """The meanings a clarifying question offers as buttons, likeliest first.

    The one place that decides the buttons: ``actions/clarify.py`` asks back with them, and the
    NLU evaluation scores "the right meaning was offered" with them, so the figure measures what
    customers get. ``text`` is the customer's message (for ranking the knowledge base as well).
    """
    knowledge = get_knowledge()
    scores: dict[str, float] = {}
    for ranked in intent_ranking or []:
        name = ranked.get("name")
        if name and name not in NEVER_OFFERED and knowledge.intent_label(name):
            scores[name] = max(scores.get(name, 0.0), float(ranked.get("confidence") or 0.0))
    if text and SEARCH_WEIGHT:
        from bot.knowledge.search import search

        for name, share in search_shares(search(text, 8)).items():
            if name not in NEVER_OFFERED and knowledge.intent_label(name):
                scores[name] = scores.get(name, 0.0) + SEARCH_WEIGHT * share
    about = message_product(text)
    if about:  # 「突然花屏」 of a phone: no fridge or air-conditioner button beside the phone's
        scores = {n: v for n, v in scores.items() if _fault_product(n) in (None, about)}
    ranked_names = sorted(scores, key=lambda n: -scores[n])[:limit]
    said = [n for n in faults_said(text) if _fault_product(n) in (None, about) or not about]
    if said and limit > 1 and not set(said) & set(ranked_names):
        # 「掉帧！杀后台！…卡死」 guessed as charging and battery: the fault the customer named in
        # its own words (``said_as`` of knowledge/faults) takes the second button
        best_said = max(said, key=lambda n: scores.get(n, 0.0))
        ranked_names = ranked_names[: limit - 1] + [best_said]
    offered = [
        Candidate(name, knowledge.intent_label(name) or name)
        for name in ranked_names
        if name != OTHER_FAULTS
    ]
    product = product_in_question(text, ranked_names)
    guessed_a_fault = any(knowledge.diagnosis(c.intent) for c in offered)
    # the product's other problems: beside a guessed fault of it, and whenever the message itself
    # names or cues the product in trouble (「发热太严重，退货了」 is a phone's, whatever the guesses)
    in_trouble = product == about and says_trouble(text)
    if OTHER_FAULTS in ranked_names or (product and (guessed_a_fault or in_trouble)):
        label = (
            f"{knowledge.product_name(product)}的其他问题"
            if product
            else knowledge.intent_label(OTHER_FAULTS) or OTHER_FAULTS
        )
        offered.append(Candidate(OTHER_FAULTS, label, product))
    if COMPLAINT not in ranked_names and says_grievance(text):
        # 「修了两次还是卡，售后还推来推去」: a way to be heard beside the guessed faults
        offered.append(Candidate(COMPLAINT, knowledge.intent_label(COMPLAINT) or COMPLAINT))
    return offered


#: The customers' words for a fault (``said_as``) shorter than this name nothing alone (卡 of 手机卡).
SAID_AS_MIN_CHARS = 2


def faults_said(text: str | None, min_chars: int | None = None) -> list[str]:
    """The faults the message names in the customers' own words for them (``said_as``), by words
    of ``min_chars`` or more (``SAID_AS_MIN_CHARS``; a button offered may take 卡 too)."""
    shortest = SAID_AS_MIN_CHARS if min_chars is None else min_chars
    lowered = (text or "").lower()
    return [
        intent
        for intent, diagnosis in get_knowledge().diagnoses.items()
        if any(len(w) >= shortest and w.lower() in lowered for w in diagnosis.said_as)
    ]


def says_grievance(text: str | None) -> bool:
    """The message says the customer is unhappy with us (「差评」「售后不管」「退货」)."""
    from bot.knowledge.words import grievance_words

    lowered = (text or "").lower()
    return sounds_upset(text) or any(w in lowered for w in grievance_words().named)


def sounds_upset(text: str | None) -> bool:
    """The customer is angry or let down (``grievance_words`` ``service`` and ``mood``: 气死,
    电话没人接, 退货), not only naming the service (售后电话多少)."""
    from bot.knowledge.words import grievance_words

    return any(w in (text or "").lower() for w in grievance_words().said)


def says_trouble(text: str | None) -> bool:
    """The message says something is wrong (``trouble_words`` of knowledge/vocabulary.yml), not
    only inside a word of service (修 of 保修多久)."""
    from bot.knowledge.words import service_words_longest_first, trouble_words

    lowered = (text or "").lower()
    for word in service_words_longest_first():
        lowered = lowered.replace(word, " ")
    return any(w in lowered for w in trouble_words())


def candidates_for(parse: dict[str, Any]) -> list[Candidate]:
    """The buttons for one parse result of Rasa (``/model/parse``, a tracker's latest message)."""
    return candidates(parse.get("intent_ranking") or [], parse.get("text"))


def message_product(text: str | None) -> str | None:
    """The product line the message is about: the one it names, else the one its context words
    alone point to (「无服务」, 「手机卡」: knowledge/details.yml); None when it tells none or several."""
    from bot.knowledge.details import get_details

    named = get_knowledge().product_named(text)
    if named:
        return named
    cued = get_details().cued_products(text or "")
    return cued.pop() if len(cued) == 1 else None


def _fault_product(intent: str) -> str | None:
    diagnosis = get_knowledge().diagnosis(intent)
    return diagnosis.product if diagnosis else None


def product_in_question(text: str | None, intents: Sequence[str]) -> str | None:
    """The product line the customer asks about: the one the message names, else the one every
    guessed fault belongs to (None when they belong to several)."""
    knowledge = get_knowledge()
    named = message_product(text)
    if named:
        return named
    products = {d.product for d in map(knowledge.diagnosis, intents) if d}
    return products.pop() if len(products) == 1 else None


def search_shares(hits: Sequence[Any]) -> dict[str, float]:
    """Each intent's BM25 score as a share of the best (topic answers are not buttons)."""
    hits = [h for h in hits if not h.topic]
    best = max((h.score for h in hits), default=0.0)
    return {h.key: h.score / best for h in hits} if best > 0 else {}


def topic_reply(text: str | None) -> BotMessage | None:
    """The answer keyed by topic that the knowledge-base search finds clearly for the message
    (knowledge/answers.yml entries with keywords): a question outside the intents, answered."""
    from bot.knowledge.search import topic_answer

    topic = topic_answer(text) if text else None
    return answer_message(topic) if topic else None


def answer_message(key: str) -> BotMessage | None:
    """knowledge/answers.yml's answer ``key`` (an intent or a topic) with its buttons."""
    answer = get_knowledge().answers.get(key)
    if answer is None:
        return None
    return BotMessage(answer.text, [Button(title, payload) for title, payload in answer.buttons])


#: knowledge/answers.yml's answer for appliances this bot does not diagnose (热水器, 油烟机).
OTHER_APPLIANCES = "other_appliances"


def other_appliance_reply(text: str | None) -> BotMessage | None:
    """The hotline answer when the message names an appliance of ours that the bot does not
    diagnose (「我家热水器不出热水了」): better than refusing it as not for us."""
    answer = get_knowledge().answers.get(OTHER_APPLIANCES)
    if answer is None or not text or not any(word in text for word in answer.keywords):
        return None
    return answer_message(OTHER_APPLIANCES)


NONE_OF_THESE = Button("都不是", f"/{NLU_FALLBACK}")


#: Said first when the bot asks back an upset customer (``sounds_upset``).
APOLOGY = "实在抱歉让您着急了 🙏 "


def clarification(candidates: list[Candidate], upset: bool = False) -> BotMessage:
    """The clarifying question with the candidates as buttons (``upset``: an apology first)."""
    if not candidates:
        return BotMessage(
            "抱歉，我没太理解您的意思。能换个说法描述一下吗？比如「电视黑屏」「我要报修」「查询工单」。"
        )
    names = "，还是".join(c.label for c in candidates)
    return BotMessage(
        f"{APOLOGY if upset else ''}我想确认一下，您是想问：{names}？",
        [Button(c.label, c.payload) for c in candidates] + [NONE_OF_THESE],
    )


def give_up_offer() -> BotMessage:
    return BotMessage(
        "抱歉，我还是没能理解您的问题 🙏 我帮您转人工客服，或者直接登记上门维修，您看哪个合适？",
        [Button("转人工客服", "/request_human"), Button("登记上门维修", "/request_repair")],
    )
