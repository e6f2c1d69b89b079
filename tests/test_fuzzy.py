"""Strict first, then fuzzy, then refuse: ASR errors recovered, near misses left alone."""

from __future__ import annotations

import pytest

from assistant.nlu import parse


def frames(text: str) -> list[tuple[str, dict]]:
    return [(f.intent, f.slots) for f in parse(text).frames]


@pytest.mark.parametrize("text, intent", [
    ("set the temprature to 22", "climate.set_temperature"),
    ("navigat to the nearest gas station", "navigation.navigate"),
    ("turn on the air conditionning", "climate.turn_on"),
])
def test_misheard_command_words_are_corrected(text, intent):
    assert [i for i, _ in frames(text)] == [intent]


def test_misspelled_catalogue_names_become_canonical():
    assert frames("play tayler swift") == [("media.play", {"artist": "Taylor Swift"})]
    assert frames("play bohemian rapsody") == [("media.play", {"song": "Bohemian Rhapsody"})]


def test_an_unknown_name_is_kept_as_said():
    assert frames("navigate to qwerty plaza") == [("navigation.navigate", {"destination": "qwerty plaza"})]


@pytest.mark.parametrize("text", ["turn of the AC", "switch of the ac", "turn the ac of"])
def test_a_fuzzy_tie_never_flips_polarity(text):
    assert [i for i, _ in frames(text)] == ["climate.turn_off"]


@pytest.mark.parametrize("text", [
    "I played jazz in college",
    "what's the stock price of BMW",
    "my window cleaner is coming tomorrow",
    "my sister lives near the bund",
    "asdf qwer zxcv",
    "tell me a joke",
    "",
    "...",
])
def test_near_misses_and_gibberish_give_no_frame(text):
    assert frames(text) == []


def test_a_refusal_carries_a_reason():
    assert parse("what's the stock price of BMW").reason == "out_of_scope"


def test_equally_near_corrections_of_different_intents_refuse(tmp_path) -> None:
    """'trank' is one letter from 'trunk' and from 'crank': no guess, a reason."""
    import shutil

    from assistant.nlu.engine import Engine
    from assistant.nlu.yamlfile import REPO_ROOT

    root = tmp_path / "intents"
    (root / "en").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "intents" / "ontology.yaml", root / "ontology.yaml")
    (root / "en" / "_common.yaml").write_text("language: en\n", encoding="utf-8")
    (root / "en" / "car.yaml").write_text(
        "language: en\nintents:\n"
        "  vehicle.open_trunk:\n    data: [{sentences: ['open [the] trunk']}]\n"
        "  climate.adjust_fan_speed:\n    data: [{slots: {direction: up}, sentences: ['open [the] crank']}]\n",
        encoding="utf-8")
    engine = Engine(intents_dir=root)
    assert [f.intent for f in engine.parse("open the trunk").frames] == ["vehicle.open_trunk"]
    refused = engine.parse("open the trank")
    assert refused.frames == () and refused.reason == "ambiguous"
    assert [f.intent for f in engine.parse("open the trunc").frames] == ["vehicle.open_trunk"]
