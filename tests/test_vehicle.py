"""The simulated car: state validation, paths, and each executor rule of vehicle.md."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.vehicle import actions as a
from assistant.vehicle.events import Clamped, Executed, Refused
from assistant.vehicle.executor import execute
from assistant.vehicle.schema import path_type
from assistant.vehicle.state import (
    Place, VehicleState, diff, get_path, replace_paths, state_to_json,
)

BUND = Place(name="The Bund", lat=31.2400, lon=121.4900)
HANGZHOU = Place(name="Hangzhou", lat=30.2741, lon=120.1551)


def moving() -> VehicleState:
    return replace_paths(VehicleState(), {"drive.speed_kmh": 60, "drive.gear": "D"})


def test_initial_state_matches_the_contract() -> None:
    state = state_to_json(VehicleState())
    assert state["speaker"] == "driver"
    assert state["climate"]["zones"]["rear_right"] == {
        "temperature": 22, "seat_heating": 0, "seat_ventilation": 0, "seat_massage": False}
    assert state["media"]["volume"] == 30 and state["media"]["track"] is None
    assert state["navigation"]["stops"] == [] and state["navigation"]["distance_km"] is None
    assert state["ambient"] == {"color": "white", "brightness": 50}
    assert state["wipers"] == {"on": False, "speed": "auto"}
    assert state["energy"] == {"battery_percent": 80, "range_km": 400}
    assert "People's Square" in state["location"]["name"]
    assert state["payments"] == {"pending": None, "history": []}


@pytest.mark.parametrize("path, value", [
    ("climate.fan_speed", 8), ("climate.fan_speed", 0), ("climate.fan_speed", 2.5),
    ("climate.zones.driver.temperature", 33), ("climate.zones.driver.temperature", 22.3),
    ("climate.zones.passenger.seat_heating", 4), ("media.volume", 101), ("windows.driver", -1),
    ("sunroof", 150), ("drive.speed_kmh", -5), ("climate.mode", "turbo"), ("media.playing", "yes"),
    ("speaker", "trunk"), ("drive.gear", "X"),
])
def test_invalid_values_are_never_stored(path: str, value: object) -> None:
    with pytest.raises(ValidationError):
        replace_paths(VehicleState(), {path: value})


def test_models_are_frozen() -> None:
    with pytest.raises(ValidationError):
        VehicleState().climate.fan_speed = 5  # type: ignore[misc]


def test_get_path_and_diff() -> None:
    old = VehicleState()
    new = replace_paths(old, {"climate.zones.driver.temperature": 24.0})
    assert get_path(new, "climate.zones.driver.temperature") == 24
    assert diff(old, new) == [("climate.zones.driver.temperature", 22, 24)]
    with pytest.raises(KeyError):
        get_path(old, "climate.zones.trunk")


def test_path_types_reach_into_null_objects() -> None:
    assert path_type("navigation.destination.name").accepts("Bund")
    assert path_type("climate.fan_speed").kind == "int"
    assert not path_type("climate.mode").accepts("turbo")
    with pytest.raises(KeyError):
        path_type("navigation.stops.name")


def zones_temperature(state: VehicleState) -> dict[str, float]:
    return {z: getattr(state.climate.zones, z).temperature
            for z in ("driver", "passenger", "rear_left", "rear_right")}


def test_actions_are_one_union_keyed_by_kind() -> None:
    action = a.ACTION_ADAPTER.validate_python({"kind": "set_window", "percent": 40, "window": "rear"})
    assert action == a.SetWindow(percent=40, window="rear")
    with pytest.raises(ValidationError):
        a.ACTION_ADAPTER.validate_python({"kind": "launch_rocket"})
    with pytest.raises(ValidationError):
        action.percent = 10  # type: ignore[misc]


def test_zone_defaults_to_the_speaker() -> None:
    state = replace_paths(VehicleState(), {"speaker": "rear_left"})
    new, _ = execute(state, a.AdjustTemperature(delta=1))
    assert zones_temperature(new) == {"driver": 22, "passenger": 22, "rear_left": 23, "rear_right": 22}
    new, _ = execute(state, a.SetWindow(percent=100))
    assert new.windows.rear_left == 100 and new.windows.driver == 0
    new, _ = execute(state, a.SetSeat(feature="heating", level=2))
    assert new.climate.zones.rear_left.seat_heating == 2


@pytest.mark.parametrize("zone, changed", [
    ("front", {"driver", "passenger"}), ("rear", {"rear_left", "rear_right"}),
    ("all", {"driver", "passenger", "rear_left", "rear_right"}), ("passenger", {"passenger"}),
])
def test_zone_groups(zone: str, changed: set[str]) -> None:
    new, events = execute(VehicleState(), a.SetTemperature(value=25, zone=zone))
    assert {z for z, t in zones_temperature(new).items() if t == 25} == changed
    assert len(events) == len(changed)


@pytest.mark.parametrize("action, path, value", [
    (a.AdjustTemperature(delta=1), "climate.zones.driver.temperature", 23),
    (a.AdjustTemperature(delta=-2), "climate.zones.driver.temperature", 20),
    (a.AdjustVolume(delta=10), "media.volume", 40),
    (a.AdjustFanSpeed(delta=1), "climate.fan_speed", 4),
    (a.SetWindow(percent=50, window="all"), "windows.rear_right", 50),
    (a.SetSunroof(percent=100), "sunroof", 100),
    (a.SetTemperature(value=22.4), "climate.zones.driver.temperature", 22.5),
])
def test_steps(action: a.Action, path: str, value: float) -> None:
    new, _ = execute(VehicleState(), action)
    assert get_path(new, path) == value


@pytest.mark.parametrize("action, path, limit", [
    (a.SetTemperature(value=40), "climate.zones.driver.temperature", 32),
    (a.SetTemperature(value=10), "climate.zones.driver.temperature", 16),
    (a.AdjustTemperature(delta=15), "climate.zones.driver.temperature", 32),
    (a.SetFanSpeed(level=9), "climate.fan_speed", 7),
    (a.AdjustFanSpeed(delta=-5), "climate.fan_speed", 1),
    (a.SetVolume(value=150), "media.volume", 100),
    (a.SetSeat(feature="heating", level=5), "climate.zones.driver.seat_heating", 3),
    (a.SetWindow(percent=120), "windows.driver", 100),
])
def test_out_of_range_is_clamped_and_names_the_limit(action: a.Action, path: str, limit: float) -> None:
    new, events = execute(VehicleState(), action)
    assert get_path(new, path) == limit
    assert isinstance(events[0], Clamped) and events[0].limit == limit


@pytest.mark.parametrize("state, action", [
    (moving(), a.SetTrunk(open=True)),
    (replace_paths(moving(), {"doors.locked": True}), a.SetLocked(locked=False)),
    (replace_paths(VehicleState(), {"drive.speed_kmh": 5, "drive.gear": "R"}), a.SetTrunk(open=True)),
    (replace_paths(VehicleState(), {"wipers.on": True}), a.SetSunroof(percent=50)),
])
def test_safety_rules_refuse_and_change_nothing(state: VehicleState, action: a.Action) -> None:
    new, events = execute(state, action)
    assert new == state
    assert [type(e) for e in events] == [Refused]


def test_allowed_while_moving_or_raining() -> None:
    assert execute(moving(), a.SetLocked(locked=True))[0].doors.locked
    assert not execute(moving(), a.SetTrunk(open=False))[0].trunk.open
    raining = replace_paths(VehicleState(), {"wipers.on": True, "sunroof": 50})
    assert execute(raining, a.SetSunroof(percent=0))[0].sunroof == 0
    assert execute(VehicleState(), a.SetTrunk(open=True))[0].trunk.open


def test_climate_on_off_touches_only_power() -> None:
    state = replace_paths(VehicleState(), {"climate.fan_speed": 5,
                                           "climate.zones.driver.seat_heating": 2})
    off, _ = execute(state, a.SetClimatePower(on=False))
    assert diff(state, off) == [("climate.power", True, False)]


def test_navigate_add_stop_cancel() -> None:
    new, _ = execute(VehicleState(), a.Navigate(place=BUND, route_preference="avoid_tolls"))
    nav = new.navigation
    assert nav.active and nav.destination == BUND and nav.distance_km and nav.eta_min
    assert nav.route_preference == "avoid_tolls"
    kept, _ = execute(new, a.Navigate(place=HANGZHOU))
    assert kept.navigation.route_preference == "avoid_tolls"
    assert kept.navigation.distance_km > nav.distance_km
    stopped, _ = execute(kept, a.AddStop(place=BUND))
    assert stopped.navigation.stops == (BUND,) and stopped.navigation.destination == HANGZHOU
    cancelled, _ = execute(stopped, a.CancelNavigation())
    assert not cancelled.navigation.active and cancelled.navigation.destination is None
    assert cancelled.navigation.stops == () and cancelled.navigation.eta_min is None


def test_add_stop_without_a_route_starts_one() -> None:
    new, _ = execute(VehicleState(), a.AddStop(place=BUND))
    assert new.navigation.destination == BUND and new.navigation.stops == ()


def test_play_station_playlist_track() -> None:
    radio, _ = execute(VehicleState(), a.Play(station="FM 103.7"))
    assert radio.media.playing and radio.media.source == "radio" and radio.media.station == "FM 103.7"
    plain, _ = execute(VehicleState(), a.Play())
    assert plain.media.playing and plain.media.track is None


def test_payment_pending_confirm_and_clear() -> None:
    pending, events = execute(VehicleState(), a.RequestPayment(purpose="parking", amount=15))
    assert pending.payments.pending is not None and not isinstance(events[0], Refused)
    paid, _ = execute(pending, a.ConfirmPayment())
    assert paid.payments.pending is None and len(paid.payments.history) == 1
    cleared, _ = execute(pending, a.ClearPayment())
    assert cleared.payments.pending is None and cleared.payments.history == ()
    same, events = execute(VehicleState(), a.ConfirmPayment())
    assert same == VehicleState() and events[0].key == "nothing_pending"


def test_queries_change_nothing() -> None:
    for item in ("battery", "range", "tire_pressure", "doors", "eta", "now_playing"):
        new, events = execute(VehicleState(), a.Query(item=item))
        assert new == VehicleState() and events and not isinstance(events[0], Executed)
