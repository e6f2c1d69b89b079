"""The compact catalogue index and the shared template trees give the same answers."""

from __future__ import annotations

from assistant.nlu.catalogue import Catalogue, Entry
from assistant.nlu.compile import Optimiser
from assistant.nlu.template import Seq, Slot, parse_template

QUEEN_ARTIST = Entry("artists", "Queen", None)
QUEEN_ALBUM = Entry("albums", "Queen", None)
BUND = Entry("places", "The Bund", "外滩")


def _catalogue() -> Catalogue:
    return Catalogue([(QUEEN_ARTIST, ["Queen"]), (QUEEN_ALBUM, ["Queen"]), (BUND, ["the bund", "外滩"])],
                     lambda text: text.lower().split())


def test_a_name_of_several_items_finds_each_of_the_asked_kinds() -> None:
    catalogue = _catalogue()
    assert [h.entry for h in catalogue.find(["play", "queen"], 1, frozenset({"artists", "albums"}))] == [
        QUEEN_ARTIST, QUEEN_ALBUM]
    assert [h.entry for h in catalogue.find(["queen"], 0, frozenset({"albums"}))] == [QUEEN_ALBUM]
    assert catalogue.entries("the bund") == (BUND,)


def test_a_name_is_found_only_from_its_first_words() -> None:
    catalogue = _catalogue()
    assert [h.end for h in catalogue.find(["the", "bund"], 0, frozenset({"places"}))] == [2]
    assert catalogue.find(["the", "queen"], 0, frozenset({"artists"})) == []
    assert catalogue.find(["bund"], 0, frozenset({"places"})) == []


def test_a_misheard_name_is_found_by_its_rare_letter_pairs() -> None:
    assert _catalogue().closest("the bundd", frozenset({"places"})) == BUND


def test_equal_subtrees_become_one_object() -> None:
    optimise = Optimiser()
    first = optimise(parse_template("[please] {place} now", str.split))
    second = optimise(parse_template("{place} now [please]", str.split))
    assert isinstance(first, Seq) and isinstance(second, Seq)
    assert first.items[1] is second.items[0] == Slot("place", "place")
    assert first.items[0] is second.items[2]  # the same trie of "please"
