"""Rasa pipelines as variants: ``config.yml`` (``ours``) and every ``eval/configs/*.yml``."""

from __future__ import annotations

import asyncio
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.base import NLU_FALLBACK
from eval.examples import Prediction, spans, values
from eval.variant import Parser, Variant

#: Rasa reuses trained components from its cache (.rasa/cache); 0 MB turns the cache off so
#: that every variant is trained from scratch and training times compare.
_NO_TRAINING_CACHE = {"RASA_MAX_CACHE_SIZE": "0"}

#: Rasa's warning for an entity whose start or end falls inside a token (the entity cannot be
#: learnt): one per training message, so collected and counted rather than printed.
_MISALIGNED = re.compile(
    r"Misaligned entity annotation in message '(?P<text>.*?)' with intent '[^']*'\. "
    r"Make sure the start and end values of entities \((?P<entities>\[.*?\])\)",
    re.DOTALL,
)


def misaligned_annotation(warning: str) -> str | None:
    """``"text [(start, end, 'value')]"`` when ``warning`` is Rasa's misaligned-entity warning."""
    match = _MISALIGNED.search(warning)
    return f"{match['text']} {match['entities']}" if match else None


@contextmanager
def collecting_misaligned_annotations(found: list[str]) -> Iterator[None]:
    """Adds the misaligned annotations Rasa warns about to ``found`` (each once) instead of
    printing them; other warnings are shown once each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    shown = set()
    for warning in caught:
        annotation = misaligned_annotation(str(warning.message))
        if annotation is not None:
            if annotation not in found:
                found.append(annotation)
        elif str(warning.message) not in shown:
            shown.add(str(warning.message))
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )


#: The two ways of cutting messages into tokens for the classifier; ``make nlu-eval`` runs the
#: project's config with the other one too, and the better one is what config.yml uses.
TOKENIZERS: dict[str, dict[str, Any]] = {
    "jieba_tokens": {
        "name": "bot.nlu.tokenizer.ChineseTokenizer",
        "dictionary_path": "var/build/jieba",
    },
    "spacy_tokens": {"name": "SpacyTokenizer"},
}


#: Rasa's default tokenizer (eval/configs/rasa_default.yml), which ``with_tokenizer`` replaces too.
WHITESPACE_TOKENIZER = "WhitespaceTokenizer"


def with_tokenizer(config: Mapping[str, Any], tokenizer: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with its tokenizer replaced by ``tokenizer`` (nothing else changes)."""
    names = {t["name"] for t in TOKENIZERS.values()} | {WHITESPACE_TOKENIZER}
    pipeline = [
        dict(tokenizer) if step.get("name") in names else step for step in config["pipeline"]
    ]
    return {**config, "pipeline": pipeline}


