"""Property tests of the parser: any text gives valid frames, never an exception,
in time that grows linearly with its length; parsed frames served in a session
keep the car valid, undo restores it and a refusal changes nothing.

Random *frames* through `Session.handle` are covered by
tests/test_dialogue_properties.py; here the frames come from the parser, and
from every intent of the ontology with any slot values of the right type.
The checks are shared with the fuzzer (fuzz/fuzz_parse.py).
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.dialogue import Session
from assistant.frames import Frame, Parse
from assistant.nlu import parse
from assistant.nlu.yamlfile import REPO_ROOT
from assistant.vehicle.events import Refused

_spec = importlib.util.spec_from_file_location("fuzz_parse", REPO_ROOT / "fuzz" / "fuzz_parse.py")
fuzz = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("fuzz_parse", fuzz)
_spec.loader.exec_module(fuzz)

ONTOLOGY = fuzz.load_ontology()
SENTENCES = fuzz.real_utterances()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def services():
    from assistant.services.registry import default_services

    return default_services()


# Known findings the random texts must not report again and again (none open).
KNOWN: tuple[str, ...] = ()


def problems(result: Parse, known: tuple[str, ...] = KNOWN) -> list[str]:
    return [p for p in fuzz.frame_problems(result, ONTOLOGY) if not any(k in p for k in known)]


def assert_valid(text: str, known: tuple[str, ...] = KNOWN) -> Parse:
    result = parse(text)
    assert result.text == text
    assert problems(result, known) == []
    return result


# ------------------------------------------------------------------ any text

@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    assert_valid(text)


@FAST
@given(fuzz.SCRIPTS)
def test_control_emoji_rtl_punctuation_digits_and_chinese(text: str) -> None:
    assert_valid(text)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(fuzz.mutated(SENTENCES))
def test_mutated_real_utterances(text: str) -> None:
    assert_valid(text)


@FAST
@given(st.lists(st.sampled_from(["hey bmw", "hey b m w", "你好宝马", "hey", "bmw", ",", "!", "宝马"]),
                min_size=1, max_size=30).map(" ".join))
def test_only_wake_words(text: str) -> None:
    result = assert_valid(text)
    assert result.frames == ()


@FAST
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=40))
def test_random_chinese(text: str) -> None:
    assert assert_valid(text).language == "zh"


@pytest.mark.parametrize("text", [
    "", " ", "\n\t\r", "\x00" * 50, "\u200b\u200d\ufeff", "\u202eturn on the ac\u202c",
    "!!!???...,,,;;;", "。。。！！！", "🚗🔥💨" * 20, "مرحبا افتح النافذة", "שלום תפתח את החלון",
    "turn on the ac 打开空调 and play jazz 播放音乐", "TURN ON THE AC!!!", "0how0", "1e309 degrees",
    "set it to 99999999999999999999999 degrees", "fan to -0", "hey bmw " * 40,
    "a" * 100_000, ("turn on the ac " * 7000)[:100_000], "🚗" * 100_000, ",." * 50_000,
])
def test_edge_texts(text: str) -> None:
    assert_valid(text)


def test_lone_surrogates_and_nul_bytes() -> None:
    assert_valid("\ud800turn on the ac\udfff")
    assert_valid("turn\x00on\x00the\x00ac")


# ------------------------------------------------------------------ linear time

def work(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The parser's work on a text: templates tried plus candidates the cover weighs.

    Counted, not timed: a count does not depend on the machine's load, and it
    grows with the algorithm, which is what a quadratic slip would change.
    """
    from assistant.nlu import engine, matcher

    count = 0
    match_template, best_cover = matcher.Matcher.match_template, engine.best_cover

    def counted_match(self, *args, **kwargs):
        nonlocal count
        count += 1
        return match_template(self, *args, **kwargs)

    def counted_cover(words, candidates, *args):
        nonlocal count
        count += len(candidates)
        return best_cover(words, candidates, *args)

    with monkeypatch.context() as m:
        m.setattr(matcher.Matcher, "match_template", counted_match)
        m.setattr(engine, "best_cover", counted_cover)
        parse(text)
    return count


