"""`cockpit check`: validate every intent, test and seed file; report all problems at once."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="validate intents/ and seeds/, listing every problem")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.nlu.grammar import INTENTS_DIR, check_grammar
    from assistant.nlu.testfiles import check_test_files
    from assistant.seeds import check_seeds

    problems: list[str] = []
    languages = sorted(p.name for p in INTENTS_DIR.iterdir() if (p / "_common.yaml").exists())
    for language in languages:
        problems += check_grammar(language)
    problems += check_test_files()
    problems += check_seeds()
    for problem in dict.fromkeys(problems):
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 2
    print(f"ok: intents ({', '.join(languages)}), intent tests and seeds are valid")
    return 0
