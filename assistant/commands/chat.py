"""`cockpit chat`: the REPL in a terminal, one reply a line when piped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

WAKE_MODES = ("optional", "required")


def register(subparsers) -> None:
    p = subparsers.add_parser("chat", help="talk to the car in a REPL (or pipe utterances in)")
    p.add_argument("--wake", choices=WAKE_MODES, default="optional",
                   help="required: utterances need the wake phrase unless the conversation is open")
    p.add_argument("--history", metavar="FILE", type=Path,
                   help="history file (default $XDG_STATE_HOME/cockpit/history)")
    p.add_argument("--brief", action="store_true",
                   help="pipe mode: print only the replies, not frames and changes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.repl import ChatController

    controller = ChatController(wake=args.wake)
    if not sys.stdin.isatty():
        from assistant.repl.pipe import run_pipe

        return run_pipe(controller, sys.stdin, sys.stdout, sys.stderr, brief=args.brief)
    from assistant.repl.terminal import run_terminal

    return run_terminal(controller, history_file=args.history)
