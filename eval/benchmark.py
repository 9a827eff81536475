"""A public Chinese classification benchmark the pipeline was not designed for.

    python -m eval.benchmark NAME [--corpora var/corpora]      (make nlu-eval BENCHMARK=NAME)

``config.yml`` (its intents replaced by the benchmark's labels: the training split is written to a
temporary NLU file), Rasa's default recipe with our jieba tokenizer instead of the whitespace one
(``eval/configs/rasa_default.yml``), and a character 1–4-gram TF-IDF with scikit-learn's LinearSVC
are trained on the training split in the same run and scored on the test split: weighted F1 and
accuracy of the classifier's best label (before any fallback: a benchmark has no asking back),
and each training time.

Only a reference is committed (repository, commit, paths, field names); the texts are read at
evaluation time with ``git show`` from a local copy under ``var/corpora/OWNER+NAME`` (a clone,
bare or not), the layout of the real-customer sets. When it is missing, the error says what to
clone.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.paths import BENCHMARK_DIR, CONFIGS_DIR, CORPORA_DIR, PROJECT_CONFIG
from eval.report import table


@dataclass(frozen=True)
class Benchmark:
    name: str
    repo: str
    commit: str
    train_path: str
    test_path: str
    #: JSON-lines fields: the text and its label
    text_field: str
    label_field: str
    about: str


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in [
        Benchmark(
            "tnews",
            "CLUEbenchmark/FewCLUE",
            "62a02c6f31cf32814cfe522f78ef088228840f8d",
            "datasets/tnews/train_few_all.json",
            "datasets/tnews/test_public.json",
            "sentence",
            "label_desc",
            "FewCLUE TNEWS: news titles, 15 classes; all few-shot training samples (1,185), public test split (2,010)",
        ),
        Benchmark(
            "iflytek",
            "CLUEbenchmark/FewCLUE",
            "62a02c6f31cf32814cfe522f78ef088228840f8d",
            "datasets/iflytek/train_few_all.json",
            "datasets/iflytek/test_public.json",
            "sentence",
            "label_des",
            "FewCLUE IFLYTEK: app descriptions, 119 classes; all few-shot training samples, public test split (1,749)",
        ),
    ]
}


class MissingBenchmark(Exception):
    """The local copy of a benchmark's repository (or the commit in it) is missing."""


def local_copy(corpora_dir: Path, repo: str) -> Path:
    return corpora_dir / repo.replace("/", "+")


def clone_instructions(benchmark: Benchmark, folder: Path) -> str:
    return (
        f"git clone https://github.com/{benchmark.repo}.git {folder} && "
        f"git -C {folder} checkout {benchmark.commit}"
    )


