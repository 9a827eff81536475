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
