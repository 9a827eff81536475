"""Comparing a candidate pipeline with the current one on the same cross-validation folds."""

import json

import pytest

from eval.compare import bootstrap_interval, compare_costs, main, paired, sign_test
from eval.fallback_costs import Costs, Ranked, cost_of, score

RIGHT_SURE = Ranked(
    "tv_no_power", (("tv_no_power", 0.9), ("tv_no_picture", 0.05)), "按了开关没反应"
)
RIGHT_UNSURE = Ranked(
    "tv_no_power", (("tv_no_power", 0.4), ("tv_no_picture", 0.3)), "按了开关没反应"
)
WRONG_SURE = Ranked("tv_no_signal", (("tv_no_picture", 0.8), ("tv_no_signal", 0.1)), "显示无信号")
WRONG_UNSURE = Ranked(
    "tv_no_signal", (("tv_no_picture", 0.4), ("tv_no_signal", 0.38)), "显示无信号"
)


def test_each_message_costs_what_the_whole_score_adds_up():
    messages = [RIGHT_SURE, RIGHT_UNSURE, WRONG_SURE, WRONG_UNSURE]
    assert [cost_of(m, 0.5, 0.05) for m in messages] == [0.0, 1.0, 3.0, 1.0]
    assert score(messages, 0.5, 0.05).cost == pytest.approx(
        sum(cost_of(m, 0.5, 0.05) for m in messages) / 4
    )


def test_the_sign_test_is_exact_and_two_sided():
    assert sign_test(0, 5) == pytest.approx(2 / 32)
    assert sign_test(5, 0) == sign_test(0, 5)
    assert sign_test(3, 3) == 1.0 and sign_test(0, 0) == 1.0
    assert sign_test(76, 85) > 0.5  # a near-even split is a tie
    assert sign_test(93, 136) < 0.01  # the 100-epoch run against 60 (README)


def test_runs_over_different_messages_are_not_compared():
    with pytest.raises(ValueError, match="different messages"):
        paired([RIGHT_SURE], [WRONG_SURE])


def test_costs_are_paired_message_for_message():
    pairs = [(RIGHT_UNSURE, RIGHT_SURE), (WRONG_SURE, WRONG_UNSURE)] * 20
    result = compare_costs(pairs, "same", (0.5, 0.05), (0.5, 0.05), Costs())
    assert (result.current_cost, result.candidate_cost) == (
        2.0,
        0.5,
    )  # (1 + 3) / 2 against (0 + 1) / 2
    low, high = result.interval
    assert low <= -1.5 <= high and high < 0  # the candidate is cheaper on every resample
    assert bootstrap_interval([0.0] * 10) == (0.0, 0.0)


def test_the_command_reads_two_calibration_runs(tmp_path, capsys):
    def run(name, messages):
        path = tmp_path / f"{name}.json"
        path.write_text(
            json.dumps(
                {
                    "configured": {"threshold": 0.5, "ambiguity_threshold": 0.05},
                    "rankings": [
                        {"text": m.text, "intent": m.intent, "ranking": m.ranking} for m in messages
                    ],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return str(path)

    assert (
        main(
            [
                run("current", [RIGHT_UNSURE, WRONG_SURE]),
                run("candidate", [RIGHT_SURE, WRONG_UNSURE]),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "only the current right 0, only the candidate 0" in out
    assert "-1.5000" in out
