"""The intent loader reports every problem at once, as file:line: message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.nlu.grammar import check_grammar, load_grammar
from assistant.nlu.template import TemplateError, parse_template
from assistant.nlu.yamlfile import REPO_ROOT, DataError

COMMON = """language: en
connectors: [and]
lists:
  zone:
    values: [driver, passenger]
rules:
  the: "[the]"
"""


@pytest.fixture
def intents(tmp_path: Path) -> Path:
    root = tmp_path / "intents"
    (root / "en").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "intents" / "ontology.yaml", root / "ontology.yaml")
    (root / "en" / "_common.yaml").write_text(COMMON, encoding="utf-8")
    return root


def write(root: Path, name: str, text: str) -> None:
    (root / "en" / name).write_text(text, encoding="utf-8")


def test_every_problem_is_reported_with_its_line(intents: Path) -> None:
    write(intents, "climate.yaml", """language: en
intents:
  climate.seat_heating:
    data:
      - sentences:
          - "heat <the> {zonez} seat"
          - "warm <thee> seat"
  climate.warp_drive:
    data:
      - sentences: ["engage"]
  climate.set_fan_speed:
    data:
      - sentences: ["fan (up"]
""")
    text = "\n".join(check_grammar("en", intents))
    assert "climate.yaml:6: unknown list {zonez}" in text
    assert "climate.yaml:7: unknown rule <thee>" in text
    assert "climate.yaml:8: unknown intent 'climate.warp_drive'" in text, text
    assert "climate.yaml:13: missing ')'" in text


def test_an_invalid_common_file_is_reported_alone(intents: Path) -> None:
    """One typo in _common.yaml must not bury itself under the errors of every
    file that uses its rules."""
    write(intents, "_common.yaml", COMMON + "connectors: no\n")
    write(intents, "climate.yaml", """language: en
intents:
  climate.turn_on:
    data:
      - sentences: ["turn on <the> ac"]
""")
    problems = check_grammar("en", intents)
    assert problems and all("_common.yaml" in p for p in problems), problems


def test_wrong_slot_values_and_keys_are_caught(intents: Path) -> None:
    write(intents, "climate.yaml", """language: en
intents:
  climate.seat_heating:
    data:
      - slots: {level: high}
        sentences: ["heat my seat"]
      - sentences: ["warm my seat"]
        colour: red
""")
    text = "\n".join(check_grammar("en", intents))
    assert "climate.yaml:8: intents.climate.seat_heating.data.1.colour: Extra inputs are not permitted" in text


def test_slot_values_outside_the_ontology_are_caught(intents: Path) -> None:
    write(intents, "climate.yaml", """language: en
intents:
  climate.seat_heating:
    data:
      - slots: {level: high}
        sentences: ["heat my seat"]
  climate.set_fan_speed:
    data:
      - sentences: ["more air"]
""")
    text = "\n".join(check_grammar("en", intents))
    assert "climate.yaml:5: slot 'level' takes a number, not 'high'" in text
    assert "climate.yaml:9: template never fills level of 'climate.set_fan_speed'" in text


def test_broken_yaml_names_its_line(intents: Path) -> None:
    write(intents, "media.yaml", "language: en\nintents:\n  media.play: [\n")
    problems = check_grammar("en", intents)
    assert any("media.yaml:" in p and "broken YAML" in p for p in problems)


def test_load_raises_with_all_problems(intents: Path) -> None:
    write(intents, "a.yaml", 'language: en\nintents:\n  media.play:\n    data:\n      - sentences: ["play {x}", "play {y}"]\n')
    with pytest.raises(DataError) as err:
        load_grammar("en", intents)
    assert len(err.value.problems) == 2


def test_template_syntax_errors() -> None:
    for bad in ["(a|b", "[a", "{}", "a)", "<x"]:
        with pytest.raises(TemplateError):
            parse_template(bad, str.split)


def test_the_real_data_is_valid(capsys) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok")
