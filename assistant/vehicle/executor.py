"""The executor: one pure function from (state, action) to (new state, events).

It owns the rules of vehicle.md "Executing frames": zone defaults, clamping
to the limits, and the safety rules (refused, state unchanged).
"""

from __future__ import annotations

from typing import Any, Callable

from assistant.vehicle import actions as a
from assistant.vehicle.events import Clamped, Event, Executed, Info, Refused
from assistant.vehicle.geo import eta_minutes, road_km
from assistant.vehicle.state import (
    FAN_MAX, FAN_MIN, SEAT_MAX, TEMPERATURE_MAX, TEMPERATURE_MIN, TEMPERATURE_STEP,
    VOLUME_MAX, ZONES, Payment, Place, VehicleState, Zone, get_path, replace_paths,
)

Result = tuple[VehicleState, list[Event]]

ZONE_GROUPS: dict[str, tuple[Zone, ...]] = {
    "front": ("driver", "passenger"),
    "rear": ("rear_left", "rear_right"),
    "all": ZONES,
}
# Readings the simulator has no model for: fixed, plausible values.
TIRE_PRESSURE_BAR = 2.5
ODOMETER_KM = 12_680


def execute(state: VehicleState, action: a.Action) -> Result:
    """Apply one action; a refused action returns the state unchanged."""
    return _HANDLERS[action.kind](state, action)


def resolve_zones(target: str | None, speaker: Zone) -> tuple[Zone, ...]:
    """None is the speaker's zone; front, rear and all are groups of zones."""
    if target is None:
        return (speaker,)
    return ZONE_GROUPS.get(target, (target,))  # type: ignore[arg-type]


def round_temperature(value: float) -> float:
    """Temperatures are kept on the 0.5 °C grid of the climate control."""
    return round(value / TEMPERATURE_STEP) * TEMPERATURE_STEP


def _set_number(state: VehicleState, path: str, wanted: float, low: float, high: float,
                key: str, fields: dict[str, Any] | None = None) -> Result:
    """Store `wanted` clamped to [low, high]; the event says if it was clamped."""
    value = min(max(wanted, low), high)
    if isinstance(get_path(state, path), int) and not isinstance(get_path(state, path), bool):
        value = int(round(value))
    fields = {**(fields or {}), "value": value}
    new = replace_paths(state, {path: value})
    if value != wanted:
        return new, [Clamped(key, fields, limit=value)]
    return new, [Executed(key, fields)]


def _set(state: VehicleState, updates: dict[str, Any], key: str, **fields: Any) -> Result:
    """Store the updates; the event keeps only the fields that are known."""
    known = {k: v for k, v in fields.items() if v is not None}
    return replace_paths(state, updates), [Executed(key, known)]


def _per_zone(state: VehicleState, target: str | None,
              step: Callable[[VehicleState, Zone], Result]) -> Result:
    events: list[Event] = []
    for zone in resolve_zones(target, state.speaker):
        state, more = step(state, zone)
        events += more
    return state, events


def _temperature(state: VehicleState, zone: Zone, wanted: float) -> Result:
    path = f"climate.zones.{zone}.temperature"
    return _set_number(state, path, round_temperature(wanted), TEMPERATURE_MIN,
                       TEMPERATURE_MAX, "temperature", {"zone": zone})


def _set_temperature(state: VehicleState, act: a.SetTemperature) -> Result:
    return _per_zone(state, act.zone, lambda s, z: _temperature(s, z, act.value))


def _adjust_temperature(state: VehicleState, act: a.AdjustTemperature) -> Result:
    def step(s: VehicleState, z: Zone) -> Result:
        return _temperature(s, z, getattr(s.climate.zones, z).temperature + act.delta)
    return _per_zone(state, act.zone, step)


def _set_fan(state: VehicleState, act: a.SetFanSpeed) -> Result:
    return _set_number(state, "climate.fan_speed", act.level, FAN_MIN, FAN_MAX, "fan_speed")


def _adjust_fan(state: VehicleState, act: a.AdjustFanSpeed) -> Result:
    wanted = state.climate.fan_speed + act.delta
    return _set_number(state, "climate.fan_speed", wanted, FAN_MIN, FAN_MAX, "fan_speed")


def _seat(state: VehicleState, zone: Zone, feature: str, wanted: float) -> Result:
    path = f"climate.zones.{zone}.seat_{feature}"
    return _set_number(state, path, wanted, 0, SEAT_MAX, f"seat_{feature}", {"zone": zone})


def _set_seat(state: VehicleState, act: a.SetSeat) -> Result:
    return _per_zone(state, act.zone, lambda s, z: _seat(s, z, act.feature, act.level))


def _adjust_seat(state: VehicleState, act: a.AdjustSeat) -> Result:
    def step(s: VehicleState, z: Zone) -> Result:
        current = getattr(getattr(s.climate.zones, z), f"seat_{act.feature}")
        return _seat(s, z, act.feature, current + act.delta)
    return _per_zone(state, act.zone, step)


