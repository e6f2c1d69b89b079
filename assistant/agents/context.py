"""What an agent may read while planning: the state, the services, the language."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.services.registry import Services
from assistant.vehicle.state import VehicleState


@dataclass(frozen=True)
class AgentContext:
    state: VehicleState
    services: Services
    language: str  # "en" or "zh": the utterance's
