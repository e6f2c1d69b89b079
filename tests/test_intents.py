"""The twin test files: every sentence must parse to exactly its frames, in order.

Sentences in `_failures.yaml` are known not to parse yet; their test fails as
soon as one starts to pass, so the list never goes stale.
"""

from __future__ import annotations

import pytest

from assistant.evaluate import frame_ok
from assistant.nlu import parse
from assistant.nlu.testfiles import IntentCase, load_cases

CASES, PROBLEMS = load_cases()


def _frames_match(expected: list[dict], got: list[dict]) -> bool:
    return len(expected) == len(got) and all(frame_ok(e, g) for e, g in zip(expected, got))


def test_test_files_are_valid() -> None:
    assert PROBLEMS == []


@pytest.mark.parametrize("case", [c for c in CASES if not c.known_failure],
                         ids=lambda c: f"{c.language}: {c.sentence}")
def test_sentence(case: IntentCase) -> None:
    got = parse(case.sentence).to_json()["intents"]
    assert _frames_match(case.intents, got), f"{case.where}: got {got}"


@pytest.mark.parametrize("case", [c for c in CASES if c.known_failure],
                         ids=lambda c: f"{c.language}: {c.sentence}")
def test_known_failure_still_fails(case: IntentCase) -> None:
    got = parse(case.sentence).to_json()["intents"]
    assert not _frames_match(case.intents, got), (
        f"{case.where}: now parses correctly; move it from _failures.yaml to its twin file")
