"""Build what the bot needs from the project's data: ``python -m bot.build [--check]``.

1. The domain's responses that name the hotline: ``domain/hotline.yml`` (not in git) from
   ``domain/hotline.yml.in`` with the numbers of ``knowledge/hotline.yml``.
2. The jieba user dictionary (from ``knowledge/``) under ``var/build/jieba``, and the spaCy
   pipeline with its entity ruler (``bot/nlu/spacy_pipeline.py``) under ``var/build/spacy``,
   rebuilt only when its inputs changed.
3. The website widget bundle (rasa-webchat, pinned version and integrity) from npm.
4. The Rasa model, trained only when its inputs changed. The model is named after a hash of
   everything that goes into it, so ``make test`` and ``make serve`` reuse one trained model
   and a second ``make setup`` does nothing slow.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from bot.knowledge.hotline import write_domain_responses
from bot.nlu.vocabulary import vocabulary_words, write_user_dictionary

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "var" / "build"
JIEBA_DIR = BUILD_DIR / "jieba"
SPACY_DIR = BUILD_DIR / "spacy"
MODELS_DIR = ROOT / "models"
CURRENT_MODEL = BUILD_DIR / "current_model"

#: The chat widget: npm package, version and the registry's integrity hash of its tarball.
WIDGET = (
    "rasa-webchat",
    "1.0.1",
    "sha512-Ld1zVJvTAaTrs6A5p8t70agNNrKYRyXlvqXZRgBoDvKKUXbA0jhJKECi5bdPGlaR6jsmqWtVylHS+YqIqo0x8w==",
)
WIDGET_BUNDLE = BUILD_DIR / "web" / "rasa-webchat.js"

#: Everything a trained model depends on.
MODEL_INPUTS = (
    "config.yml",
    "domain",
    "data",
    "knowledge",
    "requirements.lock",
    # the code of the custom components in config.yml (the evaluation lives in eval/, outside the product)
    "bot/nlu/*.py",
    "bot/knowledge/words.py",
)
#: ... but for the code beside them that no component runs.
NOT_MODEL_INPUTS = ("bot/nlu/kb_check.py",)


def _files(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = ROOT / name
        if "*" in name:
            found.extend(p for p in ROOT.glob(name) if p.is_file())
        elif path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def fingerprint(paths: Iterable[str] = MODEL_INPUTS) -> str:
    digest = hashlib.sha256()
    for path in (
        p for p in _files(paths) if p.relative_to(ROOT).as_posix() not in NOT_MODEL_INPUTS
    ):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_dictionary() -> Path:
    return write_user_dictionary(JIEBA_DIR, vocabulary_words())


def build_spacy_pipeline() -> None:
    from bot.nlu import spacy_pipeline

    if spacy_pipeline.build(SPACY_DIR):
        print(f"spaCy pipeline built: {SPACY_DIR.relative_to(ROOT)}")


def build_nlu_inputs() -> None:
    """What the NLU pipeline reads besides the training data: the jieba and spaCy folders."""
    build_dictionary()
    build_spacy_pipeline()


def fetch_widget() -> None:
    """Put the widget's browser bundle under var/build/web (once per pinned version)."""
    name, version, integrity = WIDGET
    stamp = WIDGET_BUNDLE.with_suffix(".integrity")
    if WIDGET_BUNDLE.exists() and stamp.exists() and stamp.read_text() == integrity:
        return
    npm = shutil.which("npm")
    if npm is None:
        print(
            f"npm not found: the website chat page needs {name}@{version}; install Node.js/npm and run make setup again"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("*.tgz"))
        digest = (
            "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        )
        if digest != integrity:
            raise RuntimeError(
                f"{name}@{version}: integrity mismatch ({digest}), refusing to use it"
            )
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/lib/index.js")
            if member is None:
                raise RuntimeError(
                    f"{name}@{version}: package/lib/index.js is not a file in the package"
                )
            bundle = member.read()
    WIDGET_BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    WIDGET_BUNDLE.write_bytes(bundle)
    stamp.write_text(integrity)
    print(f"widget bundle ready: {WIDGET_BUNDLE.relative_to(ROOT)}")


def model_path() -> Path:
    return MODELS_DIR / f"bot-{fingerprint()}.tar.gz"


def current_model() -> Path:
    """The model ``make setup`` built last (what the servers and tests load)."""
    if CURRENT_MODEL.exists():
        path = Path(CURRENT_MODEL.read_text().strip())
        if path.exists():
            return path
    raise FileNotFoundError("no trained model: run `make setup` first")


def train(target: Path) -> float:
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain",
            "--data",
            "data",
            "--out",
            str(MODELS_DIR),
            "--fixed-model-name",
            target.name[: -len(".tar.gz")],
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.monotonic() - started


def prune_models(keep: Path, how_many: int = 3) -> None:
    """Delete all but the newest few trained models (each is ~45 MB)."""
    models = sorted(MODELS_DIR.glob("bot-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][how_many - 1 :]:
        old.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="only say whether the model is up to date"
    )
    args = parser.parse_args(argv)

    write_domain_responses()
    build_nlu_inputs()
    fetch_widget()
    target = model_path()
    if args.check:
        print(f"model {'up to date' if target.exists() else 'needs training'}: {target.name}")
        return 0 if target.exists() else 1
    if target.exists():
        print(f"model up to date: {target.relative_to(ROOT)}")
    else:
        print(f"training {target.relative_to(ROOT)} (inputs changed)…", flush=True)
        seconds = train(target)
        print(f"trained in {seconds:.0f} s: {target.relative_to(ROOT)}")
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        (BUILD_DIR / "train_seconds").write_text(f"{seconds:.1f}")
        prune_models(keep=target)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    CURRENT_MODEL.write_text(str(target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
