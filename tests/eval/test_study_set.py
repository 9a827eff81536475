"""The study set is no test set: none of its rows is a row of the frozen real-customer sets."""

from eval.corpora import read_labels
from eval.study import STUDY_DIR, STUDY_SET


def test_the_study_set_holds_no_row_of_the_test_sets():
    study = read_labels(STUDY_SET, STUDY_DIR)
    tested = read_labels("customers")
    test_rows = {(tested.sources[i.source].path, i.row) for i in tested.items}
    study_rows = [(study.sources[i.source].path, i.row) for i in study.items]
    assert len(study_rows) > 500 and len(set(study_rows)) == len(study_rows)
    assert not test_rows & set(study_rows)


def test_the_study_labels_are_intents_of_the_domain():
    import yaml

    from eval.paths import ROOT

    intents = set()
    for path in (ROOT / "domain").glob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        intents |= {i if isinstance(i, str) else next(iter(i)) for i in doc.get("intents") or []}
    study = read_labels(STUDY_SET, STUDY_DIR)
    used = {i.intent for i in study.items} | {a for i in study.items for a in i.also}
    assert used <= intents
