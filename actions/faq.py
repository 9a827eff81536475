"""Policy and FAQ answers, read from the knowledge base by the intent asked.

Most answers are fixed text; the warranty answer is worked out when the customer says which
product and when it was bought (「冰箱2023年5月买的还在保吗」).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    back_to_summary,
    latest_entity,
    latest_intent,
    latest_text,
    message_before_latest,
    send,
    source_text,
)
from bot.dialogue.clarify import answer_message
from bot.dialogue.dates import parse_purchase_date, today
from bot.dialogue.messages import (
    DAMAGE_NOT_COVERED,
    extended_warranty_message,
    outlets_message,
    returns_message,
    warranty_message,
    warranty_terms_message,
)
from bot.dialogue.replies import is_question_intent
from bot.dialogue.ticket_fields import (
    UNKNOWN,
    bought_ago,
    city_at_start,
    district_city,
    read_purchase_date,
    warranty_verdict,
)
from bot.knowledge import get_knowledge
from bot.knowledge.base import SECONDARY_INTENTS
from bot.knowledge.hotline import hotline
from bot.knowledge.places import outlets_near
from bot.knowledge.policy import ReturnRules, return_options

#: The outlet answer asks for this when the customer has not said where they are.
ASK_WHERE = (
    "请告诉我您所在的城市和区县（例如「南京鼓楼区」「青岛崂山」），我帮您查最近的授权服务网点。"
)
DISTRICT = re.compile(r"^(.{1,6}?(?:新区|区|县|市))")


def outlets_answer(
    text: str, city_slot: str | None = None, product: str | None = None
) -> str | None:
    """The nearest outlets to the city and district named in ``text`` (or the conversation's city)
    that repair ``product`` when it is known (a phone's are not a TV's)."""
    knowledge = get_knowledge()
    city, rest = city_at_start(text, knowledge.cities)
    if city is None:
        for part in re.split(r"[，,。；;！!？?\s]+|附近|哪里|哪儿|有没有", text):
            city, rest = city_at_start(part, knowledge.cities)
            if city:
                break
    if city is None:
        name = district_city(text, knowledge.districts()) or city_slot
        city = knowledge.city(name) if name else None
        rest = text
    if city is None:
        return None
    match = DISTRICT.match(rest or "")
    district = match.group(1) if match else (rest or "")[:6] or None
    shown = match.group(1) if match else None
    outlets = [o for o in knowledge.outlets.values() if not product or product in o.products]
    return outlets_message(
        city.name,
        shown,
        outlets_near(outlets, city, district),
        knowledge.product_name(product) if product else None,
        knowledge.walks_in(product),
    )


def answer_to_where(tracker: Tracker) -> str | None:
    """「南京鼓楼区」 right after the bot asked where the customer is: the outlets, whatever the NLU
    made of the bare place (a city and a district name nothing of ours, so it may read them as not
    for us)."""
    asked = (message_before_latest(tracker) or {}).get("text") or ""
    return (
        outlets_answer(latest_text(tracker), tracker.get_slot("city"), product_asked(tracker))
        if ASK_WHERE in asked
        else None
    )


#: knowledge/answers.yml's answer about mailing a repair in (a phone far from an outlet).
MAIL_IN = "mail_in_repair"


class ActionNearestOutlets(Action):
    """「南京鼓楼区有维修点吗」: the outlets of that city, that district first; asks where when not said."""

    def name(self) -> str:
        return "action_nearest_outlets"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        mail_in = answer_message(MAIL_IN)
        said = latest_text(tracker)
        if mail_in and any(w in said for w in get_knowledge().answers[MAIL_IN].keywords):
            # 「武汉太远了，能不能寄过去修？」: how to mail it in, not the same outlets again
            send(dispatcher, mail_in)
            return back_to_summary(tracker)
        answer = outlets_answer(
            latest_text(tracker), tracker.get_slot("city"), product_asked(tracker)
        )
        if answer:
            dispatcher.utter_message(text=answer)
        elif latest_intent(tracker) == "ask_service_outlet":
            dispatcher.utter_message(text=ASK_WHERE)
        else:
            dispatcher.utter_message(
                text="抱歉，没能对上这个地名 🙏 " + ASK_WHERE + f"也可以拨打 {hotline()} 查询。"
            )
        return back_to_summary(tracker)


#: A warranty question about returning or exchanging (7 天退货、15 天换货).
RETURNS = re.compile(
    r"(退货|退换|换货|退款|能退|可以退|换新|退机|换机|无理由|换一台|换台新|换个新|给我换|能不能换)"
)


def product_asked(tracker: Tracker) -> str | None:
    """The product of the question: its entity, a product word in the message (the NLU can lose the
    entity beside a purchase date: 「冰箱2026年8月买的」), or the conversation's product."""
    knowledge = get_knowledge()
    text = latest_text(tracker).lower()
    named = sorted(
        (w for w in knowledge.synonym_map() if w and w.lower() in text), key=len, reverse=True
    )
    return (
        knowledge.product_id(latest_entity(tracker, "product"))
        or (knowledge.product_id(named[0]) if named else None)
        or tracker.get_slot("product")
    )


def returns_answer(tracker: Tracker, rules: ReturnRules, today: date) -> str:
    """The return / exchange rules, and what they mean for this purchase date when it is given."""
    knowledge = get_knowledge()
    product = product_asked(tracker)
    said = latest_text(tracker)
    purchased = bought_ago(said, today) or parse_purchase_date(
        latest_entity(tracker, "purchase_date") or said, today
    )
    verdict = return_options(rules, purchased, today) if purchased and purchased <= today else None
    return returns_message(rules, knowledge.product_name(product) if product else None, verdict)


def returns_note(tracker: Tracker) -> str | None:
    """「电视买了五天 屏幕有一条竖线 能退吗」: a fault with a question about returning it gets the
    return rules for that purchase before the fault is dealt with; None without such a question."""
    after_sales = get_knowledge().after_sales
    if after_sales is None or not RETURNS.search(latest_text(tracker)):
        return None
    return returns_answer(tracker, after_sales.returns, today())


def named_product_terms(tracker: Tracker) -> str | None:
    """The warranty periods of the product named in the question (not the conversation's: a
    general question asked mid-conversation gets the general answer)."""
    knowledge = get_knowledge()
    text = latest_text(tracker).lower()
    named = [w for w in knowledge.synonym_map() if w and w.lower() in text]
    product = knowledge.product_id(latest_entity(tracker, "product")) or (
        knowledge.product_id(max(named, key=len)) if named else None
    )
    warranty = knowledge.warranties.get(product or "")
    if warranty is None or product is None:
        return None
    return warranty_terms_message(knowledge.product_name(product), warranty)


#: Damage by use the customer describes (摔碎, 进水, 压坏): no free repair under the warranty.
DAMAGE = re.compile(r"摔|碎|进水|泡水|掉水|淋雨|压坏|压弯|磕|砸")


def purchase_day(tracker: Tracker, today: date) -> date | None:
    """The purchase day the latest message gives (「买了3个月」, 「今年八月份买的」), else the one
    given earlier in the conversation."""
    said = latest_text(tracker)
    read = read_purchase_date(said, today).value
    return (
        bought_ago(said, today)
        or parse_purchase_date(latest_entity(tracker, "purchase_date") or "", today)
        or (parse_purchase_date(str(read), today) if read and read != UNKNOWN else None)
        or parse_purchase_date(tracker.get_slot("purchase_date") or "", today)
    )


def warranty_answer(tracker: Tracker, today: date) -> str | None:
    knowledge = get_knowledge()
    product = product_asked(tracker)
    given = latest_entity(tracker, "purchase_date")
    # as precise as the customer said it: 「2024年8月」 is 2024-08, not 2024-08-01, and 「买了不到
    # 一年」 is after the day a year back
    said = read_purchase_date(given, today, said=latest_text(tracker)).value if given else None
    stored = tracker.get_slot("purchase_date")
    # given earlier (「去年5月买的」 up front): as said then, not 2025-05-01
    if not said and stored:
        earlier = source_text(tracker, "purchase_date", stored)
        said = read_purchase_date(stored, today, said=earlier).value if earlier else None
    purchase_text = said or stored
    verdict = warranty_verdict(knowledge.warranties.get(product or ""), purchase_text, today)
    if verdict is None:
        return None
    return warranty_message(knowledge.product_name(product), purchase_text, verdict)


class ActionAnswerFaq(Action):
    """A policy or FAQ question answered; asked at the ticket summary, the summary comes again."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        self.answer(dispatcher, tracker)
        return back_to_summary(tracker)

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None = None
    ) -> None:
        """The answer to ``intent`` (by default the latest message's), for this customer."""
        intent = intent or latest_intent(tracker)
        if intent == "ask_service_outlet":  # mid-diagnosis the outlet question comes here
            dispatcher.utter_message(
                text=outlets_answer(
                    latest_text(tracker), tracker.get_slot("city"), product_asked(tracker)
                )
                or ASK_WHERE
            )
            return
        after_sales = get_knowledge().after_sales
        if after_sales and intent == "ask_extended_warranty":
            product = product_asked(tracker)
            name = get_knowledge().product_name(product) if product else None
            # 「我今年八月份买的冰箱，现在还能买延保吗」: the answer for that purchase first
            bought = purchase_day(tracker, today())
            days = (today() - bought).days if bought and bought <= today() else None
            dispatcher.utter_message(
                text=extended_warranty_message(after_sales.extended, product, name, days)
            )
            return
        if after_sales and intent == "ask_warranty" and RETURNS.search(latest_text(tracker)):
            dispatcher.utter_message(text=returns_answer(tracker, after_sales.returns, today()))
            return
        if intent == "ask_warranty" and DAMAGE.search(latest_text(tracker)):
            # 「摔碎的保修吗？买了才3个月」: what a fall means comes first, not 「在保修期内」
            dispatcher.utter_message(text=DAMAGE_NOT_COVERED)
        if intent == "ask_warranty":
            computed = warranty_answer(tracker, today())
            if computed:
                dispatcher.utter_message(text=computed)
                return
            named = named_product_terms(tracker)
            if named:  # 「你们冰箱保修几年啊」: that product's periods
                dispatcher.utter_message(text=named)
                return
        answer = get_knowledge().answer(intent)
        if answer is None:
            dispatcher.utter_message(response="utter_no_answer_yet")
            return
        buttons = [{"title": title, "payload": payload} for title, payload in answer.buttons]
        dispatcher.utter_message(text=answer.text, buttons=buttons or None)


#: The message's own reading is a question this sure (the fallback classifier's threshold).
QUESTION_SURE = 0.5


def answer_side_questions(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    taken_as_answer: bool = False,
    answered: Collection[str] = (),
) -> None:
    """The policy questions a clause of the latest message asked beside what the message was
    taken as (``secondary_intents`` of bot/nlu/clauses.py: 「插头拔了又插还是那样，对了保修多久啊？」 at
    a step, 「…漏水了，上门收费吗」 with a fault): answered too, not dropped. ``taken_as_answer``:
    the message answered a step, so its own reading, a question (「灯是亮的，那你们上门要钱吗」), was
    not answered by the rules either; ``answered``: questions already answered this turn (the
    return rules, 「买了十天就不制冷了 能换新的吗」). Without buttons: the step or the fault goes on."""
    meanings = list(tracker.latest_message.get(SECONDARY_INTENTS) or [])
    reading = tracker.latest_message.get("intent") or {}
    if taken_as_answer and float(reading.get("confidence") or 0.0) >= QUESTION_SURE:
        meanings.insert(0, reading)
    asked = [
        m.get("name")
        for m in meanings
        if is_question_intent(m.get("name")) and m.get("name") not in answered
    ]
    for intent in dict.fromkeys(asked):
        said = CollectingDispatcher()
        ActionAnswerFaq().answer(said, tracker, intent)
        for message in said.messages:
            dispatcher.utter_message(text=message.get("text"), response=message.get("response"))
