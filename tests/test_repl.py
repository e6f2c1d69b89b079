"""`cockpit chat`: the controller, the real prompt-toolkit loop, the pipe mode, the toolbar."""

from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.utils import get_cwidth

from assistant.cli import main
from assistant.dialogue import Session
from assistant.repl import ChatController, Output
from assistant.repl.terminal import HISTORY_ENV, open_history, run_terminal
from assistant.repl.toolbar import Listening, toolbar_lines
from assistant.vehicle.state import VehicleState, replace_paths


def kinds(output: Output, kind: str) -> list[str]:
    return [line.text for line in output.lines if line.kind == kind]


@pytest.fixture
def chat() -> ChatController:
    return ChatController()


# --- the controller ----------------------------------------------------------------

def test_a_turn_shows_reply_frames_and_diff(chat: ChatController) -> None:
    out = chat.handle("set it to 24 degrees")
    assert "24" in kinds(out, "reply")[0]
    assert kinds(out, "frames") == ["climate.set_temperature temperature=24"]
    assert kinds(out, "change") == ["climate.zones.driver.temperature 22 -> 24"]
    assert chat.session.state.climate.zones.driver.temperature == 24


def test_multi_command_lists_every_frame(chat: ChatController) -> None:
    out = chat.handle("navigate to pudong airport, set it to 22 degrees and play some jazz")
    intents = [f.split()[0] for f in kinds(out, "frames")]
    assert intents == ["navigation.navigate", "climate.set_temperature", "media.play"]
    assert "navigation.active false -> true" in kinds(out, "change")
    assert chat.session.state.media.playing


def test_blank_line_does_nothing(chat: ChatController) -> None:
    assert chat.handle("   ").lines == []
    assert chat.session.clock == 0


def test_seat_moves_the_speaker(chat: ChatController) -> None:
    assert "passenger" in kinds(chat.handle(":seat passenger"), "info")[0]
    out = chat.handle("warmer")
    assert "climate.zones.passenger.temperature 22 -> 23" in kinds(out, "change")
    assert chat.session.state.speaker == "passenger"


@pytest.mark.parametrize("line", [":seat boot", ":seat", ":seat rear"])
def test_seat_bad_zone_is_one_line_and_changes_nothing(chat: ChatController, line: str) -> None:
    out = chat.handle(line)
    assert len(out.lines) == 1 and not out.quit
    assert chat.seat == "driver"
    if line != ":seat":
        assert out.lines[0].kind == "error" and "rear_left" in out.lines[0].text


@pytest.mark.parametrize("line", [":drive fast", ":drive", ":drive -5", ":drive nan", ":drive 10 20", ":drive 1e9"])
def test_drive_bad_number_is_one_line(chat: ChatController, line: str) -> None:
    out = chat.handle(line)
    assert [l.kind for l in out.lines] == ["error"]
    assert chat.session.state.drive.speed_kmh == 0


def test_drive_sets_speed_and_gear_and_the_safety_rules_apply(chat: ChatController) -> None:
    out = chat.handle(":drive 50")
    assert kinds(out, "change") == ["drive.speed_kmh 0 -> 50", "drive.gear P -> D"]
    refused = chat.handle("open the trunk")
    assert kinds(refused, "refused") and not chat.session.state.trunk.open
    chat.handle(":drive 0")
    assert chat.session.state.drive.gear == "P"


def test_state_prints_json(chat: ChatController) -> None:
    chat.handle("set it to 24 degrees")
    data = json.loads(kinds(chat.handle(":state"), "data")[0])
    assert data["climate"]["zones"]["driver"]["temperature"] == 24
    assert json.loads(kinds(chat.handle(":state drive.gear"), "data")[0]) == "P"
    assert kinds(chat.handle(":state no.such.path"), "error")


