"""Train one project tree's config.yml and time it: run *in that tree* by ``eval.cost``.

    cd TREE && PYTHONPATH=TREE python -c "import runpy, sys; sys.argv[1:] = [TEXTS, WORK]; runpy.run_path(PROBE, run_name='__main__')"

Imports only Rasa and the tree's own ``bot.build`` (never this project's ``eval``), so the
starting commit is trained with its own components. Prints one JSON line:
``{"train_seconds": …, "parse_ms": …, "messages": …}``.
"""

import asyncio
import json
import os
import sys
import time
from pathlib import Path


def main(texts_file: str, work_dir: str) -> None:
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    os.environ["RASA_MAX_CACHE_SIZE"] = (
        "0"  # trained from scratch, like every variant of make nlu-eval
    )
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    from bot.build import build_nlu_inputs

    build_nlu_inputs()
    started = time.perf_counter()
    model = train_nlu(
        config="config.yml", nlu_data="data/nlu", output=work_dir, fixed_model_name="probe"
    )
    train_seconds = time.perf_counter() - started
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    loop.run_until_complete(agent.parse_message(texts[0]))  # warm-up, as the runner does
    started = time.perf_counter()
    for text in texts:
        loop.run_until_complete(agent.parse_message(text))
    parse_ms = 1000 * (time.perf_counter() - started) / len(texts)
    print(
        json.dumps({"train_seconds": train_seconds, "parse_ms": parse_ms, "messages": len(texts)})
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
