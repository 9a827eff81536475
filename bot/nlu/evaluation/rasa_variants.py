"""Rasa pipelines as variants: ``config.yml`` (``ours``) and every ``eval/configs/*.yml``."""
from __future__ import annotations

import asyncio
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, List, Mapping, Optional

from bot.nlu.evaluation.examples import FALLBACK_INTENT, Prediction, spans
from bot.nlu.evaluation.variant import Parser, Variant

#: Rasa reuses trained components from its cache (.rasa/cache); 0 MB turns the cache off so
#: that every variant is trained from scratch and training times compare.
_NO_TRAINING_CACHE = {"RASA_MAX_CACHE_SIZE": "0"}


class RasaVariant(Variant):
    """The NLU pipeline of a Rasa config file, trained with ``rasa.model_training.train_nlu``."""

    def __init__(self, name: str, config: Path) -> None:
        self.name = name
        self.config = config
        self._model: Optional[Path] = None

    def describe(self) -> str:
        return str(self.config)

    def train(self, data_dir: Path, work_dir: Path) -> None:
        from rasa.model_training import train_nlu

        os.environ.update(_NO_TRAINING_CACHE)
        model = train_nlu(
            config=str(self.config), nlu_data=str(data_dir),
            output=str(work_dir), fixed_model_name=self.name,
        )
        if model is None:
            raise RuntimeError(f"{self.name}: Rasa trained no NLU model from {data_dir}")
        self._model = Path(model)

    @contextmanager
    def loaded(self) -> Iterator[Parser]:
        from rasa.core.agent import Agent

        if self._model is None:
            raise RuntimeError(f"{self.name}: train before loading")
        agent = Agent.load(str(self._model))
        loop = asyncio.new_event_loop()
        try:
            yield lambda text: to_prediction(loop.run_until_complete(agent.parse_message(text)))
        finally:
            loop.close()


def to_prediction(parse: Mapping[str, Any]) -> Prediction:
    """A ``Prediction`` from the dictionary Rasa's ``parse_message`` returns."""
    intent = (parse.get("intent") or {}).get("name") or ""
    ranked = [
        r["name"] for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT
    ]
    return Prediction(intent, ranked[0] if ranked else intent, spans(parse.get("entities") or []))


def rasa_variants(project_config: Path, configs_dir: Path) -> List[RasaVariant]:
    """``ours`` (the project's config) first, then one variant per YAML file of ``configs_dir``."""
    others = sorted(configs_dir.glob("*.yml")) if configs_dir.is_dir() else []
    return [RasaVariant("ours", project_config)] + [RasaVariant(p.stem, p) for p in others]
