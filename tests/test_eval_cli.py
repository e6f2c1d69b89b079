"""`cockpit eval` end to end, with a stand-in parser so that no figure depends on parse quality."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import assistant.nlu
from assistant.cli import main
from assistant.frames import Frame, Parse

ROWS = [
    {"id": "r1", "text": "play some jazz", "intents": [{"intent": "media.play", "slots": {"genre": "jazz"}}],
     "tags": ["en"]},
    {"id": "r2", "text": "set it to 22 and play jazz",
     "intents": [{"intent": "climate.set_temperature", "slots": {"temperature": 22}},
                 {"intent": "media.play", "slots": {"genre": "jazz"}}], "tags": ["multi"]},
    {"id": "r3", "text": "tell me about stocks", "intents": [], "tags": ["oos"]},
    {"id": "r4", "text": "turn on the ac", "intents": [{"intent": "climate.turn_on", "slots": {}}]},
]
PARSES = {  # r1 right, r2 a wrong slot, r3 left alone, r4 missed
    "play some jazz": [Frame("media.play", {"genre": "Jazz"})],
    "set it to 22 and play jazz": [Frame("climate.set_temperature", {"temperature": 23}),
                                   Frame("media.play", {"genre": "jazz"})],
}


@pytest.fixture(autouse=True)
def fake_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str) -> Parse:
        return Parse(text=text, normalised=text, language="en", frames=tuple(PARSES.get(text, ())))

    monkeypatch.setattr(assistant.nlu, "parse", parse)


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_rows(tmp_path / "gold.jsonl", ROWS)


def test_report_printed_and_exit_0(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset), "--show", "5"]) == 0
    out = capsys.readouterr().out
    for heading in ("accuracy on 4 utterances", "by tag", "per intent", "worst confusions", "failures",
                    "latency ms p50 / p95 / p99 / max"):
        assert heading in out
    assert "turn on the ac" in out and "play some jazz" not in out.split("failures", 1)[1]
    assert out.rstrip().splitlines()[-1].startswith("ok: frame accuracy 0.500")


@pytest.mark.parametrize("flag, value, code", [
    ("--min-frame", "0.5", 0), ("--min-frame", "0.51", 1), ("--min-utt", "0.75", 0), ("--min-utt", "0.8", 1),
    ("--min-oos", "1", 0),
])
def test_thresholds(dataset: Path, flag: str, value: str, code: int) -> None:
    assert main(["eval", str(dataset), flag, value]) == code


def test_tag_and_several_datasets(dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write_rows(tmp_path / "more.jsonl", ROWS[:1])
    report = tmp_path / "report.json"
    assert main(["eval", str(dataset), str(other), "--tag", "en", "--json", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["utterances"] == 2


def test_json_report(dataset: Path, tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.json"
    path.parent.mkdir()
    assert main(["eval", str(dataset), "--json", str(path)]) == 0
    report = json.loads(path.read_text(encoding="utf-8"))
    assert {"utterances", "utterance_accuracy", "frame_accuracy", "per_intent", "macro", "micro", "slot_f1",
            "out_of_scope", "multi_command", "latency_ms", "by_tag", "confusions", "failures"} <= set(report)
    assert (report["utterance_accuracy"], report["frame_accuracy"]) == (0.75, 0.5)
    assert report["out_of_scope"]["left_alone"] == 1.0
    assert set(report["latency_ms"]) == {"p50", "p95", "p99", "max"}
    assert [f["id"] for f in report["failures"]] == ["r2", "r4"]
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]  # no temp file left


def test_plot(dataset: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "report.png"
    assert main(["eval", str(dataset), "--plot", str(path)]) == 0
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_plot_without_matplotlib(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    assert main(["eval", str(dataset), "--plot", str(tmp_path / "x.png")]) == 2
    assert "matplotlib" in one_line(capsys)


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err
    return err


def row(**fields: Any) -> str:
    return json.dumps({"text": "hello", "intents": [], **fields})


BAD_FILES = [  # (content, what the one-line error says)
    (b"", "no labelled utterances"),
    (b"\n  \n", "no labelled utterances"),
    (row().encode() + b"\n" + b'{"text": "caf\xe9", "intents": []}\n', ":2: not UTF-8"),
    (f"{row()}\n\n{{\"text\": \"x\", \"intents\": [}}\n".encode(), ":3: malformed JSON"),
    (b"[1, 2]\n", ":1: expected a JSON object"),
    (b'{"intents": []}\n', ":1: no 'text'"),
    (b'{"text": "hello"}\n', ":1: no 'intents'"),
    (row(text=42).encode(), ":1: text: Input should be a valid string"),
    (row(intents={"intent": "media.play"}).encode(), ":1: intents: Input should be a valid list"),
    (row(intents=["media.play"]).encode(), ":1: intents.0:"),
    (row(intents=[{"slots": {}}]).encode(), ":1: intents.0.intent: Field required"),
    (row(intents=[{"intent": "media.play", "slots": []}]).encode(), ":1: intents.0.slots:"),
    (row(intents=[{"intent": "media.play", "slots": {"genre": None}}]).encode(), "a slot value is a string"),
]


@pytest.mark.parametrize("content, message", BAD_FILES)
def test_bad_dataset(content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    assert main(["eval", str(path)]) == 2
    assert message in one_line(capsys)


@pytest.mark.parametrize("args, message", [
    (["{missing}"], "no such file"),
    (["{folder}"], "is a folder"),
    (["{data}", "--tag", "nope"], "no utterance is tagged 'nope'"),
    (["{data}", "--json", "{folder}/no/such/report.json"], "cannot write there"),
    (["{data}", "--json", "{folder}"], "cannot write there"),
    (["{data}", "--plot", "{folder}/report.svg"], "PNG"),
])
def test_bad_arguments(args: list[str], message: str, dataset: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    names = {"missing": tmp_path / "missing.jsonl", "folder": tmp_path, "data": dataset}
    assert main(["eval", *(a.format(**names) for a in args)]) == 2
    assert message in one_line(capsys)


@pytest.mark.parametrize("flag, value", [("--min-frame", "1.5"), ("--min-utt", "x"), ("--show", "-1")])
def test_bad_flag_values(flag: str, value: str, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", str(dataset), f"{flag}={value}"])
    assert exit_info.value.code == 2
    one_line(capsys)
