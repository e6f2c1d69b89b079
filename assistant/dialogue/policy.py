"""Policy: frames to actions, routed to the agent that serves each intent.

Pure: the same frame, state and context always give the same actions.
`dialog.undo` is not here: it is about turns, and the session owns them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.agents import cockpit, genius, phone, scenes, travel
from assistant.agents.context import AgentContext
from assistant.dialogue.followup import Adjustment, carry_on, to_action
from assistant.frames import Frame
from assistant.services.registry import Services
from assistant.vehicle import actions as a
from assistant.vehicle.state import VehicleState

TRAVEL_DOMAINS = ("navigation", "travel", "info")


@dataclass(frozen=True)
class PolicyContext:
    services: Services
    language: str
    last: Adjustment | None = None  # the most recent adjustable action executed
    last_zoned: Adjustment | None = None  # the most recent one that has a zone


def plan(frame: Frame, state: VehicleState, ctx: PolicyContext) -> list[a.Action]:
    """The actions one frame stands for, in order; a frame missing what its intent
    needs (from a caller other than the parser) is reported, not raised."""
    try:
        return _plan(frame, state, ctx)
    except (KeyError, TypeError, ValueError):
        return [a.Inform(key="unsupported", fields={"intent": frame.intent})]


def _plan(frame: Frame, state: VehicleState, ctx: PolicyContext) -> list[a.Action]:
    agent = AgentContext(state=state, services=ctx.services, language=ctx.language)
    slots: dict[str, Any] = dict(frame.slots)
    if frame.domain == "dialog":
        return _dialog(frame.intent, slots, ctx, frame.heading)
    if frame.domain == "scene":
        return scenes.plan(str(slots.get("scene", "")), agent)
    if frame.domain in TRAVEL_DOMAINS:
        return travel.plan(frame.intent, slots, agent)
    if frame.domain == "genius":
        return genius.plan(frame.intent, slots, agent)
    if frame.domain in ("phone", "payment"):
        return phone.plan(frame.intent, slots, agent)
    if frame.intent in cockpit.PLANS:
        return cockpit.plan(frame.intent, slots, agent)
    return [a.Inform(key="unsupported", fields={"intent": frame.intent})]


def _dialog(intent: str, slots: dict[str, Any], ctx: PolicyContext,
            heading: str | None = None) -> list[a.Action]:
    if intent == "dialog.confirm":
        return [a.ConfirmPayment()]
    if intent in ("dialog.deny", "dialog.cancel"):
        return [a.ClearPayment()]
    if intent == "dialog.continue":
        last = ctx.last
        if "zone" in slots and (last is None or last.zone is None):
            last = ctx.last_zoned  # "the passenger side too" after the volume: not the volume
        if last is None:
            return [a.Inform(key="nothing_to_continue")]
        return [to_action(carry_on(last, slots, heading))]
    return [a.Inform(key="unsupported", fields={"intent": intent})]
