"""Actions: what the car is asked to do, after the dialogue has read the frames.

Each is a frozen model with a literal `kind`; `Action` is their discriminated
union. Zones may still be unresolved (None = the speaker's zone, or a group):
the executor applies the defaults, so the rules live in one place.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from assistant.vehicle.state import Place, Track

ZoneTarget = Literal["driver", "passenger", "rear_left", "rear_right", "front", "rear", "all"]
SeatFeature = Literal["heating", "ventilation"]
Scalar = str | int | float | bool | None


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SetTemperature(_Action):
    kind: Literal["set_temperature"] = "set_temperature"
    value: float
    zone: ZoneTarget | None = None


class AdjustTemperature(_Action):
    kind: Literal["adjust_temperature"] = "adjust_temperature"
    delta: float
    zone: ZoneTarget | None = None


class SetFanSpeed(_Action):
    kind: Literal["set_fan_speed"] = "set_fan_speed"
    level: int


class AdjustFanSpeed(_Action):
    kind: Literal["adjust_fan_speed"] = "adjust_fan_speed"
    delta: int


class SetClimatePower(_Action):
    kind: Literal["set_climate_power"] = "set_climate_power"
    on: bool


class SetClimateMode(_Action):
    kind: Literal["set_climate_mode"] = "set_climate_mode"
    mode: Literal["auto", "cool", "heat", "eco"]


class SetAirSource(_Action):
    kind: Literal["set_air_source"] = "set_air_source"
    source: Literal["fresh", "recirculation"]


class SetDefrost(_Action):
    kind: Literal["set_defrost"] = "set_defrost"
    target: Literal["front", "rear"] = "front"
    on: bool = True


class SetSeat(_Action):
    kind: Literal["set_seat"] = "set_seat"
    feature: SeatFeature
    level: int
    zone: ZoneTarget | None = None


class AdjustSeat(_Action):
    kind: Literal["adjust_seat"] = "adjust_seat"
    feature: SeatFeature
    delta: int
    zone: ZoneTarget | None = None


class SetSeatMassage(_Action):
    kind: Literal["set_seat_massage"] = "set_seat_massage"
    on: bool
    zone: ZoneTarget | None = None


class SetSteeringWheelHeating(_Action):
    kind: Literal["set_steering_wheel_heating"] = "set_steering_wheel_heating"
    on: bool


class Play(_Action):
    kind: Literal["play"] = "play"
    track: Track | None = None
    playlist: str | None = None
    station: str | None = None


class MediaControl(_Action):
    kind: Literal["media_control"] = "media_control"
    command: Literal["pause", "resume", "next", "previous"]


class SetVolume(_Action):
    kind: Literal["set_volume"] = "set_volume"
    value: int


class AdjustVolume(_Action):
    kind: Literal["adjust_volume"] = "adjust_volume"
    delta: int


class SetMuted(_Action):
    kind: Literal["set_muted"] = "set_muted"
    on: bool


class SetPlayMode(_Action):
    kind: Literal["set_play_mode"] = "set_play_mode"
    mode: Literal["sequential", "shuffle", "repeat_one", "repeat_all"]


class SetWindow(_Action):
    kind: Literal["set_window"] = "set_window"
    percent: int
    window: ZoneTarget | None = None


class AdjustWindow(_Action):
    kind: Literal["adjust_window"] = "adjust_window"
    delta: int
    window: ZoneTarget | None = None


class SetSunroof(_Action):
    kind: Literal["set_sunroof"] = "set_sunroof"
    percent: int


class SetLight(_Action):
    kind: Literal["set_light"] = "set_light"
    light: Literal["headlights", "fog", "high_beam", "ambient", "reading"]
    on: bool


class SetAmbient(_Action):
    kind: Literal["set_ambient"] = "set_ambient"
    color: str | None = None
    brightness: int | None = None


class SetLocked(_Action):
    kind: Literal["set_locked"] = "set_locked"
    locked: bool


class SetTrunk(_Action):
    kind: Literal["set_trunk"] = "set_trunk"
    open: bool


class SetWipers(_Action):
    kind: Literal["set_wipers"] = "set_wipers"
    on: bool
    speed: Literal["low", "high", "auto"] | None = None


class SetDriveMode(_Action):
    kind: Literal["set_drive_mode"] = "set_drive_mode"
    mode: Literal["eco", "comfort", "sport"]


class Navigate(_Action):
    kind: Literal["navigate"] = "navigate"
    place: Place
    route_preference: Literal["fastest", "shortest", "avoid_tolls", "avoid_highways"] | None = None


class AddStop(_Action):
    kind: Literal["add_stop"] = "add_stop"
    place: Place


class CancelNavigation(_Action):
    kind: Literal["cancel_navigation"] = "cancel_navigation"


class SetRoutePreference(_Action):
    kind: Literal["set_route_preference"] = "set_route_preference"
    preference: Literal["fastest", "shortest", "avoid_tolls", "avoid_highways"]


class Call(_Action):
    kind: Literal["call"] = "call"
    contact: str


class RequestPayment(_Action):
    kind: Literal["request_payment"] = "request_payment"
    purpose: str
    amount: float | None = None


class ConfirmPayment(_Action):
    kind: Literal["confirm_payment"] = "confirm_payment"


class ClearPayment(_Action):
    kind: Literal["clear_payment"] = "clear_payment"


class Query(_Action):
    """Read the state aloud (battery, range, eta, now_playing...); changes nothing."""

    kind: Literal["query"] = "query"
    item: str


class Inform(_Action):
    """A message from an agent (a manual answer, the weather); changes nothing."""

    kind: Literal["inform"] = "inform"
    key: str
    fields: dict[str, Scalar] = Field(default_factory=dict)


Action = Annotated[
    Union[
        SetTemperature, AdjustTemperature, SetFanSpeed, AdjustFanSpeed, SetClimatePower,
        SetClimateMode, SetAirSource, SetDefrost, SetSeat, AdjustSeat, SetSeatMassage,
        SetSteeringWheelHeating, Play, MediaControl, SetVolume, AdjustVolume, SetMuted,
        SetPlayMode, SetWindow, AdjustWindow, SetSunroof, SetLight, SetAmbient, SetLocked,
        SetTrunk, SetWipers, SetDriveMode, Navigate, AddStop, CancelNavigation,
        SetRoutePreference, Call, RequestPayment, ConfirmPayment, ClearPayment, Query, Inform,
    ],
    Field(discriminator="kind"),
]

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
