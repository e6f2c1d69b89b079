"""Plain-text renderings of what a turn did: frames, state changes, `:why`.

Pure functions from core objects to strings, so the terminal loop, the pipe
mode and the tests all show the same words.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.frames import Frame, Parse
from assistant.vehicle.state import Change

# A slot value longer than this is cut in the one-line frame summary.
MAX_SLOT_CHARS = 40


def value_text(value: Any) -> str:
    """A state or slot value as a driver would read it: 22 not 22.0, a place by name."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return _object_text(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return str(value)


def _object_text(value: dict[str, Any]) -> str:
    """A place by its name, a track by its known fields, anything else as JSON."""
    if isinstance(value.get("name"), str):
        return value["name"]
    known = [str(v) for k, v in value.items() if v is not None and k in ("song", "artist", "album", "genre")]
    if known:
        return " / ".join(known)
    return json.dumps(value, ensure_ascii=False)


def slot_text(value: Any) -> str:
    """A slot value for `name=value`; quoted when it holds a space so it reads as one."""
    text = value_text(value)
    if len(text) > MAX_SLOT_CHARS:
        text = text[: MAX_SLOT_CHARS - 1] + "…"
    return repr(text) if " " in text or not text else text


def frame_text(frame: Frame) -> str:
    """`climate.set_temperature temperature=22`."""
    slots = " ".join(f"{k}={slot_text(v)}" for k, v in frame.slots.items())
    return f"{frame.intent} {slots}".rstrip()


def change_text(change: Change) -> str:
    """`climate.zones.driver.temperature 22 -> 24`."""
    path, old, new = change
    return f"{path} {value_text(old)} -> {value_text(new)}"


def why_lines(parse: Parse, analysis: Any | None) -> list[str]:
    """How the last utterance was understood, for data authors (`:why`).

    `analysis` is the engine's Analysis (words, cover, corrected); without
    one only what the Parse itself carries is shown.
    """
    lines = [f"text: {parse.text}", f"normalised: {parse.normalised}",
             f"language: {parse.language}   wake phrase: {'yes' if parse.wake else 'no'}"]
    if analysis is not None:
        lines += _cover_lines(analysis)
    lines.append("frames:" if parse.frames else "frames: none")
    for frame in parse.frames:
        lines += _frame_explained(parse.text, frame)
    if parse.reason:
        lines.append(f"reason: {parse.reason}")
    return lines


def _cover_lines(analysis: Any) -> list[str]:
    words = list(analysis.words)
    lines = [f"words: {' '.join(words)}"]
    if analysis.corrected:
        lines.append(f"corrected: {' '.join(analysis.corrected)} (fuzzy pass)")
        words = list(analysis.corrected)
    lines.append("cover:")
    for step in analysis.cover.steps:
        lines.append("  " + _step_text(step, words))
    return lines


def _step_text(step: Any, words: list[str]) -> str:
    """One cover step: which words, what kind, and for a command its template."""
    said = " ".join(words[step.start:step.end])
    where = f"[{step.start}-{step.end - 1}]" if step.end - step.start > 1 else f"[{step.start}]"
    line = f"{where:<8} {step.kind:<11} {said!r}"
    candidate = step.candidate
    if candidate is None:
        return line
    template = candidate.template
    line += f" -> {template.intent}"
    if candidate.wild:
        line += f" ({candidate.wild} free-text word{'s' * (candidate.wild > 1)})"
    if candidate.ellipsis:
        line += " (verb borrowed from the command before)"
    return line + f"\n{'':<10}template {template.where}: {template.source}"


def _frame_explained(text: str, frame: Frame) -> list[str]:
    span = f"{frame.span[0]}-{frame.span[1]} {text[frame.span[0]:frame.span[1]]!r}" if frame.span else "none"
    return [f"  {frame_text(frame)}",
            f"    span {span}   score {frame.score:.3g}",
            f"    template {frame.template or '(none)'}"]
