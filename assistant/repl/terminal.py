"""The prompt-toolkit front end: history, completion, toolbar, the read loop.

Everything here is presentation; each line goes to the ChatController and its
Output is printed. Ctrl-C clears the line, Ctrl-D (or :quit) leaves.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Callable, Iterable

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import (CompleteEvent, Completer, Completion, FuzzyCompleter,
                                       WordCompleter, merge_completers)
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from assistant.repl.controller import HELP, WAKE_MODES, ChatController, Output
from assistant.repl.render import STYLE, fragments
from assistant.repl.toolbar import toolbar_fragments
from assistant.vehicle.state import ZONES

HISTORY_ENV = "COCKPIT_HISTORY"  # overrides the history file (tests, kiosks)
DEFAULT_WIDTH = 80
MAX_NAME_WORDS = 3  # a catalogue name is completed from at most this many words typed
MAX_CJK_CHARS = 6  # ... or this many Chinese characters
MAX_NAME_COMPLETIONS = 30
_CJK = re.compile(r"[\u3400-\u9fff]")

Show = Callable[[Output], None]


# --- history -------------------------------------------------------------------

def history_path() -> Path:
    """Where the history lives: $COCKPIT_HISTORY, else the XDG state directory."""
    if os.environ.get(HISTORY_ENV):
        return Path(os.environ[HISTORY_ENV])
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "cockpit" / "history"


class _SafeFileHistory(FileHistory):
    """A file history that keeps going in memory if the disk stops taking writes."""

    def store_string(self, string: str) -> None:
        try:
            super().store_string(string)
        except OSError:
            pass  # the line is still in this session's history


def open_history(path: Path | None = None) -> tuple[History, str | None]:
    """The persistent history, or an in-memory one and a one-line notice why."""
    path = path or history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
    except OSError as exc:
        return InMemoryHistory(), f"history not saved ({path}: {exc.strerror or exc}); keeping it in memory"
    return _SafeFileHistory(str(path)), None


# --- completion ----------------------------------------------------------------

class _ColonCompleter(Completer):
    """Colon commands (with what they do) and their arguments, on a line starting with ':'."""

    def __init__(self) -> None:
        meta = {usage.split()[0]: what for usage, what in HELP[1:]}
        self.commands = WordCompleter(list(meta), meta_dict=meta, WORD=True)
        self.arguments = {":seat": WordCompleter(list(ZONES)), ":wake": WordCompleter(list(WAKE_MODES))}

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor.lstrip()
        if not text.startswith(":"):
            return
        if " " not in text:
            yield from self.commands.get_completions(document, event)
            return
        arguments = self.arguments.get(text.split()[0].lower())
        if arguments is not None and len(text.split()) <= 2:
            yield from arguments.get_completions(document, event)


class _NameCompleter(Completer):
    """Catalogue names (places, artists, contacts) fuzzily matched on the last words typed.

    Only on Tab: a popup at every word of a sentence would get in the way.
    """

    def __init__(self, names: dict[str, str]) -> None:
        words = WordCompleter(list(names), meta_dict=names, sentence=True, ignore_case=True)
        self.fuzzy = FuzzyCompleter(words, pattern=r"^.+")

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if not event.completion_requested or text.lstrip().startswith(":"):
            return
        for tail in _tails(text):  # the longest ending that names something wins
            found = [c for c in self.fuzzy.get_completions(Document(tail), event) if _anchored(tail, c.text)]
            if found:
                yield from found[:MAX_NAME_COMPLETIONS]
                return


def _anchored(tail: str, name: str) -> bool:
    """The first word typed starts a word of the name, so "to pudong" never matches "Hilton Pudong"."""
    first = tail.split()[0].lower()
    if _CJK.search(first):
        return first[0] in name
    return any(word.startswith(first) for word in re.split(r"[\s\-(),/']+", name.lower()))


def _tails(text: str) -> list[str]:
    """The endings of `text` a name may be typed as, longest first."""
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    if not starts or text[-1:].isspace():
        return []
    last = text[starts[-1]:]
    if _CJK.search(last):
        return [last[-n:] for n in range(min(MAX_CJK_CHARS, len(last)), 0, -1)]
    return [text[s:] for s in starts[-MAX_NAME_WORDS:]]


def catalogue_names() -> dict[str, str]:
    """Every place, artist and contact name (English and Chinese), with its kind."""
    from assistant.seeds import get_seeds

    seeds = get_seeds()
    names: dict[str, str] = {}
    for kind, items in (("place", seeds.places), ("artist", seeds.artists), ("contact", seeds.contacts)):
        for item in items:
            for name in (item.name, item.name_zh):
                if name:
                    names.setdefault(name, kind)
    return names


def build_completer(names: dict[str, str] | None = None) -> Completer:
    """Colon commands merged with the fuzzy catalogue names."""
    try:
        names = catalogue_names() if names is None else names
    except Exception:  # bad seed data must not stop the chat; completion just knows less
        names = {}
    return merge_completers([_ColonCompleter(), _NameCompleter(names)])


# --- the loop ------------------------------------------------------------------

def print_output(output: Output) -> None:
    """Print one Output with the chat's styles."""
    if output.lines:
        print_formatted_text(FormattedText(fragments(output)), style=STYLE, end="")


def make_session(controller: ChatController, history: History,
                 completer: Completer | None = None) -> PromptSession[str]:
    """The prompt: seat in the message, live car in the bottom toolbar."""
    def message() -> FormattedText:
        return FormattedText([("class:prompt", controller.seat), ("class:prompt.arrow", " › ")])

    def toolbar() -> FormattedText:
        app = get_app_or_none()
        width = app.output.get_size().columns if app else DEFAULT_WIDTH
        return FormattedText(toolbar_fragments(controller.session.state, controller.seat,
                                               controller.listening(), width))

    return PromptSession(message, history=history, completer=completer or build_completer(),
                         complete_while_typing=True, auto_suggest=AutoSuggestFromHistory(),
                         bottom_toolbar=toolbar, style=STYLE)


WELCOME = "cockpit chat: talk to the car (English or 中文). :help lists commands, Ctrl-D leaves."


def _warm_up() -> None:
    """Load both grammars and what their first utterance needs (number converters,
    pypinyin) while the driver types the first line, so it is served at once."""
    try:
        from assistant.nlu.engine import get_engine

        for language in ("en", "zh"):
            get_engine().language(language).warm()
    except Exception:
        pass  # the turn itself will report the problem, on one line


def run_terminal(controller: ChatController, history_file: Path | None = None,
                 show: Show = print_output, completer: Completer | None = None) -> int:
    """Read, serve and print until Ctrl-D or :quit; Ctrl-C only clears the line."""
    warm = threading.Thread(target=_warm_up, name="cockpit-warm-up", daemon=True)
    warm.start()
    history, notice = open_history(history_file)
    session = make_session(controller, history, completer)
    intro = Output().add("info", WELCOME)
    show(intro.add("error", notice) if notice else intro)
    while True:
        try:
            line = session.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        warm.join()  # never compile a grammar in two threads at once
        output = controller.handle(line)
        show(output)
        if output.quit:
            return 0
