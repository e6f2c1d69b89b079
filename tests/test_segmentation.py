"""Multi-command: split only where both sides are commands; one frame per target."""

from __future__ import annotations

import pytest

from assistant.nlu import parse


def intents(text: str) -> list[str]:
    return [f.intent for f in parse(text).frames]


@pytest.mark.parametrize("text, slot, value", [
    ("play rock and roll", "genre", "rock and roll"),
    ("play simon and garfunkel", "artist", "Simon & Garfunkel"),
    ("navigate to marks and spencer", "destination", "marks and spencer"),
])
def test_and_inside_a_name_stays_whole(text, slot, value):
    frames = parse(text).frames
    assert len(frames) == 1
    assert value.lower().replace("&", "and") in str(frames[0].slots[slot]).lower().replace("&", "and")


@pytest.mark.parametrize("text, expected", [
    ("play jazz and open the window", ["media.play", "vehicle.open_window"]),
    ("turn on the ac then play jazz", ["climate.turn_on", "media.play"]),
    ("turn on the ac, play jazz", ["climate.turn_on", "media.play"]),
    ("fan to 3 also mute", ["climate.set_fan_speed", "media.mute"]),
    ("navigate home plus turn the ac on", ["navigation.navigate", "climate.turn_on"]),
    ("take me home and then after that mute", ["navigation.navigate", "media.mute"]),
    ("turn on the ac and the seat heating", ["climate.turn_on", "climate.seat_heating"]),
])
def test_commands_split_where_both_sides_are_commands(text, expected):
    assert intents(text) == expected


def test_several_targets_of_one_command_give_one_frame_each():
    frames = parse("turn on the seat heating for the driver and the passenger").frames
    assert [f.slots.get("zone") for f in frames] == ["driver", "passenger"]
    assert {f.intent for f in frames} == {"climate.seat_heating"}


def test_a_remark_before_a_command_yields_the_command_alone():
    assert intents("it's hot, turn up the fan") == ["climate.adjust_fan_speed"]


def test_free_text_does_not_swallow_the_next_command():
    frames = parse("play tayler swift and volume 30").frames
    assert [f.intent for f in frames] == ["media.play", "media.set_volume"]
    assert frames[0].slots == {"artist": "Taylor Swift"}


def test_a_remark_next_to_any_command_only_says_why():
    assert intents("it's cold, close the window") == ["vehicle.close_window"]
    assert intents("close the window please, it's freezing") == ["vehicle.close_window"]
    assert intents("I'm cold") == ["climate.adjust_temperature"]


def test_mixed_text_is_read_in_whichever_language_explains_it():
    # a Chinese name after "play": both readings explain it all; the name is Chinese, so is the reply
    assert [(f.intent, f.slots) for f in parse("play 周杰伦").frames] == [("media.play", {"artist": "周杰伦"})]
    assert parse("play 周杰伦").language == "zh"
    assert parse("play Jay Chou please").language == "en"
    assert [f.intent for f in parse("导航去Starbucks").frames] == ["navigation.navigate"]
    assert parse("导航去Starbucks").language == "zh"


# A text longer than one piece (MAX_PIECE_TOKENS) is covered piece by piece; a
# correction covers again only the piece it changed, and a negation is looked
# for just before its command: the long text reads as its parts do.
@pytest.mark.parametrize("parts, joint", [
    (["turn on the ac", "set the fan to level three", "turn on the seat heeting", "don't open the sunroof",
      "play some jazz", "open the window"], " and then "),
    (["把空条打开", "风量调到三档", "不要打开天窗", "打开座椅加热", "音量调小一点", "导航去外滩"], "然后"),
])
@pytest.mark.parametrize("repeat", [1, 4])
def test_a_long_text_reads_as_its_parts(parts: list[str], joint: str, repeat: int) -> None:
    text = joint.join(parts * repeat)
    expected = [f.intent for part in parts * repeat for f in parse(part).frames]
    assert intents(text) == expected
    assert {"climate.turn_on", "climate.seat_heating"} < set(expected) and "vehicle.open_sunroof" not in expected


# A name said earlier in the utterance, among words no command explains, is the
# thing a later command refers to with "there", "that" or nothing at all.
@pytest.mark.parametrize("text, intent, slot, value", [
    ("my sister is staying near the Bund this week, can you take me there", "navigation.navigate",
     "destination", "The Bund"),
    ("my mother is in Ruijin Hospital, drive me there now", "navigation.navigate", "destination", "Ruijin Hospital"),
    ("there's a great playlist called Golden Oldies, put that on", "media.play", "playlist", "Golden Oldies"),
    ("有个歌单叫经典老歌，放那个", "media.play", "playlist", "经典老歌"),
])
def test_a_name_said_before_the_command_is_its_thing(text: str, intent: str, slot: str, value: str) -> None:
    frames = parse(text).frames
    assert [(f.intent, f.slots.get(slot)) for f in frames] == [(intent, value)]


@pytest.mark.parametrize("text", [
    "I went to Ruijin Hospital yesterday, it was awful there",
    "my friend hates Taylor Swift, I don't get it",
    "the Bund was crowded last time, let's not go there",
    "Golden Oldies is a boring playlist, don't play that",
    "the sunroof, don't open it",
    "后备箱，别打开",
])
def test_a_name_said_before_is_no_request_without_one(text: str) -> None:
    assert intents(text) == []
