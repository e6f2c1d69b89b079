"""Vehicle state (vehicle.md "State"): every path, type, range and default.

Models are frozen; a new state is only made through `VehicleState.model_validate`
(see `replace_paths`), so a value out of range can never be stored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

Zone = Literal["driver", "passenger", "rear_left", "rear_right"]
ZONES: tuple[Zone, ...] = ("driver", "passenger", "rear_left", "rear_right")

Number = Annotated[float, Field(strict=True)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]
SeatLevel = Annotated[StrictInt, Field(ge=0, le=3)]

TEMPERATURE_MIN, TEMPERATURE_MAX, TEMPERATURE_STEP = 16.0, 32.0, 0.5
FAN_MIN, FAN_MAX = 1, 7
SEAT_MAX = 3
VOLUME_MAX = 100


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZoneClimate(_Model):
    temperature: Annotated[Number, Field(ge=TEMPERATURE_MIN, le=TEMPERATURE_MAX)] = 22.0
    seat_heating: SeatLevel = 0
    seat_ventilation: SeatLevel = 0
    seat_massage: StrictBool = False

    @field_validator("temperature")
    @classmethod
    def _on_step(cls, value: float) -> float:
        if (value / TEMPERATURE_STEP) % 1:
            raise ValueError(f"temperature must be a multiple of {TEMPERATURE_STEP}")
        return value


class Zones(_Model):
    driver: ZoneClimate = ZoneClimate()
    passenger: ZoneClimate = ZoneClimate()
    rear_left: ZoneClimate = ZoneClimate()
    rear_right: ZoneClimate = ZoneClimate()


class Defrost(_Model):
    front: StrictBool = False
    rear: StrictBool = False


class Climate(_Model):
    power: StrictBool = True
    mode: Literal["auto", "cool", "heat", "eco"] = "auto"
    fan_speed: Annotated[StrictInt, Field(ge=FAN_MIN, le=FAN_MAX)] = 3
    air_source: Literal["fresh", "recirculation"] = "fresh"
    defrost: Defrost = Defrost()
    steering_wheel_heating: StrictBool = False
    zones: Zones = Zones()


class Track(_Model):
    song: StrictStr | None = None
    artist: StrictStr | None = None
    album: StrictStr | None = None
    genre: StrictStr | None = None


class Media(_Model):
    playing: StrictBool = False
    source: Literal["music", "radio"] = "music"
    track: Track | None = None
    playlist: StrictStr | None = None
    station: StrictStr | None = None
    volume: Percent = 30
    muted: StrictBool = False
    play_mode: Literal["sequential", "shuffle", "repeat_one", "repeat_all"] = "sequential"


class Place(_Model):
    name: StrictStr  # in the language of the request that chose it
    lat: Annotated[Number, Field(ge=-90, le=90)]
    lon: Annotated[Number, Field(ge=-180, le=180)]
    category: StrictStr | None = None
    name_en: StrictStr | None = None  # both names of a catalogue place, for either language
    name_zh: StrictStr | None = None


class Navigation(_Model):
    active: StrictBool = False
    destination: Place | None = None
    stops: tuple[Place, ...] = ()
    route_preference: Literal["fastest", "shortest", "avoid_tolls", "avoid_highways"] = "fastest"
    distance_km: Annotated[Number, Field(ge=0)] | None = None
    eta_min: Annotated[Number, Field(ge=0)] | None = None


class Windows(_Model):
    driver: Percent = 0
    passenger: Percent = 0
    rear_left: Percent = 0
    rear_right: Percent = 0


class Lights(_Model):
    headlights: StrictBool = False
    fog: StrictBool = False
    high_beam: StrictBool = False
    ambient: StrictBool = False
    reading: StrictBool = False


class Ambient(_Model):
    color: StrictStr = "white"
    brightness: Percent = 50


class Doors(_Model):
    locked: StrictBool = False


class Trunk(_Model):
    open: StrictBool = False


class Wipers(_Model):
    on: StrictBool = False
    speed: Literal["low", "high", "auto"] = "auto"


class Drive(_Model):
    mode: Literal["eco", "comfort", "sport"] = "comfort"
    speed_kmh: Annotated[Number, Field(ge=0)] = 0.0
    gear: Literal["P", "R", "N", "D"] = "P"


class Energy(_Model):
    battery_percent: Annotated[Number, Field(ge=0, le=100)] = 80.0
    range_km: Annotated[Number, Field(ge=0)] = 400.0


class Location(_Model):
    name: StrictStr = "People's Square, Shanghai"
    lat: Annotated[Number, Field(ge=-90, le=90)] = 31.2304
    lon: Annotated[Number, Field(ge=-180, le=180)] = 121.4737


class Phone(_Model):
    call: StrictStr | None = None


class Payment(_Model):
    purpose: StrictStr
    amount: Annotated[Number, Field(ge=0)] | None = None


class Payments(_Model):
    pending: Payment | None = None
    history: tuple[Payment, ...] = ()


class VehicleState(_Model):
    """The whole car; `VehicleState()` is the initial state of vehicle.md."""

    speaker: Zone = "driver"
    climate: Climate = Climate()
    media: Media = Media()
    navigation: Navigation = Navigation()
    windows: Windows = Windows()
    sunroof: Percent = 0
    lights: Lights = Lights()
    ambient: Ambient = Ambient()
    doors: Doors = Doors()
    trunk: Trunk = Trunk()
    wipers: Wipers = Wipers()
    drive: Drive = Drive()
    energy: Energy = Energy()
    location: Location = Location()
    phone: Phone = Phone()
    payments: Payments = Payments()


# --- paths: how scenarios, the REPL and scorers read the state -------------

Change = tuple[str, Any, Any]


def state_to_json(state: VehicleState) -> dict[str, Any]:
    """The state as plain JSON data (what `--state` and `:state` print)."""
    return state.model_dump(mode="json")


def get_path(state: VehicleState | dict[str, Any], path: str) -> Any:
    """The JSON value at a dotted path; KeyError if the path leads nowhere."""
    value: Any = state_to_json(state) if isinstance(state, VehicleState) else state
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(path)
        value = value[part]
    return value


def replace_paths(state: VehicleState, updates: dict[str, Any]) -> VehicleState:
    """A new state with dotted paths replaced, validated as a whole.

    Raises pydantic.ValidationError (or KeyError for an unknown path), so an
    invalid value never reaches a stored state.
    """
    data = state.model_dump()
    for path, value in updates.items():
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            if not isinstance(node.get(part), dict):
                raise KeyError(path)
            node = node[part]
        if leaf not in node:
            raise KeyError(path)
        node[leaf] = value
    return VehicleState.model_validate(data)


def diff(old: VehicleState, new: VehicleState) -> list[Change]:
    """Leaf changes from old to new as (path, old, new), in state order."""
    return _diff(state_to_json(old), state_to_json(new), "")


def _diff(old: Any, new: Any, prefix: str) -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in old:
            changes += _diff(old[key], new.get(key), f"{prefix}{key}.")
        return changes
    return [] if old == new else [(prefix.rstrip("."), old, new)]
