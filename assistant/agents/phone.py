"""Phone and payments: the open-ecosystem services of intents.md."""

from __future__ import annotations

from typing import Any

from assistant.agents.context import AgentContext
from assistant.vehicle.actions import Action, Call, RequestPayment


def plan(intent: str, slots: dict[str, Any], ctx: AgentContext) -> list[Action]:
    """A call to the contact's canonical name; a payment waits for confirmation."""
    if intent == "phone.call":
        return [Call(contact=ctx.services.phone.canonical(str(slots.get("contact", "")), ctx.language))]
    amount = slots.get("amount")
    return [RequestPayment(purpose=str(slots.get("purpose", "order")),
                           amount=float(amount) if amount is not None else None)]
