"""Templates that may start anywhere are only tried within reach of their first literal words."""

from __future__ import annotations

from weakref import WeakKeyDictionary

import pytest

from assistant.nlu import matcher
from assistant.nlu.compile import _trie, anchor, max_span
from assistant.nlu.engine import get_engine
from assistant.nlu.lists import MAX_TARGETS, MAX_WILDCARD_CJK, SlotList
from assistant.nlu.spec import ListSpec, RangeSpec
from assistant.nlu.template import EMPTY, Alt, Seq, Slot, Word

LISTS = {
    "place": SlotList("place", ListSpec(wildcard=True), str.split),
    "date": SlotList("date", ListSpec(values=["today", "next monday"], multi=False), str.split),
    "zone": SlotList("zone", ListSpec(values=["front left", "rear"]), str.split),
    "level": SlotList("level", ListSpec(range=RangeSpec(min=1, max=5)), str.split),
}
LONGEST = {name: slot_list.max_span(4, 1) for name, slot_list in LISTS.items()}


def test_list_spans():
    assert LONGEST["place"] == MAX_WILDCARD_CJK
    assert LONGEST["date"] == 2
    assert LONGEST["zone"] == MAX_TARGETS * 2 + (MAX_TARGETS - 1) * 1  # "front left, rear and ..."
    assert LONGEST["level"] == 1


def test_free_text_then_words_is_anchored_on_the_words():
    words = _trie([("how", "far"), ("route",)])
    tree = Seq((Alt((Slot("date", "date"), EMPTY)), Slot("place", "place"), words))
    assert anchor(tree, LISTS, LONGEST) == ((words, frozenset({"how", "route"}), 2 + MAX_WILDCARD_CJK),)


def test_a_list_of_phrases_is_an_anchor_and_alternatives_join():
    tree = Alt((Seq((Slot("zone", "zone"), Word("seat"))), Seq((Slot("level", "level"), Word("up")))))
    assert anchor(tree, LISTS, LONGEST) == (
        (Slot("zone", "zone"), frozenset({"front", "rear"}), 0), (Word("up"), frozenset({"up"}), 1))


def test_nothing_literal_or_an_unbounded_start_is_no_anchor():
    assert anchor(Seq((Slot("place", "place"),)), LISTS, LONGEST) is None
    assert anchor(Seq((Slot("x", "unknown"), Word("go"))), LISTS, LONGEST) is None
    assert max_span(Seq((Word("a"), Alt((Word("b"), EMPTY)))), LONGEST) == 2


@pytest.mark.parametrize("text", [
    "外滩怎么走然后明天上海下不下雨然后打开空调然后空调的使用方法",
    "周杰伦的歌然后给妈妈的手机打一下然后明天北京风大吗",
    "how do i get to the bund and will it rain in paris tomorrow and play jay chou",
])
def test_anchors_change_no_parse(text: str, monkeypatch):
    engine = get_engine()
    with_anchors = engine.parse(text)
    monkeypatch.setattr(matcher, "_PREPARED", WeakKeyDictionary())
    monkeypatch.setattr(matcher, "_anchors", lambda grammar, longest_name: {})
    assert engine.parse(text) == with_anchors
