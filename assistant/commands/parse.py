"""`cockpit parse`: frames for one utterance, or a JSONL batch (one line out per line in)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from assistant.cli import UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser("parse", help="print the frames of an utterance as JSON")
    p.add_argument("text", nargs="?", help="the utterance (omit with --jsonl)")
    p.add_argument("--jsonl", metavar="FILE", help="batch: one JSON object with 'text' a line; '-' reads stdin")
    p.add_argument("--explain", action="store_true", help="show span, template and score per frame")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.jsonl is None):
        raise UsageError("give either TEXT or --jsonl FILE")
    from assistant.nlu import parse

    if args.text is not None:
        print(_dumps(parse(args.text).to_json(args.explain)))
        return 0
    stream = _open(args.jsonl)
    try:
        for number, raw in enumerate(stream, 1):
            out = _parse_line(raw, number, args.explain)
            if out is not None:
                sys.stdout.write(_dumps(out) + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    return 0


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None


def _parse_line(raw: bytes, number: int, explain: bool) -> dict | None:
    """The output object for one input line; None for a blank line."""
    from assistant.nlu import parse

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"error": f"line {number}: not UTF-8 text"}
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"line {number}: malformed JSON ({exc.msg})"}
    if not isinstance(row, dict):
        return {"error": f"line {number}: expected a JSON object"}
    text = row.get("text")
    if not isinstance(text, str):
        return {"error": f"line {number}: 'text' must be a string", **_carry(row)}
    try:
        result = parse(text).to_json(explain)
    except Exception as exc:  # one line failing must not lose the lines after it
        if hasattr(exc, "problems"):  # broken intent or seed data: every line would fail
            raise
        message = " ".join(str(exc).split())
        return {"error": f"line {number}: {type(exc).__name__}: {message}", **_carry(row)}
    return {**_carry(row), **result}


def _dumps(out: dict) -> str:
    """One JSON line; escaped to ASCII when the text cannot be encoded (a lone surrogate)."""
    line = json.dumps(out, ensure_ascii=False)
    try:
        line.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        line = json.dumps(out)
    return line


def _carry(row: dict) -> dict:
    """Input keys carried through; gold frames are kept as 'expected'."""
    out = {k: v for k, v in row.items() if k not in ("intents", "error")}
    if "intents" in row:
        out["expected"] = row["intents"]
    return out
