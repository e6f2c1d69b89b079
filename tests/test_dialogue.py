"""The dialogue manager, one test per rule of vehicle.md; frames are given directly."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.dialogue import Session
from assistant.frames import Frame, Parse
from assistant.seeds import Place, Seeds
from assistant.services.registry import build_services
from assistant.vehicle.state import VehicleState, replace_paths

SERVICES = build_services(Seeds(places=(
    Place(id="jd", name="Jiading Rest Area", name_zh="嘉定服务区", category="rest_area",
          lat=31.38, lon=121.25),
    Place(id="bund", name="The Bund", name_zh="外滩", aliases=("Bund",), lat=31.24, lon=121.49),
)))


def F(intent: str, **slots: Any) -> Frame:
    return Frame(intent, slots)


def P(*frames: Frame, language: str = "en", wake: bool = False, reason: str = "") -> Parse:
    return Parse("...", "...", language, frames, wake, reason)


def session(state: VehicleState | None = None, **kw: Any) -> Session:
    return Session(state=state, services=SERVICES, **kw)


def temp(s: Session, zone: str = "driver") -> float:
    return getattr(s.state.climate.zones, zone).temperature


def test_speaker_zone_default_and_reply_in_language() -> None:
    s = session()
    result = s.handle(P(F("climate.adjust_temperature", direction="up"), language="zh"),
                      speaker="passenger")
    assert temp(s, "passenger") == 23 and temp(s) == 22
    assert "副驾" in result.reply
    assert ("climate.zones.passenger.temperature", 22, 23) in result.changes


def test_frames_execute_in_order_each_seeing_the_last() -> None:
    s = session()
    s.handle(P(F("climate.set_temperature", temperature=24), F("climate.adjust_temperature",
                                                               direction="up", amount=2)))
    assert temp(s) == 26


def test_refusal_does_not_stop_the_other_commands() -> None:
    s = session(replace_paths(VehicleState(), {"drive.speed_kmh": 80}))
    result = s.handle(P(F("vehicle.open_trunk"), F("media.play", genre="jazz")))
    assert result.refused and not s.state.trunk.open and s.state.media.playing
    assert "trunk" in result.reply.lower() and "moving" in result.reply.lower()
    assert "jazz" in result.reply.lower()


def test_clamped_reply_names_the_limit() -> None:
    s = session()
    result = s.handle(P(F("climate.set_temperature", temperature=40)))
    assert temp(s) == 32 and "32" in result.reply and not result.refused


def test_empty_parse_says_sorry() -> None:
    assert "sorry" in session().handle(P(reason="out_of_scope")).reply.lower()
    assert "抱歉" in session().handle(P(language="zh", reason="out_of_scope")).reply


def test_payment_needs_confirmation() -> None:
    s = session()
    result = s.handle(P(F("payment.pay", purpose="parking", amount=20)))
    assert not result.refused and s.state.payments.pending is not None
    s.handle(P(F("media.play")))
    assert s.state.payments.pending is not None
    s.handle(P(F("dialog.confirm")))
    assert s.state.payments.pending is None
    assert [p.purpose for p in s.state.payments.history] == ["parking"]


@pytest.mark.parametrize("intent", ["dialog.deny", "dialog.cancel"])
def test_deny_or_cancel_clears_the_payment(intent: str) -> None:
    s = session()
    s.handle(P(F("payment.pay", purpose="charging")))
    s.handle(P(F(intent)))
    assert s.state.payments.pending is None and s.state.payments.history == ()


@pytest.mark.parametrize("intent", ["dialog.confirm", "dialog.deny"])
def test_confirm_or_deny_with_nothing_pending(intent: str) -> None:
    s = session()
    result = s.handle(P(F(intent)))
    assert result.changes == [] and "nothing" in result.reply.lower()


def test_undo_restores_a_whole_turn_and_twice_goes_back_two() -> None:
    s = session()
    s.handle(P(F("climate.set_temperature", temperature=25), F("vehicle.open_window")))
    s.handle(P(F("media.set_volume", volume=60)))
    s.handle(P(F("dialog.undo")))
    assert s.state.media.volume == 30 and temp(s) == 25
    s.handle(P(F("dialog.undo")))
    assert s.state == VehicleState()
    assert "nothing" in s.handle(P(F("dialog.undo"))).reply.lower()


def test_speaker_only_turns_do_not_count_for_undo() -> None:
    s = session()
    s.handle(P(F("media.set_volume", volume=60)))
    s.handle(P(F("vehicle.query_status", item="battery")), speaker="passenger")
    s.handle(P(F("dialog.undo")), speaker="passenger")
    assert s.state.media.volume == 30 and s.state.speaker == "passenger"


def test_undo_never_reverses_a_payment() -> None:
    s = session()
    s.handle(P(F("payment.pay", purpose="parking", amount=10)))
    s.handle(P(F("dialog.confirm")))
    before = s.state
    result = s.handle(P(F("dialog.undo")))
    assert s.state == before and "payment" in result.reply.lower()


def test_scene_is_undone_as_one_turn() -> None:
    s = session()
    s.handle(P(F("scene.activate", scene="rain")))
    s.handle(P(F("dialog.undo")))
    assert s.state == VehicleState()


@pytest.mark.parametrize("first, follow, path, value", [
    (F("climate.adjust_temperature", direction="up"), F("dialog.continue", polarity="more"),
     "climate.zones.driver.temperature", 24),
    (F("climate.adjust_temperature", direction="down", amount=2), F("dialog.continue"),
     "climate.zones.driver.temperature", 18),
    (F("climate.adjust_temperature", direction="down", amount=2),
     F("dialog.continue", polarity="more"), "climate.zones.driver.temperature", 19),
    (F("climate.adjust_temperature", direction="up", amount=3),
     F("dialog.continue", polarity="less"), "climate.zones.driver.temperature", 24),
    (F("climate.adjust_temperature", direction="up"),
     F("dialog.continue", polarity="more", amount=3), "climate.zones.driver.temperature", 26),
    (F("climate.adjust_temperature", direction="up"), F("dialog.continue", zone="passenger"),
     "climate.zones.passenger.temperature", 23),
    (F("climate.set_temperature", temperature=25), F("dialog.continue"),
     "climate.zones.driver.temperature", 28),
    (F("climate.set_temperature", temperature=20), F("dialog.continue", polarity="more"),
     "climate.zones.driver.temperature", 19),
    (F("climate.set_temperature", temperature=22), F("dialog.continue"),
     "climate.zones.driver.temperature", 23),
    (F("media.adjust_volume", direction="up"), F("dialog.continue", polarity="more"),
     "media.volume", 50),
    (F("climate.adjust_fan_speed", direction="up"), F("dialog.continue"), "climate.fan_speed", 5),
    (F("climate.seat_heating", level=1), F("dialog.continue", polarity="more"),
     "climate.zones.driver.seat_heating", 2),
    (F("climate.seat_ventilation"), F("dialog.continue", zone="passenger"),
     "climate.zones.passenger.seat_ventilation", 2),
    (F("vehicle.open_window", percent=30), F("dialog.continue"), "windows.driver", 60),
])
def test_follow_ups(first: Frame, follow: Frame, path: str, value: float) -> None:
    from assistant.vehicle.state import get_path

    s = session()
    s.handle(P(first))
    s.handle(P(follow))
    assert get_path(s.state, path) == value


def test_follow_up_survives_other_turns_and_becomes_the_most_recent() -> None:
    s = session()
    s.handle(P(F("climate.adjust_temperature", direction="up")))
    s.handle(P(F("media.play", genre="jazz")))
    s.handle(P(F("dialog.continue", zone="passenger")))
    s.handle(P(F("dialog.continue", polarity="less")))
    assert temp(s) == 23 and temp(s, "passenger") == 22


def H(heading: str, **slots: Any) -> Frame:
    """A follow-up whose words name a direction ("a bit lower", 再高一点)."""
    return Frame("dialog.continue", slots, heading=heading)


@pytest.mark.parametrize("first, follow, path, value", [
    # lower after lowering goes lower still; lower after raising comes back down
    (F("climate.adjust_temperature", direction="down"), H("down", polarity="less"),
     "climate.zones.driver.temperature", 20),
    (F("climate.adjust_temperature", direction="up", amount=2), H("down", polarity="less"),
     "climate.zones.driver.temperature", 23),
    (F("climate.adjust_temperature", direction="down"), H("up", polarity="more"),
     "climate.zones.driver.temperature", 22),
    (F("media.adjust_volume", direction="down"), H("down", polarity="less"), "media.volume", 10),
    (F("media.set_volume", volume=50), H("down", polarity="less", amount=20), "media.volume", 30),
    (F("climate.adjust_fan_speed", direction="down"), H("up", polarity="more"), "climate.fan_speed", 3),
    # a window has no up or down of its own: the polarity decides
    (F("vehicle.open_window", percent=30), H("down", polarity="less"), "windows.driver", 20),
])
def test_follow_ups_that_name_a_direction(first: Frame, follow: Frame, path: str, value: float) -> None:
    from assistant.vehicle.state import get_path

    s = session()
    s.handle(P(first))
    s.handle(P(follow))
    assert get_path(s.state, path) == value


@pytest.mark.parametrize("text, heading", [
    ("a bit lower", "down"), ("even lower please", "down"), ("go down 2", "down"),
    ("one more notch down", "down"), ("a little higher", "up"), ("up 3 more", "up"),
    ("再低一点", "down"), ("再小一点吧", "down"), ("再大一点", "up"), ("再大两格", "up"),
    ("a bit more", None), ("a little less", None), ("再多一点", None), ("少来点", None),
])
def test_parser_marks_direction_words(text: str, heading: str | None) -> None:
    from assistant.nlu import parse

    frames = parse(text).frames
    assert [(f.intent, f.heading) for f in frames] == [("dialog.continue", heading)]


def test_follow_up_with_nothing_to_continue() -> None:
    s = session()
    result = s.handle(P(F("dialog.continue", polarity="more")))
    assert result.changes == [] and "nothing" in result.reply.lower()


def test_scene_fatigue() -> None:
    s = session()
    result = s.handle(P(F("scene.activate", scene="fatigue")))
    assert temp(s) == 20 and s.state.climate.air_source == "fresh" and s.state.media.playing
    assert "rest area" in result.reply.lower() and "Jiading" in result.reply


@pytest.mark.parametrize("scene, given, checks", [
    ("nap", {"media.playing": True, "windows.driver": 50, "sunroof": 40, "climate.fan_speed": 6,
             "lights.reading": True},
     {"media.playing": False, "windows.driver": 0, "sunroof": 0, "climate.fan_speed": 2,
      "lights.reading": False}),
    ("kid_sleeping", {"media.volume": 60, "windows.rear_left": 40, "lights.reading": True},
     {"media.volume": 15, "windows.rear_left": 0, "lights.reading": False}),
    ("smoking", {"climate.air_source": "recirculation"},
     {"windows.driver": 20, "climate.air_source": "fresh"}),
    ("rain", {"windows.passenger": 100, "sunroof": 100},
     {"windows.passenger": 0, "sunroof": 0, "wipers.on": True}),
    ("car_wash", {"windows.rear_right": 10, "wipers.on": True},
     {"windows.rear_right": 0, "climate.air_source": "recirculation", "wipers.on": False}),
])
def test_scenes(scene: str, given: dict[str, Any], checks: dict[str, Any]) -> None:
    from assistant.vehicle.state import get_path

    s = session(replace_paths(VehicleState(), given))
    s.handle(P(F("scene.activate", scene=scene)))
    for path, value in checks.items():
        assert get_path(s.state, path) == value, path


def test_wake_required_window_is_30_s_inclusive() -> None:
    s = session(wake="required")
    ignored = s.handle(P(F("media.play")), speaker="passenger")
    assert ignored.ignored and ignored.intents == [] and s.state == VehicleState()
    assert s.handle(P(F("media.play"), wake=True)).intents == ["media.play"]
    assert not s.handle(P(F("media.pause")), wait=30).ignored
    assert not s.handle(P(F("media.resume")), wait=30).ignored
    assert s.handle(P(F("media.pause")), wait=30.5).ignored
    assert s.state.media.playing


def test_lone_wake_phrase_opens_the_conversation() -> None:
    s = session(wake="required")
    result = s.handle(P(wake=True, reason="empty"))
    assert not result.ignored and "sorry" not in result.reply.lower() and "yes" in result.reply.lower()
    assert "我在" in session().handle(P(wake=True, reason="empty", language="zh")).reply
    assert not s.handle(P(F("media.play")), wait=20).ignored


def test_wake_optional_serves_everything() -> None:
    assert not session().handle(P(F("media.play")), wait=500).ignored


def test_an_unknown_speaker_is_rejected_before_anything_changes() -> None:
    s = session()
    with pytest.raises(ValueError):
        s.handle(P(F("media.play")), speaker="trunk")  # type: ignore[arg-type]
    assert s.state == VehicleState()
