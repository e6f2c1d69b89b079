"""The cockpit agent: climate, media and vehicle controls (intents.md tables)."""

from __future__ import annotations

from typing import Any, Callable

from assistant.agents.context import AgentContext
from assistant.vehicle import actions as a

# Default steps of vehicle.md "Steps".
TEMPERATURE_STEP_C = 1.0
FAN_STEP = 1
VOLUME_STEP = 10
SEAT_DEFAULT_LEVEL = 2
WINDOW_FULL = 100

Slots = dict[str, Any]


def _sign(slots: Slots) -> int:
    return -1 if slots.get("direction") == "down" else 1


def _on(slots: Slots, key: str = "state") -> bool:
    return slots.get(key, "on") != "off"


def _seat(feature: str) -> Callable[[Slots, AgentContext], list[a.Action]]:
    def plan(slots: Slots, ctx: AgentContext) -> list[a.Action]:
        level = int(slots.get("level", SEAT_DEFAULT_LEVEL))
        return [a.SetSeat(feature=feature, level=level, zone=slots.get("zone"))]
    return plan


def _window(open_: bool) -> Callable[[Slots, AgentContext], list[a.Action]]:
    def plan(slots: Slots, ctx: AgentContext) -> list[a.Action]:
        percent = int(slots.get("percent", WINDOW_FULL)) if open_ else 0
        return [a.SetWindow(percent=percent, window=slots.get("window"))]
    return plan


def _one(make: Callable[[Slots], a.Action]) -> Callable[[Slots, AgentContext], list[a.Action]]:
    return lambda slots, ctx: [make(slots)]


PLANS: dict[str, Callable[[Slots, AgentContext], list[a.Action]]] = {
    "climate.set_temperature": _one(lambda s: a.SetTemperature(
        value=float(s["temperature"]), zone=s.get("zone"))),
    "climate.adjust_temperature": _one(lambda s: a.AdjustTemperature(
        delta=_sign(s) * float(s.get("amount", TEMPERATURE_STEP_C)), zone=s.get("zone"))),
    "climate.set_fan_speed": _one(lambda s: a.SetFanSpeed(level=int(s["level"]))),
    "climate.adjust_fan_speed": _one(lambda s: a.AdjustFanSpeed(
        delta=_sign(s) * int(s.get("amount", FAN_STEP)))),
    "climate.turn_on": _one(lambda s: a.SetClimatePower(on=True)),
    "climate.turn_off": _one(lambda s: a.SetClimatePower(on=False)),
    "climate.set_mode": _one(lambda s: a.SetClimateMode(mode=s["mode"])),
    "climate.set_air_source": _one(lambda s: a.SetAirSource(source=s["source"])),
    "climate.defrost": _one(lambda s: a.SetDefrost(target=s.get("target", "front"), on=_on(s))),
    "climate.seat_heating": _seat("heating"),
    "climate.seat_ventilation": _seat("ventilation"),
    "climate.steering_wheel_heating": _one(lambda s: a.SetSteeringWheelHeating(on=_on(s))),
    "media.play": lambda s, ctx: [ctx.services.music.play(s, ctx.language)],
    "media.pause": _one(lambda s: a.MediaControl(command="pause")),
    "media.resume": _one(lambda s: a.MediaControl(command="resume")),
    "media.next": _one(lambda s: a.MediaControl(command="next")),
    "media.previous": _one(lambda s: a.MediaControl(command="previous")),
    "media.set_volume": _one(lambda s: a.SetVolume(value=int(s["volume"]))),
    "media.adjust_volume": _one(lambda s: a.AdjustVolume(
        delta=_sign(s) * int(s.get("amount", VOLUME_STEP)))),
    "media.mute": _one(lambda s: a.SetMuted(on=True)),
    "media.unmute": _one(lambda s: a.SetMuted(on=False)),
    "media.set_play_mode": _one(lambda s: a.SetPlayMode(mode=s["mode"])),
    "media.query_now_playing": _one(lambda s: a.Query(item="now_playing")),
    "vehicle.open_window": _window(True),
    "vehicle.close_window": _window(False),
    "vehicle.open_sunroof": _one(lambda s: a.SetSunroof(percent=int(s.get("percent", WINDOW_FULL)))),
    "vehicle.close_sunroof": _one(lambda s: a.SetSunroof(percent=0)),
    "vehicle.lights_on": _one(lambda s: a.SetLight(light=s.get("light", "headlights"), on=True)),
    "vehicle.lights_off": _one(lambda s: a.SetLight(light=s.get("light", "headlights"), on=False)),
    "vehicle.set_ambient_light": _one(lambda s: a.SetAmbient(
        color=s.get("color"), brightness=s.get("brightness"))),
    "vehicle.lock_doors": _one(lambda s: a.SetLocked(locked=True)),
    "vehicle.unlock_doors": _one(lambda s: a.SetLocked(locked=False)),
    "vehicle.open_trunk": _one(lambda s: a.SetTrunk(open=True)),
    "vehicle.close_trunk": _one(lambda s: a.SetTrunk(open=False)),
    "vehicle.wipers": _one(lambda s: a.SetWipers(on=_on(s), speed=s.get("speed"))),
    "vehicle.set_drive_mode": _one(lambda s: a.SetDriveMode(mode=s["mode"])),
    "vehicle.seat_massage": _one(lambda s: a.SetSeatMassage(on=_on(s), zone=s.get("zone"))),
    "vehicle.query_status": _one(lambda s: a.Query(item=s.get("item", "battery"))),
    "system.help": _one(lambda s: a.Inform(key="help")),
}


def plan(intent: str, slots: Slots, ctx: AgentContext) -> list[a.Action]:
    """Actions for one climate, media or vehicle frame."""
    return PLANS[intent](slots, ctx)
