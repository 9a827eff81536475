"""The NLU evaluation's scoring functions, the Rasa parse conversion, the variants and the TF-IDF baselines."""

import re
import warnings
from pathlib import Path

import pytest
import yaml

from eval.__main__ import available_variants, select
from eval.baseline import tfidf_lr, tfidf_svm
from eval.examples import Example, Prediction, load_examples
from eval.metrics import Confusion, entity_report, worst_confusions
from eval.paths import CONFIGS_DIR, PROJECT_CONFIG
from eval.rasa_variants import (
    collecting_misaligned_annotations,
    misaligned_annotation,
    rasa_variants,
    to_prediction,
)
from eval.report import render
from eval.runner import HELD_OUT, EvalSet, VariantResult, errors, parse_all, score_set


def test_worst_confusions_most_frequent_first_then_by_name():
    true = ["a", "a", "a", "b", "b", "c", "c"]
    predicted = ["b", "b", "a", "c", "a", "a", "c"]
    assert worst_confusions(true, predicted) == [
        Confusion("a", "b", 2),
        Confusion("b", "a", 1),
        Confusion("b", "c", 1),
        Confusion("c", "a", 1),
    ]
    assert worst_confusions(true, predicted, top=1) == [Confusion("a", "b", 2)]
    assert worst_confusions(["a"], ["a"]) == []


def test_entities_match_only_with_same_type_start_and_end():
    true = [
        frozenset({("product", 0, 2), ("model", 3, 8)}),
        frozenset({("city", 0, 2)}),
        frozenset(),
    ]
    predicted = [
        frozenset({("product", 0, 2), ("model", 3, 7)}),  # model one character short
        frozenset({("person_name", 0, 2)}),  # right span, wrong type
        frozenset({("product", 4, 6)}),  # nothing to find
    ]
    report = entity_report(true, predicted)
    assert (report.overall.precision, report.overall.recall, report.overall.support) == (
        0.25,
        1 / 3,
        3,
    )
    assert report.per_type["product"].precision == 0.5 and report.per_type["product"].recall == 1.0
    assert report.per_type["model"].f1 == 0.0 and report.per_type["city"].recall == 0.0
    assert report.per_type["person_name"].support == 0  # predicted only


def test_entities_on_normalised_values_count_the_value_not_the_words():
    # 上海浦东 annotated as city 上海: a prediction of 上海 is right, 上海浦东 (not normalised) wrong
    true = [
        frozenset({("city", "上海"), ("product", "fridge")}),
        frozenset({("purchase_date", "2026-11-28")}),
    ]
    predicted = [
        frozenset({("city", "上海浦东"), ("product", "fridge")}),
        frozenset({("purchase_date", "2026-11-28")}),
    ]
    report = entity_report(true, predicted)
    assert report.per_type["product"].f1 == 1.0 and report.per_type["purchase_date"].f1 == 1.0
    assert report.per_type["city"].f1 == 0.0 and report.per_type["city"].support == 1
    assert report.overall.precision == report.overall.recall == pytest.approx(2 / 3)


def test_a_value_twice_in_a_message_counts_twice_and_two_extractors_once():
    from eval.examples import values

    parse = [
        {"entity": "product", "value": "tv", "start": 0, "end": 2, "extractor": "DIETClassifier"},
        {
            "entity": "product",
            "value": "tv",
            "start": 0,
            "end": 2,
            "extractor": "SpacyEntityExtractor",
        },
        {"entity": "product", "value": "tv", "start": 5, "end": 8},
    ]
    assert values(parse) == (("product", "tv"), ("product", "tv"))
    report = entity_report([(("product", "tv"), ("product", "tv"))], [(("product", "tv"),)])
    assert (report.overall.precision, report.overall.recall) == (1.0, 0.5)


