"""Train every NLU variant on data/nlu, score it on tests/nlu/test_nlu.yml, print and save.

    python -m eval [--variants ours,tfidf_lr] [--seeds 7,2026] [--json PATH]

``--seeds`` also trains every selected Rasa variant (``ours``, ``rasa_default``…) with those DIET
random seeds and reports each one's spread: one seed's figures alone can flatter or wrong a
pipeline by about a percentage point, the baseline's as much as ours.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

from bot.build import ROOT, build_nlu_inputs
from eval.baseline import TfidfLrVariant
from eval.examples import Example, load_examples
from eval.paths import CONFIGS_DIR, PROJECT_CONFIG, TEST_DATA, TRAIN_DATA, WORK_DIR
from eval.report import render, seed_spread, to_json
from eval.rasa_variants import RasaVariant, rasa_variants
from eval.runner import VariantResult, evaluate_variant
from eval.variant import Variant

DEFAULT_JSON = WORK_DIR / "results.json"


def available_variants() -> Dict[str, Variant]:
    variants: List[Variant] = [*rasa_variants(PROJECT_CONFIG, CONFIGS_DIR), TfidfLrVariant()]
    names = [v.name for v in variants]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise SystemExit(f"variant names used twice (rename the file in {CONFIGS_DIR}): {clashes}")
    return {v.name: v for v in variants}


def select(available: Dict[str, Variant], names: Optional[str]) -> List[Variant]:
    if not names:
        return list(available.values())
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise SystemExit(f"unknown variant(s) {unknown}; available: {', '.join(available)}")
    return [available[n] for n in wanted]


def seed_variants(variants: Sequence[Variant], seeds: Optional[str]) -> Dict[str, List[Variant]]:
    """Each Rasa variant of ``variants`` (by name) trained with each DIET random seed of the
    comma-separated ``seeds``; the TF-IDF baseline has no seed to vary."""
    numbers = [int(seed) for seed in (seeds or "").split(",") if seed.strip()]
    if not numbers:
        return {}
    return {v.name: [v.with_seed(seed) for seed in numbers] for v in variants if isinstance(v, RasaVariant)}


def seed_groups(results: Sequence[VariantResult], seeded: Mapping[str, Sequence[Variant]]) -> Dict[str, List[VariantResult]]:
    """Each variant trained with several seeds: its name → its results, the configured seed's first."""
    by_name = {r.name: r for r in results}
    return {base: [by_name[base], *(by_name[v.name] for v in copies)] for base, copies in seeded.items()}


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", help="comma-separated variant names (default: all)")
    parser.add_argument("--seeds", help="also train each Rasa variant with these DIET random seeds (comma-separated) and report the spread")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"results file (default: {DEFAULT_JSON.relative_to(ROOT)})")
    return parser.parse_args(argv)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def describe_data(train_count: int, test: Sequence[Example]) -> str:
    intents = len({e.intent for e in test})
    entities = sum(len(e.entities) for e in test)
    return (
        f"NLU evaluation: trained on {_relative(TRAIN_DATA)} ({train_count} examples), tested on "
        f"{_relative(TEST_DATA)} ({len(test)} messages, {intents} intents, {entities} entities)"
    )


def run(variants: Sequence[Variant], test: Sequence[Example]) -> List[VariantResult]:
    results = []
    for number, variant in enumerate(variants, 1):
        print(f"[{number}/{len(variants)}] {variant.name}: training ({variant.describe()})…", flush=True)
        result = evaluate_variant(variant, TRAIN_DATA, test, WORK_DIR / "models")
        print(f"[{number}/{len(variants)}] {variant.name}: trained in {result.train_seconds:.0f} s, "
              f"intent accuracy {result.intents.accuracy:.3f}", flush=True)
        results.append(result)
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    variants = select(available_variants(), args.variants)
    seeded = seed_variants(variants, args.seeds)
    variants = [*variants, *(v for copies in seeded.values() for v in copies)]
    json_path = args.json.resolve()
    os.chdir(ROOT)  # config.yml names the jieba and spaCy folders relative to the project
    build_nlu_inputs()
    train_count, test = len(load_examples(TRAIN_DATA)), load_examples(TEST_DATA)
    results = run(variants, test)
    print("\n" + render(results, test, describe_data(train_count, test)))
    groups = seed_groups(results, seeded)
    for group in groups.values():
        print("\n" + seed_spread(group))

    import rasa

    meta = {"train_data": _relative(TRAIN_DATA), "test_data": _relative(TEST_DATA),
            "train_examples": train_count, "test_messages": len(test), "rasa_version": rasa.__version__}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(to_json(results, meta, groups), ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults written to {_relative(json_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
