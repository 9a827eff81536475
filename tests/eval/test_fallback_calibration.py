"""Choosing the fallback thresholds: what each outcome costs, Rasa's fallback rule, the folds."""

import pytest

from eval.calibrate import configured_thresholds, folds, render
from eval.fallback_costs import Costs, Ranked, asks_back, cheapest, offered, scan, score
from eval.rasa_variants import ranking_of

CONFIDENT_RIGHT = Ranked("tv_no_power", (("tv_no_power", 0.9), ("tv_no_picture", 0.05)))
CONFIDENT_WRONG = Ranked("tv_no_signal", (("tv_no_picture", 0.8), ("tv_no_signal", 0.1)))
UNSURE_RIGHT_SECOND = Ranked(
    "tv_no_signal", (("tv_no_picture", 0.35), ("tv_no_signal", 0.33), ("greet", 0.1))
)
UNSURE_INFORM = Ranked("inform", (("inform", 0.25), ("ask_hotline", 0.2), ("greet", 0.1)))


def test_asks_back_below_the_threshold_or_when_the_best_two_are_close():
    assert not asks_back(CONFIDENT_RIGHT.ranking, 0.3, 0.05)
    assert asks_back(UNSURE_INFORM.ranking, 0.3, 0.0)  # 0.25 < 0.3
    assert asks_back(UNSURE_RIGHT_SECOND.ranking, 0.3, 0.05)  # 0.35 - 0.33 < 0.05
    assert not asks_back(UNSURE_RIGHT_SECOND.ranking, 0.3, 0.01)
    assert not asks_back((("greet", 0.2),), 0.0, 0.5)  # one intent: nothing to be ambiguous with
    assert asks_back((), 0.0, 0.0)


def test_buttons_offer_the_two_likeliest_meanings_but_never_inform_or_out_of_scope():
    assert offered(UNSURE_RIGHT_SECOND.ranking) == ["tv_no_picture", "tv_no_signal", "report_fault"]
    assert offered(UNSURE_INFORM.ranking) == ["ask_hotline", "greet"]


def test_each_outcome_costs_what_the_customer_has_to_do():
    costs = Costs(wrong=3.0, asked_offered=1.0, asked_not_offered=2.0)
    messages = [CONFIDENT_RIGHT, CONFIDENT_WRONG, UNSURE_RIGHT_SECOND, UNSURE_INFORM]
    never = score(messages, 0.0, 0.0, costs)
    assert (never.accuracy, never.asked_rate, never.wrong_rate) == (0.5, 0.0, 0.5)
    assert never.cost == pytest.approx(6 / 4)  # two wrong intents acted on
    usual = score(messages, 0.3, 0.05, costs)
    # right: acted on; wrong at 0.8: acted on (3); unsure: asked, right meaning on a button (1);
    # inform (right, but at 0.25): asked needlessly, and no button for it (2)
    assert (usual.accuracy, usual.asked_rate, usual.wrong_rate) == (0.25, 0.5, 0.25)
    assert usual.asked_needlessly_rate == 0.25
    assert usual.cost == pytest.approx((3 + 1 + 2) / 4)
    always = score(messages, 1.0, 0.0, costs)
    assert always.asked_needlessly_rate == 0.5 and always.accuracy == 0.0


def test_the_cheapest_pair_wins_and_ties_go_to_fewer_questions():
    messages = [CONFIDENT_RIGHT, CONFIDENT_WRONG, UNSURE_RIGHT_SECOND, UNSURE_INFORM]
    best = cheapest(scan(messages))
    assert best.cost == min(s.cost for s in scan(messages))
    assert asks_back(UNSURE_RIGHT_SECOND.ranking, best.threshold, best.ambiguity_threshold)
    # all confident and right: asking back can only cost, so the lowest thresholds win
    assert (
        cheapest(scan([CONFIDENT_RIGHT] * 3)).threshold,
        cheapest(scan([CONFIDENT_RIGHT] * 3)).ambiguity_threshold,
    ) == (0.0, 0.0)
    # a wrong intent made cheap enough, asking back no longer pays
    assert (
        cheapest(scan([UNSURE_RIGHT_SECOND, CONFIDENT_RIGHT], costs=Costs(wrong=0.5))).asked_rate
        == 0.0
    )


def test_rankings_leave_out_the_fallback_intent():
    parse = {
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.7},
            {"name": "greet", "confidence": 0.2},
        ]
    }
    assert ranking_of(parse) == (("greet", 0.2),)
    assert ranking_of({}) == ()


def test_folds_hold_every_example_out_once_and_keep_synonyms_in_training():
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    examples = [
        Message(data={"text": f"{intent}{i}", "intent": intent})
        for intent in ("a", "b")
        for i in range(6)
    ]
    data = TrainingData(training_examples=examples, entity_synonyms={"彩电": "tv"})
    pairs = list(folds(data, 3))
    held_out = [m.get("text") for _, test in pairs for m in test.intent_examples]
    assert sorted(held_out) == sorted(m.get("text") for m in examples)
    for train, test in pairs:
        assert {m.get("intent") for m in test.intent_examples} == {"a", "b"}  # stratified
        assert not {m.get("text") for m in train.intent_examples} & {
            m.get("text") for m in test.intent_examples
        }
        assert train.entity_synonyms == {"彩电": "tv"}
    assert [
        m.get("text") for _, t in folds(data, 3) for m in t.intent_examples
    ] == held_out  # same split every run


def test_the_configured_thresholds_are_read_from_config_yml():
    threshold, ambiguity = configured_thresholds()
    assert 0.0 <= threshold <= 1.0 and 0.0 <= ambiguity <= 1.0


def test_a_candidate_config_brings_its_own_thresholds(tmp_path):
    candidate = tmp_path / "candidate.yml"
    candidate.write_text(
        "pipeline:\n  - name: FallbackClassifier\n    threshold: 0.42\n    ambiguity_threshold: 0.07\n",
        encoding="utf-8",
    )
    assert configured_thresholds(candidate) == (0.42, 0.07)


def test_the_report_names_the_most_frequent_cross_validated_mistakes():
    messages = [CONFIDENT_RIGHT, CONFIDENT_WRONG, CONFIDENT_WRONG, UNSURE_RIGHT_SECOND]
    text, figures = render(messages, Costs(), (0.3, 0.05))
    assert "tv_no_signal → tv_no_picture 3" in text
    assert figures["worst_confusions"] == [
        {"true": "tv_no_signal", "predicted": "tv_no_picture", "count": 3}
    ]
