"""Agents and services over a small catalogue: Car Genius, Travel Companion,
music, phone."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.dialogue import Session
from assistant.frames import Frame, Parse
from assistant.seeds import Artist, Contact, Genre, ManualSection, Place, Seeds, Track
from assistant.services.maps import Maps, saved_places
from assistant.services.names import NameIndex
from assistant.services.registry import build_services
from assistant.services.weather import forecast

SEEDS = Seeds(
    places=(
        Place(id="bund", name="The Bund", name_zh="外滩", aliases=("Bund", "Waitan"),
              lat=31.2400, lon=121.4900),
        Place(id="pvg", name="Shanghai Pudong International Airport", name_zh="浦东国际机场",
              lat=31.1443, lon=121.8083),
        Place(id="near", name="Huangpu Charging Hub", category="charging_station",
              lat=31.2310, lon=121.4760),
        Place(id="far", name="Minhang Charging Hub", category="charging_station",
              lat=31.1100, lon=121.3800),
        Place(id="hz", name="Hangzhou", name_zh="杭州", lat=30.2741, lon=120.1551),
    ),
    artists=(Artist(id="jay", name="Jay Chou", name_zh="周杰伦"),),
    genres=(Genre(id="jazz", name="Jazz", name_zh="爵士"),),
    tracks=(Track(song="Qing Hua Ci", song_zh="青花瓷", artist="jay", album="On the Run",
                  genre="jazz", year=2007),),
    contacts=(Contact(id="mom", name="Mom", name_zh="妈妈", relation="mother",
                      aliases=("mum", "mother"), phone="+86 138 0000 0001"),),
    manual=(
        ManualSection(id="lka", title="Lane Keeping Assist", title_zh="车道保持辅助",
                      keywords=("lane", "keeping", "assist"), keywords_zh=("车道保持", "车道"),
                      text="Press the lane button on the left stalk to turn lane keeping on.",
                      text_zh="按下左侧拨杆上的车道按钮即可开启车道保持。"),
        ManualSection(id="tire", title="Tire Pressure", title_zh="胎压",
                      keywords=("tire", "pressure", "tyre"), keywords_zh=("胎压", "轮胎"),
                      text="Keep the tires at 2.5 bar when cold.",
                      text_zh="冷胎时胎压应保持在2.5 bar。"),
        ManualSection(id="wash", title="Car Wash Mode", title_zh="洗车模式",
                      keywords=("wash",), keywords_zh=("洗车",),
                      text="Car wash mode closes the windows and folds the mirrors.",
                      text_zh="洗车模式会关闭车窗并折叠后视镜。"),
    ),
)
SERVICES = build_services(SEEDS)


def say(*frames: Frame, language: str = "en", session: Session | None = None) -> tuple[Session, Any]:
    s = session or Session(services=SERVICES)
    return s, s.handle(Parse("...", "...", language, frames))


@pytest.mark.parametrize("topic, language, title", [
    ("how do I turn on lane keeping", "en", "Lane Keeping Assist"),
    ("what should my tire pressure be", "en", "Tire Pressure"),
    ("怎么打开车道保持", "zh", "车道保持辅助"),
    ("胎压应该是多少", "zh", "胎压"),
])
def test_genius_quotes_the_section(topic: str, language: str, title: str) -> None:
    _, result = say(Frame("genius.ask", {"topic": topic}), language=language)
    assert title in result.reply


@pytest.mark.parametrize("topic, language, answer", [
    ("what is the stock price of BMW", "en", "I don't know"),
    ("who won the football match", "en", "I don't know"),
    ("今天股票怎么样", "zh", "我不知道"),
    ("what is the speed of light in a vacuum", "en", "I don't know"),
])
def test_genius_does_not_guess(topic: str, language: str, answer: str) -> None:
    _, result = say(Frame("genius.ask", {"topic": topic}), language=language)
    assert answer in result.reply


def test_navigate_by_name_alias_and_chinese() -> None:
    for said in ("The Bund", "bund", "外滩", "Waitan"):
        s, _ = say(Frame("navigation.navigate", {"destination": said}))
        assert s.state.navigation.destination.name == "The Bund", said
    s, _ = say(Frame("navigation.navigate", {"destination": "pudong airport"}))
    assert "Pudong" in s.state.navigation.destination.name


def test_navigate_to_the_nearest_of_a_category() -> None:
    s, result = say(Frame("navigation.navigate", {"category": "charging_station"}))
    dest = s.state.navigation.destination
    assert dest.name == "Huangpu Charging Hub" and dest.category == "charging_station"
    assert s.state.navigation.distance_km is not None and "Huangpu" in result.reply


def test_saved_places_home_and_work() -> None:
    for said, name in (("home", "Home"), ("家", "Home"), ("work", "Work"), ("公司", "Work")):
        s, _ = say(Frame("navigation.navigate", {"destination": said}))
        assert s.state.navigation.destination.name == name


def test_unknown_destination_changes_nothing() -> None:
    s, result = say(Frame("navigation.navigate", {"destination": "Atlantis"}))
    assert result.changes == [] and "can't find" in result.reply


def test_name_index_rejects_unrelated_names() -> None:
    index = NameIndex([(("The Bund",), "bund"), (("Hangzhou",), "hz")])
    assert index.find("Bank of China") is None and index.find("Hangzou") == "hz"


def test_namesakes_resolve_to_the_nearest() -> None:
    places = (Place(id="far", name="Starbucks Far", aliases=("starbucks",), lat=31.0, lon=121.0),
              Place(id="near", name="Starbucks Near", aliases=("starbucks",), lat=31.23, lon=121.47))
    assert Maps(places, saved_places()).find("Starbucks", 31.2304, 121.4737).name == "Starbucks Near"


def test_maps_nearest_without_that_category() -> None:
    assert Maps(SEEDS.places, saved_places()).nearest("hospital", 31.2, 121.4) is None


def test_play_resolves_the_catalogue_or_plays_as_said() -> None:
    s, _ = say(Frame("media.play", {"artist": "周杰伦"}))
    track = s.state.media.track
    assert track.artist == "Jay Chou" and track.song == "Qing Hua Ci" and s.state.media.playing
    s, _ = say(Frame("media.play", {"song": "Unknown Song", "artist": "Nobody"}))
    assert s.state.media.track.song == "Unknown Song" and s.state.media.track.artist == "Nobody"
    s, _ = say(Frame("media.play", {"playlist": "road trip"}))
    assert s.state.media.playlist == "road trip"


def test_call_uses_the_canonical_contact_name() -> None:
    s, _ = say(Frame("phone.call", {"contact": "mum"}))
    assert s.state.phone.call == "Mom"
    s, _ = say(Frame("phone.call", {"contact": "Li Lei"}))
    assert s.state.phone.call == "Li Lei"


def test_weather_is_deterministic_and_trip_plans_quote_it() -> None:
    assert forecast("Hangzhou", "weekend") == forecast("Hangzhou", "weekend")
    _, result = say(Frame("info.weather", {"location": "Hangzhou", "date": "tomorrow"}))
    assert "Hangzhou" in result.reply and "tomorrow" in result.reply
    _, plan = say(Frame("travel.plan_trip", {"destination": "杭州", "date": "weekend"}),
                  language="zh")
    assert "杭州" in plan.reply and "周末" in plan.reply


def test_every_event_key_has_a_reply_in_both_languages() -> None:
    import re
    from pathlib import Path

    from assistant.dialogue.replies import templates

    source = "".join(p.read_text() for p in Path("assistant").rglob("*.py"))
    keys = set(re.findall(r'(?:Info|Inform\(key=|Executed)\(?"([a-z_]+)"', source))
    for language in ("en", "zh"):
        table = templates(language)
        known = set(table["info"]) | set(table["executed"])
        assert not {k for k in keys if k not in known}, language
