"""Homophone typos of the knowledge base's words, put right before anything reads the message.

Customers type with pinyin input methods and pick the wrong character of the right sound:
冰相 for 冰箱, 空凋 for 空调, 没信好 for 没信号, 手记 for 手机, 洗依机 for 洗衣机. The words come
from ``knowledge/`` (product names and synonyms, ``vocabulary.yml``, fault titles), so a new
product word is covered without a list of typos.

Conservative on purpose:
- only a span whose pinyin (the usual reading of each character, tones ignored) is the pinyin
  of a domain word, that does not start or end inside a dictionary word of the message (上还 in
  晚上还好), and whose characters differ from it in at most one place (two in words of four
  or more characters);
- never a span that is itself one of our words, nor a common word of its own (jieba's
  dictionary knows it 100 times or at least a tenth as often as the domain word: 手记 70 against 手机 4789
  is rewritten, a real word of similar frequency is not);
- the replacement has the same length, so entity offsets stay right; the typed text is put back
  at the end of the pipeline (``TypedTextRestorer``), so the conversation keeps what was typed.

English words mixed into the Chinese (「washing machine」) are replaced first
(``bot/nlu/english_words.py``); those replacements change the length, and the restorer moves the
entities back onto the text as typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.words import HAN, domain_words, pristine_dictionary
from bot.nlu.english_words import EnglishWords, Replacement, english_words, typed_offset

#: Where the message's text as typed is kept while the pipeline reads the corrected one.
TYPED_TEXT = "typed_text"
#: What was corrected, shown on the parse result: [{"typed": "冰相", "read": "冰箱", "start": 0}]
#: (``start`` in the text as typed).
CORRECTIONS = "homophone_corrections"
#: The English words replaced (``english_words.Replacement`` as dicts), to put entities back.
REPLACED = "english_replaced"
#: A span is a word of its own, not a typo, when jieba knows it at least this share as often.
OWN_WORD_SHARE = 0.1
#: ... or at least this often in jieba's dictionary (回复 is no typo of 恢复).
OWN_WORD_MIN = 100

Key = tuple[str, ...]


@lru_cache(maxsize=20000)
def reading(char: str) -> str:
    """A character's usual toneless pinyin (调: diao); rare readings (有: wei) would match too much."""
    from pypinyin import Style, pinyin

    return pinyin(char, style=Style.NORMAL)[0][0]


def typed_key(span: str) -> Key:
    """What a customer's input method spelled: the usual reading of each character."""
    return tuple(reading(c) for c in span)


def word_keys(word: str) -> set[Key]:
    """How a domain word is spelled: as a word (空调: kong tiao) and character by character (kong diao)."""
    from pypinyin import Style, lazy_pinyin

    return {tuple(lazy_pinyin(word, style=Style.NORMAL)), typed_key(word)}


#: A typed character that is grammar is no typo: 故障吗 is a question, not 故障码; 只冷 is not 制冷.
FUNCTION_CHARS = frozenset("吗呢吧啊嘛了的地得着过有是在不没也就都还很又只才再")


