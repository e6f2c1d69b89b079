"""`cockpit replay PATH... [--json FILE] [--state]`: run scenario scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay", help="replay scenario scripts; exit 0 only if every expectation held")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument("--json", metavar="FILE", help="write per-step results as JSON")
    parser.add_argument("--state", action="store_true", help="print the state after each step")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from assistant.cli import UsageError
    from assistant.replay import ScenarioError, collect, load_all, run_scenario

    try:
        scenarios = load_all(collect(args.paths))
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if not scenarios:
        raise UsageError("no scenario files found")
    passed = failed = 0
    every_step = []
    for item in scenarios:
        steps = run_scenario(item)
        every_step += steps
        for step in steps:
            if args.state:
                print(f"# {step.file} step {step.index}\n{json.dumps(step.state, ensure_ascii=False)}")
            if not step.passed:
                print(f"FAIL {step.file}: {step.scenario}: step {step.index} "
                      f"({step.say!r}): {'; '.join(step.failures)}")
        ok = all(step.passed for step in steps)
        passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    if args.json:
        _write_json(args.json, every_step)
    return 0 if failed == 0 else 1


def _write_json(path: str, steps: list[Any]) -> None:
    from assistant.cli import UsageError

    try:
        with open(path, "w", encoding="utf-8") as out:
            json.dump([s.to_json() for s in steps], out, ensure_ascii=False, indent=2)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
