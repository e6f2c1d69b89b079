"""No data lost: one output line per input line whatever fails, reports written
whole or not at all, and a crashing turn does not end the chat.

(The prompt-toolkit REPL surviving a crashing turn with its history intact is
tests/test_repl.py::test_terminal_survives_an_error_and_keeps_history.)
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assistant.nlu
from assistant.cli import main
from cli_runner import run_cli


def cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    return run_cli(capsys, argv)


@pytest.fixture
def exploding_engine(monkeypatch):
    """`parse` raises for any text containing 'boom'; otherwise the real engine."""
    real = assistant.nlu.parse

    def parse(text: str):
        if "boom" in text:
            raise RuntimeError("engine exploded\non two lines")
        return real(text)

    monkeypatch.setattr(assistant.nlu, "parse", parse)
    return parse


# ------------------------------------------------------------------ parse --jsonl

MIXED = [
    b'{"id": 1, "text": "mute"}',
    b'',
    b'{"id": 2, "text": "boom goes the engine"}',
    b'not json at all',
    b'   ',
    b'{"id": 4, "text": "fan to 3", "intents": []}',
    b'\xff\xfe\xfd',
    b'{"id": 6}',
    b'{"id": 7, "text": null}',
    b'[1, 2, 3]',
    b'{"id": 9, "text": "\\ud800 boom"}',
    b'{"id": 10, "text": "turn on the ac and play jazz"}',
]


def test_jsonl_one_line_out_per_line_in_even_when_the_engine_raises(capsys, tmp_path: Path,
                                                                    exploding_engine) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(b"\n".join(MIXED) + b"\n")
    code, out, err = cli(capsys, ["parse", "--jsonl", str(src)])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    assert len(rows) == sum(1 for line in MIXED if line.strip())
    assert rows[0]["id"] == 1 and rows[0]["intents"] == [{"intent": "media.mute", "slots": {}}]
    assert rows[1] == {"error": "line 3: RuntimeError: engine exploded on two lines", "id": 2,
                       "text": "boom goes the engine"}
    assert rows[2]["error"].startswith("line 4: malformed JSON")
    assert rows[3]["id"] == 4 and rows[3]["intents"] and rows[3]["expected"] == []
    assert rows[4]["error"].startswith("line 7: ")
    assert rows[5]["id"] == 6 and "'text'" in rows[5]["error"]
    assert rows[6]["id"] == 7 and "'text'" in rows[6]["error"]
    assert rows[7]["error"].startswith("line 10: ")
    assert rows[8]["id"] == 9 and rows[8]["error"].startswith("line 11: RuntimeError")
    assert rows[9]["id"] == 10 and [f["intent"] for f in rows[9]["intents"]] == ["climate.turn_on", "media.play"]


def test_jsonl_from_stdin_with_the_engine_raising(capsys, monkeypatch, exploding_engine) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "boom"}\n{"text": "mute"}\n')))
    code, out, _ = cli(capsys, ["parse", "--jsonl", "-"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and "RuntimeError" in rows[0]["error"] and rows[1]["intents"][0]["intent"] == "media.mute"


LINES = st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}).encode(), st.integers(), st.sampled_from(
        ["mute", "boom", "fan to 3", "打开空调", "", "hey bmw", "turn on the ac and boom"])),
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}, ensure_ascii=False).encode("utf-8", "surrogatepass"),
              st.integers(), st.text(max_size=30)),
    st.binary(max_size=30).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.just(b"   "), st.just(b""), st.just(b"{}"), st.just(b'{"text": 3}'),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(LINES, max_size=15))
def test_jsonl_never_loses_or_adds_a_line(lines: list[bytes]) -> None:
    """Any bytes, one line each: exactly one JSON object out per non-blank line in, in order."""
    from assistant.commands.parse import _parse_line

    real = assistant.nlu.parse
    assistant.nlu.parse = lambda text: (_ for _ in ()).throw(ValueError("bang")) if "boom" in text else real(text)
    try:
        out = [_parse_line(raw + b"\n", n, False) for n, raw in enumerate(lines, 1)]
    finally:
        assistant.nlu.parse = real
    kept = [row for row in out if row is not None]
    expected = [raw for raw in lines if raw.decode("utf-8", "replace").strip()]
    assert len(kept) == len(expected)
    for row in kept:
        assert json.loads(json.dumps(row)) == row
        assert ("error" in row) != ("intents" in row)


# ------------------------------------------------------------------ eval --json

@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "mute", "intents": [{"intent": "media.mute", "slots": {}}]}\n'
                    '{"text": "fan to 3", "intents": [{"intent": "climate.set_fan_speed", "slots": {"level": 3}}]}\n')
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_eval_json_written_whole(capsys, dataset: Path) -> None:
    report = dataset.parent / "report.json"
    code, _, _ = cli(capsys, ["eval", str(dataset), "--json", str(report)])
    assert code == 0 and json.loads(report.read_text())["utterances"] == 2
    assert leftovers(dataset.parent) == []


def test_eval_json_failing_mid_write_leaves_the_old_report_and_no_temp(capsys, dataset: Path,
                                                                       monkeypatch) -> None:
    import assistant.commands.eval as eval_command

    report = dataset.parent / "report.json"
    report.write_text('{"old": true}')
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fd, mode):
            self.file = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data: bytes) -> None:
            self.file.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(eval_command.os, "fdopen", HalfWriter)
    code, _, err = cli(capsys, ["eval", str(dataset), "--json", str(report)])
    assert code == 2 and "cannot write" in err and len(err.strip().splitlines()) == 1
    assert report.read_text() == '{"old": true}'
    assert leftovers(dataset.parent) == []


def test_eval_json_failing_rename_leaves_no_file(capsys, dataset: Path, monkeypatch) -> None:
    import assistant.commands.eval as eval_command

    report = dataset.parent / "report.json"

    def refuse(src, dst):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(eval_command.os, "replace", refuse)
    code, _, err = cli(capsys, ["eval", str(dataset), "--json", str(report)])
    assert code == 2 and "cannot write" in err
    assert not report.exists() and leftovers(dataset.parent) == []


def test_eval_crash_while_parsing_writes_no_report(capsys, dataset: Path, exploding_engine) -> None:
    dataset.write_text(dataset.read_text() + '{"text": "boom", "intents": []}\n')
    report = dataset.parent / "report.json"
    with pytest.raises(RuntimeError):
        main(["eval", str(dataset), "--json", str(report)])
    capsys.readouterr()
    assert not report.exists() and leftovers(dataset.parent) == []


# ------------------------------------------------------------------ chat

def test_pipe_chat_goes_on_after_a_crashing_turn(capsys, monkeypatch, exploding_engine) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("warmer\nboom\nwarmer\n"))
    code, out, err = cli(capsys, ["chat", "--brief"])
    text = out + err
    assert "RuntimeError: engine exploded" in text
    assert out.splitlines()[-1] == "Set the driver temperature to 24°C."
