"""Templates are only tried within reach of their literal words: those that may start
anywhere near their first one, every template near each required later one."""

from __future__ import annotations

from collections import defaultdict

import pytest

from assistant.nlu import matcher
from assistant.nlu.compile import _trie, anchor, later_anchors, max_span
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


def test_every_required_part_after_the_first_is_a_later_anchor():
    rain = _trie([("rain",), ("snow",)])
    tree = Seq((Word("will"), Word("it"), Alt((Slot("date", "date"), EMPTY)), rain, Slot("level", "level")))
    assert later_anchors(tree, LISTS, LONGEST, "#") == (
        ((Word("it"), frozenset({"it"}), 1),),
        ((rain, frozenset({"rain", "snow"}), 4),),
        ((Slot("level", "level"), frozenset({"#"}), 5),))  # a number slot: any number token


def test_later_anchors_reach_over_free_text_stop_where_unbounded_and_skip_optional_parts():
    tree = Seq((Word("to"), Slot("place", "place"), Word("please")))
    please = (Word("please"), frozenset({"please"}), 1 + MAX_WILDCARD_CJK)
    assert later_anchors(tree, LISTS, LONGEST, "#") == ((please,),)
    unbounded = Seq((Word("to"), Slot("x", "unknown"), Word("please")))
    assert later_anchors(unbounded, LISTS, LONGEST, "#") == ()
    optional = Seq((Word("set"), Alt((Word("it"), EMPTY)), Word("up")))
    assert later_anchors(optional, LISTS, LONGEST, "#") == (((Word("up"), frozenset({"up"}), 2),),)
    assert later_anchors(Word("go"), LISTS, LONGEST, "#") == ()


@pytest.mark.parametrize("text", [
    "外滩怎么走然后明天上海下不下雨然后打开空调然后空调的使用方法",
    "周杰伦的歌然后给妈妈的手机打一下然后明天北京风大吗",
    "how do i get to the bund and will it rain in paris tomorrow and play jay chou",
    "温度调到二十二度然后在路上给我放首歌然后车窗打开一半",
    "set it to 22 degrees and turn the fan to level 3 and open the window halfway",
])
def test_anchors_change_no_parse(text: str, monkeypatch):
    engine = get_engine()
    with_anchors = engine.parse(text)
    for language in ("en", "zh"):
        monkeypatch.setattr(engine.language(language).grammar, "matching", {})
    monkeypatch.setattr(matcher, "_anchors", lambda grammar, longest_name: ({}, defaultdict(tuple)))
    assert engine.parse(text) == with_anchors
