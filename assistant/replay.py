"""Scenario scripts (scenarios.md): load and validate, run, compare.

Every file is validated before any scenario runs; a problem is reported as
`file:line: message`. Running a scenario is a plain function over a
`Session`, so tests call it without a subprocess.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from assistant.vehicle.events import event_to_json
from assistant.vehicle.schema import PathType, path_type
from assistant.vehicle.state import VehicleState, Zone, replace_paths, state_to_json

OPERATORS = ("<", "<=", ">", ">=", "!=", "in", "len", "contains")
NUMBER_TOLERANCE = 0.01  # scenarios.md: numbers equal within 0.01


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Expect(_Strict):
    intents: list[StrictStr] | None = None
    state: dict[StrictStr, Any] = Field(default_factory=dict)
    reply: StrictStr | list[StrictStr] | None = None
    refused: StrictBool | None = None
    ignored: StrictBool | None = None


class Step(_Strict):
    say: StrictStr
    speaker: Zone = Field(default="driver", alias="as")
    wait: float = Field(default=5.0, ge=0, strict=True)
    expect: Expect = Expect()


class Scenario(_Strict):
    name: StrictStr
    wake: Literal["optional", "required"] = "optional"
    given: dict[StrictStr, Any] = Field(default_factory=dict)
    steps: list[Step] = Field(min_length=1)


@dataclass(frozen=True)
class ScenarioFile:
    path: Path
    scenario: Scenario


class ScenarioError(Exception):
    """Files that cannot be read or validated: one `file:line: message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def collect(paths: list[str]) -> list[Path]:
    """The files named, and every *.yaml below the folders named, sorted."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.rglob("*.yaml"))
        elif path.is_file():
            files.append(path)
        else:
            raise ScenarioError([f"{name}: no such file or directory"])
    return files


def load_all(files: list[Path]) -> list[ScenarioFile]:
    """Validate every file; ScenarioError with all the problems of all files."""
    loaded, problems = [], []
    for path in files:
        scenario, found = load(path)
        problems += found
        if scenario is not None:
            loaded.append(ScenarioFile(path, scenario))
    if problems:
        raise ScenarioError(problems)
    return loaded


def load(path: Path) -> tuple[Scenario | None, list[str]]:
    """One file's scenario, or None and its problems as `file:line: message`."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}:1: cannot read: {exc}"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{path}:{mark.line + 1 if mark else 1}: invalid YAML: {problem}"]
    if not isinstance(data, dict):
        return None, [f"{path}:1: a scenario is a mapping with name and steps"]
    _keep_text(root, data)
    problems = [f"{path}:{_line(root, loc)}: {msg}" for loc, msg in _check_paths(data)]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += [f"{path}:{_line(root, err['loc'])}: {_describe(err)}" for err in exc.errors()]
        return None, sorted(problems, key=_line_number)
    return (None if problems else scenario), problems


def _keep_text(root: yaml.Node | None, data: dict[str, Any]) -> None:
    """Utterances and reply texts as written: YAML 1.1 reads a plain `yes`, `no`,
    `on` or `22` as a bool or a number, but `say: yes` means the word."""
    steps, nodes = data.get("steps"), _child(root, "steps")
    for index, step in enumerate(steps if isinstance(steps, list) else ()):
        node = _child(nodes, index)
        if not isinstance(step, dict) or not isinstance(node, yaml.MappingNode):
            continue
        _as_text(step, "say", _child(node, "say"))
        expect, expect_node = step.get("expect"), _child(node, "expect")
        if isinstance(expect, dict) and isinstance(expect_node, yaml.MappingNode):
            reply, reply_node = expect.get("reply"), _child(expect_node, "reply")
            if isinstance(reply, list) and isinstance(reply_node, yaml.SequenceNode):
                for i, item in enumerate(reply_node.value[:len(reply)]):
                    _as_text(reply, i, item)
            else:
                _as_text(expect, "reply", reply_node)


def _as_text(container: Any, key: Any, node: yaml.Node | None) -> None:
    """Replace a plain scalar read as a bool or number by the text written."""
    value = container[key] if node is not None else None
    if (isinstance(node, yaml.ScalarNode) and node.style is None
            and isinstance(value, (bool, int, float)) and node.value):
        container[key] = node.value


def _line_number(problem: str) -> int:
    return int(problem.split(":")[1])


def _describe(err: Any) -> str:
    loc = ".".join(str(part) for part in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown key '{err['loc'][-1]}' (at {loc})"
    if err["type"] == "missing":
        return f"missing key '{err['loc'][-1]}' (at {loc})"
    return f"{loc}: {err['msg']}"


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest YAML node that `loc` reaches."""
    node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None else 1


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _check_paths(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Unknown state paths and values of the wrong type, with where they are.

    Read from the raw data so that they are reported with the schema errors.
    """
    problems = []
    given = data.get("given")
    for key, value in (given.items() if isinstance(given, dict) else ()):
        message = _check_given(str(key), value)
        if message:
            problems.append((("given", key), message))
    steps = data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else ()):
        expect = step.get("expect") if isinstance(step, dict) else None
        state = expect.get("state") if isinstance(expect, dict) else None
        for key, value in (state.items() if isinstance(state, dict) else ()):
            message = _check_expected(str(key), value)
            if message:
                problems.append((("steps", index, "expect", "state", key), message))
    return problems


def _check_given(key: str, value: Any) -> str | None:
    try:
        path_type(key)
        replace_paths(VehicleState(), {key: value})
    except KeyError:
        return f"unknown state path '{key}'"
    except ValidationError as exc:
        return f"given {key}: invalid value {value!r}: {exc.errors()[0]['msg']}"
    return None


def _check_expected(key: str, expected: Any) -> str | None:
    try:
        kind = path_type(key)
    except KeyError:
        return f"unknown state path '{key}'"
    if _operator(expected):
        op, arg = next(iter(expected.items()))
        ok = _operand_ok(kind, op, arg)
    else:
        ok = kind.accepts(expected)
    return None if ok else f"state {key}: {expected!r} is the wrong type for a {kind.kind} path"


def _operator(expected: Any) -> bool:
    return isinstance(expected, dict) and len(expected) == 1 and next(iter(expected)) in OPERATORS


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _operand_ok(kind: PathType, op: str, arg: Any) -> bool:
    if op in ("<", "<=", ">", ">="):
        return kind.kind in ("int", "number") and _is_number(arg)
    if op == "!=":
        return kind.accepts(arg)
    if op == "in":
        return isinstance(arg, list) and all(kind.accepts(v) for v in arg)
    if op == "len":
        return kind.kind in ("list", "text") and isinstance(arg, int) and not isinstance(arg, bool)
    return kind.kind in ("text", "list", "object") and isinstance(arg, (str, int, float))


# --- running -----------------------------------------------------------------


@dataclass
class StepResult:
    """One step as run: what happened and which expectations failed."""

    file: str
    scenario: str
    index: int  # 1-based
    say: str
    reply: str
    intents: list[str]
    failures: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "scenario": self.scenario, "step": self.index,
                "say": self.say, "passed": self.passed, "failures": self.failures,
                "intents": self.intents, "reply": self.reply, "events": self.events}


def run_scenario(item: ScenarioFile, session_factory: Any = None) -> list[StepResult]:
    """Run one scenario from the initial state with its `given` overrides."""
    from assistant.dialogue import Session

    scenario = item.scenario
    state = replace_paths(VehicleState(), scenario.given)
    make = session_factory or Session
    session = make(state=state, wake=scenario.wake)
    results = []
    for index, step in enumerate(scenario.steps, start=1):
        turn = session.turn(step.say, speaker=step.speaker, wait=step.wait)
        snapshot = state_to_json(session.state)
        results.append(StepResult(
            str(item.path), scenario.name, index, step.say, turn.reply, turn.intents,
            failures=check(step.expect, turn, snapshot), state=snapshot,
            events=[event_to_json(e) for e in turn.events]))
    return results


def check(expect: Expect, turn: Any, state: dict[str, Any]) -> list[str]:
    """The expectations of a step that did not hold, described."""
    failures = []
    if expect.intents is not None and Counter(turn.intents) != Counter(expect.intents):
        failures.append(f"intents: expected {expect.intents}, got {turn.intents}")
    for path, expected in expect.state.items():
        actual = lookup(state, path)
        if not matches(actual, expected):
            failures.append(f"{path}: expected {_show(expected)}, got {_show(actual)}")
    wanted = [expect.reply] if isinstance(expect.reply, str) else expect.reply or []
    for text in wanted:
        if text.lower() not in turn.reply.lower():
            failures.append(f"reply: expected to contain {text!r}, got {turn.reply!r}")
    for flag in ("refused", "ignored"):
        if getattr(expect, flag) is not None and getattr(expect, flag) != getattr(turn, flag):
            failures.append(f"{flag}: expected {getattr(expect, flag)}, got {getattr(turn, flag)}")
    return failures


def _show(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def lookup(state: dict[str, Any], path: str) -> Any:
    """The value at a path; None past a null object (a destination not set)."""
    value: Any = state
    for part in path.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else None
    return value


def matches(actual: Any, expected: Any) -> bool:
    """scenarios.md comparison: a plain value, or a one-key operator mapping."""
    if not _operator(expected):
        return _equal(actual, expected)
    op, arg = next(iter(expected.items()))
    if op in ("<", "<=", ">", ">="):
        if not _is_number(actual):
            return False
        return {"<": actual < arg, "<=": actual <= arg + NUMBER_TOLERANCE,
                ">": actual > arg, ">=": actual >= arg - NUMBER_TOLERANCE}[op]
    if op == "!=":
        return not _equal(actual, arg)
    if op == "in":
        return any(_equal(actual, v) for v in arg)
    if op == "len":
        return actual is not None and len(actual) == arg
    return _contains(actual, arg)


def _equal(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if _is_number(actual) and _is_number(expected):
        return math.isclose(actual, expected, abs_tol=NUMBER_TOLERANCE)
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.lower() == expected.lower()
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            _equal(actual[k], expected[k]) for k in actual)
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(map(_equal, actual, expected))
    return actual == expected


def _contains(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, str):
        return str(wanted).lower() in actual.lower()
    if isinstance(actual, list):
        return any(_equal(el, wanted) or (isinstance(el, dict) and _contains(el, wanted))
                   for el in actual)
    if isinstance(actual, dict):
        return any(isinstance(v, str) and _contains(v, wanted) for v in actual.values())
    return False
