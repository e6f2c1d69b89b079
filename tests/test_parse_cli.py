"""`cockpit parse`: one utterance, JSONL batches (one line out per line in), errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from cli_runner import run_cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_one_utterance(capsys) -> None:
    code, out, _ = run(capsys, "parse", "fan to 3")
    assert code == 0
    assert json.loads(out)["intents"] == [{"intent": "climate.set_fan_speed", "slots": {"level": 3}}]


def test_explain_shows_span_template_and_score(capsys) -> None:
    _, out, _ = run(capsys, "parse", "fan to 3 and mute", "--explain")
    frames = json.loads(out)["intents"]
    assert [f["span"] for f in frames] == [[0, 8], [13, 17]]
    assert all(f["template"].startswith("intents/en/") and f["score"] == 1.0 for f in frames)


def test_jsonl_keeps_order_keys_and_one_line_per_line(capsys, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "mute"}\n\nnot json\n{"id": "c"}\n{"text": 5}\n'
                    b'\xff\xfe\n{"id": "d", "text": "fan to 3", "intents": []}\n')
    code, out, _ = run(capsys, "parse", "--jsonl", str(src))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 6
    assert rows[0] == {"id": "a", "text": "mute", "intents": [{"intent": "media.mute", "slots": {}}]}
    assert "malformed JSON" in rows[1]["error"] and "line 3" in rows[1]["error"]
    assert "'text'" in rows[2]["error"] and rows[2]["id"] == "c"
    assert "'text'" in rows[3]["error"]
    assert "UTF-8" in rows[4]["error"]
    assert rows[5]["id"] == "d" and rows[5]["expected"] == [] and rows[5]["intents"]


def test_jsonl_from_stdin(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "mute"}\n')))
    code, out, _ = run(capsys, "parse", "--jsonl", "-")
    assert code == 0 and json.loads(out)["intents"][0]["intent"] == "media.mute"


@pytest.mark.parametrize("argv, message", [
    (["parse"], "give either TEXT or --jsonl FILE"),
    (["parse", "--jsonl", "/no/such/file"], "no such file"),
    (["parse", "--jsonl", "/tmp"], "is a folder"),
    (["parse", "--bogus"], "unrecognized arguments"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message) -> None:
    code, out, err = run_cli(capsys, argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
