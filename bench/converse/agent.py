"""How a simulated customer answers: it reads the bot's reply (texts and buttons) and decides
what to say next, from its goal, the values it means and its behaviours."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bench.converse.customers import Customer, lines
from bot.dialogue.dates import parse_purchase_date
from bot.knowledge import get_knowledge
from bot.knowledge.diagnosis import Step, StepKind

#: A customer writes at most this many messages in one conversation.
MAX_MESSAGES = 40
#: ... and gives up when the same prompt comes a fourth time.
GIVE_UP_AT = 4

# What the bot's replies look like (matched on its text).
RESOLVED = "问题解决了"


def says_resolved(text: str) -> bool:
    """The steps ended well: 「问题解决了」, or what a check of the harmless case says instead
    (``resolved`` of its step: 「那是冰箱正常工作的声音」)."""
    settled = (
        step.resolved
        for diagnosis in get_knowledge().diagnoses.values()
        for step in diagnosis.steps.values()
        if step.resolved
    )
    return RESOLVED in text or any(s in text for s in settled)


OFFER_TICKET = ("登记报修吗", "登记紧急上门吗")
#: The button under the first question of a repair the bot registers unasked.
DECLINE_VISIT = "先不用登记"
SUMMARY = "请核对"
CONFIRMED = ("工单号",)
HANDED_OVER = "转接人工"
NOT_UNDERSTOOD = ("没太理解", "没太明白", "换个说法", "没能识别")
#: keyword in the bot's question -> the field it asks for (the last one in the reply wins)
FORM_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("怎么称呼", "name"),
    ("称呼您", "name"),
    ("称呼和联系电话", "name_and_contact"),
    ("手机号", "contact"),
    ("联系到您", "contact"),
    ("号码好像不太对", "contact"),
    ("型号", "model"),
    ("什么时候购买", "purchase_date"),
    ("购买时间", "purchase_date"),
    ("哪个城市", "city"),
    ("详细地址", "address"),
    ("描述一下遇到的问题", "problem"),
    ("具体发生了什么", "complaint_story"),
    ("哪张工单或哪个服务网点", "complaint_about"),
    ("告诉我工单号", "ticket_number"),
)
STEP_MEANINGS = ("fixed", "not_fixed", "yes", "no")
FIELD_NAMES = {
    "name": "我的名字",
    "contact": "电话",
    "model": "型号",
    "purchase_date": "购买时间",
    "address": "地址",
    "city": "城市",
}
SUMMARY_LABELS: tuple[tuple[str, str], ...] = (
    ("姓名", "name"),
    ("手机", "contact"),
    ("电话", "contact"),
    ("联系", "contact"),
    ("型号", "model"),
    ("购买", "purchase_date"),
    ("地址", "address"),
)


@dataclass
class Reply:
    """One answer of the bot: its messages as the REST channel sends them."""

    messages: list[dict]

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        return [
            (b.get("title", ""), b.get("payload", ""))
            for m in self.messages
            for b in m.get("buttons") or []
        ]

    def payload(self, *titles: str) -> str | None:
        for title, payload in self.buttons:
            if any(t in title for t in titles):
                return payload
        return None

    def prompts(self) -> list[str]:
        """The texts of this reply that ask the customer something (a question or buttons)."""
        return [
            (m.get("text") or "").strip()
            for m in self.messages
            if (m.get("text") or "").strip()
            and (m.get("buttons") or re.search(r"[？?]", m["text"]))
        ]


def shown_as(shown: str, meant: str) -> bool:
    """The number the bot shows is the one meant: in full, or masked (139****5678, 0532-****4670)
    with the digits it does show in place, as a customer recognises their own number."""
    if "*" not in shown:
        return digits(meant) in digits(shown)
    head, _, tail = shown.partition("*")
    head, tail = digits(head), digits(tail.strip("*"))
    return bool(tail) and digits(meant).startswith(head) and digits(meant).endswith(tail)


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def same_model(a: str | None, b: str | None) -> bool:
    return re.sub(r"\s", "", (a or "")).upper() == re.sub(r"\s", "", (b or "")).upper()


def step_in(text: str, diagnosis_intent: str | None) -> tuple[str, Step] | None:
    """(fault, step) whose text the reply shows: the customer's own fault first."""
    knowledge = get_knowledge()
    diagnoses = sorted(knowledge.diagnoses.values(), key=lambda d: d.intent != diagnosis_intent)
    for diagnosis in diagnoses:
        for step in diagnosis.steps.values():
            if step.text[:40] in text:
                return diagnosis.intent, step
    return None


