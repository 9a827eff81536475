"""The study sets are no test sets: none of their rows is a row of the frozen real-customer sets."""

import pytest

from eval.corpora import read_labels
from eval.study import STUDY_DIR, STUDY_SETS


@pytest.mark.parametrize("study_set, test_set", sorted(STUDY_SETS.items()))
def test_a_study_set_holds_no_row_of_its_test_set(study_set, test_set):
    study = read_labels(study_set, STUDY_DIR)
    tested = read_labels(test_set)
    test_rows = {(tested.sources[i.source].path, i.row) for i in tested.items}
    study_rows = [(study.sources[i.source].path, i.row) for i in study.items]
    assert len(study_rows) >= 300 and len(set(study_rows)) == len(study_rows)
    assert not test_rows & set(study_rows)


@pytest.mark.parametrize("study_set", sorted(STUDY_SETS))
def test_the_study_labels_are_intents_of_the_domain(study_set):
    import yaml

    from eval.paths import ROOT

    intents = set()
    for path in (ROOT / "domain").glob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        intents |= {i if isinstance(i, str) else next(iter(i)) for i in doc.get("intents") or []}
    study = read_labels(study_set, STUDY_DIR)
    used = {i.intent for i in study.items} | {a for i in study.items for a in i.also}
    assert used <= intents
