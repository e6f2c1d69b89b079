"""The intent vocabulary (`intents/ontology.yaml`), used to check templates at load.

Every intent a template names, every slot it fills, and every value a list
can put into an enumerated slot must exist in the ontology: a typo in a data
file is reported by `cockpit check`, not discovered by a driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.nlu.yamlfile import DataError, line_of, load_yaml


class SlotSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    required: bool = False
    min: float | None = None
    max: float | None = None


class IntentDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    agent: Literal["cockpit", "genius", "travel", "services", "dialog"]
    slots: dict[str, SlotSpec] = {}
    one_of: list[list[str]] = []


class Ontology(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    enums: dict[str, list[str]]
    intents: dict[str, IntentDef]

    def check_intent(self, intent: str, path: Path, line: int, problems) -> bool:
        if intent not in self.intents:
            problems.add(path, line, f"unknown intent '{intent}'")
            return False
        return True

    def value_problem(self, intent: str, slot: str, value: Any) -> str | None:
        """Why `value` cannot fill `slot` of `intent`, or None when it can."""
        spec = self.intents[intent].slots.get(slot)
        if spec is None:
            return f"intent '{intent}' has no slot '{slot}'"
        if spec.type in self.enums:
            if value not in self.enums[spec.type]:
                return f"slot '{slot}' cannot be {value!r} (one of {', '.join(self.enums[spec.type])})"
        elif spec.type == "bool" and not isinstance(value, bool):
            return f"slot '{slot}' takes true or false, not {value!r}"
        elif spec.type in ("number", "int") and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return f"slot '{slot}' takes a number, not {value!r}"
        return None

    def missing_slots(self, intent: str, filled: set[str]) -> str:
        """The required slots (or one-of groups) a template cannot fill, as text."""
        spec = self.intents[intent]
        missing = [name for name, slot in spec.slots.items() if slot.required and name not in filled]
        missing += ["/".join(group) for group in spec.one_of if not filled & set(group)]
        return ", ".join(missing)

    def check_slots(self, intent: str, slots: dict[str, Any], path: Path, line: int, problems) -> None:
        for slot, value in slots.items():
            problem = self.value_problem(intent, slot, value)
            if problem:
                problems.add(path, line, problem)

    def check_list_slot(self, intent: str, slot: str, slot_list, path: Path, line: int, problems) -> None:
        if slot_list.spec.wildcard_slot or slot_list.spec.catalogue:
            return  # the slot name comes from the catalogue kind
        spec = self.intents[intent].slots.get(slot)
        if spec is None:
            problems.add(path, line, f"intent '{intent}' has no slot '{slot}'")
            return
        if spec.type == "int" and slot_list.spec.range and not slot_list.spec.range.integer:
            problems.add(path, line, f"list {{{slot_list.name}}} fills int slot '{slot}': "
                                     f"its range needs 'integer: true'")
        for value in slot_list.values:
            problem = self.value_problem(intent, slot, value)
            if problem:
                problems.add(path, line, f"list {{{slot_list.name}}}: {problem}")
                return


def load_ontology(path: Path, problems) -> Ontology | None:
    """The ontology, or None (with its problems noted) when it cannot be read."""
    try:
        data, node = load_yaml(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    try:
        return Ontology.model_validate(data or {})
    except ValidationError as exc:
        for err in exc.errors():
            problems.add(path, line_of(node, list(err["loc"])), err["msg"])
        return None
