"""Where the NLU evaluation reads its data and configs and writes its results."""

from bot.build import ROOT

#: what every variant and every cross-validation fold is trained on
TRAIN_DATA = ROOT / "data" / "nlu"
#: the held-out messages: only ``make nlu-eval`` scores on them, nothing trains or chooses on them
TEST_DATA = ROOT / "tests" / "nlu" / "test_nlu.yml"
PROJECT_CONFIG = ROOT / "config.yml"
#: one Rasa variant per YAML file here (``rasa_default``)
CONFIGS_DIR = ROOT / "eval" / "configs"
WORK_DIR = ROOT / "var" / "nlu-eval"
CALIBRATION_DIR = WORK_DIR / "calibration"
#: the entity set of issue 18 item 6 (helper nlu-entities): normalised values, e.g. [上海浦东](city:上海)
ENTITY_DATA = ROOT / "tests" / "nlu" / "entities.yml"
#: local copies of public repositories (real-customer sets, public benchmark): OWNER+NAME git folders
CORPORA_DIR = ROOT / "var" / "corpora"
BENCHMARK_DIR = WORK_DIR / "benchmark"
#: relative dates in the entity sets are normalised against this day (BOT_TODAY for the parse)
REFERENCE_DAY = "2026-11-30"
