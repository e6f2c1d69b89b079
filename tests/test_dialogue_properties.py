"""Property tests: random frames and speakers keep the state valid, undo restores
the state exactly, and a refused action changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.dialogue import Session
from assistant.frames import Frame, Parse
from assistant.seeds import Place, Seeds
from assistant.services.registry import build_services
from assistant.vehicle.events import Refused
from assistant.vehicle.state import VehicleState

SERVICES = build_services(Seeds(places=(
    Place(id="ra", name="Songjiang Rest Area", category="rest_area", lat=31.0, lon=121.2),
    Place(id="cs", name="Xuhui Charging", category="charging_station", lat=31.19, lon=121.43),
)))
ZONES = st.sampled_from(["driver", "passenger", "rear_left", "rear_right", "front", "rear", "all"])
SPEAKERS = st.sampled_from(["driver", "passenger", "rear_left", "rear_right"])
NUMBER = st.integers(min_value=-20, max_value=150)


def frame(intent: str, **slots: st.SearchStrategy) -> st.SearchStrategy[Frame]:
    optional = {k: v for k, v in slots.items()}
    return st.fixed_dictionaries({}, optional=optional).map(lambda s: Frame(intent, s))


FRAMES = st.one_of(
    frame("climate.set_temperature", temperature=st.floats(0, 50), zone=ZONES).filter(
        lambda f: "temperature" in f.slots),
    frame("climate.adjust_temperature", direction=st.sampled_from(["up", "down"]),
          amount=st.integers(1, 20), zone=ZONES),
    frame("climate.adjust_fan_speed", direction=st.sampled_from(["up", "down"]), amount=NUMBER),
    frame("climate.seat_heating", level=st.integers(0, 5), zone=ZONES),
    frame("media.adjust_volume", direction=st.sampled_from(["up", "down"]), amount=NUMBER),
    frame("media.play", genre=st.sampled_from(["jazz", "rock"])),
    frame("vehicle.open_window", window=ZONES, percent=NUMBER),
    frame("vehicle.close_window", window=ZONES),
    frame("vehicle.open_sunroof", percent=NUMBER),
    frame("vehicle.open_trunk"), frame("vehicle.unlock_doors"), frame("vehicle.lock_doors"),
    frame("vehicle.wipers", state=st.sampled_from(["on", "off"])),
    frame("navigation.navigate", category=st.just("charging_station")),
    frame("navigation.add_stop", category=st.just("rest_area")),
    frame("navigation.cancel"),
    frame("payment.pay", purpose=st.sampled_from(["parking", "charging"]), amount=st.integers(1, 99)),
    frame("dialog.confirm"), frame("dialog.deny"),
    frame("dialog.continue", polarity=st.sampled_from(["more", "less"]), amount=st.integers(1, 5),
          zone=ZONES),
    frame("scene.activate", scene=st.sampled_from(
        ["fatigue", "nap", "kid_sleeping", "smoking", "rain", "car_wash"])),
)
TURNS = st.lists(st.tuples(st.lists(FRAMES, min_size=1, max_size=3), SPEAKERS), max_size=12)
MOVING = st.sampled_from([0.0, 0.0, 60.0])


def parse(*frames: Frame) -> Parse:
    return Parse("...", "...", "en", tuple(frames))


def without_speaker(state: VehicleState) -> VehicleState:
    return state.model_copy(update={"speaker": "driver"})


@settings(max_examples=100, deadline=None)
@given(TURNS, MOVING)
def test_state_stays_valid_and_undo_restores_it(turns: list, speed: float) -> None:
    session = Session(state=VehicleState(drive={"speed_kmh": speed}), services=SERVICES)
    for frames, speaker in turns:
        before = session.state
        result = session.handle(parse(*frames), speaker=speaker)
        assert VehicleState.model_validate(session.state.model_dump()) == session.state
        paid = any(e.key == "payment_done" for e in result.events)
        changed = without_speaker(before) != without_speaker(session.state)
        if changed and not paid and len(frames) > 1:  # undo every other multi-command turn
            session.handle(parse(Frame("dialog.undo")), speaker=speaker)
            assert session.state == before.model_copy(update={"speaker": speaker})
        elif paid:
            kept = session.state
            session.handle(parse(Frame("dialog.undo")), speaker=speaker)
            assert session.state == kept


@settings(max_examples=100, deadline=None)
@given(FRAMES, SPEAKERS, MOVING, st.booleans())
def test_a_refused_action_changes_nothing(one: Frame, speaker: str, speed: float, wipers: bool) -> None:
    state = VehicleState(drive={"speed_kmh": speed}, wipers={"on": wipers}, speaker=speaker)
    session = Session(state=state, services=SERVICES)
    result = session.handle(parse(one), speaker=speaker)
    if result.events and all(isinstance(e, Refused) for e in result.events):
        assert session.state == state and result.changes == []