def test_why_explains_the_last_parse(chat: ChatController) -> None:
    assert "nothing said" in kinds(chat.handle(":why"), "info")[0]
    chat.handle("please turn on the ac and play jazz")
    text = "\n".join(kinds(chat.handle(":why"), "info"))
    assert "words: please turn on the ac and play jazz" in text
    assert "polite" in text and "connector" in text and "command" in text
    assert "-> climate.turn_on" in text and "-> media.play" in text
    assert "intents/en/media.yaml:" in text and "score 1" in text and "span 7-21 'turn on the ac'" in text


def test_why_gives_the_refusal_reason(chat: ChatController) -> None:
    chat.handle("the quarterly report is due on friday")
    text = "\n".join(kinds(chat.handle(":why"), "info"))
    assert "frames: none" in text and "reason: " in text


def test_wake_required_ignores_until_woken(chat: ChatController) -> None:
    chat.handle(":wake required")
    assert chat.listening() == Listening("required", None)
    ignored = chat.handle("turn up the volume")
    assert "ignored" in kinds(ignored, "info")[0] and chat.session.state.media.volume == 30
    chat.handle("hey bmw turn up the volume")
    assert chat.session.state.media.volume == 40
    assert chat.listening().seconds_left == pytest.approx(30)
    chat.handle(":wait 40")
    assert chat.listening().seconds_left is None
    assert kinds(chat.handle(":wake sometimes"), "error") == ["usage: :wake required|optional"]


def test_reset_gives_a_fresh_car(chat: ChatController) -> None:
    chat.handle("set it to 30 degrees")
    chat.handle(":seat passenger")
    chat.handle(":reset")
    assert chat.session.state == VehicleState(speaker="driver")
    assert chat.last is None


def test_unknown_command_and_quit(chat: ChatController) -> None:
    assert kinds(chat.handle(":fly"), "error") == ["unknown command :fly: :help lists them"]
    assert ":seat ZONE" in "\n".join(kinds(chat.handle(":help"), "info"))
    assert chat.handle(":quit").quit


def test_an_error_in_the_core_is_one_line_and_the_chat_goes_on() -> None:
    def parser(text: str):
        if "boom" in text:
            raise RuntimeError("engine exploded\nsecond line")
        from assistant.nlu import parse

        return parse(text)

    chat = ChatController(session=Session(parser=parser))
    out = chat.handle("boom")
    assert [(l.kind, l.text) for l in out.lines] == [("error", "error: RuntimeError: engine exploded")]
    assert kinds(chat.handle("set it to 24 degrees"), "change")


# --- the real prompt-toolkit loop -------------------------------------------------

def drive_terminal(keys: str, tmp_path, controller: ChatController | None = None) -> tuple[list[Output], ChatController]:
    """Type `keys` into the real PromptSession loop; collect what it shows."""
    controller = controller or ChatController()
    shown: list[Output] = []
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            code = run_terminal(controller, history_file=tmp_path / "history", show=shown.append)
    assert code == 0
    return shown, controller


def test_terminal_serves_turns_and_commands(tmp_path) -> None:
    shown, chat = drive_terminal("set it to 24 degrees\r:seat passenger\rwarmer\r:drive 30\r\x04", tmp_path)
    replies = [text for out in shown for text in kinds(out, "reply")]
    assert len(replies) == 2 and "24" in replies[0]
    assert chat.session.state.climate.zones.passenger.temperature == 23
    assert chat.session.state.drive.gear == "D"
    history = (tmp_path / "history").read_text()
    assert "set it to 24 degrees" in history and ":seat passenger" in history


def test_terminal_ctrl_c_clears_the_line_and_quit_leaves(tmp_path) -> None:
    shown, chat = drive_terminal("set it to 30 degrees\x03set it to 24 degrees\r:quit\rset it to 18\r", tmp_path)
    assert chat.session.state.climate.zones.driver.temperature == 24
    assert sum(bool(kinds(out, "reply")) for out in shown) == 1