def test_rasa_parse_becomes_a_prediction_with_the_intent_before_fallback():
    parse = {
        "text": "电视开不了",
        "intent": {"name": "nlu_fallback", "confidence": 0.7},
        "intent_ranking": [
            {"name": "nlu_fallback"},
            {"name": "tv_no_power"},
            {"name": "out_of_scope"},
            {"name": "greet"},
            {"name": "phone_no_boot"},
        ],
        "entities": [
            {
                "entity": "product",
                "start": 0,
                "end": 2,
                "value": "tv",
                "extractor": "DIETClassifier",
            },
            {
                "entity": "product",
                "start": 0,
                "end": 2,
                "value": "tv",
                "extractor": "RegexEntityExtractor",
            },
        ],
    }
    # asked back: the buttons of bot.dialogue.clarify.candidates (out_of_scope is never offered)
    from bot.dialogue.clarify import candidates

    buttons = tuple(c.intent for c in candidates(parse["intent_ranking"], parse["text"]))
    assert "out_of_scope" not in buttons and buttons[2:] == ("report_fault",)
    assert to_prediction(parse) == Prediction(
        "nlu_fallback", "tv_no_power", frozenset({("product", 0, 2)}), buttons, (("product", "tv"),)
    )
    assert to_prediction({"intent": {"name": "greet"}, "entities": []}) == Prediction(
        "greet", "greet", frozenset(), (), ()
    )
    acted = to_prediction({**parse, "intent": {"name": "tv_no_power", "confidence": 0.9}})
    assert acted.intent == "tv_no_power" and acted.offered == ()  # no buttons when it acts


MISALIGNED_WARNING = (
    "Misaligned entity annotation in message '有线电视那个口接上了' with intent 'tv_no_signal'. "
    "Make sure the start and end values of entities ([(2, 4, '电视')]) in the training data match "
    "the token boundaries ([(0, 4, '有线电视'), (4, 6, '那个')]). Common causes: \n  1) entities"
)


def test_rasa_misaligned_entity_warnings_are_collected_not_printed(recwarn):
    assert misaligned_annotation(MISALIGNED_WARNING) == "有线电视那个口接上了 [(2, 4, '电视')]"
    assert misaligned_annotation("Some other warning") is None
    found = []
    with collecting_misaligned_annotations(found):
        for _ in range(2):
            warnings.warn(MISALIGNED_WARNING, UserWarning, stacklevel=1)
            warnings.warn("something else", UserWarning, stacklevel=1)
    assert found == ["有线电视那个口接上了 [(2, 4, '电视')]"]
    assert [str(w.message) for w in recwarn] == ["something else"]


def test_errors_list_what_was_not_understood_and_wrong_entities():
    test = [
        Example("电视黑屏", "tv_no_picture", values=(("product", "tv"),)),
        Example("你好", "greet"),
    ]
    predictions = [
        Prediction("tv_no_picture", "tv_no_picture", frozenset(), (), ()),
        Prediction("nlu_fallback", "greet", frozenset(), ("thank",), ()),
    ]
    assert errors(test, predictions) == [
        {
            "text": "电视黑屏",
            "intent": "tv_no_picture",
            "also": [],
            "verdict": "understood",
            "acted_on": "tv_no_picture",
            "top1": "tv_no_picture",
            "offered": [],
            "missed_entities": ["product:tv"],
            "spurious_entities": [],
        },
        {
            "text": "你好",
            "intent": "greet",
            "also": [],
            "verdict": "asked back without it",
            "acted_on": "nlu_fallback",
            "top1": "greet",
            "offered": ["thank"],
            "missed_entities": [],
            "spurious_entities": [],
        },
    ]


def test_variants_are_ours_then_the_config_files_then_the_tfidf_baselines():
    variants = available_variants()
    assert list(variants) == ["ours", "ours_jieba_tokens", "rasa_default", "tfidf_svm", "tfidf_lr"]
    assert variants["ours"].config == PROJECT_CONFIG
    assert [v.name for v in select(variants, "tfidf_lr, ours")] == ["tfidf_lr", "ours"]
    with pytest.raises(SystemExit):
        select(variants, "ours,nope")
    assert [v.name for v in rasa_variants(PROJECT_CONFIG, Path("/nonexistent"))] == [
        "ours",
        "ours_jieba_tokens",
    ]


