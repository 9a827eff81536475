"""Is the message for us at all? A domain check built from the knowledge base's vocabulary.

The classifier only knows our intents and ``out_of_scope``; an everyday request it has never
seen (「上QQ」, 「明天几点日出」) still lands on the nearest service intent, often with middling
confidence. A service request nearly always names something of ours: a product or a word of its
faults (knowledge/products.yml, vocabulary.yml, fault titles), a word of service
(``service_words`` in vocabulary.yml: 报修, 保修, 工单, 客服…), or a value the extractors found
(a model, a fault code, a ticket number). A message with none of these, read as a service intent
with less than ``SURE`` confidence, is taken as out of scope; the bot answers politely that it
only does after-sales service.

Conversation intents (greet, thanks, yes/no, giving a name or a number) carry no domain words by
nature, so a sure one is never changed. An unsure one of at least ``MIN_CHARS`` characters, which
the bot would ask back about with buttons of our services, is out of scope too when it names
nothing of ours (「帮我把客厅灯调暗一点」): the polite answer says what the bot does, instead of
offering faults the customer never meant. Chosen by cross-validation on data/nlu
(docs/nlu-experiments.md, session 10); a form's answers are still read from the text, because
``out_of_scope`` is no reason for the ticket form to reject one.

The other direction: the classifier learnt other shops' complaints (京东, 差评, 退货) as not for us,
and sometimes refuses a real customer of ours with them (「垃圾手机，用了两个月就关机重启」). A refusal
of a message that names one of our products or device words together with a word of trouble, and
no hotel or meal, is asked back instead (``asked_back_instead``): the buttons offer our meanings,
and a customer who meant something else is not told that we cannot help.

A question about the bot names the bot (``bot_words`` of vocabulary.yml: 机器人, 真人, 你是…). The
classifier reads 「…挺平的吧」 like 「你是程序吧」; without such a word the reading is dropped
(``without_unnamed_bot``) before the checks above, so 「地面是瓷砖，挺平的吧」 at a step of the
washer's diagnosis is read as the customer's answer, not answered with 「我是智能客服」.

The check only acts for a model trained with ``out_of_scope`` examples: trained on another
label set (a public benchmark), it leaves every ranking as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.dates import TIME_IN_USE
from bot.knowledge.base import NLU_FALLBACK, OVERRULED
from bot.knowledge.words import domain_words, listed, pristine_dictionary
from bot.nlu.rankings import dropped, lead_with, set_ranking

OUT_OF_SCOPE = "out_of_scope"
#: Never taken for out of scope: they say nothing about a domain. (An unsure out_of_scope without
#: our words is made sure, so the bot answers it instead of asking back.)
CONVERSATION: frozenset[str] = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "inform",
        "bot_challenge",
        "stop",
        "rate_service",
        OUT_OF_SCOPE,
        NLU_FALLBACK,
    }
)
#: A service intent this sure stands even without a domain word (cross-validated on data/nlu,
#: see docs/nlu-experiments.md).
SURE = 0.8
#: A conversation intent below this confidence, or this close to the next intent, is one the bot
#: would ask back about: the FallbackClassifier's ``threshold`` and ``ambiguity_threshold`` in
#: config.yml (a test checks they agree).
UNSURE = 0.5
AMBIGUOUS = 0.05
#: Shorter messages (嗯嗯, 那个) are left to the clarifying question.
MIN_CHARS = 6
#: Unsure conversation intents that stay asked back even without our words: a rating and a wish
#: to stop are answers the bot must not refuse.
ALWAYS_ASKED: frozenset[str] = frozenset({"rate_service", "stop", NLU_FALLBACK})
#: Words inside our vocabulary that everyday requests use just as much (进入设置菜单, 声音大一点).
TOO_GENERAL: frozenset[str] = frozenset(
    "设置 出厂 恢复 十二 双十 双十一 双十二 严重 代码 反应 声音 显示 异常 效果 智能 激光 立式 老人 阅读 墨水 "
    "温室 室内 强制 重启 网络 上网 开门 三门 一体机 全自动 图像 充电 电池 电源".split()
)


def asks_back(
    ranking: list[dict[str, Any]], unsure: float = UNSURE, ambiguous: float = AMBIGUOUS
) -> bool:
    """The fallback classifier would ask back: the best reading unsure, or the second too close."""
    top = ranking[0]["confidence"]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    return bool(top < unsure or top - second < ambiguous)


def domain_vocabulary(knowledge: Any = None) -> set[str]:
    """Every word that marks a message as being about our products or service."""
    from bot.knowledge import load_knowledge

    knowledge = knowledge or load_knowledge()
    words = set(domain_words(knowledge)) | listed("service_words") | listed("device_words")
    words |= {w.lower() for w in knowledge.synonym_map()}
    return {w for w in words if w.strip() and w not in TOO_GENERAL}


@dataclass(frozen=True)
class RefusalCheck:
    """The words that keep the classifier from refusing a customer of ours (vocabulary.yml)."""

    #: our products, their parts and faults, and what buyers call them; not the words of service, which
    #: every shop's complaints share (客服, 退货)
    devices: frozenset[str]
    trouble: frozenset[str]
    #: words of a hotel stay or a meal (``elsewhere_words`` and ``elsewhere_places``)
    elsewhere: frozenset[str]
    #: the customer has it (才买回来, 入手): as good as a device word
    owned: frozenset[str] = frozenset()
    #: the hotel or the meal named (``elsewhere_places``): enough to call a message not for us
    places: frozenset[str] = frozenset()
    #: a stay named (``elsewhere_stays``): the television or air conditioner is the hotel's
    stays: frozenset[str] = frozenset()
    #: the customer's own place or thing, or a request of our service (``stay_but_ours``,
    #: ``owned_words``): a stay beside one of them is still ours
    ours_anyway: frozenset[str] = frozenset()

    @classmethod
    def from_knowledge(cls, knowledge: Any = None) -> RefusalCheck:
        from bot.knowledge import load_knowledge

        knowledge = knowledge or load_knowledge()
        service, cutter = listed("service_words"), pristine_dictionary()
        devices = set(domain_words(knowledge)) | {w.lower() for w in knowledge.synonym_map()}
        devices = (
            {  # 人工客服 and 维修网点 are service: a word of theirs is (充电器 holds none)
                w for w in devices if w not in TOO_GENERAL and not service & {w, *cutter.lcut(w)}
            }
            | listed("device_words")
            | listed("device_words_with_trouble")
        )
        return cls(
            frozenset(devices),
            listed("trouble_words"),
            listed("elsewhere_words") | listed("elsewhere_places"),
            listed("owned_words"),
            listed("elsewhere_places"),
            listed("elsewhere_stays"),
            listed("stay_but_ours") | listed("owned_words"),
        )

    def ours(self, text: str) -> bool:
        """The message names a device of ours in trouble, not in a hotel room or a meal. A device is
        named by its word, by what only it has (王者, 无服务: the ``alone`` cues of
        knowledge/details.yml), or by the customer having it (刚买, 用了7天)."""
        from bot.knowledge.details import get_details

        lowered = text.lower()
        return (
            (
                any(w in lowered for w in self.devices)
                or any(w in lowered for w in self.owned)
                or TIME_IN_USE.search(text) is not None
                or bool(get_details().cued_products(text))
            )
            and any(w in lowered for w in self.trouble)
            and not any(w in lowered for w in self.elsewhere)
        )


def asked_back_instead(
    text: str, ranking: list[dict[str, Any]], check: RefusalCheck
) -> list[dict[str, Any]] | None:
    """The ranking without its refusal when the classifier calls a device of ours in trouble not
    for us: every other meaning keeps its confidence, which is below the fallback's threshold
    (out_of_scope had the most), so the bot asks back with our meanings. None to leave it."""
    if not ranking or ranking[0]["name"] != OUT_OF_SCOPE or len(text.strip()) < MIN_CHARS:
        return None
    if not check.ours(text):
        return None
    return dropped(ranking, OUT_OF_SCOPE)


BOT_CHALLENGE = "bot_challenge"


def without_unnamed_bot(
    text: str, ranking: list[dict[str, Any]], bot_words: frozenset[str]
) -> list[dict[str, Any]] | None:
    """The ranking without a question about the bot that names no word of the bot (it goes last,
    at no confidence; the rest keep theirs); None to leave it."""
    if not ranking or ranking[0]["name"] != BOT_CHALLENGE:
        return None
    lowered = text.lower()
    if any(word in lowered for word in bot_words):
        return None
    return dropped(ranking, BOT_CHALLENGE)


#: Readings a message about a hotel or a meal may keep: turns of the conversation that act on nothing
#: (a thanks, a goodbye), and the answers the bot already gives it.
KEPT_ELSEWHERE: frozenset[str] = frozenset(
    {"greet", "goodbye", "thank", "affirm", "deny", "stop", OUT_OF_SCOPE, NLU_FALLBACK}
)


def hotel_room(lowered: str, check: RefusalCheck) -> bool:
    """A stay is named (入住, 酒店) and nothing says the thing is the customer's or asks our
    service: 「房间空调不管用，电视遥控器几乎不能用」 is the hotel's equipment, not a customer's."""
    return any(w in lowered for w in check.stays) and not any(
        w in lowered for w in check.ours_anyway
    )


def elsewhere_ranking(
    text: str,
    ranking: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    check: RefusalCheck,
) -> list[dict[str, Any]] | None:
    """The ranking with ``out_of_scope`` first when the message names a hotel or a meal
    (``elsewhere_places``) and no product or device of ours, however sure the classifier was and
    whatever words of service it has (「送餐太慢了，客服电话也打不通」 is a complaint, not about us);
    a product of a hotel room too (``hotel_room``). None to leave it."""
    if not ranking or ranking[0]["name"] in KEPT_ELSEWHERE:
        return None
    lowered = text.lower()
    if not any(word in lowered for word in check.places):
        return None
    if not hotel_room(lowered, check) and (
        any(e.get("entity") == "product" for e in entities)
        or any(word in lowered for word in check.devices)
    ):
        return None
    top = float(ranking[0]["confidence"])
    return lead_with(ranking, OUT_OF_SCOPE, max(top, 1.0 - top))


def names_our_domain(text: str, entities: Iterable[dict[str, Any]], vocabulary: set[str]) -> bool:
    lowered = text.lower()
    return any(True for _ in entities) or any(word in lowered for word in vocabulary)


def scoped_ranking(
    text: str,
    ranking: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    vocabulary: set[str],
    sure: float = SURE,
    unsure: float = UNSURE,
    ambiguous: float = AMBIGUOUS,
) -> list[dict[str, Any]] | None:
    """The ranking with ``out_of_scope`` first when the message is not for us; None to leave it."""
    if not ranking:
        return None
    top = ranking[0]
    if top["name"] in CONVERSATION - {OUT_OF_SCOPE}:
        asked_back = asks_back(ranking, unsure, ambiguous)
        if top["name"] in ALWAYS_ASKED or not asked_back or len(text.strip()) < MIN_CHARS:
            return None
    elif top["confidence"] >= sure:
        return None
    if names_our_domain(text, entities, vocabulary):
        return None
    # out_of_scope takes the larger of the top confidence and what the top lacks; the overruled
    # intents share the rest, so the fallback classifier sees no tie and the bot answers
    return lead_with(ranking, OUT_OF_SCOPE, max(top["confidence"], 1.0 - top["confidence"]))


#: What the trained component keeps: whether the training data had out-of-scope examples.
TRAINED_FILE = "scope.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ServiceScope(GraphComponent):
    """Takes an unsure intent without any word of our domain for out of scope."""

    def __init__(
        self,
        vocabulary: set[str],
        refusals: RefusalCheck | None = None,
        sure: float = SURE,
        unsure: float = UNSURE,
        ambiguous: float = AMBIGUOUS,
        knows_out_of_scope: bool = True,
        bot_words: frozenset[str] = frozenset(),
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        self.vocabulary, self.sure = vocabulary, sure
        self.refusals = refusals
        self.unsure, self.ambiguous = unsure, ambiguous
        self.knows_out_of_scope = knows_out_of_scope
        self.bot_words = bot_words
        self._model_storage, self._resource = model_storage, resource

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"sure": SURE, "unsure": UNSURE, "ambiguous": AMBIGUOUS}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ServiceScope:
        return cls(
            domain_vocabulary(),
            RefusalCheck.from_knowledge(),
            float(config.get("sure", SURE)),
            float(config.get("unsure", UNSURE)),
            float(config.get("ambiguous", AMBIGUOUS)),
            bot_words=listed("bot_words"),
            model_storage=model_storage,
            resource=resource,
        )

    def train(self, training_data: TrainingData) -> Resource:
        self.knows_out_of_scope = OUT_OF_SCOPE in training_data.intents
        assert self._model_storage is not None and self._resource is not None
        with self._model_storage.write_to(self._resource) as directory:
            (directory / TRAINED_FILE).write_text(
                json.dumps({"knows_out_of_scope": self.knows_out_of_scope}), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ServiceScope:
        scope = cls.create(config, model_storage, resource, execution_context)
        try:
            with model_storage.read_from(resource) as directory:
                trained = json.loads((directory / TRAINED_FILE).read_text(encoding="utf-8"))
            scope.knows_out_of_scope = bool(trained.get("knows_out_of_scope", True))
        except (ValueError, FileNotFoundError):
            pass  # a model trained before the component was: it knew out_of_scope
        return scope

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.knows_out_of_scope:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            unnamed = without_unnamed_bot(
                text, message.get(INTENT_RANKING_KEY) or [], self.bot_words
            )
            if unnamed:  # the checks below (and OVERRULED) see the reading without it
                set_ranking(message, unnamed)
            ranking = message.get(INTENT_RANKING_KEY) or []
            # a device of ours in trouble is never refused: a refusal is asked back, and the
            # domain check leaves it be (「垃圾，电池坚持不了一天！」: 电池 alone is too general a
            # word for the check)
            entities = message.get(ENTITIES) or []
            if self.refusals is not None and self.refusals.ours(text):
                ranking = asked_back_instead(text, ranking, self.refusals)
            else:
                elsewhere = (
                    elsewhere_ranking(text, ranking, entities, self.refusals)
                    if self.refusals is not None
                    else None
                )
                ranking = elsewhere or scoped_ranking(
                    text,
                    ranking,
                    entities,
                    self.vocabulary,
                    self.sure,
                    self.unsure,
                    self.ambiguous,
                )
            if ranking:
                message.set(
                    OVERRULED,
                    dict((message.get(INTENT_RANKING_KEY) or [{}])[0]),
                    add_to_output=True,
                )
                set_ranking(message, ranking)
        return messages