def with_settings(
    config: Mapping[str, Any], settings: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """``config`` with the parameters of ``settings`` (component name → parameters) set on those
    pipeline components; a component the pipeline lacks is an error, not silently ignored."""
    names = {step.get("name") for step in config["pipeline"]}
    missing = sorted(set(settings) - names)
    if missing:
        raise ValueError(f"the pipeline has no {missing}")
    pipeline = [{**step, **settings.get(step["name"], {})} for step in config["pipeline"]]
    return {**config, "pipeline": pipeline}


def tokenizer_of(config: Mapping[str, Any]) -> str | None:
    """The ``TOKENIZERS`` key of the tokenizer ``config`` uses."""
    used = {step.get("name") for step in config.get("pipeline") or []}
    return next((key for key, t in TOKENIZERS.items() if t["name"] in used), None)


DIET = "DIETClassifier"


class RasaVariant(Variant):
    """The NLU pipeline of a Rasa config file, trained with ``rasa.model_training.train_nlu``.

    ``tokenizer`` (a ``TOKENIZERS`` key) trains the same config with that tokenizer instead;
    ``settings`` (component name → parameters) changes parameters of pipeline components.
    """

    def __init__(
        self,
        name: str,
        config: Path,
        tokenizer: str | None = None,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.name = name
        self.config = config
        self.tokenizer = tokenizer
        self.settings = dict(settings or {})
        self._model: Path | None = None
        self.misaligned_annotations: list[str] = []

    def with_seed(self, seed: int) -> RasaVariant:
        """The same variant with another DIET random seed, named ``<name>_seed<seed>``."""
        settings = {**self.settings, DIET: {**self.settings.get(DIET, {}), "random_seed": seed}}
        return RasaVariant(f"{self.name}_seed{seed}", self.config, self.tokenizer, settings)

    def describe(self) -> str:
        changes = [f"with {TOKENIZERS[self.tokenizer]['name']}"] if self.tokenizer else []
        changes += [
            f"{component} {', '.join(f'{key}={value}' for key, value in params.items())}"
            for component, params in self.settings.items()
        ]
        return " ".join([str(self.config), *changes])

    def _config_file(self, work_dir: Path) -> Path:
        if not self.tokenizer and not self.settings:
            return self.config
        config = yaml.safe_load(self.config.read_text(encoding="utf-8"))
        if self.tokenizer:
            # both tokenizers are Chinese ones (Rasa's jieba tokenizer refuses another language)
            config = {**with_tokenizer(config, TOKENIZERS[self.tokenizer]), "language": "zh"}
        config = with_settings(config, self.settings)
        derived = work_dir / f"{self.name}.config.yml"
        derived.parent.mkdir(parents=True, exist_ok=True)
        derived.write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return derived

    def train(self, data_dir: Path, work_dir: Path) -> None:
        from rasa.model_training import train_nlu

        os.environ.update(_NO_TRAINING_CACHE)
        self.misaligned_annotations = []
        with collecting_misaligned_annotations(self.misaligned_annotations):
            model = train_nlu(
                config=str(self._config_file(work_dir)),
                nlu_data=str(data_dir),
                output=str(work_dir),
                fixed_model_name=self.name,
            )
        if model is None:
            raise RuntimeError(f"{self.name}: Rasa trained no NLU model from {data_dir}")
        self._model = Path(model)

    @contextmanager
    def parsing(self) -> Iterator[Callable[[str], dict[str, Any]]]:
        """The trained model, loaded, as a function from a message to Rasa's parse result."""
        from rasa.core.agent import Agent

        if self._model is None:
            raise RuntimeError(f"{self.name}: train before loading")
        agent = Agent.load(str(self._model))
        loop = asyncio.new_event_loop()
        try:
            yield lambda text: loop.run_until_complete(agent.parse_message(text))
        finally:
            loop.close()

    @contextmanager
    def loaded(self) -> Iterator[Parser]:
        with self.parsing() as parse:
            yield lambda text: to_prediction(parse(text))


class TrainedModel(RasaVariant):
    """A model trained elsewhere (``python -m eval --model PATH``), scored as it is: no training."""

    def __init__(self, model: Path, name: str = "model") -> None:
        super().__init__(name, model)
        self._model = model

    def describe(self) -> str:
        return f"trained model {self.config} (not trained again)"

    def train(self, data_dir: Path, work_dir: Path) -> None:
        if not self.config.is_file():
            raise FileNotFoundError(f"{self.name}: no trained model at {self.config}")


def ranking_of(parse: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
    """Rasa's intent ranking, best first, without the fallback intent: (intent, confidence)."""
    return tuple(
        (str(r["name"]), float(r.get("confidence") or 0.0))
        for r in parse.get("intent_ranking") or []
        if r.get("name") != NLU_FALLBACK
    )


def offered(parse: Mapping[str, Any]) -> tuple[str, ...]:
    """The intents of the buttons the bot offers when it asks back about this parse: chosen by
    ``bot.dialogue.clarify.candidates``, as ``actions/clarify.py`` does; () when it acts."""
    from bot.dialogue.clarify import candidates_for

    if ((parse.get("intent") or {}).get("name")) != NLU_FALLBACK:
        return ()
    return tuple(c.intent for c in candidates_for(dict(parse)))


def to_prediction(parse: Mapping[str, Any]) -> Prediction:
    """A ``Prediction`` from the dictionary Rasa's ``parse_message`` returns."""
    intent = (parse.get("intent") or {}).get("name") or ""
    ranked = ranking_of(parse)
    entities = parse.get("entities") or []
    return Prediction(
        intent,
        ranked[0][0] if ranked else intent,
        spans(entities),
        offered(parse),
        values(entities),
    )


def rasa_variants(project_config: Path, configs_dir: Path) -> list[RasaVariant]:
    """``ours`` (the project's config) first, then ours with the other tokenizer, then one
    variant per YAML file of ``configs_dir``."""
    ours = [RasaVariant("ours", project_config)]
    used = tokenizer_of(yaml.safe_load(project_config.read_text(encoding="utf-8")))
    ours += [
        RasaVariant(f"ours_{key}", project_config, key)
        for key in TOKENIZERS
        if used and key != used
    ]
    others = sorted(configs_dir.glob("*.yml")) if configs_dir.is_dir() else []
    return ours + [RasaVariant(p.stem, p) for p in others]
