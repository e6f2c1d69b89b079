"""The bottom toolbar: the live car at a glance, fitted to the terminal width.

Built as (label, text) segments from the state so that a test can read the
words and the terminal can colour the labels. Widths are measured in terminal
cells (`get_cwidth`), because a Chinese character takes two.
"""

from __future__ import annotations

from dataclasses import dataclass

from prompt_toolkit.utils import get_cwidth

from assistant.vehicle.state import ZONES, VehicleState

ZONE_SHORT = {"driver": "D", "passenger": "P", "rear_left": "RL", "rear_right": "RR"}
SEPARATOR = " | "
ELLIPSIS = "…"
# The toolbar wraps onto at most this many lines (everything fits three lines
# of a 70-column terminal); the rest is cut with "…".
MAX_LINES = 3


@dataclass(frozen=True, slots=True)
class Segment:
    label: str
    text: str

    @property
    def plain(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass(frozen=True, slots=True)
class Listening:
    """What the toolbar says about the wake word: mode and seconds left open."""

    mode: str  # "optional" or "required"
    seconds_left: float | None = None  # None: closed (or not applicable)


def segments(state: VehicleState, seat: str, listening: Listening) -> list[Segment]:
    """Everything the driver wants to see, one segment per topic."""
    return [_climate(state), _media(state), _navigation(state), _windows(state),
            Segment("drive", f"{state.drive.speed_kmh:g} km/h {state.drive.gear}"),
            Segment("seat", seat), _wake(listening)]


def _climate(state: VehicleState) -> Segment:
    climate = state.climate
    temps = " ".join(f"{ZONE_SHORT[z]} {getattr(climate.zones, z).temperature:g}°" for z in ZONES)
    return Segment("temp", f"{temps}, fan {climate.fan_speed}, AC {'on' if climate.power else 'off'}")


def _media(state: VehicleState) -> Segment:
    media = state.media
    volume = "muted" if media.muted else f"vol {media.volume}"
    if not media.playing:
        return Segment("media", f"stopped, {volume}")
    return Segment("media", f"{_now_playing(state)}, {volume}")


def _now_playing(state: VehicleState) -> str:
    media = state.media
    if media.source == "radio" and media.station:
        return f"radio {media.station}"
    if media.track is not None:
        parts = [media.track.song, media.track.artist] if media.track.song else [media.track.artist]
        shown = " - ".join(p for p in parts if p)
        return shown or media.track.album or media.track.genre or "music"
    return media.playlist or media.station or "music"


def _navigation(state: VehicleState) -> Segment:
    nav = state.navigation
    if not nav.active or nav.destination is None:
        return Segment("nav", "none")
    text = nav.destination.name
    if nav.stops:
        text += f" (+{len(nav.stops)} stop{'s' * (len(nav.stops) > 1)})"
    if nav.eta_min is not None:
        text += f", ETA {nav.eta_min:.0f} min"
    return Segment("nav", text)


def _windows(state: VehicleState) -> Segment:
    open_ = [f"{ZONE_SHORT[z]} {getattr(state.windows, z)}%" for z in ZONES if getattr(state.windows, z)]
    if state.sunroof:
        open_.append(f"sunroof {state.sunroof}%")
    return Segment("windows", " ".join(open_) if open_ else "closed")


def _wake(listening: Listening) -> Segment:
    if listening.mode == "optional":
        return Segment("wake", "optional")
    if listening.seconds_left is None:
        return Segment("wake", "closed: say the wake phrase")
    return Segment("wake", f"open {listening.seconds_left:.0f}s")


def layout(parts: list[Segment], width: int, max_lines: int = MAX_LINES) -> list[list[Segment]]:
    """Segments packed onto lines of `width` cells; the last line takes what is left."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for part in parts:
        cells = get_cwidth(part.plain) + (get_cwidth(SEPARATOR) if lines[-1] else 0)
        if lines[-1] and used + cells > width and len(lines) < max_lines:
            lines.append([])
            used, cells = 0, get_cwidth(part.plain)
        lines[-1].append(part)
        used += cells
    return lines


Fragment = tuple[str, str]  # (prompt-toolkit style, text)


def truncate(fragments: list[Fragment], width: int) -> list[Fragment]:
    """Fragments cut to `width` terminal cells, ending with "…" if anything was cut."""
    if sum(get_cwidth(text) for _, text in fragments) <= width:
        return fragments
    budget = width - get_cwidth(ELLIPSIS)
    out: list[Fragment] = []
    for style, text in fragments:
        kept = _prefix(text, budget)
        budget -= get_cwidth(kept)
        if kept:
            out.append((style, kept))
        if kept != text:
            break
    return out + [("class:toolbar.more", ELLIPSIS)] if width > 0 else []


def _prefix(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells` (a wide character never splits)."""
    used = 0
    for index, char in enumerate(text):
        used += get_cwidth(char)
        if used > cells:
            return text[:index]
    return text


def _line_fragments(line: list[Segment]) -> list[Fragment]:
    out: list[Fragment] = []
    for index, part in enumerate(line):
        if index:
            out.append(("class:toolbar.sep", SEPARATOR))
        if part.label:
            out.append(("class:toolbar.label", part.label + " "))
        out.append(("class:toolbar.value", part.text))
    return out


def toolbar_fragments(state: VehicleState, seat: str, listening: Listening, width: int) -> list[Fragment]:
    """The styled toolbar: lines separated by a newline fragment, each fitted to `width`."""
    out: list[Fragment] = []
    for index, line in enumerate(layout(segments(state, seat, listening), width)):
        if index:
            out.append(("", "\n"))
        out += truncate(_line_fragments(line), width)
    return out


def toolbar_lines(state: VehicleState, seat: str, listening: Listening, width: int) -> list[str]:
    """The toolbar as plain lines, each at most `width` cells (what tests read)."""
    return "".join(text for _, text in toolbar_fragments(state, seat, listening, width)).split("\n")
