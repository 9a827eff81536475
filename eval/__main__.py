"""Train every NLU variant on data/nlu, score it on every test set, print the targets and save.

    python -m eval [--variants ours,tfidf_svm] [--seeds 7,2026] [--seeded ours]
                   [--real-corpora var/corpora] [--skip-baseline-commit] [--benchmark tnews] [--json PATH]
                   [--model models/bot-….tar.gz --variants model]   (a trained model, scored without training)

Test sets: the held-out ``tests/nlu/test_nlu.yml``; ``tests/nlu/entities.yml`` (entity F1 only)
when it exists; the real-customer and everyday sets of ``eval.corpora`` read from local copies
under ``--real-corpora`` (a missing copy is reported, the rest still scored). For every variant:
understood, wrong and top-1 (``eval/understanding.py``), the share of everyday queries taken as a
service request, and entity F1 on normalised values; relative dates are normalised against
``BOT_TODAY`` = 2026-11-30, set for the parse. ``--seeds`` trains the ``--seeded`` variants again
with those DIET random seeds (the held-out target is a mean over seeds 42, 7 and 2026).

The cost: the commit issue 18 started from is trained in the same run in a temporary folder
(``eval/cost.py``), and its training and parse times are printed next to ``ours``'s
(``--skip-baseline-commit`` for a quick run). ``--benchmark NAME`` runs the public benchmark too
(``eval/benchmark.py``). Every target of issue 18 is printed with PASS / FAIL at the end.
Rasa's own per-intent and confusion reports: ``make nlu-crossval``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bot.build import ROOT, build_nlu_inputs
from eval.baseline import tfidf_lr, tfidf_svm
from eval.examples import load_examples, pipeline_synonyms, with_synonyms
from eval.paths import (
    CONFIGS_DIR,
    CORPORA_DIR,
    ENTITY_DATA,
    PROJECT_CONFIG,
    REFERENCE_DAY,
    TEST_DATA,
    TRAIN_DATA,
    WORK_DIR,
)
from eval.rasa_variants import RasaVariant, TrainedModel, rasa_variants
from eval.real_sets import real_sets
from eval.report import render, seed_spread, spread_figures, to_json
from eval.runner import ENTITIES, EVERYDAY, HELD_OUT, REAL, EvalSet, VariantResult, evaluate_variant
from eval.targets import render_targets
from eval.understanding import NOT_A_SERVICE
from eval.variant import Variant

DEFAULT_JSON = WORK_DIR / "results.json"
OURS = "ours"


def available_variants(model: Path | None = None) -> dict[str, Variant]:
    variants: list[Variant] = [*rasa_variants(PROJECT_CONFIG, CONFIGS_DIR), tfidf_svm(), tfidf_lr()]
    variants += [TrainedModel(model)] if model else []
    names = [v.name for v in variants]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise SystemExit(f"variant names used twice (rename the file in {CONFIGS_DIR}): {clashes}")
    return {v.name: v for v in variants}


def select(available: dict[str, Variant], names: str | None) -> list[Variant]:
    if not names:
        return list(available.values())
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise SystemExit(f"unknown variant(s) {unknown}; available: {', '.join(available)}")
    return [available[n] for n in wanted]


def seed_variants(
    variants: Sequence[Variant], seeds: str | None, seeded: str | None = None
) -> dict[str, list[Variant]]:
    """Each Rasa variant of ``variants`` named in ``seeded`` (comma-separated; all when None)
    trained with each DIET random seed of the comma-separated ``seeds``; the TF-IDF baselines have
    no seed to vary."""
    numbers = [int(seed) for seed in (seeds or "").split(",") if seed.strip()]
    names = None if seeded is None else {n.strip() for n in seeded.split(",") if n.strip()}
    if not numbers:
        return {}
    return {
        v.name: [v.with_seed(seed) for seed in numbers]
        for v in variants
        if isinstance(v, RasaVariant) and (names is None or v.name in names)
    }


def seed_groups(
    results: Sequence[VariantResult], seeded: Mapping[str, Sequence[Variant]]
) -> dict[str, list[VariantResult]]:
    """Each variant trained with several seeds: its name → its results, the configured seed's first."""
    by_name = {r.name: r for r in results}
    return {
        base: [by_name[base], *(by_name[v.name] for v in copies)] for base, copies in seeded.items()
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--variants", help="comma-separated variant names (default: all)")
    parser.add_argument(
        "--seeds",
        default="7,2026",
        help="also train the --seeded variants with these DIET random seeds (default: 7,2026; '' for none)",
    )
    parser.add_argument(
        "--seeded",
        default=OURS,
        help="comma-separated variants trained with --seeds (default: ours)",
    )
    parser.add_argument(
        "--real-corpora",
        type=Path,
        default=CORPORA_DIR,
        help="local copies of the real sets' repositories (default: var/corpora)",
    )
    parser.add_argument(
        "--skip-baseline-commit",
        action="store_true",
        help="do not train the starting commit (no cost figures)",
    )
    parser.add_argument("--benchmark", help="also run this public benchmark (eval/benchmark.py)")
    parser.add_argument(
        "--model",
        type=Path,
        help="also score this trained model as variant 'model', without training "
        "(--variants model: only it; the targets are judged on it when ours is not run)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help=f"results file (default: {DEFAULT_JSON.relative_to(ROOT)})",
    )
    return parser.parse_args(argv)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def test_sets(
    real_corpora: Path, say: Callable[[str], None] = print
) -> tuple[list[EvalSet], list[str]]:
    """The held-out set, the entity set when it exists, and the real sets that could be read;
    and a note for each set that could not."""
    # the held-out set is annotated with the words as written: its values are normalised with the
    # pipeline's own synonyms (product words → tv, fridge…); other values stay as written
    held_out = with_synonyms(load_examples(TEST_DATA), pipeline_synonyms(TRAIN_DATA))
    sets = [EvalSet(_relative(TEST_DATA), held_out, HELD_OUT)]
    notes = []
    if ENTITY_DATA.exists():
        sets.append(EvalSet(_relative(ENTITY_DATA), load_examples(ENTITY_DATA), ENTITIES))
    else:
        notes.append(f"{_relative(ENTITY_DATA)} does not exist yet")
    found, skipped = real_sets(real_corpora, say)
    return sets + found, notes + skipped


def run(variants: Sequence[Variant], sets: Sequence[EvalSet]) -> list[VariantResult]:
    results = []
    for number, variant in enumerate(variants, 1):
        doing = "scoring" if isinstance(variant, TrainedModel) else "training"
        print(
            f"[{number}/{len(variants)}] {variant.name}: {doing} ({variant.describe()})…",
            flush=True,
        )
        result = evaluate_variant(variant, TRAIN_DATA, sets, WORK_DIR / "models")
        held_out = result.sets[sets[0].name].understanding
        assert held_out is not None, "the held-out set is scored on intents"
        print(
            f"[{number}/{len(variants)}] {variant.name}: trained in {result.train_seconds:.0f} s, "
            f"held-out understood {held_out.understood:.3f}, wrong {held_out.wrong:.3f}",
            flush=True,
        )
        results.append(result)
    return results


def pooled(result: VariantResult, sets: Sequence[EvalSet], figure: str) -> float | None:
    """One understanding figure over several sets, each weighted by its messages (or, for the share
    taken as a service request, by its messages that are no service request)."""
    total = weight = 0.0
    for test_set in sets:
        found = result.sets.get(test_set.name)
        u = found.understanding if found else None
        value = getattr(u, figure) if u else None
        if u is None or value is None:
            continue
        n = (
            sum(e.intent in NOT_A_SERVICE for e in test_set.examples)
            if figure == "taken_as_service"
            else u.messages
        )
        total += value * n
        weight += n
    return total / weight if weight else None


def mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def target_figures(
    ours: Sequence[VariantResult], sets: Sequence[EvalSet]
) -> dict[str, float | None]:
    """The figures the targets judge, each a mean over ``ours``'s trainings (DIET seeds)."""
    held_out = spread_figures(ours, sets[0].name)
    real = [s for s in sets if s.kind == REAL]
    everyday = [s for s in sets if s.kind == EVERYDAY]
    entity_sets = [s.name for s in sets if s.kind == ENTITIES]
    entity_f1 = (
        spread_figures(ours, entity_sets[0]).get("entity F1 (normalised values)")
        if entity_sets
        else None
    )
    return {
        "held_out_understood": held_out.get("understood", {}).get("mean"),
        "held_out_wrong": held_out.get("wrong", {}).get("mean"),
        "real_understood": mean([pooled(r, real, "understood") for r in ours]) if real else None,
        "real_wrong": mean([pooled(r, real, "wrong") for r in ours]) if real else None,
        "everyday_as_service": mean([pooled(r, everyday, "taken_as_service") for r in ours])
        if everyday
        else None,
        "entity_f1": entity_f1["mean"] if entity_f1 else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    variants = select(
        available_variants(args.model.resolve() if args.model else None), args.variants
    )
    seeded = seed_variants(variants, args.seeds, args.seeded)
    variants = [*variants, *(v for copies in seeded.values() for v in copies)]
    json_path, corpora = args.json.resolve(), args.real_corpora.resolve()
    os.chdir(ROOT)  # config.yml names the jieba and spaCy folders relative to the project
    os.environ["BOT_TODAY"] = (
        REFERENCE_DAY  # relative dates of the entity sets are normalised against it
    )
    build_nlu_inputs()
    sets, notes = test_sets(corpora)
    train_count = len(load_examples(TRAIN_DATA))
    results = run(variants, sets)
    context = (
        f"NLU evaluation: trained on {_relative(TRAIN_DATA)} ({train_count} examples); "
        + "; ".join(f"{s.name} {len(s.examples)}" for s in sets)
    )
    print("\n" + render(results, sets, context))
    groups = seed_groups(results, seeded)
    for group in groups.values():
        for test_set in sets:
            print("\n" + seed_spread(group, test_set.name))
    by_name = {r.name: r for r in results}
    ours = groups.get(OURS) or [by_name[name] for name in (OURS, "model") if name in by_name][:1]
    figures: dict[str, float | None] = target_figures(ours, sets) if ours else {}
    target_notes = (
        {"entity_f1": f"{_relative(ENTITY_DATA)} missing"} if not ENTITY_DATA.exists() else {}
    )
    if len(ours) < 3:
        seeds = ", ".join(r.name for r in ours) or "ours not run"
        target_notes.update(held_out_understood=f"only {seeds}", held_out_wrong=f"only {seeds}")
    extra: dict[str, object] = {}

    if not args.skip_baseline_commit and OURS in by_name:
        from eval.cost import STARTING_COMMIT, Measurement, measure_commit, render_cost

        print(
            f"\ncost: training the starting commit {STARTING_COMMIT} in a temporary folder…",
            flush=True,
        )
        baseline = measure_commit(STARTING_COMMIT, [e.text for e in sets[0].examples])
        current = Measurement(OURS, by_name[OURS].train_seconds, by_name[OURS].parse_ms)
        print("\n" + render_cost(current, baseline))
        figures["extra_parse_ms"] = current.parse_ms - baseline.parse_ms
        figures["extra_train_seconds"] = current.train_seconds - baseline.train_seconds
        extra["cost"] = {"current": vars(current), "starting_commit": vars(baseline)}
    else:
        reason = (
            "--skip-baseline-commit"
            if args.skip_baseline_commit
            else "ours not trained in this run"
        )
        target_notes.update(extra_parse_ms=reason, extra_train_seconds=reason)

    if args.benchmark:
        from eval.benchmark import (
            BENCHMARKS,
            MissingBenchmark,
            margin,
            render_benchmark,
            run_benchmark,
        )

        try:
            benchmark = BENCHMARKS[args.benchmark]
            bench_results, train, test = run_benchmark(benchmark, corpora)
            print("\n" + render_benchmark(benchmark, bench_results, train, test))
            figures["benchmark_margin"] = margin(bench_results)
            extra["benchmark"] = {
                "name": benchmark.name,
                "results": [vars(r) for r in bench_results],
            }
        except (KeyError, MissingBenchmark) as error:
            print(f"\nbenchmark {args.benchmark} not run: {error}")
            target_notes["benchmark_margin"] = "not run (see above)"
    else:
        target_notes["benchmark_margin"] = "make nlu-eval BENCHMARK=tnews"
    for note in notes:
        print(f"note: {note}")
    for key in ("real_understood", "real_wrong"):
        if figures.get(key) is None:
            target_notes.setdefault(key, "no real-customer set read")
    if figures.get("everyday_as_service") is None:
        target_notes.setdefault("everyday_as_service", "no everyday set read")
    print("\n" + render_targets(figures, target_notes))

    import rasa

    meta = {
        "train_data": _relative(TRAIN_DATA),
        "train_examples": train_count,
        "rasa_version": rasa.__version__,
        "sets": {s.name: {"kind": s.kind, "messages": len(s.examples)} for s in sets},
        "notes": notes,
        "targets": figures,
        **extra,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(
            to_json(results, meta, groups, [s.name for s in sets]), ensure_ascii=False, indent=2
        ),
        encoding="utf-8",
    )
    print(f"\nresults written to {_relative(json_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