def _seat_massage(state: VehicleState, act: a.SetSeatMassage) -> Result:
    return _per_zone(state, act.zone, lambda s, z: _set(
        s, {f"climate.zones.{z}.seat_massage": act.on}, "seat_massage", zone=z, on=act.on))


def _window(state: VehicleState, zone: Zone, wanted: float) -> Result:
    return _set_number(state, f"windows.{zone}", wanted, 0, 100, "window", {"zone": zone})


def _set_window(state: VehicleState, act: a.SetWindow) -> Result:
    return _per_zone(state, act.window, lambda s, z: _window(s, z, act.percent))


def _adjust_window(state: VehicleState, act: a.AdjustWindow) -> Result:
    return _per_zone(state, act.window,
                     lambda s, z: _window(s, z, getattr(s.windows, z) + act.delta))


def _set_sunroof(state: VehicleState, act: a.SetSunroof) -> Result:
    if act.percent > state.sunroof and state.wipers.on:
        return state, [Refused("sunroof", "wipers_on", {"value": act.percent})]
    return _set_number(state, "sunroof", act.percent, 0, 100, "sunroof")


def _set_locked(state: VehicleState, act: a.SetLocked) -> Result:
    if not act.locked and state.drive.speed_kmh > 0:
        return state, [Refused("unlock", "moving", {"speed": state.drive.speed_kmh})]
    return _set(state, {"doors.locked": act.locked}, "locked" if act.locked else "unlocked")


def _set_trunk(state: VehicleState, act: a.SetTrunk) -> Result:
    if act.open and state.drive.speed_kmh > 0:
        return state, [Refused("trunk", "moving", {"speed": state.drive.speed_kmh})]
    return _set(state, {"trunk.open": act.open}, "trunk_open" if act.open else "trunk_closed")


def _set_volume(state: VehicleState, act: a.SetVolume) -> Result:
    return _set_number(state, "media.volume", act.value, 0, VOLUME_MAX, "volume")


def _adjust_volume(state: VehicleState, act: a.AdjustVolume) -> Result:
    return _set_number(state, "media.volume", state.media.volume + act.delta, 0, VOLUME_MAX,
                       "volume")


def _play(state: VehicleState, act: a.Play) -> Result:
    updates: dict[str, Any] = {"media.playing": True}
    if act.station:
        updates |= {"media.source": "radio", "media.station": act.station,
                    "media.track": None, "media.playlist": None}
    elif act.playlist or act.track:
        updates |= {"media.source": "music", "media.station": None,
                    "media.playlist": act.playlist,
                    "media.track": act.track.model_dump() if act.track else None}
    what = act.station or act.playlist or _track_words(act)
    return _set(state, updates, "play", what=what)


def _track_words(act: a.Play) -> str | None:
    if act.track is None:
        return None
    track = act.track
    parts = [track.song, track.artist] if track.song else [track.artist or track.album or track.genre]
    return " - ".join(p for p in parts if p) or None


def _media_control(state: VehicleState, act: a.MediaControl) -> Result:
    return _set(state, {"media.playing": act.command != "pause"}, act.command)


def _route(state: VehicleState, destination: Place, stops: tuple[Place, ...]) -> dict[str, Any]:
    """Navigation updates for a route from the car through the stops."""
    points = [(state.location.lat, state.location.lon)]
    points += [(p.lat, p.lon) for p in (*stops, destination)]
    distance = road_km(points)
    return {"navigation.active": True, "navigation.destination": destination.model_dump(),
            "navigation.stops": [p.model_dump() for p in stops],
            "navigation.distance_km": distance, "navigation.eta_min": eta_minutes(distance)}


def _navigate(state: VehicleState, act: a.Navigate) -> Result:
    updates = _route(state, act.place, ())
    if act.route_preference:
        updates["navigation.route_preference"] = act.route_preference
    new = replace_paths(state, updates)
    return new, [Executed("navigate", _route_fields(new, act.place.name))]


def _add_stop(state: VehicleState, act: a.AddStop) -> Result:
    nav = state.navigation
    if not nav.active or nav.destination is None:
        return _navigate(state, a.Navigate(place=act.place))
    new = replace_paths(state, _route(state, nav.destination, (*nav.stops, act.place)))
    return new, [Executed("add_stop", _route_fields(new, act.place.name))]


def _route_fields(state: VehicleState, name: str) -> dict[str, Any]:
    nav = state.navigation
    return {"name": name, "distance": nav.distance_km, "eta": nav.eta_min,
            "preference": nav.route_preference}


def _cancel_navigation(state: VehicleState, act: a.CancelNavigation) -> Result:
    updates = {"navigation.active": False, "navigation.destination": None,
               "navigation.stops": [], "navigation.distance_km": None,
               "navigation.eta_min": None}
    return _set(state, updates, "navigation_cancelled")


def _request_payment(state: VehicleState, act: a.RequestPayment) -> Result:
    pending = {"purpose": act.purpose, "amount": act.amount}
    return _set(state, {"payments.pending": pending}, "payment_pending", **pending)


