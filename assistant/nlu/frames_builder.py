"""From the chosen candidates to frames: slot values resolved, targets split.

Catalogue names become their canonical name when that name contains every
word said (so a scorer sees both); free text is looked up fuzzily in the
catalogue ("tayler swift" -> Taylor Swift) and otherwise kept as said.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from assistant.evaluate import said_within
from assistant.frames import Frame
from assistant.nlu.catalogue import SLOT_OF_KIND, Catalogue, Entry, NameHit
from assistant.nlu.grammar import Grammar
from assistant.nlu.lists import Wild
from assistant.nlu.matcher import Candidate
from assistant.nlu.text import join_tokens

# A frame whose free text was corrected against the catalogue scores this.
FUZZY_NAME_SCORE = 0.8
ELLIPSIS_SCORE = 0.9
# An unknown media name this many words long is more likely a title than a performer.
LONG_NAME_WORDS = 3  # ... and one whose verb was borrowed from the command before
class FrameBuilder:
    def __init__(self, grammar: Grammar, catalogue: Catalogue | None, spans: list[tuple[int, int]],
                 words: list[str]):
        self.grammar = grammar
        self.catalogue = catalogue
        self.spans = spans  # where each token was said in the raw text
        self.words = words

    def frames(self, candidate: Candidate) -> list[Frame]:
        """One frame per combination of targets ("driver and passenger" -> two)."""
        fixed = dict(candidate.template.slots)
        score = 1.0
        options: list[list[tuple[str, Any]]] = []
        for slot, list_name, value, _ in candidate.captures:
            name, resolved, fuzzy = self.resolve(slot, list_name, value)
            score = min(score, FUZZY_NAME_SCORE if fuzzy else 1.0)
            values = resolved if isinstance(resolved, tuple) else (resolved,)
            options.append([(name, v) for v in values])
        span = (self.spans[candidate.start][0], self.spans[candidate.end - 1][1])
        explain = f"{candidate.template.where}: {candidate.template.source}"
        score *= ELLIPSIS_SCORE if candidate.ellipsis else 1.0
        frames = []
        for combo in product(*options):
            slots = {**fixed, **dict(combo)}
            frames.append(Frame(candidate.template.intent, slots, span, explain, score,
                                candidate.template.heading))
        for extra in candidate.template.also:
            frames.append(Frame(extra.intent, dict(extra.slots), span, explain, score))
        return frames

    def resolve(self, slot: str, list_name: str, value: Any) -> tuple[str, Any, bool]:
        """(slot name, value, fuzzy?) for one capture."""
        slot_list = self.grammar.lists[list_name]
        mixed = len(slot_list.kinds) > 1
        if isinstance(value, NameHit):
            name = SLOT_OF_KIND[value.entry.kind] if mixed else slot
            return name, self._canonical(value.entry, value.said), False
        if isinstance(value, Wild):
            text = join_tokens(self.words[value.first:value.last])
            entry = self.catalogue.closest(text, slot_list.kinds) if (
                self.catalogue and slot_list.kinds) else None
            if entry is not None:
                name = SLOT_OF_KIND[entry.kind] if mixed else slot
                return name, entry.canonical(self.grammar.language), True
            return self._unknown_slot(slot, slot_list, text), text, False
        return slot, value, False

    @staticmethod
    def _unknown_slot(slot: str, slot_list, text: str) -> str:
        """An unknown name of a mixed list: short ones are names ("play slayer"), long ones titles."""
        spec = slot_list.spec
        if spec.long_wildcard_slot and len(text.split()) >= LONG_NAME_WORDS:
            return spec.long_wildcard_slot
        return spec.wildcard_slot or slot

    def _canonical(self, entry: Entry, said: str) -> str:
        canonical = entry.canonical(self.grammar.language)
        return canonical if said_within(said, canonical) else said
