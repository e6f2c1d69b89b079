"""Follow-ups (vehicle.md "Follow-ups"): the last adjustable action, carried on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.vehicle import actions as a
from assistant.vehicle.state import VehicleState, get_path

HEADINGS = {"up": 1, "down": -1}
# Default steps when a follow-up states a polarity but no amount.
DEFAULT_STEPS: dict[str, float] = {
    "temperature": 1.0, "fan_speed": 1, "volume": 10,
    "seat_heating": 1, "seat_ventilation": 1,
    "window": 10,  # a "bit more" of a window: a tenth of its travel
}


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An adjustable action as executed: what, by how much (signed), where."""

    target: str
    delta: float
    zone: str | None = None  # a zone or group; None where zones don't apply
    value: float | None = None  # what a set_ of a zoned target set it to


def _measured(target: str, zone: str | None, before: VehicleState,
              after: VehicleState) -> float:
    """How far a set_ moved the first zone it touched (up one step if not at all)."""
    paths = {"temperature": "climate.zones.{z}.temperature", "fan_speed": "climate.fan_speed",
             "volume": "media.volume", "seat_heating": "climate.zones.{z}.seat_heating",
             "seat_ventilation": "climate.zones.{z}.seat_ventilation", "window": "windows.{z}"}
    first = {"front": "driver", "rear": "rear_left", "all": "driver"}.get(zone or "", zone)
    path = paths[target].format(z=first)
    moved = get_path(after, path) - get_path(before, path)
    return moved or DEFAULT_STEPS[target]


def adjustment_of(action: a.Action, before: VehicleState, after: VehicleState) -> Adjustment | None:
    """The Adjustment an executed action stands for, or None if not adjustable."""
    zone = getattr(action, "zone", None) or getattr(action, "window", None) or before.speaker
    match action:
        case a.AdjustTemperature(delta=d):
            return Adjustment("temperature", d, zone)
        case a.AdjustFanSpeed(delta=d):
            return Adjustment("fan_speed", d)
        case a.AdjustVolume(delta=d):
            return Adjustment("volume", d)
        case a.AdjustSeat(feature=f, delta=d):
            return Adjustment(f"seat_{f}", d, zone)
        case a.AdjustWindow(delta=d):
            return Adjustment("window", d, zone)
    kinds = {"set_temperature": "temperature", "set_fan_speed": "fan_speed",
             "set_volume": "volume", "set_window": "window"}
    target = f"seat_{action.feature}" if isinstance(action, a.SetSeat) else kinds.get(action.kind)
    if target is None:
        return None
    if target in ("fan_speed", "volume"):
        return Adjustment(target, _measured(target, None, before, after))
    value = getattr(action, "value", None)
    value = getattr(action, "level", getattr(action, "percent", None)) if value is None else value
    return Adjustment(target, _measured(target, zone, before, after), zone, value)


def carry_on(last: Adjustment, slots: dict[str, Any], heading: str | None = None) -> Adjustment:
    """The follow-up's adjustment: polarity, amount and zone as vehicle.md says.

    Words that name a direction ("a bit lower", 再高一点) go that way whatever
    the last change did: after "two degrees warmer", "lower" means cooler, and
    after "turn it down", 再小一点 means quieter still. A window has no up or down
    of its own (up closes it), so there only the polarity counts.
    """
    polarity, amount = slots.get("polarity"), slots.get("amount")
    sign = 1 if last.delta > 0 else -1
    if polarity == "less":
        sign = -sign
    if heading in HEADINGS and last.target != "window":
        sign = HEADINGS[heading]
    if amount is not None:
        size = float(amount)
    elif polarity is not None:
        size = DEFAULT_STEPS[last.target]
    else:
        size = abs(last.delta)
    zone = slots.get("zone", last.zone) if last.zone is not None else None
    if last.value is not None and "zone" in slots and polarity is None and amount is None:
        # "the passenger side too" after "set it to 24": the passenger side to 24 as well
        return Adjustment(last.target, last.delta, zone, last.value)
    return Adjustment(last.target, sign * size, zone)


def to_action(adj: Adjustment) -> a.Action:
    """The action that executes an Adjustment: a set_ when it carries a value."""
    if adj.value is not None:
        return _set_action(adj)
    if adj.target == "temperature":
        return a.AdjustTemperature(delta=adj.delta, zone=adj.zone)
    if adj.target == "fan_speed":
        return a.AdjustFanSpeed(delta=int(adj.delta))
    if adj.target == "volume":
        return a.AdjustVolume(delta=int(adj.delta))
    if adj.target == "window":
        return a.AdjustWindow(delta=int(adj.delta), window=adj.zone)
    return a.AdjustSeat(feature=adj.target.removeprefix("seat_"), delta=int(adj.delta),
                        zone=adj.zone)


def _set_action(adj: Adjustment) -> a.Action:
    if adj.target == "temperature":
        return a.SetTemperature(value=adj.value, zone=adj.zone)
    if adj.target == "window":
        return a.SetWindow(percent=int(adj.value), window=adj.zone)
    return a.SetSeat(feature=adj.target.removeprefix("seat_"), level=int(adj.value),
                     zone=adj.zone)
