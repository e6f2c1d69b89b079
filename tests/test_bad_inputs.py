"""Bad input for every command: a one-line error and exit 2 (or an `{"error": ...}`
line for `parse --jsonl`, the run going on), never a traceback.

Data files with mistakes (a typo in an intent file, a duplicate seed id) are
reported as `file:line: message`, every problem at once.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from assistant.nlu.yamlfile import REPO_ROOT
from cli_runner import run_cli

run = run_cli

FILE_LINE = re.compile(r"\S+\.(yaml|jsonl):\d+")


def one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], (needle, err)


# ------------------------------------------------------------------- inputs

BAD_JSONL = {
    "empty": b"",
    "binary": b'{"text": "mute", "intents": []}\n\xff\xfe\x00garbage\n',
    "malformed": b'{"text": "mute", "intents": []}\n{"text": "oops", \n',
    "no_text": b'{"text": "mute", "intents": []}\n{"id": 3, "intents": []}\n',
    "text_not_string": b'{"text": "mute", "intents": []}\n{"text": ["mute"], "intents": []}\n',
    "not_an_object": b'{"text": "mute", "intents": []}\n[1, 2]\n',
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, data in BAD_JSONL.items():
        (tmp_path / f"{name}.jsonl").write_bytes(data)
    (tmp_path / "folder").mkdir()
    return tmp_path


# ------------------------------------------------------------------- eval

@pytest.mark.parametrize("name, needles", [
    ("missing.jsonl", ["missing.jsonl", "no such file"]),
    ("folder", ["folder", "folder"]),
    ("empty.jsonl", ["empty.jsonl", "no labelled utterances"]),
    ("binary.jsonl", ["binary.jsonl:2", "UTF-8"]),
    ("malformed.jsonl", ["malformed.jsonl:2", "malformed JSON"]),
    ("no_text.jsonl", ["no_text.jsonl:2", "'text'"]),
    ("text_not_string.jsonl", ["text_not_string.jsonl:2", "text"]),
    ("not_an_object.jsonl", ["not_an_object.jsonl:2", "JSON object"]),
])
def test_eval_bad_dataset(capsys, files: Path, name: str, needles: list[str]) -> None:
    code, out, err = run(capsys, ["eval", str(files / name)])
    one_line_error(code, err, *needles)
    assert out == ""


@pytest.mark.parametrize("argv, needle", [
    (["eval"], "required"),
    (["eval", "x.jsonl", "--bogus"], "unrecognized arguments"),
    (["eval", "x.jsonl", "--min-frame", "2"], "between 0 and 1"),
    (["eval", "x.jsonl", "--show", "many"], "not a count"),
])
def test_eval_bad_flags(capsys, argv: list[str], needle: str) -> None:
    one_line_error(*run(capsys, argv)[::2], needle)


def test_eval_unwritable_report_is_refused_before_parsing(capsys, tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "mute", "intents": []}\n')
    code, out, err = run(capsys, ["eval", str(data), "--json", str(tmp_path / "no" / "such" / "r.json")])
    one_line_error(code, err, "cannot write")
    assert out == ""


def test_eval_empty_stdin_like_file(capsys, tmp_path: Path) -> None:
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n   \n")
    one_line_error(*run(capsys, ["eval", str(blank)])[::2], "no labelled utterances")


# ------------------------------------------------------------------- parse

@pytest.mark.parametrize("name, needle", [
    ("missing.jsonl", "no such file"),
    ("folder", "is a folder"),
])
def test_parse_jsonl_unreadable_file(capsys, files: Path, name: str, needle: str) -> None:
    code, out, err = run(capsys, ["parse", "--jsonl", str(files / name)])
    one_line_error(code, err, needle)
    assert out == ""


@pytest.mark.parametrize("name, needle", [
    ("binary", "UTF-8"), ("malformed", "malformed JSON"), ("no_text", "'text'"),
    ("text_not_string", "'text'"), ("not_an_object", "JSON object"),
])
def test_parse_jsonl_bad_line_is_an_error_line_and_the_run_goes_on(capsys, files: Path, name: str,
                                                                      needle: str) -> None:
    src = files / f"{name}.jsonl"
    src.write_bytes(src.read_bytes() + b'{"text": "fan to 3"}\n')
    code, out, err = run(capsys, ["parse", "--jsonl", str(src)])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    assert len(rows) == 3
    assert rows[0]["intents"] == [{"intent": "media.mute", "slots": {}}]
    assert needle in rows[1]["error"] and rows[1]["error"].startswith("line 2: ")
    assert rows[2]["intents"] == [{"intent": "climate.set_fan_speed", "slots": {"level": 3}}]


def test_parse_jsonl_empty_file_and_empty_stdin_print_nothing(capsys, files: Path, monkeypatch) -> None:
    assert run(capsys, ["parse", "--jsonl", str(files / "empty.jsonl")]) == (0, "", "")
    assert run(capsys, ["parse", "--jsonl", "-"], b"", monkeypatch) == (0, "", "")


def test_parse_jsonl_lone_surrogate_is_still_one_json_line(capsys, monkeypatch) -> None:
    code, out, err = run(capsys, ["parse", "--jsonl", "-"],
                         b'{"id": "\\udcff", "text": "\\ud800 mute"}\n{"text": "mute"}\n', monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 2
    assert rows[0]["id"] == "\udcff" and rows[0]["intents"][0]["intent"] == "media.mute"


@pytest.mark.parametrize("argv, needle", [
    (["parse"], "give either TEXT or --jsonl FILE"),
    (["parse", "mute", "--jsonl", "x"], "give either TEXT or --jsonl FILE"),
    (["parse", "--jsonl"], "expected one argument"),
    (["parse", "mute", "--bogus"], "unrecognized arguments"),
])
def test_parse_bad_usage(capsys, argv: list[str], needle: str) -> None:
    code, out, err = run(capsys, argv)
    one_line_error(code, err, needle)
    assert out == ""


@pytest.mark.parametrize("text", ["", "\x00\x1b[31m", "\u202e\u200f", "🚗" * 50, ",,,", "\udcff\udcfe"])
def test_parse_odd_text_argument_prints_json(capsys, text: str) -> None:
    code, out, err = run(capsys, ["parse", text])
    assert code == 0 and err == ""
    assert isinstance(json.loads(out)["intents"], list)


# ------------------------------------------------------------------- replay

SCENARIOS = {
    "broken.yaml": ("name: x\nsteps:\n  - say: [unclosed\n", ["broken.yaml:", "YAML"]),
    "unknown_path.yaml": ("name: x\nsteps:\n  - say: warmer\n    expect:\n      state:\n"
                          "        climate.warp_drive: 3\n", ["unknown_path.yaml:6", "climate.warp_drive"]),
    "empty.yaml": ("", ["empty.yaml:1"]),
    "unknown_key.yaml": ("name: x\nsteps:\n  - say: warmer\n    shout: true\n", ["unknown_key.yaml:4", "shout"]),
    "wrong_type.yaml": ("name: x\nsteps:\n  - say: warmer\n    wait: soon\n", ["wrong_type.yaml:4"]),
    "binary.yaml": (b"name: x\n\xff\xfe\n", ["binary.yaml:"]),
    "bad_given.yaml": ("name: x\ngiven:\n  drive.gear: Z\nsteps:\n  - say: warmer\n", ["bad_given.yaml:3"]),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_replay_bad_scenario_names_file_and_line(capsys, tmp_path: Path, name: str) -> None:
    text, needles = SCENARIOS[name]
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, out, err = run(capsys, ["replay", str(path)])
    one_line_error(code, err, *needles)
    assert out == ""


def test_replay_reports_every_bad_file_before_running_any(capsys, tmp_path: Path) -> None:
    for name in ("broken.yaml", "unknown_path.yaml"):
        (tmp_path / name).write_text(SCENARIOS[name][0])
    shutil.copy(REPO_ROOT / "scenarios" / "climate_on_off.yaml", tmp_path / "good.yaml")
    code, out, err = run(capsys, ["replay", str(tmp_path)])
    assert code == 2 and out == ""
    assert "broken.yaml:" in err and "unknown_path.yaml:6" in err


@pytest.mark.parametrize("argv, needle", [
    (["replay"], "required"),
    (["replay", "/no/such/scenario.yaml"], "no such file"),
    (["replay", "scenarios", "--bogus"], "unrecognized arguments"),
])
def test_replay_bad_usage(capsys, argv: list[str], needle: str) -> None:
    one_line_error(*run(capsys, argv)[::2], needle)


def test_replay_empty_folder(capsys, tmp_path: Path) -> None:
    one_line_error(*run(capsys, ["replay", str(tmp_path)])[::2], "no scenario files")


# ------------------------------------------------------------------- chat and check flags

@pytest.mark.parametrize("argv, needle", [
    (["chat", "--bogus"], "unrecognized arguments"),
    (["chat", "--wake", "sometimes"], "invalid choice"),
    (["check", "--bogus"], "unrecognized arguments"),
    (["frobnicate"], "invalid choice"),
])
def test_other_bad_usage(capsys, argv: list[str], needle: str) -> None:
    one_line_error(*run(capsys, argv)[::2], needle)


def test_chat_empty_and_binary_stdin(capsys, monkeypatch) -> None:
    assert run(capsys, ["chat"], b"", monkeypatch)[0] == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe\x00\nwarmer\n"),
                                                       encoding="utf-8", errors="surrogateescape"))
    code, out, _ = run(capsys, ["chat", "--brief"])
    assert code == 0 and "23" in out.splitlines()[-1]


# ------------------------------------------------------------------- data files

@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of intents/ and seeds/ to break."""
    shutil.copytree(REPO_ROOT / "intents", tmp_path / "intents", ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(REPO_ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def break_intents(root: Path) -> None:
    """Two typos in two files: an unknown intent and an unknown list."""
    climate = root / "intents" / "en" / "climate.yaml"
    text = climate.read_text(encoding="utf-8")
    assert "climate.turn_on:" in text
    climate.write_text(text.replace("climate.turn_on:", "climate.turn_onn:", 1), encoding="utf-8")
    media = root / "intents" / "en" / "media.yaml"
    media.write_text(media.read_text(encoding="utf-8") + "  media.mute:\n    data:\n"
                     "      - sentences: [\"hush {zonez}\"]\n", encoding="utf-8")


def duplicate_seed(root: Path) -> int:
    """The first contact again, same id, at the end; its line number."""
    contacts = root / "seeds" / "contacts.yaml"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    first = next(line for line in lines if line.startswith("- {id:"))
    lines.append(first)
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_check_grammar_reports_every_typo_with_file_and_line(data: Path) -> None:
    from assistant.nlu.grammar import check_grammar

    break_intents(data)
    problems = check_grammar("en", data / "intents")
    text = "\n".join(problems)
    assert re.search(r"climate\.yaml:\d+: unknown intent 'climate\.turn_onn'", text), text
    assert re.search(r"media\.yaml:\d+: unknown list \{zonez\}", text), text
    assert all(FILE_LINE.match(p) for p in problems), problems


def test_check_seeds_reports_a_duplicate_id(data: Path) -> None:
    from assistant.seeds import check_seeds

    line = duplicate_seed(data)
    problems = check_seeds(data / "seeds")
    assert any(f"contacts.yaml:{line}:" in p and "duplicate id" in p for p in problems), problems


def test_engine_on_broken_intents_fails_with_problems_not_a_traceback(data: Path) -> None:
    from assistant.nlu.engine import Engine

    break_intents(data)
    engine = Engine(intents_dir=data / "intents", seeds_dir=data / "seeds")
    with pytest.raises(Exception) as caught:
        engine.parse("turn on the ac")
    problems = getattr(caught.value, "problems", None)
    assert problems and any("climate.turn_onn" in p for p in problems)


def test_cli_on_broken_intents_is_one_line(capsys, data: Path, monkeypatch) -> None:
    """A command that meets broken data says so in one line and points to `cockpit check`."""
    import assistant.nlu.engine as engine

    break_intents(data)
    monkeypatch.setattr(engine, "get_engine", lambda: engine.Engine(data / "intents", data / "seeds"))
    code, out, err = run(capsys, ["parse", "turn on the ac"])
    one_line_error(code, err, "cockpit check")
    assert out == ""


def test_cockpit_check_lists_all_problems_at_once(capsys, data: Path, monkeypatch) -> None:
    import assistant.nlu.grammar as grammar
    import assistant.seeds as seeds

    break_intents(data)
    line = duplicate_seed(data)
    monkeypatch.setattr(grammar, "INTENTS_DIR", data / "intents")
    monkeypatch.setattr(seeds, "DEFAULT_ROOT", data / "seeds")
    code, out, err = run(capsys, ["check"])
    assert code == 2 and out == ""
    assert "climate.turn_onn" in err and "{zonez}" in err
    assert f"contacts.yaml:{line}:" in err
    assert re.search(r"^\d+ problem\(s\) found$", err.splitlines()[-1])
    assert all(FILE_LINE.match(p) for p in err.splitlines()[:-1]), err


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`cockpit parse --jsonl big | head -1`: the closed pipe ends the run quietly."""
    import subprocess

    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(json.dumps({"text": "turn on the ac"}) + "\n" for _ in range(2000)), encoding="utf-8")
    cmd = f"'{sys.executable}' -m assistant parse --jsonl '{lines}' | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120)
    assert "Traceback" not in done.stderr and done.stdout.count("\n") == 1