def test_the_other_tokenizer_variant_changes_only_the_tokenizer(tmp_path):
    variant = available_variants()["ours_jieba_tokens"]
    derived = yaml.safe_load(variant._config_file(tmp_path).read_text(encoding="utf-8"))
    ours = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    names = lambda config: [step["name"] for step in config["pipeline"]]  # noqa: E731
    assert names(ours).count("SpacyTokenizer") == 1
    assert names(derived) == [
        "bot.nlu.tokenizer.ChineseTokenizer" if name == "SpacyTokenizer" else name
        for name in names(ours)
    ]
    assert {k: v for k, v in derived.items() if k != "pipeline"} == {
        k: v for k, v in ours.items() if k != "pipeline"
    }


def test_rasa_default_config_is_the_rasa_init_recipe():
    config = yaml.safe_load((CONFIGS_DIR / "rasa_default.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    assert names == [
        "WhitespaceTokenizer",
        "RegexFeaturizer",
        "LexicalSyntacticFeaturizer",
        "CountVectorsFeaturizer",
        "CountVectorsFeaturizer",
        "DIETClassifier",
        "EntitySynonymMapper",
        "ResponseSelector",
        "FallbackClassifier",
    ]
    diet = config["pipeline"][5]
    assert diet["epochs"] == 100 and diet["constrain_similarities"] is True


TINY_NLU = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - 你好
    - 您好啊
    - 你好你好
- intent: tv_no_power
  examples: |
    - [电视](product)开不了机
    - [电视](product)打不开
    - 电视机开不了
"""


@pytest.mark.parametrize("make", [tfidf_lr, tfidf_svm])
def test_tfidf_baselines_train_and_predict_intents_without_entities(tmp_path, make):
    data = tmp_path / "nlu"
    data.mkdir()
    (data / "tiny.yml").write_text(TINY_NLU, encoding="utf-8")
    assert len(load_examples(data)) == 6

    variant = make()
    variant.train(data, tmp_path / "work")
    with variant.loaded() as parse:
        predictions, seconds = parse_all(parse, ["你好呀", "电视开不了机了"])
    assert [p.intent for p in predictions] == ["greet", "tv_no_power"]
    assert all(p.entities is None and p.values is None for p in predictions) and seconds >= 0
    assert not variant.extracts_entities


def result_of(name, test_set, predictions, extracts=True, seconds=1.0):
    return VariantResult(
        name,
        "config.yml",
        seconds,
        3.5,
        {test_set.name: score_set(test_set, predictions, extracts)},
        ["电视剧 [(0, 2, '电视')]"] if extracts else [],
    )


def test_report_shows_every_variant_and_entities_not_applicable():
    test = EvalSet(
        "tests/nlu/test_nlu.yml",
        [
            Example("电视开不了机", "tv_no_power", values=(("product", "tv"),)),
            Example("你好", "greet"),
        ],
        HELD_OUT,
    )
    ours = result_of(
        "ours",
        test,
        [
            Prediction("tv_no_power", "tv_no_power", None, (), (("product", "tv"),)),
            Prediction("nlu_fallback", "greet", None, ("greet",), ()),
        ],
    )
    tfidf = result_of(
        "tfidf_lr",
        test,
        [Prediction("greet", "greet"), Prediction("greet", "greet")],
        extracts=False,
    )
    text = render([ours, tfidf], [test], "context")
    assert re.search(r"^understood .* +1\.000 +0\.500$", text, re.MULTILINE)
    assert re.search(r"^wrong .* +0\.000 +0\.500$", text, re.MULTILINE)
    assert re.search(r"^top-1 .* +1\.000 +0\.500$", text, re.MULTILINE)
    assert re.search(r"^product +1 +1\.00/1\.00/1\.00 +n/a$", text, re.MULTILINE)
    assert "电视剧 [(0, 2, '电视')]" in text


def test_settings_change_only_the_named_components(tmp_path):
    from eval.rasa_variants import RasaVariant, with_settings

    ours = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    changed = with_settings(ours, {"DIETClassifier": {"random_seed": 7}})
    diet = lambda config: next(s for s in config["pipeline"] if s["name"] == "DIETClassifier")  # noqa: E731
    assert diet(changed)["random_seed"] == 7 and diet(changed)["epochs"] == diet(ours)["epochs"]
    assert [s for s in changed["pipeline"] if s["name"] != "DIETClassifier"] == [
        s for s in ours["pipeline"] if s["name"] != "DIETClassifier"
    ]
    with pytest.raises(ValueError):
        with_settings(ours, {"NoSuchComponent": {"x": 1}})
    variant = RasaVariant(
        "ours_seed7", PROJECT_CONFIG, settings={"DIETClassifier": {"random_seed": 7}}
    )
    assert (
        diet(yaml.safe_load(variant._config_file(tmp_path).read_text(encoding="utf-8")))[
            "random_seed"
        ]
        == 7
    )
    assert "random_seed=7" in variant.describe()


def test_seed_variants_and_their_spread():
    from eval.__main__ import seed_groups, seed_variants
    from eval.rasa_variants import RasaVariant
    from eval.report import seed_spread, spread_figures, to_json

    ours = RasaVariant("ours", PROJECT_CONFIG)
    jieba = RasaVariant(
        "ours_jieba",
        PROJECT_CONFIG,
        tokenizer="jieba_tokens",
        settings={"DIETClassifier": {"epochs": 3}},
    )
    seeded = seed_variants([ours, jieba, tfidf_lr()], "7, 2026")
    assert {base: [v.name for v in copies] for base, copies in seeded.items()} == {
        "ours": ["ours_seed7", "ours_seed2026"],
        "ours_jieba": ["ours_jieba_seed7", "ours_jieba_seed2026"],
    }  # the TF-IDF baseline has no seed
    assert list(seed_variants([ours, jieba], "7", "ours")) == ["ours"]  # only the --seeded ones
    assert seed_variants([ours], None) == {} and seed_variants([ours], "") == {}
    assert seeded["ours"][0].settings == {"DIETClassifier": {"random_seed": 7}}
    # a seed changes the seed only: the tokenizer and the other settings stay
    assert (seeded["ours_jieba"][1].tokenizer, seeded["ours_jieba"][1].settings) == (
        "jieba_tokens",
        {"DIETClassifier": {"epochs": 3, "random_seed": 2026}},
    )

    test = EvalSet("held-out", [Example(t, t) for t in ["a", "a", "b", "b"]], HELD_OUT)

    def result(name, right):
        predictions = [Prediction(i, i) for i in right] + [Prediction("nlu_fallback", "x")] * (
            4 - len(right)
        )
        return result_of(name, test, predictions)

    results = [result("ours", ["a", "a", "b", "b"]), result("ours_seed7", ["a", "a", "b"])]
    figures = spread_figures(results, "held-out")
    assert figures["understood"] == {"mean": 0.875, "min": 0.75, "max": 1.0}
    assert figures["wrong"]["max"] == 0.0 and figures["top-1"]["min"] == 0.75
    text = seed_spread(results, "held-out")
    assert "ours_seed7" in text and re.search(
        r"^understood +1\.000 +0\.750 +0\.875 +0\.750–1\.000$", text, re.MULTILINE
    )
    groups = seed_groups([*results, result("tfidf_lr", ["a"])], {"ours": [ours.with_seed(7)]})
    assert {name: [r.name for r in group] for name, group in groups.items()} == {
        "ours": ["ours", "ours_seed7"]
    }
    figures_json = to_json(results, {}, groups, ["held-out"])
    assert figures_json["across_seeds"]["ours"]["variants"] == ["ours", "ours_seed7"]
    assert figures_json["across_seeds"]["ours"]["held-out"]["understood"]["mean"] == 0.875
    assert "across_seeds" not in to_json(results, {})


def test_a_trained_model_is_a_variant_that_is_not_trained_again(tmp_path):
    from eval.rasa_variants import TrainedModel

    model = tmp_path / "bot.tar.gz"
    variants = available_variants(model)
    assert list(variants)[-1] == "model" and "not trained again" in variants["model"].describe()
    with pytest.raises(FileNotFoundError):
        variants["model"].train(tmp_path, tmp_path)
    model.write_bytes(b"")
    TrainedModel(model).train(tmp_path, tmp_path)  # nothing to do
    assert "model" not in available_variants()
