"""The session: one car, its speaker, clock, wake window, follow-ups and undo.

`Session.turn(text)` parses and serves one utterance; `Session.handle(parse)`
serves frames that are already parsed (what the tests use).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal

from assistant.dialogue.followup import Adjustment, adjustment_of
from assistant.dialogue.policy import PolicyContext, plan
from assistant.dialogue.replies import message, render
from assistant.frames import Frame, Parse
from assistant.services.registry import Services, default_services
from assistant.vehicle import actions as a
from assistant.vehicle.events import Event, Info, Refused
from assistant.vehicle.executor import execute
from assistant.vehicle.state import ZONES, Change, VehicleState, Zone, diff, replace_paths

# vehicle.md: each served turn keeps the conversation open this long (inclusive).
WAKE_WINDOW_S = 30.0
DEFAULT_WAIT_S = 5.0
WakeMode = Literal["optional", "required"]


@dataclass
class TurnResult:
    """What one turn did: the parse, the reply, and the state changes."""

    parse: Parse
    reply: str
    ignored: bool = False
    refused: bool = False
    changes: list[Change] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def intents(self) -> list[str]:
        """The intent names served ([] for an ignored turn)."""
        return [] if self.ignored else [f.intent for f in self.parse.frames]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    before: VehicleState
    paid: bool  # the turn executed a payment: undo must not reverse it


def _same_car(one: VehicleState, other: VehicleState) -> bool:
    """Equal apart from who spoke: a speaker change alone is not a turn to undo."""
    return one.model_copy(update={"speaker": other.speaker}) == other


class Session:
    """A conversation with one simulated car."""

    def __init__(self, state: VehicleState | None = None, wake: WakeMode = "optional",
                 services: Services | None = None,
                 parser: Callable[[str], Parse] | None = None) -> None:
        self.state = state or VehicleState()
        self.wake = wake
        self.clock = 0.0
        self.last: Adjustment | None = None
        self.last_zoned: Adjustment | None = None  # the most recent one with a zone
        self._open_until: float | None = None
        self._undo: list[_Snapshot] = []
        self._services = services
        self._parser = parser

    def turn(self, text: str, speaker: Zone | None = None,
             wait: float = DEFAULT_WAIT_S) -> TurnResult:
        """Parse and serve one utterance, `wait` simulated seconds after the last."""
        if self._parser is None:
            from assistant.nlu import parse

            self._parser = parse
        return self.handle(self._parser(text), speaker, wait)

    def handle(self, parse: Parse, speaker: Zone | None = None,
               wait: float = DEFAULT_WAIT_S) -> TurnResult:
        """Serve one parsed utterance; ValueError if `speaker` is not a zone."""
        if speaker is not None and speaker not in ZONES:
            raise ValueError(f"unknown speaker {speaker!r}: one of {', '.join(ZONES)}")
        self.clock += wait
        if not self._serves(parse):
            return TurnResult(parse, "", ignored=True)
        self._open_until = self.clock + WAKE_WINDOW_S
        start = self.state
        if speaker and speaker != self.state.speaker:
            self.state = replace_paths(self.state, {"speaker": speaker})
        if not parse.frames:
            key = "wake_prompt" if is_wake_only(parse) else "sorry"
            return TurnResult(parse, message(key, parse.language), changes=diff(start, self.state))
        events = self._run(parse.frames, parse.language)
        return TurnResult(parse, render(events, parse.language),
                          refused=any(isinstance(e, Refused) for e in events),
                          changes=diff(start, self.state), events=events)

    def _serves(self, parse: Parse) -> bool:
        if self.wake == "optional" or parse.wake:
            return True
        return self._open_until is not None and self.clock <= self._open_until

    def _run(self, frames: tuple[Frame, ...], language: str) -> list[Event]:
        """Execute the frames in spoken order; record the turn for undo."""
        base, paid, events = self.state, False, []
        for frame in frames:
            if frame.intent == "dialog.undo":
                events.append(self._undo_last())
                base = self.state
                continue
            context = PolicyContext(self.services, language, self.last, self.last_zoned)
            for action in plan(frame, self.state, context):
                more = self._execute(action)
                paid = paid or any(e.key == "payment_done" for e in more)
                events += more
        if not _same_car(base, self.state):
            self._undo.append(_Snapshot(base, paid))
        return events

    def _execute(self, action: a.Action) -> list[Event]:
        before = self.state
        self.state, events = execute(before, action)
        if any(not isinstance(e, (Refused, Info)) for e in events):
            self.last = adjustment_of(action, before, self.state) or self.last
            if self.last is not None and self.last.zone is not None:
                self.last_zoned = self.last
        return events

    def _undo_last(self) -> Event:
        """Restore the state before the last turn that changed it."""
        if not self._undo:
            return Info("nothing_to_undo")
        if self._undo[-1].paid:
            return Info("undo_payment")
        before = self._undo.pop().before
        self.state = before.model_copy(update={"speaker": self.state.speaker})
        return Info("undone")

    @property
    def services(self) -> Services:
        """The services, built from the repo's seeds on first use."""
        if self._services is None:
            self._services = default_services()
        return self._services


def is_wake_only(parse: Parse) -> bool:
    """A wake phrase with nothing after it: the conversation opens, no frame."""
    return parse.wake and not parse.frames and parse.reason in WAKE_ONLY_REASONS


# Reasons the parser may give for a wake phrase said alone.
WAKE_ONLY_REASONS = frozenset({"empty", "wake_only"})
