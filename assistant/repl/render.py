"""How an Output looks: styled fragments for the terminal, plain lines for pipes.

One table of labels serves both, so a script sees the same words a driver does.
"""

from __future__ import annotations

from prompt_toolkit.styles import Style

from assistant.repl.controller import Line, Output

Fragment = tuple[str, str]

# The label in front of each kind of line: (first line of its kind, the ones after).
LABELS = {
    "reply": ("car › ", "      "),
    "refused": ("car › ", "      "),
    "frames": ("      understood  ", "                  "),
    "change": ("      changed     ", "                  "),
}
PLAIN_LABELS = {"frames": "  understood: ", "change": "  changed: "}
# Lines a script wants with --brief: what the car says and what went wrong.
BRIEF_KINDS = frozenset({"reply", "refused", "info", "error", "data"})

STYLE = Style.from_dict({
    "prompt": "ansicyan bold",
    "prompt.arrow": "ansicyan",
    "label": "ansibrightblack",
    "reply": "ansigreen bold",
    "refused": "ansiyellow bold",
    "frames": "ansiblue",
    "change": "ansimagenta",
    "info": "",
    "error": "ansired",
    "data": "",
    "bottom-toolbar": "noreverse bg:#1c1c1c #d0d0d0",
    "toolbar.label": "#87afd7 bold",
    "toolbar.value": "",
    "toolbar.sep": "#5f5f5f",
    "toolbar.more": "#5f5f5f",
})


def fragments(output: Output) -> list[Fragment]:
    """The output as prompt-toolkit fragments, one line each, labels dimmed."""
    out: list[Fragment] = []
    previous = ""
    for line in output.lines:
        label = _label(line, previous)
        if label:
            out.append(("class:label", label))
        out.append((f"class:{line.kind}", line.text))
        out.append(("", "\n"))
        previous = line.kind
    return out


def _label(line: Line, previous_kind: str) -> str:
    first, after = LABELS.get(line.kind, ("", ""))
    return after if line.kind == previous_kind else first


def plain_lines(output: Output, brief: bool = False) -> list[tuple[str, str]]:
    """(kind, text) lines for a pipe: labels as words, nothing styled."""
    return [(line.kind, PLAIN_LABELS.get(line.kind, "") + line.text)
            for line in output.lines if not brief or line.kind in BRIEF_KINDS]
