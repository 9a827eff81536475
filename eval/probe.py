"""Score a trained model on the team's probe sets (``tests/nlu/probe_*.yml``): messages written to
check one lever each (long messages, typos and dialect, out of scope), never trained on.

    python -m eval.probe MODEL.tar.gz [MODEL2.tar.gz …] [--json PATH] [--no-search]

Per set and model: understood (acted on the right meaning, or asked back with it on a button
chosen by ``bot.dialogue.clarify.candidates``), wrong (acted on another meaning), asked back, and
for everyday requests the share taken as a service request (acted on an intent other than
out_of_scope). Also the mean parse time per message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.dialogue.clarify import candidates
from bot.knowledge.base import NLU_FALLBACK as FALLBACK

PROBES = Path(__file__).resolve().parents[1] / "tests" / "nlu"
OUT_OF_SCOPE = "out_of_scope"


@dataclass
class SetScore:
    messages: int
    understood: float
    wrong: float
    asked_back: float
    taken_as_service: float | None
    parse_ms: float
    mistakes: list[tuple[str, str, str | None]]  # (text, meant, acted on)


def probe_sets(folder: Path = PROBES) -> dict[str, list[tuple[str, str]]]:
    """{set name: [(text, intent)]} from every probe_*.yml."""
    from rasa.shared.nlu.training_data.loading import load_data

    return {
        path.stem: [(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples]
        for path in sorted(folder.glob("probe_*.yml"))
    }


def outcome(intent: str, parse: dict[str, Any]) -> str:
    """right / offered / asked / wrong for one parse result."""
    acted = (parse.get("intent") or {}).get("name")
    if acted == FALLBACK:
        ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK]
        offered = [c.intent for c in candidates(ranking, parse.get("text"))]
        return "offered" if intent in offered else "asked"
    return "right" if acted == intent else "wrong"


def score(examples: Sequence[tuple[str, str]], parse) -> SetScore:
    counts = {"right": 0, "offered": 0, "asked": 0, "wrong": 0}
    service = oos = 0
    mistakes: list[tuple[str, str, str | None]] = []
    started = time.perf_counter()
    for text, intent in examples:
        result = parse(text)
        kind = outcome(intent, result)
        counts[kind] += 1
        acted = (result.get("intent") or {}).get("name")
        if intent == OUT_OF_SCOPE:
            oos += 1
            service += acted not in (OUT_OF_SCOPE, FALLBACK)
        if kind in ("wrong", "asked"):
            mistakes.append((text, intent, acted))
    seconds = time.perf_counter() - started
    n = max(len(examples), 1)
    return SetScore(
        messages=len(examples),
        understood=round((counts["right"] + counts["offered"]) / n, 3),
        wrong=round(counts["wrong"] / n, 3),
        asked_back=round((counts["offered"] + counts["asked"]) / n, 3),
        taken_as_service=round(service / oos, 3) if oos else None,
        parse_ms=round(1000 * seconds / n, 1),
        mistakes=mistakes,
    )


def score_model(model: Path, sets: dict[str, list[tuple[str, str]]]) -> dict[str, SetScore]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    try:
        parse = lambda text: loop.run_until_complete(agent.parse_message(text))  # noqa: E731
        parse("预热")  # the first parse builds lazy parts; not timed
        return {name: score(examples, parse) for name, examples in sets.items()}
    finally:
        loop.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--no-search", action="store_true", help="buttons from the classifier alone (no BM25)"
    )
    args = parser.parse_args(argv)
    if args.no_search:
        from bot.dialogue import clarify

        clarify.SEARCH_WEIGHT = 0.0
    sets = probe_sets()
    results = {str(model): score_model(model, sets) for model in args.models}
    print(
        "| model | set | messages | understood | wrong | asked back | everyday taken as service | parse ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for model, scores in results.items():
        for name, s in scores.items():
            taken = "–" if s.taken_as_service is None else f"{s.taken_as_service:.3f}"
            print(
                f"| {Path(model).name} | {name} | {s.messages} | {s.understood:.3f} | {s.wrong:.3f} | {s.asked_back:.3f} | {taken} | {s.parse_ms} |"
            )
    for model, scores in results.items():
        for name, s in scores.items():
            for text, intent, acted in s.mistakes:
                print(f"  {Path(model).name} {name}: {text} — want {intent}, got {acted}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {m: {n: asdict(s) for n, s in r.items()} for m, r in results.items()},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
