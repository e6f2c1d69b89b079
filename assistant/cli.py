"""The `cockpit` command: argparse subcommands, each a small module in
`assistant/commands/` with `register(subparsers)` and a `run(args) -> int`.

Exit codes: 0 ok, 1 failures found (eval thresholds, replay), 2 bad usage or
bad input. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn, Sequence

# Subcommand modules, imported lazily so that `cockpit parse` starts fast.
COMMANDS = ("chat", "parse", "eval", "replay", "check")


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"cockpit: error: {message}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cockpit", description="An open in-car assistant simulator.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"assistant.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assistant.commands.{name}":
                raise
            continue  # command not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"cockpit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped ("| head"): nothing more to say
        _quiet_stdout()
        return 0
    except Exception as exc:  # data errors carry every problem; print the first
        if not hasattr(exc, "problems"):
            raise
        print(f"cockpit {args.command}: error: {exc} (run 'cockpit check' for all)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises nothing."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
