"""Twin test files: `intents/tests/<lang>/<domain>.yaml` list sentences and the
frames they must give; `_failures.yaml` lists the ones known not to parse yet.

Read by the parametrised pytest and checked by `cockpit check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.nlu.ontology import load_ontology
from assistant.nlu.yamlfile import REPO_ROOT, DataError, display_path, line_of, load_yaml

TESTS_DIR = REPO_ROOT / "intents" / "tests"
FAILURES = "_failures.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedFrame(_Strict):
    intent: str
    slots: dict[str, Any] = {}


class TestBlock(_Strict):
    sentences: list[str] = Field(min_length=1)
    intents: list[ExpectedFrame]


class TestFile(_Strict):
    language: str
    tests: list[TestBlock] = []


@dataclass(frozen=True)
class IntentCase:
    """One sentence of a twin test file."""

    language: str
    where: str  # file:line
    sentence: str
    intents: list[dict]
    known_failure: bool


def load_cases(root: Path = TESTS_DIR) -> tuple[list[IntentCase], list[str]]:
    """Every test sentence, and the problems met reading them."""
    cases: list[IntentCase] = []
    problems: list[str] = []
    ontology = load_ontology(REPO_ROOT / "intents" / "ontology.yaml", _Sink(problems))
    for path in sorted(root.glob("*/*.yaml")):
        try:
            data, node = load_yaml(path)
            parsed = TestFile.model_validate(data or {})
        except DataError as exc:
            problems += exc.problems
            continue
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(f"{display_path(path)}:{line_of(node, list(err['loc']))}: {err['msg']}")
            continue
        for b, block in enumerate(parsed.tests):
            block_line = line_of(node, ["tests", b])
            for frame in block.intents:
                if ontology is None:
                    break
                if frame.intent not in ontology.intents:
                    problems.append(f"{display_path(path)}:{block_line}: unknown intent '{frame.intent}'")
                    continue
                for slot, value in frame.slots.items():
                    problem = ontology.value_problem(frame.intent, slot, value)
                    if problem:
                        problems.append(f"{display_path(path)}:{block_line}: {problem}")
            for s, sentence in enumerate(block.sentences):
                line = line_of(node, ["tests", b, "sentences", s])
                cases.append(IntentCase(parsed.language, f"{display_path(path)}:{line}", sentence,
                                        [f.model_dump() for f in block.intents], path.name == FAILURES))
    return cases, problems


def check_test_files() -> list[str]:
    return load_cases()[1]


class _Sink:
    def __init__(self, problems: list[str]):
        self.problems = problems

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(f"{display_path(path)}:{line}: {message}")

    def extend(self, items) -> None:
        self.problems.extend(items)
