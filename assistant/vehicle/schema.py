"""What type a dotted state path holds, read from the models (not a state).

Scenario validation needs this: `navigation.destination.name` is a valid
path even while the destination is null.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from assistant.vehicle.state import VehicleState


@dataclass(frozen=True, slots=True)
class PathType:
    """The JSON kind a path holds: bool, int, number, text, object or list."""

    kind: str
    nullable: bool = False
    choices: tuple[str, ...] = ()

    def accepts(self, value: Any) -> bool:
        """True if `value` is a JSON value this path could hold."""
        if value is None:
            return self.nullable
        if self.choices:
            return isinstance(value, str) and value.lower() in {c.lower() for c in self.choices}
        checks = {
            "bool": lambda v: isinstance(v, bool),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "text": lambda v: isinstance(v, str),
            "object": lambda v: isinstance(v, dict),
            "list": lambda v: isinstance(v, list),
        }
        return checks[self.kind](value)


def path_type(path: str) -> PathType:
    """The type at a dotted path of the state; KeyError if there is no such path."""
    annotation: Any = VehicleState
    nullable = False
    for part in path.split("."):
        annotation, _ = _unwrap(annotation)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            raise KeyError(path)
        if part not in annotation.model_fields:
            raise KeyError(path)
        annotation, nullable_here = _unwrap(annotation.model_fields[part].annotation)
        nullable = nullable or nullable_here
    return _classify(annotation, nullable)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip Annotated and Optional; report whether None was allowed."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, nullable


def _classify(annotation: Any, nullable: bool) -> PathType:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return PathType("text", nullable, tuple(typing.get_args(annotation)))
    if origin in (tuple, list):
        return PathType("list", nullable)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return PathType("object", nullable)
    kinds = {bool: "bool", int: "int", float: "number", str: "text"}
    return PathType(kinds[annotation], nullable)