@dataclass
class CustomerSide:
    """The customer's side of one conversation."""

    customer: Customer
    today: date = field(default_factory=date.today)
    rng: random.Random = field(init=False)
    sent: list[str] = field(default_factory=list)
    prompts_seen: dict[str, int] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    slipped: bool = False
    mid_asked: bool = False
    steps_answered: int = 0
    wrong_fault_said: int = 0
    last_meaning: str | None = (
        None  # what the last message meant, to say it plainer when not understood
    )
    rephrased: int = 0
    resolved_seen: bool = False
    rated: int = 0
    none_of_these: int = 0
    correction_retries: int = 0
    gave_in: int = 0
    last_step: str | None = None  # the step the customer answered last
    finished: bool = False

    def __post_init__(self) -> None:
        self.rng = random.Random(self.customer.words_seed)

    # --- words ---------------------------------------------------------------------------------
    def pick(self, options: Sequence[str], **values: str) -> str:
        return self.rng.choice(list(options)).format(**values)

    def fill(self, template: str) -> str:
        v = self.customer.values
        return template.format(
            name=v.name,
            mobile=v.mobile or "",
            landline=v.landline or "",
            model=v.model or "",
            city=v.city or "",
            address=v.address or "",
            date=v.purchase_text or "",
            contact=v.contact,
        )

    def fault_words(self) -> str:
        said = lines()["faults"][self.customer.values.fault]
        return self.rng.choice(said["typo"] if self.customer.has("typo") else said["say"])

    def short_fault(self) -> str:
        return lines()["faults"][self.customer.values.fault]["short"]

    # --- the first message --------------------------------------------------------------------
    def opening(self) -> str:
        c, data = self.customer, lines()
        lead = self.pick(data["emotional"]) if c.has("emotional") else ""
        if c.goal in ("fix", "ticket"):
            self.last_meaning = "fault"
            if c.has("up_front"):
                template = self.rng.choice(data["up_front"])
                return lead + template.format(
                    fault=self.fault_words(),
                    model=c.values.model or "不清楚",
                    date=c.values.purchase_text,
                    city=c.values.city,
                    address=c.values.address,
                    name=c.values.name,
                    contact=c.values.contact,
                )
            return lead + self.fault_words()
        if c.goal == "handoff":
            return lead + self.pick(data["handoff"])
        if c.goal == "answer" and c.question:
            return c.question[1]
        if c.goal == "complaint":
            return lead + self.pick(data["complaint"]["opening"])
        return self.pick(data["status"], number=self.ticket_number)

    ticket_number: str = ""  # the existing ticket a status customer asks about (set by the runner)

    # --- every later message ------------------------------------------------------------------
    def answer(self, reply: Reply) -> str | None:
        """The next message, or None when the customer is done (or gives up)."""
        for prompt in reply.prompts():
            self.prompts_seen[prompt] = self.prompts_seen.get(prompt, 0) + 1
        if (
            self.finished
            or len(self.sent) >= MAX_MESSAGES
            or any(n >= GIVE_UP_AT for n in self.prompts_seen.values())
        ):
            return None
        message = self._answer(reply)
        if message is None:
            self.finished = True
        return message

    def _answer(self, reply: Reply) -> str | None:
        c, text, data = self.customer, reply.text, lines()
        if HANDED_OVER in text or (
            c.goal == "status" and self.ticket_number and self.ticket_number in text
        ):
            return None
        if any(marker in text for marker in CONFIRMED) and ("已提交" in text or "已登记" in text):
            return None
        if c.goal == "answer" and c.question and c.question[2] in text:
            return None
        if SUMMARY in text:
            return self.check_summary(text)
        if "想对我们说" in text:
            return reply.payload("不用") or self.pick(data["answers"]["no_comment"])
        if says_resolved(text) or "打分" in text:
            self.resolved_seen = True
            if c.goal != "fix" or self.rated >= 2:
                return None
            self.rated += 1
            self.last_meaning = "rating"
            if c.has("free_text") and self.rated == 1:
                return self.rng.choice(["5分", "给你打5分吧", "五分"])
            return reply.payload("5 分") or "5分"  # typed once and not taken: the button
        if "感谢您的评价" in text:
            return None
        if any(o in text for o in OFFER_TICKET):
            wanted = c.goal == "ticket"
            if c.has("free_text"):
                return self.pick(data["answers"]["agree_ticket" if wanted else "decline"])
            return (
                reply.payload("报修", "登记", "好的")
                if wanted
                else reply.payload("暂时不用", "不用") or "不用"
            )
        if reply.payload(DECLINE_VISIT) and c.goal != "ticket":
            # the bot registers a repair unasked: a customer who wants none declines it
            if c.has("free_text"):
                return self.pick(data["answers"]["decline"])
            return reply.payload(DECLINE_VISIT)
        if reply.payload("转人工客服") and reply.payload(
            "登记上门维修"
        ):  # the bot gives up asking back
            return (
                reply.payload("登记上门维修") if c.goal == "ticket" else reply.payload("转人工客服")
            )
        found = step_in(text, c.values.fault)
        asked = self.asked_field(text)
        if (
            found
            and reply.buttons
            and self.last_meaning in STEP_MEANINGS
            and (any(marker in text for marker in NOT_UNDERSTOOD) or found[1].id == self.last_step)
        ):
            # the answer to this step was not taken: press the button that says it
            return self.rephrase(reply)
        if found and (
            asked is None
            or text.rfind(asked[1]) < text.find(found[1].text[:40]) + len(found[1].text)
        ):
            return self.answer_step(reply, *found)
        if asked:
            return self.answer_field(asked[0], text)
        if reply.payload("都不是"):
            return self.clarify(reply)
        if "哪个产品" in text and c.values.product:
            return (
                reply.payload(get_knowledge().product_name(c.values.product)) or self.short_fault()
            )
        if "具体是什么情况" in text and c.diagnosis:
            return reply.payload(c.diagnosis.title) or self.short_fault()
        if any(marker in text for marker in NOT_UNDERSTOOD):
            return self.rephrase(reply)
        return self.say_again()

    # --- parts ---------------------------------------------------------------------------------
    def asked_field(self, text: str) -> tuple[str, str] | None:
        if "型号和购买时间" in text:  # one question for both
            return "model_and_date", "型号和购买时间"
        found = [
            (text.rfind(key), field_name, key) for key, field_name in FORM_QUESTIONS if key in text
        ]
        if not found:
            return None
        _, field_name, key = max(found)
        return field_name, key

    def value_of(self, field_name: str, correcting: bool = False) -> str:
        c, v = self.customer, self.customer.values
        if c.slip and c.slip[0] == field_name and not self.slipped and not correcting:
            self.slipped = True
            return c.slip[1]
        if field_name == "name":
            return v.name
        if field_name == "contact":
            return v.mobile or v.landline or ""
        if field_name == "model":
            return v.model or ""
        if field_name == "purchase_date":
            return v.purchase_text or ""
        if field_name == "city":
            return v.city or ""
        if field_name == "address":
            return v.address or ""
        return ""

    def answer_field(self, field_name: str, question: str = "") -> str:
        v, data = self.customer.values, lines()
        form = data["form"]
        self.last_meaning = f"field:{field_name}"
        if field_name == "problem":
            return self.short_fault() if v.fault else self.pick(data["complaint"]["story"])
        if field_name == "complaint_story":
            return self.pick(data["complaint"]["story"])
        if field_name == "complaint_about":
            return self.pick(data["complaint"]["about_none"])
        if field_name == "ticket_number":
            return self.ticket_number
        if field_name == "model" and not v.model:
            return self.pick(form["no_model"])
        if field_name == "name_and_contact":
            contact = v.landline if v.landline else self.value_of("contact")
            template = self.rng.choice(form["name_and_contact"]).replace(
                "手机", "座机" if v.landline else "手机"
            )
            return template.format(name=self.value_of("name"), contact=contact)
        if field_name == "model_and_date":
            date = self.value_of("purchase_date")
            if not v.model:
                return self.pick(form["no_model_and_date"], date=date)
            return self.pick(form["model_and_date"], model=self.value_of("model"), date=date)
        if field_name == "address" and "从城市写起" in question:
            return self.pick(
                form["address_from_city"], city=v.city or "", address=self.value_of("address")
            )
        if field_name == "city" and "哪个区" in question and v.district:
            return self.pick(form["city_and_district"], city=v.city or "", district=v.district)
        if field_name == "contact":
            if v.landline:
                return self.pick(form["landline"], landline=v.landline)
            return self.pick(form["mobile"], mobile=self.value_of("contact"))
        value = self.value_of(field_name)
        if field_name == "purchase_date":
            return value if self.rng.random() < 0.6 else f"{value}买的"
        template = self.rng.choice(form[field_name])
        return template.format(
            name=value,
            model=value,
            city=v.city or "",
            address=value if field_name == "address" else "",
        )

    def answer_step(self, reply: Reply, fault: str, step: Step) -> str | None:
        c, data = self.customer, lines()
        if fault != c.values.fault and c.values.fault and self.wrong_fault_said < 1:
            self.wrong_fault_said += 1
            self.last_meaning = "fault"
            return f"不对，不是这个问题，是{self.short_fault()}"
        if (
            c.has("mid_question")
            and not self.mid_asked
            and self.steps_answered >= c.mid_question_at
        ):
            self.mid_asked = True
            asked = self.rng.choice(data["mid_questions"])
            self.last_meaning = None
            return asked["text"]
        self.steps_answered += 1
        self.last_step = step.id
        free = c.has("free_text")
        answers = data["answers"]
        if step.kind is StepKind.INFO:
            self.last_meaning = "unknown"
            said = data["info"].get(step.id)
            if step.id == "error_code" or not said or (("{model}" in said) and not c.values.model):
                return self.pick(answers["unknown"])
            return self.fill(said)
        if step.kind is StepKind.QUESTION:
            yes = c.branch(step.id) if fault == c.values.fault else False
            self.last_meaning = "yes" if yes else "no"
            if free:
                label = step.yes_label if yes else step.no_label
                if label and self.rng.random() < 0.5:
                    return label.split("，")[0]
                return self.pick(answers["yes_words" if yes else "no_words"])
            return (
                reply.payload(step.yes_label or "是")
                if yes
                else reply.payload(step.no_label or "不是") or "/deny"
            )
        fixed = c.goal == "fix" and step.id == c.fix_step and fault == c.values.fault
        self.last_meaning = "fixed" if fixed else "not_fixed"
        if free:
            return self.pick(answers["fixed" if fixed else "not_fixed"])
        if fixed:  # a check with its own labels (「是这类声音」) says yes with them
            return reply.payload(step.yes_label or "解决了") or "/affirm"
        return reply.payload(step.no_label or "还是不行") or "/deny"

    def check_summary(self, text: str) -> str:
        """Confirm the read-back if it says what the customer meant; correct one field otherwise."""
        wrong = [
            f
            for f in summary_mistakes(text, self.customer, self.today)
            if self.corrections.get(f, 0) < 2
        ]
        if not wrong:
            self.last_meaning = "confirm"
            return (
                self.pick(lines()["answers"]["confirm"])
                if self.customer.has("free_text")
                else "/affirm"
            )
        field_name = wrong[0]
        self.corrections[field_name] = self.corrections.get(field_name, 0) + 1
        self.last_meaning = f"correction:{field_name}"
        v = self.customer.values
        options = lines()["form"]["correction"]["mobile" if field_name == "contact" else field_name]
        value = {
            "purchase_date": v.purchase_text,
            "model": v.model,
            "name": v.name,
            "contact": v.mobile or v.landline,
            "address": v.address,
            "city": v.city,
        }[field_name]
        return self.rng.choice(options).format(
            date=value, model=value, name=value, mobile=value, address=value, city=value
        )

    def clarify(self, reply: Reply) -> str:
        """The bot asks back with buttons: pick the one meaning what the customer meant."""
        c = self.customer
        knowledge = get_knowledge()
        meant = {
            "fix": c.values.fault,
            "ticket": c.values.fault,
            "handoff": "request_human",
            "complaint": "complaint",
            "status": "check_ticket_status",
            "answer": c.question[0] if c.question else None,
        }[c.goal]
        if self.last_meaning and self.last_meaning.startswith("field:"):
            meant = "inform"
        if self.last_meaning in ("yes", "fixed", "confirm"):
            meant = "affirm"
        if self.last_meaning in ("no", "not_fixed"):
            meant = "deny"
        label = knowledge.intent_label(meant)
        if label:
            for title, payload in reply.buttons:
                if title == label or payload == f"/{meant}":
                    return payload
        self.none_of_these += 1
        if self.none_of_these <= 1:
            return reply.payload("都不是") or "都不是"
        return self.plain()

    def rephrase(self, reply: Reply) -> str | None:
        """Not understood: press the button that says it, or say it plainer (three times at most)."""
        if self.rephrased >= 3:
            return None
        meaning = self.last_meaning
        if (
            meaning
            and meaning.startswith("correction:")
            and self.gave_in < 1
            and self.correction_retries >= 1
        ):
            # the correction is not understood twice: accept the read-back as it is
            self.gave_in += 1
            self.last_meaning = "confirm"
            return self.pick(lines()["answers"]["give_in"])
        if meaning and meaning.startswith("correction:"):
            self.correction_retries += 1
        if reply.buttons:
            wanted = {
                "fixed": ("解决",),
                "not_fixed": ("不行",),
                "yes": ("是", "亮", "有"),
                "no": ("不", "没"),
            }.get(meaning or "")
            if wanted:
                for title, payload in reply.buttons:
                    if any(w in title for w in wanted):
                        self.last_step = None
                        self.rephrased += 1
                        return payload
            return reply.buttons[0][1] if meaning is None else self.plain()
        return self.plain()

    def plain(self) -> str:
        """What the customer means, in the plainest words it has."""
        c, data = self.customer, lines()
        self.rephrased += 1
        meaning = self.last_meaning or ""
        if meaning.startswith("correction:"):
            field_name = meaning.split(":", 1)[1]
            return f"{FIELD_NAMES[field_name]}是{self.value_of(field_name, correcting=True)}"
        if meaning.startswith("field:"):
            return self.value_of(meaning.split(":", 1)[1], correcting=True) or "不知道"
        if meaning in ("fixed", "yes", "confirm"):
            return "/affirm"
        if meaning in ("not_fixed", "no"):
            return "/deny"
        if c.goal in ("fix", "ticket"):
            return data["faults"][c.values.fault]["say"][0]
        if c.goal == "handoff":
            return "转人工"
        if c.goal == "complaint":
            return "我要投诉"
        if c.goal == "answer" and c.question:
            return c.question[1]
        return f"查询工单 {self.ticket_number}"

    def say_again(self) -> str | None:
        """A reply the customer does not know what to do with: say what it wants once more."""
        if self.rephrased >= 3:
            return None
        return self.plain()


def summary_mistakes(text: str, customer: Customer, today: date) -> list[str]:
    """The fields of the ticket read-back that differ from what the customer meant."""
    v = customer.values
    shown: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip("·• \t")
        label, _, value = line.partition("：")
        for key, field_name in SUMMARY_LABELS:
            if key in label and field_name not in shown:
                shown[field_name] = value.strip()
    wrong = []
    if "name" in shown and shown["name"] != v.name:
        wrong.append("name")
    if "contact" in shown:
        contact = shown["contact"]
        ok = any(number and shown_as(contact, number) for number in (v.mobile, v.landline))
        if not ok:
            wrong.append("contact")
    if "model" in shown and v.model and not same_model(shown["model"], v.model):
        wrong.append("model")
    if "purchase_date" in shown and v.purchase:
        parsed = parse_purchase_date(shown["purchase_date"], today)
        if not parsed or (parsed.year, parsed.month) != v.purchase:
            wrong.append("purchase_date")
    if "address" in shown and v.address:
        place = re.sub(r"\s", "", shown["address"])
        if v.address not in place or (v.city and v.city not in place):
            wrong.append("address")
    return wrong
