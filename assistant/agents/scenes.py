"""Scenes: one situational sentence expanded to the actions of vehicle.md."""

from __future__ import annotations

from typing import Callable

from assistant.agents.context import AgentContext
from assistant.agents.travel import nearest_rest_area
from assistant.vehicle import actions as a

FATIGUE_COOLING_C = -2.0
NAP_MAX_FAN = 2
KID_MAX_VOLUME = 15
SMOKING_MIN_WINDOW = 20


def _all_closed() -> list[a.Action]:
    return [a.SetWindow(percent=0, window="all"), a.SetSunroof(percent=0)]


def _fatigue(ctx: AgentContext) -> list[a.Action]:
    return [a.AdjustTemperature(delta=FATIGUE_COOLING_C), a.SetAirSource(source="fresh"),
            a.Play(), nearest_rest_area(ctx)]


def _nap(ctx: AgentContext) -> list[a.Action]:
    fan = min(ctx.state.climate.fan_speed, NAP_MAX_FAN)
    return [a.MediaControl(command="pause"), *_all_closed(), a.SetFanSpeed(level=fan),
            a.SetLight(light="reading", on=False)]


def _kid_sleeping(ctx: AgentContext) -> list[a.Action]:
    volume = min(ctx.state.media.volume, KID_MAX_VOLUME)
    return [a.SetVolume(value=volume), a.SetWindow(percent=0, window="rear"),
            a.SetLight(light="reading", on=False)]


def _smoking(ctx: AgentContext) -> list[a.Action]:
    opened = getattr(ctx.state.windows, ctx.state.speaker)
    return [a.SetWindow(percent=max(opened, SMOKING_MIN_WINDOW)), a.SetAirSource(source="fresh")]


def _rain(ctx: AgentContext) -> list[a.Action]:
    return [*_all_closed(), a.SetWipers(on=True)]


def _car_wash(ctx: AgentContext) -> list[a.Action]:
    return [*_all_closed(), a.SetAirSource(source="recirculation"), a.SetWipers(on=False)]


SCENES: dict[str, Callable[[AgentContext], list[a.Action]]] = {
    "fatigue": _fatigue, "nap": _nap, "kid_sleeping": _kid_sleeping,
    "smoking": _smoking, "rain": _rain, "car_wash": _car_wash,
}


def plan(scene: str, ctx: AgentContext) -> list[a.Action]:
    """The actions a scene stands for; an unknown scene gives none."""
    make = SCENES.get(scene)
    return [a.Inform(key="scene", fields={"scene": scene}), *make(ctx)] if make else []
