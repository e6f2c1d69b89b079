"""`cockpit replay`: validation errors as file:line (exit 2), expectations, output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assistant.commands.replay import run
from assistant.dialogue import Session
from assistant.frames import Frame, Parse
from assistant.replay import ScenarioError, collect, load_all, matches, run_scenario
from assistant.seeds import Seeds
from assistant.services.registry import build_services

SERVICES = build_services(Seeds())
# A stand-in parser so that these tests do not depend on the grammar.
CANNED = {
    "warmer": [Frame("climate.adjust_temperature", {"direction": "up"})],
    "open the trunk": [Frame("vehicle.open_trunk", {})],
    "play": [Frame("media.play", {})],
}


def fake_parse(text: str) -> Parse:
    return Parse(text, text, "en", tuple(CANNED.get(text, ())))


def fake_session(**kw: object) -> Session:
    return Session(services=SERVICES, parser=fake_parse, **kw)  # type: ignore[arg-type]


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
name: warm and safe
given:
  drive.speed_kmh: 50
steps:
  - say: warmer
    expect:
      intents: [climate.adjust_temperature]
      state:
        climate.zones.driver.temperature: 23
        climate.zones.passenger.temperature: {"<": 23}
  - say: open the trunk
    as: passenger
    wait: 10
    expect:
      refused: true
      reply: [trunk, moving]
      state: {trunk.open: false, speaker: passenger}
"""


def test_a_good_scenario_passes(tmp_path: Path) -> None:
    [item] = load_all([write(tmp_path, GOOD)])
    results = run_scenario(item, fake_session)
    assert [r.failures for r in results] == [[], []]


def test_failed_expectations_are_described(tmp_path: Path) -> None:
    text = GOOD.replace("temperature: 23\n", "temperature: 25\n").replace("refused: true", "refused: false")
    [item] = load_all([write(tmp_path, text)])
    first, second = run_scenario(item, fake_session)
    assert first.failures == ["climate.zones.driver.temperature: expected 25, got 23.0"]
    assert second.failures == ["refused: expected False, got True"]


@pytest.mark.parametrize("text, line, message", [
    ("name: x\nsteps:\n  - say: warmer\n    colour: red\n", 4, "unknown key 'colour'"),
    ("name: x\nsteps:\n  - say: warmer\n    expect:\n      state:\n        climate.zones.trunk.temperature: 3\n",
     6, "unknown state path"),
    ("name: x\nsteps:\n  - say: warmer\n    expect:\n      state:\n        climate.fan_speed: high\n",
     6, "wrong type"),
    ("name: x\nsteps:\n  - say: warmer\n    expect:\n      state:\n        media.volume: {'<': loud}\n",
     6, "wrong type"),
    ("name: x\ngiven:\n  climate.fan_speed: 12\nsteps:\n  - say: warmer\n", 3, "invalid value"),
    ("name: x\ngiven:\n  drive.speedo: 1\nsteps:\n  - say: warmer\n", 3, "unknown state path"),
    ("name: x\nsteps:\n  - say: warmer\n    expect:\n      refused: maybe\n", 5, "refused"),
    ("name: x\nsteps:\n  - say: [yes]\n", 3, "say"),
    ("name: x\nsteps:\n  - say: warmer\n    wait: '10'\n", 4, "wait"),
    ("name: x\nsteps:\n  - say: warmer\n    as: trunk\n", 4, "as"),
    ("name: x\nsteps:\n  - say: warmer\n    expect:\n      stat: {}\n", 5, "unknown key 'stat'"),
    ("name: x\nsteps: [\n  - say: a\n", 3, "invalid YAML"),
    ("name: x\nwake: sometimes\nsteps:\n  - say: warmer\n", 2, "wake"),
    ("- just a list\n", 1, "mapping"),
])
def test_validation_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_all([path])
    assert any(p.startswith(f"{path}:{line}: ") and message in p for p in caught.value.problems), \
        caught.value.problems


def test_every_file_is_validated_before_any_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, "name: x\nsteps:\n  - say: warmer\n    colour: red\n", "b.yaml")
    code = run(argparse.Namespace(paths=[str(tmp_path)], json=None, state=False))
    out, err = capsys.readouterr()
    assert code == 2 and "b.yaml:4:" in err and "passed" not in out


def test_missing_path_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError):
        collect([str(tmp_path / "nope.yaml")])


def test_folders_are_read_sorted(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "b.yaml")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", GOOD, "a.yaml")
    assert [p.name for p in collect([str(tmp_path)])] == ["b.yaml", "a.yaml"]


def test_command_counts_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.dialogue.session as session_module

    monkeypatch.setattr(session_module.Session, "turn",
                        lambda self, text, speaker=None, wait=5.0: self.handle(fake_parse(text), speaker, wait))
    monkeypatch.setattr(session_module, "default_services", lambda: SERVICES)
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("temperature: 23\n", "temperature: 30\n"), "b.yaml")
    report = tmp_path / "out.json"
    code = run(argparse.Namespace(paths=[str(tmp_path)], json=str(report), state=True))
    out = capsys.readouterr().out
    assert code == 1 and out.rstrip().endswith("1 passed, 1 failed")
    assert sum(line.startswith("FAIL") for line in out.splitlines()) == 1
    steps = json.loads(report.read_text())
    assert len(steps) == 4 and [s["passed"] for s in steps] == [True, True, False, True]


@pytest.mark.parametrize("actual, expected, ok", [
    (22.004, 22, True), ("Jazz", "jazz", True), (True, 1, False), (None, None, True),
    (5, {"<": 6}, True), (5, {">=": 6}, False), ("eco", {"in": ["eco", "sport"]}, True),
    ([1, 2], {"len": 2}, True), ("The Bund", {"contains": "bund"}, True),
    ([{"name": "Bund", "lat": 1}], {"contains": "bun"}, True), (3, {"!=": 3}, False),
    ({"song": "Qing Hua Ci", "artist": "Jay Chou"}, {"contains": "jay"}, True),
    (None, {"<": 3}, False),
])
def test_comparisons(actual: object, expected: object, ok: bool) -> None:
    assert matches(actual, expected) is ok
