"""The dialogue manager: frames in, actions to the car, replies out."""

from assistant.dialogue.session import Session, TurnResult

__all__ = ["Session", "TurnResult"]
