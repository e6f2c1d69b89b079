"""Rules found by the vehicle.md audit (scenarios/audit/), pinned as unit tests."""

from __future__ import annotations

from pathlib import Path

from assistant.replay import load_all


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_yes_no_and_numbers_are_said_as_written(tmp_path: Path) -> None:
    # YAML 1.1 reads a plain `yes` as true; a scenario saying "yes" means the word.
    text = ("name: x\nsteps:\n  - say: yes\n  - say: No\n  - say: on\n  - say: 22\n"
            "  - say: warmer\n    expect:\n      reply: 23\n"
            "  - say: hey bmw\n    expect:\n      reply: [yes, 'ok']\n")
    [item] = load_all([_write(tmp_path, text)])
    steps = item.scenario.steps
    assert [s.say for s in steps[:5]] == ["yes", "No", "on", "22", "warmer"]
    assert steps[4].expect.reply == "23"
    assert steps[5].expect.reply == ["yes", "ok"]


def test_state_booleans_are_still_booleans(tmp_path: Path) -> None:
    text = "name: x\nsteps:\n  - say: yes\n    expect:\n      state: {trunk.open: no}\n"
    [item] = load_all([_write(tmp_path, text)])
    assert item.scenario.steps[0].expect.state == {"trunk.open": False}


# --- follow-ups ---------------------------------------------------------------

from assistant.dialogue import Session  # noqa: E402
from assistant.frames import Frame, Parse  # noqa: E402
from assistant.seeds import Seeds  # noqa: E402
from assistant.services.registry import build_services  # noqa: E402

SERVICES = build_services(Seeds())


def _serve(session: Session, *frames: Frame, language: str = "en") -> str:
    return session.handle(Parse("", "", language, tuple(frames))).reply


def test_a_zone_follow_up_skips_an_adjustment_without_zones() -> None:
    session = Session(services=SERVICES)
    _serve(session, Frame("climate.adjust_temperature", {"direction": "up"}))
    _serve(session, Frame("media.adjust_volume", {"direction": "up"}))
    _serve(session, Frame("dialog.continue", {"zone": "passenger"}))
    assert session.state.media.volume == 40
    assert session.state.climate.zones.passenger.temperature == 23
    _serve(session, Frame("dialog.continue", {}))  # "again": the passenger side again
    assert session.state.climate.zones.passenger.temperature == 24
    assert session.state.media.volume == 40


def test_a_zone_follow_up_with_no_zoned_adjustment_changes_nothing() -> None:
    session = Session(services=SERVICES)
    _serve(session, Frame("media.adjust_volume", {"direction": "up"}))
    before = session.state
    _serve(session, Frame("dialog.continue", {"zone": "passenger"}))
    assert session.state == before


def test_a_zone_follow_up_after_a_set_sets_the_same_value() -> None:
    session = Session(services=SERVICES)
    _serve(session, Frame("climate.adjust_temperature", {"direction": "up"}))  # driver 23
    _serve(session, Frame("climate.set_temperature", {"temperature": 25}))  # moved +2
    _serve(session, Frame("dialog.continue", {"zone": "passenger"}))
    assert session.state.climate.zones.passenger.temperature == 25  # not 22 + 2
    _serve(session, Frame("dialog.continue", {"polarity": "more"}))
    assert session.state.climate.zones.passenger.temperature == 26


def test_a_zone_follow_up_with_an_amount_after_a_set_is_a_step() -> None:
    session = Session(services=SERVICES)
    _serve(session, Frame("climate.set_temperature", {"temperature": 25}))
    _serve(session, Frame("dialog.continue", {"zone": "passenger", "polarity": "more"}))
    assert session.state.climate.zones.passenger.temperature == 23


def test_a_chinese_call_stores_the_contact_in_chinese() -> None:
    from assistant.seeds import get_seeds

    session = Session(services=build_services(get_seeds()))
    _serve(session, Frame("phone.call", {"contact": "妈妈"}), language="zh")
    assert session.state.phone.call == "妈妈"
    _serve(session, Frame("phone.call", {"contact": "mom"}))
    assert session.state.phone.call == "Mom"
