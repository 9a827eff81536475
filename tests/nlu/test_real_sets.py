"""The real-customer test sets (issue 18 item 1): labels over public text, read by eval/corpora.py.

Fast, no model and no public corpus needed: the loader is tried on a tiny corpus made in a temporary
git repository."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from eval import corpora
from eval.corpora import (
    LABELS_DIR,
    SET_NAMES,
    MissingCorpus,
    RealMessage,
    freeze_hash,
    load_set,
    read_labels,
)

ROOT = Path(__file__).resolve().parents[2]
HEX40 = re.compile(r"^[0-9a-f]{40}$")
#: a run of Chinese characters this long can only be pasted text, not a label or a word pair
LONG_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{31,}")


def domain_intents():
    intents = set()
    for path in (ROOT / "domain").glob("*.yml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("intents") or ():
            intents.add(entry if isinstance(entry, str) else next(iter(entry)))
    return intents


@pytest.fixture(scope="module")
def label_sets():
    return {name: read_labels(name) for name in SET_NAMES}


def test_every_set_has_its_file_and_enough_messages(label_sets):
    sizes = {name: len(s.items) for name, s in label_sets.items()}
    assert sizes["customers"] >= 300
    assert sizes["everyday"] >= 1000
    assert sizes["other_complaints"] >= 100


def test_labels_use_only_intents_of_the_domain(label_sets):
    known = domain_intents()
    assert {"complaint", "out_of_scope", "phone_lag"} <= known
    used = {label for s in label_sets.values() for i in s.items for label in (i.intent, *i.also)}
    assert used - known == set()


def test_secondary_labels_differ_from_the_primary_and_repeat_nothing(label_sets):
    for s in label_sets.values():
        for item in s.items:
            assert item.intent not in item.also, item
            assert len(set(item.also)) == len(item.also), item


def test_entities_are_normalised_values_of_known_types(label_sets):
    for s in label_sets.values():
        for item in s.items:
            for kind, value in item.entities:
                assert kind in corpora.ENTITY_VALUES, item
                allowed = corpora.ENTITY_VALUES[kind]
                assert allowed is None or value in allowed, item


def test_every_source_names_a_commit_and_how_to_read_it(label_sets):
    for s in label_sets.values():
        assert s.sources
        for source in s.sources.values():
            assert HEX40.match(source.commit), source
            assert re.match(r"^[\w.-]+/[\w.-]+$", source.repo), source
            assert source.format in corpora.FORMATS, source
            assert source.path and not source.path.startswith("/"), source
            if source.format == "csv":
                assert source.column, source


def test_every_item_comes_from_a_declared_source_and_no_row_is_labelled_twice(label_sets):
    seen = {}
    for name, s in label_sets.items():
        for item in s.items:
            source = s.sources[item.source]
            assert item.row >= 0
            key = (source.repo, source.commit, source.path, item.row)
            assert key not in seen, f"{name}: {key} already labelled in {seen[key]}"
            seen[key] = name


def test_no_reserved_corpus_is_referenced(label_sets):
    for s in label_sets.values():
        for source in s.sources.values():
            where = f"{source.repo}/{source.path}".lower()
            assert "online_shopping_10_cats" not in where
            assert "smp2017" not in where and "smp2019" not in where and "ecdt" not in where


def committed_files():
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "ls-files",
            "tests/nlu/real",
            "eval",
            "tests/nlu/test_real_sets.py",
            "docs/real-customer-writing.md",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / p for p in listed]


def test_no_corpus_text_is_committed():
    files = committed_files()
    assert any(p.parent == LABELS_DIR for p in files) and any(p.name == "corpora.py" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not LONG_CJK.search(text), (
            f"{path}: a long run of Chinese text (pasted corpus text?)"
        )


def test_the_long_text_guard_fails_on_pasted_text():
    pasted = "我" * 31
    assert LONG_CJK.search(pasted) and not LONG_CJK.search("我" * 30)


# --- the loader, on a corpus made here -------------------------------------------------------


def git(*args, cwd):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def commit_corpus(repo: Path, files: dict) -> str:
    """A git repository at ``repo`` holding ``files`` (path -> bytes) in one commit; its hash."""
    repo.mkdir(parents=True)
    git("init", "-q", cwd=repo)
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "corpus", cwd=repo)
    return git("rev-parse", "HEAD", cwd=repo)


def write_labels(labels: Path, name: str, doc: dict) -> None:
    labels.mkdir(exist_ok=True)
    (labels / f"{name}.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def tiny_corpus(tmp_path):
    """corpora/owner+reviews: a CSV (CR CR LF line ends, a quoted field over two lines, an HTML
    entity, a literal \\n) and a one-character-a-line tagged file, committed; a labels dir for it."""
    rows = [
        "index,comments,score",
        '0,"电视黑屏了\n怎么办",0',
        "1,冰箱不制冷&hellip;,0",
        "2,手机卡\\n还发烫,0",
    ]
    commit = commit_corpus(
        tmp_path / "corpora" / "owner+reviews",
        {
            "data/neg.csv": ("\r\r\n".join(rows) + "\r\r\n").encode("utf-8"),
            "data/speaker.txt": "放 O\n首 O\n\n唱 O\n  O\n歌 B-song\n".encode(),
        },
    )
    labels = tmp_path / "labels"
    write_labels(
        labels,
        "mini",
        {
            "sources": [
                {
                    "id": "rev",
                    "repo": "owner/reviews",
                    "commit": commit,
                    "path": "data/neg.csv",
                    "format": "csv",
                    "header": True,
                    "column": "comments",
                    "clean": ["html_entities", "literal_newlines"],
                },
                {
                    "id": "spk",
                    "repo": "owner/reviews",
                    "commit": commit,
                    "path": "data/speaker.txt",
                    "format": "conll",
                    "tag_columns": 1,
                    "joiner": "",
                },
            ],
            "items": [
                {
                    "source": "rev",
                    "row": 2,
                    "intent": "phone_lag",
                    "also": ["report_fault"],
                    "entities": [["product", "phone"]],
                },
                {"source": "rev", "row": 0, "intent": "tv_no_picture", "also": [], "entities": []},
                {"source": "rev", "row": 1, "intent": "fridge_weak_cooling"},
                {"source": "spk", "row": 1, "intent": "out_of_scope"},
            ],
        },
    )
    return tmp_path / "corpora", labels, commit


def test_the_loader_reads_each_row_from_a_clone_holding_the_commit(tiny_corpus):
    corpora_dir, labels, commit = tiny_corpus
    messages = load_set("mini", corpora_dir, labels_dir=labels)
    assert messages[0] == RealMessage(
        text="手机卡\n还发烫",
        intent="phone_lag",
        also=("report_fault",),
        ref=f"owner/reviews@{commit}:data/neg.csv#2",
        entities=(("product", "phone"),),
    )
    assert [m.text for m in messages[1:]] == ["电视黑屏了\n怎么办", "冰箱不制冷…", "唱 歌"]
    assert messages[3].ref == f"owner/reviews@{commit}:data/speaker.txt#1"


def test_the_loader_reads_the_commit_not_the_working_tree(tiny_corpus):
    corpora_dir, labels, _ = tiny_corpus
    repo = corpora_dir / "owner+reviews"
    (repo / "data" / "neg.csv").write_text("index,comments,score\n0,changed,0\n", encoding="utf-8")
    git("commit", "-qam", "later change", cwd=repo)
    assert load_set("mini", corpora_dir, labels_dir=labels)[1].text == "电视黑屏了\n怎么办"


def test_a_bare_clone_works_too(tiny_corpus, tmp_path):
    corpora_dir, labels, _ = tiny_corpus
    bare_dir = tmp_path / "bare"
    bare_dir.mkdir()
    git(
        "clone",
        "-q",
        "--bare",
        str(corpora_dir / "owner+reviews"),
        str(bare_dir / "owner+reviews"),
        cwd=tmp_path,
    )
    assert len(load_set("mini", bare_dir, labels_dir=labels)) == 4


def test_a_missing_corpus_says_which_repository_and_commit_to_clone_where(tiny_corpus, tmp_path):
    _, labels, commit = tiny_corpus
    empty = tmp_path / "nothing-here"
    with pytest.raises(MissingCorpus) as caught:
        load_set("mini", empty, labels_dir=labels)
    message = str(caught.value)
    assert f"git clone https://github.com/owner/reviews {empty / 'owner+reviews'}" in message
    assert commit in message
    assert caught.value.missing == [("owner/reviews", commit)]


def test_a_clone_without_the_commit_counts_as_missing(tiny_corpus, tmp_path):
    _, labels, commit = tiny_corpus
    commit_corpus(tmp_path / "other" / "owner+reviews", {"x": b"unrelated"})
    with pytest.raises(MissingCorpus, match=commit):
        load_set("mini", tmp_path / "other", labels_dir=labels)


def test_a_row_beyond_the_file_is_an_error_not_a_silent_skip(tiny_corpus):
    corpora_dir, labels, _ = tiny_corpus
    doc = yaml.safe_load((labels / "mini.yml").read_text(encoding="utf-8"))
    doc["items"].append({"source": "rev", "row": 3, "intent": "complaint"})
    (labels / "mini.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(IndexError, match="neg.csv#3"):
        load_set("mini", corpora_dir, labels_dir=labels)


def test_the_freeze_hash_covers_every_label(tiny_corpus):
    _, labels, _ = tiny_corpus
    before = freeze_hash(labels)
    assert before == freeze_hash(labels) and re.match(r"^[0-9a-f]{64}$", before)
    text = (labels / "mini.yml").read_text(encoding="utf-8")
    (labels / "mini.yml").write_text(
        text.replace("fridge_weak_cooling", "fridge_noise"), encoding="utf-8"
    )
    assert freeze_hash(labels) != before


def test_the_readme_records_the_current_freeze_hash():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"frozen at sha256 {freeze_hash()}" in readme


def test_the_loader_reads_user_turns_from_dialogues_in_a_zip(tmp_path):
    import io
    import json
    import zipfile

    dialogues = {
        "7": {
            "messages": [
                {"role": "usr", "content": "推荐一家酒店"},
                {"role": "sys", "content": "好的"},
                {"role": "usr", "content": "谢谢"},
            ]
        },
        "3": {"messages": [{"role": "usr", "content": "再见"}]},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("val.json", json.dumps(dialogues, ensure_ascii=False))
    commit = commit_corpus(tmp_path / "corpora" / "lab+woz", {"val.json.zip": buffer.getvalue()})
    labels = tmp_path / "labels"
    write_labels(
        labels,
        "woz",
        {
            "sources": [
                {
                    "id": "w",
                    "repo": "lab/woz",
                    "commit": commit,
                    "path": "val.json.zip",
                    "format": "dialogues",
                    "member": "val.json",
                    "role": "usr",
                    "column": "content",
                }
            ],
            "items": [
                {"source": "w", "row": 2, "intent": "goodbye"},
                {"source": "w", "row": 1, "intent": "thank"},
            ],
        },
    )
    messages = load_set("woz", tmp_path / "corpora", labels_dir=labels)
    assert [(m.text, m.intent) for m in messages] == [("再见", "goodbye"), ("谢谢", "thank")]
    assert messages[0].ref == f"lab/woz@{commit}:val.json.zip#2"