def cuts_a_word(cutter: Any, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts or ends inside a dictionary word of the text (上还 in
    晚上还好); a typo is usually no word, so jieba leaves it in pieces or guesses a new one."""
    position = 0
    for token in cutter.lcut(text):
        token_end = position + len(token)
        inside = position < start < token_end or position < end < token_end
        if inside and cutter.FREQ.get(token):
            return True
        position = token_end
    return False


def index(knowledge: Any = None) -> HomophoneIndex:
    """The index of the knowledge base's words; product synonyms may turn out to be typos."""
    from bot.knowledge import load_knowledge

    knowledge = knowledge or load_knowledge()
    return HomophoneIndex(domain_words(knowledge), typos_allowed=knowledge.synonym_map())


class HomophoneIndex:
    """Domain words by pinyin; of homophones among them the commonest is the one meant (冰箱, not
    the typo 冰相 that products.yml lists as a synonym)."""

    def __init__(self, words: Iterable[str], typos_allowed: Iterable[str] = ()) -> None:
        self.cutter = pristine_dictionary()
        shipped = {w: int(self.cutter.FREQ.get(w) or 0) for w in set(words)}
        # how often jieba's own dictionary knows a word (ours are added to the cutter below)
        self.frequency = lambda w: shipped[w] if w in shipped else int(self.cutter.FREQ.get(w) or 0)
        frequency = self.frequency
        self.by_key: dict[Key, str] = {}
        ranked = sorted(set(words), key=lambda w: (-frequency(w), w))
        for word in ranked:
            for key in word_keys(word):
                self.by_key.setdefault(key, word)
        # every domain word is protected, except a listed synonym (products.yml lists 冰相 so that
        # it is read as a fridge) that is a homophone of a commoner domain word
        maybe_typos = set(typos_allowed)
        self.known = {
            w
            for w in ranked
            if w not in maybe_typos or any(self.by_key.get(k) == w for k in word_keys(w))
        }
        for word in ranked:
            self.cutter.add_word(word, max(frequency(word), 2000))
        self.lengths = sorted({len(w) for w in ranked}, reverse=True)
        self.openings = {key[:2] for key in self.by_key}

    def meant(self, span: str) -> str | None:
        """The domain word a span is a homophone typo of, or None."""
        if span in self.known or not HAN.match(span):
            return None
        target = self.by_key.get(typed_key(span))
        if target is None or target == span:
            return None
        differing = [a for a, b in zip(span, target, strict=False) if a != b]
        if len(differing) > (2 if len(span) >= 4 else 1) or FUNCTION_CHARS.intersection(differing):
            return None
        own = self.frequency(span)
        if own >= OWN_WORD_MIN or own >= OWN_WORD_SHARE * max(self.frequency(target), 1):
            return None
        return target

    def correct(self, text: str) -> tuple[str, list[dict[str, Any]]]:
        """The text with homophone typos of domain words put right (same length), and what was put right."""
        chars: list[str] = list(text)
        found: list[dict[str, Any]] = []
        position = 0
        while position < len(text):
            pair = text[position : position + 2]
            if len(pair) < 2 or not HAN.match(pair) or typed_key(pair) not in self.openings:
                position += 1
                continue
            for length in self.lengths:
                span = text[position : position + length]
                if len(span) < length:
                    continue
                target = self.meant(span)
                if target and not cuts_a_word(self.cutter, text, position, position + length):
                    chars[position : position + length] = list(target)
                    found.append({"typed": span, "read": target, "start": position})
                    position += length
                    break
            else:
                position += 1
        return "".join(chars), found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class HomophoneNormaliser(GraphComponent):
    """First in the pipeline: the classifier and the extractors read 冰箱 where 冰相 was typed, and
    洗衣机 where 「washing machine」 was (``bot/nlu/english_words.py``)."""

    def __init__(self, index: HomophoneIndex, english: EnglishWords | None = None) -> None:
        self.index = index
        self.english = english or EnglishWords({})

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> HomophoneNormaliser:
        return cls(index(), english_words())

    def read(self, text: str) -> tuple[str, list[Replacement], list[dict[str, Any]]]:
        """The text as the pipeline reads it, the English words replaced, and every correction
        (its ``start`` in the text as typed)."""
        translated, replaced = self.english.translate(text)
        corrected, found = self.index.correct(translated)
        corrections = [{"typed": r.typed, "read": r.read, "start": r.typed_start} for r in replaced]
        corrections += [
            {**f, "start": typed_offset(f["start"], replaced, start=True)} for f in found
        ]
        return corrected, replaced, sorted(corrections, key=lambda c: c["start"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or message.get(TYPED_TEXT):
                continue
            corrected, replaced, corrections = self.read(text)
            if corrections:
                message.set(TYPED_TEXT, text)
                message.set(TEXT, corrected)
                message.set(REPLACED, [dataclasses.asdict(r) for r in replaced])
                message.set(CORRECTIONS, corrections, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # our training data is written with the right characters (its typos are on purpose and
        # are read the way customers' are, at parse time as well as here). Its English words are
        # left as written: the classifier learns 「no signal」 too, and a word added to
        # ``english_words`` needs no retraining (session 17)
        for message in training_data.training_examples:
            text = message.get(TEXT)
            if text:
                corrected, found = self.index.correct(text)
                if found:
                    message.set(TEXT, corrected)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TypedTextRestorer(GraphComponent):
    """Last in the pipeline: the parse result carries the text as the customer typed it."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TypedTextRestorer:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            typed = message.get(TYPED_TEXT)
            if typed:
                message.set(TEXT, typed)
            replaced = [Replacement(**r) for r in message.get(REPLACED) or []]
            for entity in (message.get(ENTITIES) or []) if replaced else []:
                # 「washing machine」 was read as 洗衣机: the entity is where the customer typed it
                entity[ENTITY_ATTRIBUTE_START] = typed_offset(
                    entity[ENTITY_ATTRIBUTE_START], replaced, start=True
                )
                entity[ENTITY_ATTRIBUTE_END] = typed_offset(entity[ENTITY_ATTRIBUTE_END], replaced)
        return messages
