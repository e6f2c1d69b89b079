"""Frames: what the parser emits for one command (intents.md's contract).

A frame is deliberately plain: an intent name and a dict of slot values that
are JSON scalars. Extra keys (span, template, score) explain the parse and are
only printed on request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SlotValue = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Frame:
    """One command understood: `{"intent": ..., "slots": {...}}`."""

    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    span: tuple[int, int] | None = None  # character span in the raw text
    template: str = ""  # template or rule that matched, for --explain
    score: float = 1.0  # 1.0 exact; lower for fuzzy matches
    # "up"/"down" when the words name a direction ("a bit lower"): the car follows
    # it; the contract's slots (polarity) only say more or less of the last change
    heading: str | None = None

    @property
    def domain(self) -> str:
        return self.intent.split(".", 1)[0]

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"intent": self.intent, "slots": dict(self.slots)}
        if explain:
            out["span"] = list(self.span) if self.span else None
            out["template"] = self.template
            out["score"] = round(self.score, 3)
        return out


@dataclass(frozen=True, slots=True)
class Parse:
    """The parse of one utterance: frames in spoken order, or none with a reason."""

    text: str
    normalised: str
    language: str  # "en" or "zh"
    frames: tuple[Frame, ...]
    wake: bool = False  # a wake phrase was stripped
    reason: str = ""  # why there is no frame (out_of_scope, ambiguous, ...)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "intents": [f.to_json(explain) for f in self.frames],
        }
        if explain:
            out["normalised"] = self.normalised
            out["language"] = self.language
            out["wake"] = self.wake
            if self.reason:
                out["reason"] = self.reason
        return out