def test_terminal_survives_an_error_and_keeps_history(tmp_path) -> None:
    def parser(text: str):
        raise RuntimeError("no engine today")

    chat = ChatController(session=Session(parser=parser))
    shown, _ = drive_terminal("hello\rstill here\r\x04", tmp_path, chat)
    errors = [text for out in shown for text in kinds(out, "error")]
    assert errors == ["error: RuntimeError: no engine today"] * 2
    assert "still here" in (tmp_path / "history").read_text()


def test_history_falls_back_to_memory_when_unwritable(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    history, notice = open_history(blocker / "cockpit" / "history")
    assert notice and notice.startswith("history not saved")
    history.append_string("kept in memory")
    assert list(history.load_history_strings()) == ["kept in memory"]


def test_history_path_comes_from_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(HISTORY_ENV, str(tmp_path / "deep" / "h"))
    history, notice = open_history()
    assert notice is None and (tmp_path / "deep" / "h").exists()


# --- pipe mode through the CLI -----------------------------------------------------

def run_cli(monkeypatch, capsys, text: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["chat", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_pipe_mode_prints_each_reply(monkeypatch, capsys) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "turn off the ac\nturn on the ac\n\nwarmer\n:state climate.power\n")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Climate") and "  understood: climate.turn_off" in lines
    assert "  changed: climate.zones.driver.temperature 22 -> 23" in lines
    assert lines[-1] == "true"


def test_pipe_mode_brief_and_errors(monkeypatch, capsys) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "warmer\n:seat trunk\n:quit\nwarmer\n", "--brief")
    assert code == 1
    assert out.splitlines() == ["Set the driver temperature to 23°C."]
    assert err.strip().startswith("unknown seat 'trunk'")


def test_pipe_mode_wake_required(monkeypatch, capsys) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "warmer\n", "--wake", "required")
    assert code == 0 and "ignored" in out


def test_chat_rejects_a_bad_wake_flag(monkeypatch, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["chat", "--wake", "sometimes"])
    assert exc.value.code == 2


# --- the toolbar -------------------------------------------------------------------

def test_toolbar_shows_the_car() -> None:
    state = replace_paths(VehicleState(), {"climate.zones.passenger.temperature": 25.5, "media.playing": True,
                                           "media.muted": True, "windows.rear_left": 40,
                                           "drive.speed_kmh": 60.0, "drive.gear": "D",
                                           "climate.power": False, "climate.fan_speed": 5})
    text = " ".join(toolbar_lines(state, "rear_left", Listening("required", 12.0), 200))
    for part in ("D 22°", "P 25.5°", "fan 5", "AC off", "muted", "RL 40%", "60 km/h D",
                 "seat rear_left", "open 12s", "nav none"):
        assert part in text


def test_toolbar_navigation_and_closed_conversation() -> None:
    chat = ChatController(wake="required")
    chat.handle("hey bmw navigate to pudong airport")
    text = " ".join(toolbar_lines(chat.session.state, chat.seat, chat.listening(), 300))
    assert "Pudong" in text and "ETA" in text and "vol 30" in text
    chat.handle(":wait 60")
    assert "closed" in " ".join(toolbar_lines(chat.session.state, chat.seat, chat.listening(), 300))


@pytest.mark.parametrize("width", [200, 80, 61, 40, 17])
def test_toolbar_fits_chinese_in_terminal_cells(width: int) -> None:
    track = {"song": "晴天", "artist": "周杰伦", "album": "叶惠美", "genre": "华语流行"}
    state = replace_paths(VehicleState(), {"media.playing": True, "media.track": track})
    lines = toolbar_lines(state, "driver", Listening("optional"), width)
    assert 1 <= len(lines) <= 3
    assert all(get_cwidth(line) <= width for line in lines)
    joined = "".join(lines)
    if width >= 80:
        assert "晴天 - 周杰伦" in joined
    assert "\ufffd" not in joined
