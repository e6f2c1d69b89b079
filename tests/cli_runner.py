"""Running `cockpit` in-process for tests: exit code, stdout, stderr, never a traceback."""

from __future__ import annotations

import io
import sys

from assistant.cli import main


def run_cli(capsys, argv: list[str], stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """Run the CLI; argparse's SystemExit counts as its exit code."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
