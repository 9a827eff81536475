"""A message of nothing but a number or a date is a detail (inform), never a goodbye or a yes."""

import pytest

from bot.nlu.bare_details import details_ranking, is_bare_detail


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


@pytest.mark.parametrize(
    "text", ["1203", "138 1234 5678", "2025-06-01", "2025.6", "2025年6月", " 0532-88886666 "]
)
def test_numbers_and_dates_are_bare_details(text):
    assert is_bare_detail(text)


@pytest.mark.parametrize("text", ["", "拜拜", "E3", "55E3F", "好的 1203", "/affirm", "- -"])
def test_words_codes_and_payloads_are_not(text):
    assert not is_bare_detail(text)


def test_a_bare_number_read_as_goodbye_becomes_inform_without_a_tie():
    ranking = details_ranking("1203", ranked(("goodbye", 0.81), ("inform", 0.15), ("affirm", 0.04)))
    assert ranking is not None
    assert ranking[0] == {"name": "inform", "confidence": 1.0}
    assert [r["name"] for r in ranking] == ["inform", "goodbye", "affirm"]
    assert all(r["confidence"] == 0.0 for r in ranking[1:])


def test_numbers_that_mean_something_in_chat_keep_their_meaning():
    # a typed 5 at 「打个分」 is a rating the feedback form reads; 88 / 886 are bye-bye
    assert details_ranking("5", ranked(("rate_service", 0.9), ("inform", 0.1))) is None
    assert details_ranking("886", ranked(("goodbye", 0.9), ("inform", 0.1))) is None
    assert details_ranking("1203", ranked(("rate_service", 0.6), ("inform", 0.3)))[0]["name"] == (
        "inform"
    )


def test_the_component_sets_the_intent_and_ranking_of_the_message():
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.bare_details import BareDetails

    message = Message(data={"text": "1203"})
    message.set("intent", {"name": "goodbye", "confidence": 0.8})
    message.set("intent_ranking", ranked(("goodbye", 0.8), ("inform", 0.2)))
    [done] = BareDetails().process([message])
    assert done.get("intent") == {"name": "inform", "confidence": 1.0}
    assert [r["name"] for r in done.get("intent_ranking")] == ["inform", "goodbye"]


def test_other_readings_and_other_label_sets_are_left_alone():
    assert details_ranking("1203", ranked(("inform", 0.6), ("goodbye", 0.4))) is None
    assert details_ranking("再见", ranked(("goodbye", 0.9), ("inform", 0.1))) is None
    # a benchmark's labels have no inform
    assert details_ranking("2025", ranked(("news_finance", 0.7), ("news_tech", 0.3))) is None
