"""The chat controller: one line in, what to show out. No terminal, no printing.

Both front ends (the prompt-toolkit REPL and the pipe mode) feed it lines and
render its `Output`; tests drive it directly. It owns the dialogue Session,
the seat the next utterance comes from, and the last parse for `:why`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from assistant.dialogue import Session, TurnResult
from assistant.dialogue.session import DEFAULT_WAIT_S, WAKE_WINDOW_S
from assistant.frames import Parse
from assistant.repl import format as fmt
from assistant.repl.toolbar import Listening
from assistant.vehicle.state import ZONES, diff, get_path, replace_paths, state_to_json

WAKE_MODES = ("optional", "required")
# Speeds past this are surely a typo: the state accepts any number >= 0.
MAX_DRIVE_KMH = 400.0

HELP = [
    ("TEXT", "say something to the car (English or Chinese)"),
    (":state [PATH]", "the vehicle state as JSON (or one dotted path)"),
    (":why", "how the last utterance was understood"),
    (":seat ZONE", "who speaks next: driver, passenger, rear_left, rear_right"),
    (":drive SPEED", "set the speed in km/h (gear D, or P at 0) to try the safety rules"),
    (":wake required|optional", "whether utterances need the wake phrase"),
    (":wait SECONDS", "let simulated time pass (the wake window is 30 s)"),
    (":reset", "a fresh car and conversation"),
    (":help", "this list"),
    (":quit", "leave (Ctrl-D too)"),
]
COMMANDS = tuple(usage.split()[0] for usage, _ in HELP[1:])


@dataclass(frozen=True, slots=True)
class Line:
    """One line to show; `kind` picks its style (reply, refused, frames, change, info, error, data)."""

    kind: str
    text: str


@dataclass
class Output:
    """What one input line produced; `quit` ends the loop."""

    lines: list[Line] = field(default_factory=list)
    quit: bool = False

    def add(self, kind: str, text: str) -> Output:
        self.lines.append(Line(kind, text))
        return self


class ChatError(ValueError):
    """A colon command with a bad argument: one line, and the chat goes on."""


Analyser = Callable[[str], tuple[Parse, Any]]


class ChatController:
    """Serves utterances and colon commands over one Session."""

    def __init__(self, wake: str = "optional", session: Session | None = None,
                 analyser: Analyser | None = None, wait: float = DEFAULT_WAIT_S) -> None:
        self.session = session or Session(wake=wake)  # type: ignore[arg-type]
        self.seat = self.session.state.speaker
        self.wait = wait
        self.last: Parse | None = None
        self._served_at: float | None = None
        self._analyser = analyser

    # --- input -----------------------------------------------------------

    def handle(self, line: str) -> Output:
        """Serve one line: a colon command, an utterance, or nothing if blank."""
        text = line.strip()
        if not text:
            return Output()
        if text.startswith(":"):
            return self._command(text)
        return self.say(text)

    def say(self, text: str) -> Output:
        """One utterance through the dialogue; a failure in the core is one error line."""
        try:
            result = self.session.turn(text, speaker=self.seat, wait=self.wait)  # type: ignore[arg-type]
        except Exception as exc:  # the core failed on this turn: report it, keep the chat alive
            return Output().add("error", f"error: {type(exc).__name__}: {_first_line(exc)}")
        self.last = result.parse
        if not result.ignored:
            self._served_at = self.session.clock
        return turn_output(result)

    # --- what the toolbar reads ---------------------------------------------

    def listening(self) -> Listening:
        """The wake mode and, in required mode, how long the conversation stays open."""
        if self.session.wake != "required" or self._served_at is None:
            return Listening(self.session.wake)
        left = self._served_at + WAKE_WINDOW_S - self.session.clock
        return Listening("required", left if left >= 0 else None)

    # --- colon commands -------------------------------------------------------

    def _command(self, text: str) -> Output:
        name, *args = text.split()
        handler = _HANDLERS.get(name.lower())
        if handler is None:
            return Output().add("error", f"unknown command {name}: :help lists them")
        try:
            return handler(self, args)
        except ChatError as exc:
            return Output().add("error", str(exc))

    def _state(self, args: list[str]) -> Output:
        data: Any = state_to_json(self.session.state)
        if args:
            try:
                data = get_path(data, args[0])
            except KeyError:
                raise ChatError(f"no state path {args[0]!r} (try :state for all)") from None
        return Output().add("data", json.dumps(data, indent=2, ensure_ascii=False))

    def _why(self, args: list[str]) -> Output:
        if self.last is None:
            return Output().add("info", "nothing said yet: :why explains the last utterance")
        try:
            parse, analysis = self._analyse(self.last.text)
        except Exception as exc:
            return Output().add("error", f"error: {type(exc).__name__}: {_first_line(exc)}")
        out = Output()
        for line in fmt.why_lines(parse, analysis):
            out.add("info", line)
        return out

    def _analyse(self, text: str) -> tuple[Parse, Any]:
        """The engine's parse with its analysis (re-run on demand: it is deterministic)."""
        if self._analyser is None:
            from assistant.nlu.engine import get_engine

            self._analyser = get_engine().analyse
        return self._analyser(text)

    def _seat(self, args: list[str]) -> Output:
        if len(args) != 1:
            return Output().add("info", f"speaking from the {self.seat} seat (:seat ZONE changes it)")
        zone = args[0].lower().replace("-", "_")
        if zone not in ZONES:
            raise ChatError(f"unknown seat {args[0]!r}: one of {', '.join(ZONES)}")
        self.seat = zone
        return Output().add("info", f"now speaking from the {zone} seat")

    def _drive(self, args: list[str]) -> Output:
        speed = _number(args, ":drive SPEED (km/h, 0 to park)")
        if speed < 0 or speed > MAX_DRIVE_KMH:
            raise ChatError(f"speed must be between 0 and {MAX_DRIVE_KMH:g} km/h, not {args[0]}")
        before = self.session.state
        gear = "D" if speed > 0 else "P"
        self.session.state = replace_paths(before, {"drive.speed_kmh": speed, "drive.gear": gear})
        out = Output().add("info", f"driving at {speed:g} km/h, gear {gear}")
        for change in diff(before, self.session.state):
            out.add("change", fmt.change_text(change))
        return out

    def _wake(self, args: list[str]) -> Output:
        if len(args) != 1 or args[0].lower() not in WAKE_MODES:
            raise ChatError("usage: :wake required|optional")
        self.session.wake = args[0].lower()  # type: ignore[assignment]
        return Output().add("info", f"wake word {self.session.wake}")

    def _wait(self, args: list[str]) -> Output:
        seconds = _number(args, ":wait SECONDS")
        if seconds < 0:
            raise ChatError("time only goes forward: :wait SECONDS >= 0")
        self.session.clock += seconds
        return Output().add("info", f"{seconds:g} s later")

    def _reset(self, args: list[str]) -> Output:
        self.session = Session(wake=self.session.wake)
        self.last, self._served_at = None, None
        return Output().add("info", "a fresh car: parked at People's Square, everything at its defaults")

    def _help(self, args: list[str]) -> Output:
        out = Output()
        for usage, what in HELP:
            out.add("info", f"{usage:<26} {what}")
        return out

    def _quit(self, args: list[str]) -> Output:
        return Output(quit=True)


