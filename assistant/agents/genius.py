"""Car Genius: answers questions from the owner's manual, or says it doesn't know."""

from __future__ import annotations

from typing import Any

from assistant.agents.context import AgentContext
from assistant.vehicle.actions import Action, Inform

# Share of the question's content words that the best section must contain.
# BM25 scores depend on the size of the manual, so they make a poor cut-off;
# one word in three shared ("light" in "what's the speed of light") is chance,
# while a question about a section shares most of its words with it.
CONFIDENCE_THRESHOLD = 0.5


def plan(intent: str, slots: dict[str, Any], ctx: AgentContext, text: str = "") -> list[Action]:
    """Quote the best manual section for the topic, or say "I don't know"."""
    question = str(slots.get("topic") or text)
    hit = ctx.services.manual.best(question, ctx.language)
    if hit is None or hit.coverage < CONFIDENCE_THRESHOLD:
        return [Inform(key="genius_unknown")]
    section = hit.section
    zh = ctx.language == "zh"
    return [Inform(key="genius_answer", fields={
        "title": section.title_zh if zh else section.title,
        "text": section.text_zh if zh else section.text})]
