"""A Chinese spaCy pipeline built from the knowledge base, for exact, rule-based entities.

``make setup`` (``python -m bot.build``) saves it under ``var/build/spacy``; Rasa loads it with
``SpacyNLP`` and reads its entities with ``SpacyEntityExtractor`` (see ``config.yml``). Nothing
is downloaded: it is ``spacy.blank("zh")`` with spaCy's jieba segmenter and four components:

``jieba_user_dictionary``
    carries the project's user dictionary (``bot/nlu/vocabulary.py``) and loads it into jieba
    when the pipeline is loaded, so product words and city names come out as whole tokens.
``merge_codes``
    jieba cuts ``KFR-35GW/E500-A1`` into seven tokens; this merges every letters-and-digits code
    (``bot.nlu.segmentation``, the rule ``ChineseTokenizer`` follows too) into one token.
``split_titles``
    jieba keeps 王女士 whole; the surname is the customer's name (``ExactDetailsExtractor``).
``entity_ruler``
    patterns generated from ``knowledge/``: product words (pattern id = the product id: tv,
    fridge, ac, washer, phone), city names and their written forms (id = the city), the fault
    codes of every product line, and the shapes of ``knowledge/shapes.yml`` (model numbers,
    fault codes, ticket, mobile and IMEI numbers) as whole-token regexes.

The custom components are registered when this module is imported; ``bot.nlu`` imports it, and
every Rasa pipeline of this project names a ``bot.nlu`` component, so Rasa always finds them.
The pipeline is rebuilt only when what it is made of changes (``build``).
"""

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from bot.knowledge import KnowledgeBase, knowledge_dir, load_knowledge
from bot.nlu.segmentation import CODE_PATTERN, split_title
from bot.nlu.vocabulary import WORD_FREQUENCY, vocabulary_words

USER_DICTIONARY = "jieba_user_dictionary"
MERGE_CODES = "merge_codes"
SPLIT_TITLES = "split_titles"
#: where the build writes what the pipeline was built from (to skip an unchanged rebuild)
INPUTS_STAMP = "inputs.sha256"


@Language.factory(USER_DICTIONARY)
def _user_dictionary(nlp: Language, name: str) -> "JiebaUserDictionary":
    return JiebaUserDictionary()


class JiebaUserDictionary:
    """Holds the user dictionary and puts it into jieba, which spaCy's segmenter calls.

    It changes no document: its work is done when the pipeline is built or loaded, before the
    tokenizer first runs.
    """

    FILE = "userdict.txt"

    def __init__(self) -> None:
        self.words: list[str] = []

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def set_words(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._load_into_jieba()

    def _load_into_jieba(self) -> None:
        import jieba

        for word in self.words:
            jieba.add_word(word, WORD_FREQUENCY)

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.FILE).write_text("".join(f"{w}\n" for w in self.words), encoding="utf-8")

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> "JiebaUserDictionary":
        text = (Path(path) / self.FILE).read_text(encoding="utf-8")
        self.set_words(line for line in text.splitlines() if line.strip())
        return self


@Language.component(MERGE_CODES)
def merge_codes(doc: Doc) -> Doc:
    """One token per code: ``KFR-35GW/E500-A1``, ``HX20261127-10E9-NT83``, ``55E3F``."""
    with doc.retokenize() as retokenizer:
        for match in CODE_PATTERN.finditer(doc.text):
            span = doc.char_span(match.start(), match.end())
            if span is not None and len(span) > 1:
                retokenizer.merge(span)
    return doc


@Language.component(SPLIT_TITLES)
def split_titles(doc: Doc) -> Doc:
    """王女士 → 王 | 女士."""
    with doc.retokenize() as retokenizer:
        for token in doc:
            titled = split_title(token.text)
            if titled:
                retokenizer.split(token, list(titled), heads=[(token, 1), (token, 1)])
    return doc


def entity_patterns(knowledge: KnowledgeBase) -> list[dict[str, Any]]:
    """The entity ruler's patterns, generated from the knowledge base."""
    patterns: list[dict[str, Any]] = []
    for word, product in sorted(knowledge.synonym_map().items()):  # the words Rasa's synonyms map
        patterns.append({"label": "product", "pattern": word, "id": product})
    for city in knowledge.cities.values():
        for name in city.names:
            patterns.append({"label": "city", "pattern": name, "id": city.name})
    known_codes = sorted({code for codes in knowledge.error_codes.values() for code in codes})
    for code in known_codes:
        patterns.append({"label": "error_code", "pattern": code, "id": code})
    for shape in knowledge.shapes.values():
        if shape.entity and not shape.in_text_only:  # in-text shapes: bot/nlu/exact_details.py
            token: dict[str, Any] = {"TEXT": {"REGEX": shape.whole_value()}}
            if shape.min_length > 1:
                token["LENGTH"] = {">=": shape.min_length}
            patterns.append({"label": shape.entity, "pattern": [token]})
    return patterns


def create_pipeline(knowledge: KnowledgeBase, words: Iterable[str]) -> Language:
    """The pipeline, in memory: blank Chinese with jieba, our dictionary, codes kept whole, ruler."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    dictionary = nlp.add_pipe(USER_DICTIONARY)
    assert isinstance(dictionary, JiebaUserDictionary)
    dictionary.set_words(words)
    nlp.add_pipe(MERGE_CODES)
    nlp.add_pipe(SPLIT_TITLES)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(entity_patterns(knowledge))
    nlp.meta["name"] = "service_entities"
    nlp.meta["description"] = (
        "Rule-based entities generated from knowledge/ (bot/nlu/spacy_pipeline.py)"
    )
    return nlp


def _inputs_fingerprint(directory: Path) -> str:
    """What the saved pipeline depends on: the knowledge files, this code and spaCy's version."""
    digest = hashlib.sha256(spacy.about.__version__.encode())
    sources = [
        Path(__file__),
        Path(__file__).with_name("vocabulary.py"),
        Path(__file__).with_name("segmentation.py"),
    ]
    for path in sources + sorted(p for p in directory.rglob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(target: Path, directory: Path | None = None) -> bool:
    """Save the pipeline to ``target`` unless it is there already, built from the same inputs.

    Returns whether it was (re)built.
    """
    directory = Path(directory or knowledge_dir())
    fingerprint = _inputs_fingerprint(directory)
    stamp = target / INPUTS_STAMP
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    knowledge = load_knowledge(directory)
    nlp = create_pipeline(knowledge, vocabulary_words(knowledge, directory))
    staging = target.with_name(target.name + ".new")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    (staging / INPUTS_STAMP).write_text(fingerprint)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return True


def load(path: Path) -> Language:
    """The saved pipeline (this module registers its components)."""
    return spacy.load(path)
