"""YAML loading that remembers line numbers, so data errors read `file:line: message`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REPO_ROOT = Path(__file__).resolve().parents[2]


class DataError(Exception):
    """Problems found in data files, each a `file:line: message` line."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{self.problems[0]}{more}" if self.problems else "data error")


def display_path(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Return (data, node tree). Raises DataError for unreadable or broken YAML."""
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([f"{where}:1: no such file"]) from None
    except IsADirectoryError:
        raise DataError([f"{where}:1: is a folder, not a file"]) from None
    except UnicodeDecodeError as exc:
        raise DataError([f"{where}:1: not UTF-8 text ({exc.reason})"]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError([f"{where}:{line}: broken YAML: {problem}"]) from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int:
    """1-based line of the value at `loc` (keys and indexes) in a node tree."""
    line = node.start_mark.line + 1 if node is not None else 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1  # the key's line: where a reader looks
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line
