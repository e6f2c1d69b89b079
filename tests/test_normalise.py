"""Normalisation: case, punctuation, contractions, numbers, Fahrenheit, wake phrases."""

from __future__ import annotations

import pytest

from assistant.nlu.engine import get_engine
from assistant.nlu.text import detect_language, fahrenheit_to_celsius, normalise


@pytest.fixture(scope="module")
def english():
    return get_engine().language("en")


def words(english, text: str) -> list[str]:
    return [t.text for t in normalise(text, english.grammar.text_rules)[1]]


@pytest.mark.parametrize("said, expected", [
    ("twenty two point five", ["22.5"]),
    ("Seventy-Two", ["72"]),
    ("a hundred", ["100"]),
    ("a hundred and fifty", ["150"]),
    ("the 3rd level", ["the", "3", "level"]),
    ("play some 80s rock", ["play", "some", "80s", "rock"]),
])
def test_numbers_become_digits(english, said, expected):
    assert words(english, said) == expected


@pytest.mark.parametrize("said, expected", [
    ("72 F", ["22", "degrees", "celsius"]),
    ("seventy two degrees fahrenheit", ["22", "degrees", "celsius"]),
    ("75°F", ["24", "degrees", "celsius"]),
])
def test_fahrenheit_is_converted_to_the_nearest_half_degree(english, said, expected):
    assert words(english, said) == expected


def test_fahrenheit_rounding():
    assert fahrenheit_to_celsius(72) == 22
    assert fahrenheit_to_celsius(73) == 23
    assert fahrenheit_to_celsius(70) == 21


def test_contractions_case_and_punctuation(english):
    assert words(english, "What's THAT? I'm cold!") == ["what", "is", "that", ",", "i", "am", "cold", ","]


def test_doubled_words_and_fillers_are_dropped(english):
    assert words(english, "um turn on the the AC") == ["turn", "on", "the", "ac"]


def test_language_is_detected_per_utterance():
    assert detect_language("turn on the ac") == "en"
    assert detect_language("打开空调") == "zh"
    assert detect_language("导航去Starbucks") == "zh"
    assert detect_language("play 周杰伦") == "zh"


@pytest.mark.parametrize("said", [
    "hey bmw turn on the ac", "Hey BMW, turn on the ac", "hey b m w turn on the ac",
    "hi bee em double you turn on the ac", "ok beemer turn on the ac", "okay bmv, turn on the ac",
])
def test_wake_phrases_and_near_misses_are_stripped(english, said):
    parse = get_engine().parse(said)
    assert parse.wake
    assert [f.intent for f in parse.frames] == ["climate.turn_on"]


@pytest.mark.parametrize("said", ["hey bus turn on the ac", "turn on the ac"])
def test_no_wake_phrase(said):
    assert not get_engine().parse(said).wake


def test_wake_phrase_alone_gives_no_frame():
    parse = get_engine().parse("hey bmw")
    assert parse.wake and parse.frames == ()
