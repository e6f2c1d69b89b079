"""Events: what executing an action did. Replies are rendered from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Executed:
    """The action took effect; `key` names the reply template."""

    type: ClassVar[str] = "executed"
    key: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Clamped:
    """The action took effect at `limit` because the value asked was past it."""

    type: ClassVar[str] = "clamped"
    key: str
    fields: dict[str, Any] = field(default_factory=dict)
    limit: float = 0


@dataclass(frozen=True, slots=True)
class Refused:
    """A safety rule stopped the action; the state is unchanged."""

    type: ClassVar[str] = "refused"
    key: str
    reason: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Info:
    """Something to say that changed nothing (an answer, 'nothing pending')."""

    type: ClassVar[str] = "info"
    key: str
    fields: dict[str, Any] = field(default_factory=dict)


Event = Executed | Clamped | Refused | Info


def event_to_json(event: Event) -> dict[str, Any]:
    """An event as JSON data, for `replay --json`."""
    out: dict[str, Any] = {"type": event.type, "key": event.key, "fields": dict(event.fields)}
    if isinstance(event, Clamped):
        out["limit"] = event.limit
    if isinstance(event, Refused):
        out["reason"] = event.reason
    return out