_HANDLERS: dict[str, Callable[[ChatController, list[str]], Output]] = {
    ":state": ChatController._state, ":why": ChatController._why, ":seat": ChatController._seat,
    ":drive": ChatController._drive, ":wake": ChatController._wake, ":wait": ChatController._wait,
    ":reset": ChatController._reset, ":help": ChatController._help, ":quit": ChatController._quit,
    ":q": ChatController._quit, ":exit": ChatController._quit, ":?": ChatController._help,
}


def turn_output(result: TurnResult) -> Output:
    """The reply, then the frames understood, then the state diff."""
    out = Output()
    if result.ignored:
        return out.add("info", "(ignored: no wake phrase and the conversation is closed)")
    out.add("refused" if result.refused else "reply", result.reply)
    for frame in result.parse.frames:
        out.add("frames", fmt.frame_text(frame))
    for change in result.changes:
        out.add("change", fmt.change_text(change))
    return out


def _number(args: list[str], usage: str) -> float:
    """The one numeric argument of a command, finite, or a ChatError saying the usage."""
    if len(args) != 1:
        raise ChatError(f"usage: {usage}")
    try:
        value = float(args[0])
    except ValueError:
        raise ChatError(f"not a number: {args[0]!r} (usage: {usage})") from None
    if not math.isfinite(value):
        raise ChatError(f"not a finite number: {args[0]!r}")
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "(no message)"
