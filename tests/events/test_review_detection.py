"""Which messages become review items, and why (bot.events.review: events in, items out)."""

from bot.events.review import review_items
from bot.events.store import event_key
from tests.events.conversations import (
    asked_back_then_none_of_these,
    wrong_fault_then_unreadable_twice,
)


def items_of(events):
    return review_items(events[0]["sender_id"], [(event_key(e), e) for e in events])


def test_asked_back_none_of_these_and_handoff_make_one_item_with_every_reason():
    items = items_of(asked_back_then_none_of_these("c1"))
    assert len(items) == 1
    item = items[0]
    assert item.text.startswith("那个东西一闪一闪的")
    assert item.reasons == ["fallback", "clarify", "none_of_these", "handoff_after_failures"]
    assert [g["intent"] for g in item.guesses] == ["tv_no_picture", "ac_not_cooling", "phone_lag"]
    assert item.channel == "rest"


def test_wrong_fault_and_two_unreadable_replies_at_one_step():
    items = items_of(wrong_fault_then_unreadable_twice("c2"))
    by_text = {i.text: i.reasons for i in items}
    assert by_text == {
        "屏幕有条纹": ["wrong_fault"],
        "嗯嗯那个啥": ["fallback"],
        "哎呀呀": ["fallback", "unreadable_twice"],
    }
    assert all(i.channel == "wechat" for i in items)


def test_a_confident_conversation_has_no_items():
    events = (
        wrong_fault_then_unreadable_twice("c3")[:3] + wrong_fault_then_unreadable_twice("c3")[10:14]
    )
    assert [i.text for i in items_of(events)] == []