def read_split(benchmark: Benchmark, path: str, corpora_dir: Path) -> list[tuple[str, str]]:
    """(text, label) of every row of one split, read with ``git show COMMIT:PATH``."""
    folder = local_copy(corpora_dir, benchmark.repo)
    if not folder.exists():
        raise MissingBenchmark(
            f"benchmark {benchmark.name} needs a local copy of {benchmark.repo} at {folder}: "
            + clone_instructions(benchmark, folder)
        )
    shown = subprocess.run(
        ["git", "-C", str(folder), "show", f"{benchmark.commit}:{path}"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if shown.returncode != 0:
        raise MissingBenchmark(
            f"{folder} has no {benchmark.commit}:{path} ({shown.stderr.strip()}); "
            f"git -C {folder} fetch origin && git -C {folder} checkout {benchmark.commit}"
        )
    rows = [json.loads(line) for line in shown.stdout.splitlines() if line.strip()]
    return [
        (str(row[benchmark.text_field]).strip(), str(row[benchmark.label_field])) for row in rows
    ]


def intent_name(label: str) -> str:
    """A benchmark label as a Rasa intent name (letters, digits and underscores)."""
    return "label_" + re.sub(r"\W+", "_", label).strip("_")


def write_nlu(examples: Sequence[tuple[str, str]], path: Path) -> Path:
    """The examples as a Rasa NLU file, each label an intent."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = TrainingData(
        training_examples=[
            Message(data={"text": text, "intent": intent_name(label)}) for text, label in examples
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    RasaYAMLWriter().dump(path, data)
    return path


@dataclass(frozen=True)
class BenchmarkResult:
    variant: str
    train_seconds: float
    weighted_f1: float
    accuracy: float


def score(true: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """Weighted F1 and accuracy."""
    from sklearn.metrics import accuracy_score, f1_score

    return float(f1_score(true, predicted, average="weighted", zero_division=0)), float(
        accuracy_score(true, predicted)
    )


def margin(results: Sequence[BenchmarkResult], ours: str = "ours") -> float | None:
    """Weighted F1 of ``ours`` minus that of the best other variant."""
    mine = next((r for r in results if r.variant == ours), None)
    others = [r.weighted_f1 for r in results if r.variant != ours]
    return mine.weighted_f1 - max(others) if mine and others else None


def variants() -> list:
    from eval.baseline import tfidf_svm
    from eval.rasa_variants import RasaVariant

    return [
        RasaVariant("ours", PROJECT_CONFIG),
        RasaVariant(
            "rasa_default_jieba", CONFIGS_DIR / "rasa_default.yml", tokenizer="jieba_tokens"
        ),
        tfidf_svm(),
    ]


def run_benchmark(
    benchmark: Benchmark,
    corpora_dir: Path,
    work_dir: Path = BENCHMARK_DIR,
    say: Callable[[str], None] = print,
) -> tuple[list[BenchmarkResult], int, int]:
    """Every variant trained on the training split and scored on the test split."""
    train = read_split(benchmark, benchmark.train_path, corpora_dir)
    test = read_split(benchmark, benchmark.test_path, corpora_dir)
    data_dir = work_dir / benchmark.name / "data"
    write_nlu(train, data_dir / "nlu.yml")
    true = [intent_name(label) for _, label in test]
    results = []
    for variant in variants():
        say(
            f"[benchmark {benchmark.name}] {variant.name}: training on {len(train)} examples ({variant.describe()})…"
        )
        started = time.perf_counter()
        variant.train(data_dir, work_dir / benchmark.name / variant.name)
        seconds = time.perf_counter() - started
        with variant.loaded() as parse:
            predicted = [parse(text).intent_before_fallback for text, _ in test]
        f1, accuracy = score(true, predicted)
        results.append(BenchmarkResult(variant.name, seconds, f1, accuracy))
        say(
            f"[benchmark {benchmark.name}] {variant.name}: trained in {seconds:.0f} s, weighted F1 {f1:.3f}"
        )
    return results, len(train), len(test)


def render_benchmark(
    benchmark: Benchmark, results: Sequence[BenchmarkResult], train: int, test: int
) -> str:
    rows = [
        [r.variant, f"{r.weighted_f1:.3f}", f"{r.accuracy:.3f}", f"{r.train_seconds:.0f}"]
        for r in results
    ]
    return (
        f"Public benchmark {benchmark.name}: {benchmark.about}\n"
        f"{benchmark.repo}@{benchmark.commit[:12]}: trained on {benchmark.train_path} ({train}), "
        f"tested on {benchmark.test_path} ({test}); the classifier's best label\n"
        + table(["", "weighted F1", "accuracy", "training time (s)"], rows)
    )


def main(argv: Sequence[str] | None = None) -> int:
    from bot.build import ROOT, build_nlu_inputs
    from eval.targets import TARGETS, render_targets

    parser = argparse.ArgumentParser(
        prog="python -m eval.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    parser.add_argument(
        "--corpora", type=Path, default=CORPORA_DIR, help="local copies of public repositories"
    )
    args = parser.parse_args(argv)
    corpora = args.corpora.resolve()
    os.chdir(ROOT)  # config.yml names the jieba and spaCy folders relative to the project
    build_nlu_inputs()
    benchmark = BENCHMARKS[args.name]
    try:
        results, train, test = run_benchmark(benchmark, corpora)
    except MissingBenchmark as error:
        print(error)
        return 2
    print("\n" + render_benchmark(benchmark, results, train, test))
    print(
        "\n"
        + render_targets(
            {"benchmark_margin": margin(results)},
            targets=[t for t in TARGETS if t.key == "benchmark_margin"],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