@pytest.mark.parametrize("unit", [
    "set it to 22 degrees, open the window and navigate to pudong airport then ",
    "turn on the ac and play pl",  # ends in a half word: the borrowed-verb (ellipsis) search runs
    "打开空调，",
])
def test_work_grows_linearly(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    size = 500 if "空" in unit else 1_000
    small = work((unit * size)[:size], monkeypatch)
    large = work((unit * size * 10)[:size * 10], monkeypatch)
    # 10x the text: 10x the work, twice that if only one of them needs the fuzzy
    # pass (it reads the text again); quadratic would be 100x
    assert small > 0 and large / small < 25, (small, large)


# ------------------------------------------------------------------ parsed text in a session

@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.one_of(fuzz.mutated(SENTENCES), st.sampled_from(SENTENCES)),
                          st.sampled_from(fuzz.SPEAKERS)), min_size=1, max_size=6))
def test_parsed_turns_keep_the_car_valid_and_undo_exact(turns: list[tuple[str, str]]) -> None:
    found = fuzz.run_turns([t for t, _ in turns], [s for _, s in turns], ONTOLOGY, services())
    assert [p for p in found if not any(k in p for k in KNOWN)] == []


# ------------------------------------------------------------------ any ontology frame

def _value(slot_type: str, spec) -> st.SearchStrategy:
    if slot_type in ONTOLOGY.enums:
        return st.sampled_from(ONTOLOGY.enums[slot_type])
    if slot_type == "bool":
        return st.booleans()
    low = -1e6 if spec.min is None else spec.min
    high = 1e6 if spec.max is None else spec.max
    if slot_type == "int":
        return st.integers(int(low), int(high))
    if slot_type == "number":
        return st.floats(low, high, allow_nan=False)
    return st.sampled_from(["home", "work", "Pudong Airport", "jazz", "Mom", "外滩", "x", "?"])


def _frame(intent: str) -> st.SearchStrategy[Frame]:
    """A frame as the parser may give it: required slots and one of each `one_of` group."""
    spec = ONTOLOGY.intents[intent]
    strategies = {name: _value(slot.type, slot) for name, slot in spec.slots.items()}
    required = {name: s for name, s in strategies.items() if spec.slots[name].required}
    optional = {name: s for name, s in strategies.items() if name not in required}

    def complete(slots: dict) -> st.SearchStrategy[Frame]:
        missing = [group for group in spec.one_of if not set(group) & set(slots)]
        if not missing:
            return st.just(Frame(intent, slots))
        picks = st.tuples(*(st.sampled_from(group) for group in missing))
        return picks.flatmap(lambda names: st.fixed_dictionaries({n: strategies[n] for n in names})).map(
            lambda extra: Frame(intent, {**slots, **extra}))

    return st.fixed_dictionaries(required, optional=optional).flatmap(complete)


ANY_FRAME = st.sampled_from(sorted(ONTOLOGY.intents)).flatmap(_frame)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.lists(ANY_FRAME, min_size=1, max_size=3), st.sampled_from(fuzz.SPEAKERS),
                          st.sampled_from([0.0, 0.0, 80.0])), min_size=1, max_size=8))
def test_every_intent_with_any_valid_slots_keeps_the_car_valid(turns) -> None:
    """Frames of every ontology intent, even with slots missing: no exception,
    a valid state, a refusal changes nothing, undo restores the turn."""
    session = Session(services=services())
    for frames, speaker, speed in turns:
        session.state = session.state.model_copy(update={"drive": session.state.drive.model_copy(
            update={"speed_kmh": speed, "gear": "D" if speed else "P"})})
        before = session.state
        result = session.handle(Parse("...", "...", "en", tuple(frames)), speaker=speaker)
        assert fuzz.state_problems(session.state) == []
        assert isinstance(result.reply, str)
        undid = any(f.intent == "dialog.undo" for f in frames)
        paid = any(e.key == "payment_done" for e in result.events)
        if result.events and all(isinstance(e, Refused) for e in result.events):
            assert fuzz._same_car(before, session.state)
        if not undid and not paid and not fuzz._same_car(before, session.state):
            session.handle(Parse("undo", "undo", "en", (Frame("dialog.undo"),)), speaker=speaker)
            assert session.state == before.model_copy(update={"speaker": speaker})


# ------------------------------------------------------------------ known findings

@pytest.mark.parametrize("text", ["fan to 2.5", "volume 30.5", "open the window 50.5 percent", "fan to 3.5"])
def test_int_slots_are_integers(text: str) -> None:
    assert_valid(text, known=())