def _confirm_payment(state: VehicleState, act: a.ConfirmPayment) -> Result:
    pending = state.payments.pending
    if pending is None:
        return state, [Info("nothing_pending")]
    history = [*[p.model_dump() for p in state.payments.history], pending.model_dump()]
    return _set(state, {"payments.pending": None, "payments.history": history},
                "payment_done", purpose=pending.purpose, amount=pending.amount)


def _clear_payment(state: VehicleState, act: a.ClearPayment) -> Result:
    pending: Payment | None = state.payments.pending
    if pending is None:
        return state, [Info("nothing_pending")]
    return _set(state, {"payments.pending": None}, "payment_cleared", purpose=pending.purpose)


def _query(state: VehicleState, act: a.Query) -> Result:
    nav, track = state.navigation, state.media.track
    readings: dict[str, dict[str, Any]] = {
        "battery": {"value": state.energy.battery_percent},
        "fuel": {"value": state.energy.battery_percent},
        "range": {"value": state.energy.range_km},
        "tire_pressure": {"value": TIRE_PRESSURE_BAR},
        "odometer": {"value": ODOMETER_KM},
        "doors": {"value": "locked" if state.doors.locked else "unlocked"},
        "eta": {"name": nav.destination.name if nav.destination else None,
                "distance": nav.distance_km, "eta": nav.eta_min},
        "now_playing": {"what": (track.song or track.artist) if track else
                        state.media.station or state.media.playlist},
    }
    if act.item == "eta" and not nav.active:
        return state, [Info("no_route")]
    if act.item == "now_playing" and not (state.media.playing and readings[act.item]["what"]):
        return state, [Info("nothing_playing")]
    return state, [Info(f"status_{act.item}", readings.get(act.item, {}))]


def _simple(key: str, path: str, attr: str) -> Callable[[VehicleState, Any], Result]:
    """A handler that stores one field of the action at one path."""
    def handler(state: VehicleState, act: Any) -> Result:
        value = getattr(act, attr)
        return _set(state, {path: value}, key, value=value)
    return handler


def _set_defrost(state: VehicleState, act: a.SetDefrost) -> Result:
    return _set(state, {f"climate.defrost.{act.target}": act.on}, "defrost",
                target=act.target, on=act.on)


def _set_light(state: VehicleState, act: a.SetLight) -> Result:
    return _set(state, {f"lights.{act.light}": act.on}, "light", light=act.light, on=act.on)


def _set_ambient(state: VehicleState, act: a.SetAmbient) -> Result:
    color = act.color or state.ambient.color
    brightness = min(max(act.brightness, 0), 100) if act.brightness is not None else None
    updates: dict[str, Any] = {"ambient.color": color, "lights.ambient": True}
    if brightness is not None:
        updates["ambient.brightness"] = brightness
    new = replace_paths(state, updates)
    return new, [Executed("ambient", {"color": color, "brightness": new.ambient.brightness})]


def _set_wipers(state: VehicleState, act: a.SetWipers) -> Result:
    speed = act.speed or state.wipers.speed
    return _set(state, {"wipers.on": act.on, "wipers.speed": speed}, "wipers",
                on=act.on, speed=speed)


def _inform(state: VehicleState, act: a.Inform) -> Result:
    return state, [Info(act.key, dict(act.fields))]


_HANDLERS: dict[str, Callable[[VehicleState, Any], Result]] = {
    "set_temperature": _set_temperature,
    "adjust_temperature": _adjust_temperature,
    "set_fan_speed": _set_fan,
    "adjust_fan_speed": _adjust_fan,
    "set_climate_power": _simple("climate_power", "climate.power", "on"),
    "set_climate_mode": _simple("climate_mode", "climate.mode", "mode"),
    "set_air_source": _simple("air_source", "climate.air_source", "source"),
    "set_defrost": _set_defrost,
    "set_seat": _set_seat,
    "adjust_seat": _adjust_seat,
    "set_seat_massage": _seat_massage,
    "set_steering_wheel_heating": _simple(
        "steering_wheel_heating", "climate.steering_wheel_heating", "on"),
    "play": _play,
    "media_control": _media_control,
    "set_volume": _set_volume,
    "adjust_volume": _adjust_volume,
    "set_muted": _simple("muted", "media.muted", "on"),
    "set_play_mode": _simple("play_mode", "media.play_mode", "mode"),
    "set_window": _set_window,
    "adjust_window": _adjust_window,
    "set_sunroof": _set_sunroof,
    "set_light": _set_light,
    "set_ambient": _set_ambient,
    "set_locked": _set_locked,
    "set_trunk": _set_trunk,
    "set_wipers": _set_wipers,
    "set_drive_mode": _simple("drive_mode", "drive.mode", "mode"),
    "navigate": _navigate,
    "add_stop": _add_stop,
    "cancel_navigation": _cancel_navigation,
    "set_route_preference": _simple(
        "route_preference", "navigation.route_preference", "preference"),
    "call": _simple("call", "phone.call", "contact"),
    "request_payment": _request_payment,
    "confirm_payment": _confirm_payment,
    "clear_payment": _clear_payment,
    "query": _query,
    "inform": _inform,
}
