"""From the chosen candidates to frames: slot values resolved, targets split.

Catalogue names become their canonical name when that name contains every
word said (so a scorer sees both); free text is looked up fuzzily in the
catalogue ("tayler swift" -> Taylor Swift) and otherwise kept as said.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import product
from typing import Any

from rapidfuzz import fuzz, process

from assistant.evaluate import said_within
from assistant.frames import Frame
from assistant.nlu.catalogue import SLOT_OF_KIND, Catalogue, Entry, NameHit
from assistant.nlu.grammar import UNSAID, Grammar
from assistant.nlu.lists import Wild
from assistant.nlu.matcher import Candidate
from assistant.nlu.text import join_tokens, normalise

# A frame whose free text was corrected against the catalogue scores this.
FUZZY_NAME_SCORE = 0.8
ELLIPSIS_SCORE = 0.9
# An unknown media name this many words long is more likely a title than a performer.
LONG_NAME_WORDS = 3  # ... and one whose verb was borrowed from the command before
TRAILING = " \t.,!?;:'\"，。！？；：、"  # never part of a name said last


PLACES = "places"
# How an English speaker spells the sounds of pinyin: "shin tian dee" is Xintiandi,
# "loo jia zway" Lujiazui, "hong chow" Hongqiao, "chi bao" Qibao. Both the name and
# what was said are folded to these sounds, then compared.
SOUND_FOLDS = (("tch", "j"), ("sh", "x"), ("zh", "j"), ("ch", "j"), ("q", "j"), ("ee", "i"), ("ea", "i"),
               ("oo", "u"), ("ew", "u"), ("ay", "ai"), ("ey", "ei"), ("ow", "ao"), ("ye", "ia"),
               ("w", "u"), ("dz", "z"), ("ts", "c"), ("ph", "f"))
SOUND_CUTOFF = 88.0  # "lujiazuai" (loo jia zway) ~ "lujiazui" 94; "xintiandi" ~ "xinjiang" 71
MIN_SOUND_KEY = 5  # letters: shorter keys are too easily near another name
_SOUND_INDEX: dict[int, dict[str, list[tuple[str, str]]]] = {}


def _sound_key(text: str) -> str:
    key = re.sub(r"[^a-z]", "", text.lower())
    for said, sound in SOUND_FOLDS:
        key = key.replace(said, sound)
    return re.sub(r"(.)\1+", r"\1", key)


def _sounds_like_place(catalogue: Catalogue, said: str) -> Entry | None:
    """A place named by ear, as an English speaker spells a Chinese name ("shin tian dee")."""
    key = _sound_key(said)
    if len(key) < MIN_SOUND_KEY:
        return None
    index = _SOUND_INDEX.get(id(catalogue))
    if index is None:
        index = _SOUND_INDEX[id(catalogue)] = _sound_index(catalogue)
    keys, names = index.get(key[0], ((), ()))
    slack = len(key) // 4  # a key much longer or shorter is another name
    low = bisect_left(keys, len(key) - slack, key=len)
    high = bisect_right(keys, len(key) + slack, key=len)
    best = process.extractOne(key, keys[low:high], scorer=fuzz.ratio, score_cutoff=SOUND_CUTOFF)
    if best is None:
        return None
    return next(e for e in catalogue.entries(names[low + best[2]]) if e.kind == PLACES)


def _sound_index(catalogue: Catalogue) -> dict[str, tuple[list[str], list[str]]]:
    """Place names by the first letter of their sound: (sound keys, names), shortest first,
    so the keys of a similar length are one slice."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name in catalogue.names:
        if name.isascii() and any(e.kind == PLACES for e in catalogue.entries(name)):
            folded = _sound_key(name)
            if len(folded) >= MIN_SOUND_KEY:
                found.setdefault(folded[0], []).append((folded, name))
    index = {}
    for letter, pairs in found.items():
        pairs.sort(key=lambda p: len(p[0]))
        index[letter] = ([k for k, _ in pairs], [n for _, n in pairs])
    return index


def _plain(text: str) -> str:
    """Lower case, without possessive 's, apostrophes and spaces: how two spellings compare."""
    return re.sub(r"['\u2019]s\b|['\u2019\s]", "", text.lower())


class FrameBuilder:
    def __init__(self, grammar: Grammar, catalogue: Catalogue | None, spans: list[tuple[int, int]],
                 words: list[str], raw: str = ""):
        self.grammar = grammar
        self.catalogue = catalogue
        self.spans = spans  # where each token was said in the raw text
        self.words = words
        self.raw = raw  # the utterance as said

    def frames(self, candidate: Candidate) -> list[Frame]:
        """One frame per combination of targets ("driver and passenger" -> two)."""
        fixed = dict(candidate.template.slots)
        score = 1.0
        options: list[list[tuple[str, Any]]] = []
        for slot, list_name, value, first in candidate.captures:
            if slot == UNSAID:
                continue
            name, resolved, fuzzy = self.resolve(slot, list_name, value, first)
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

    def resolve(self, slot: str, list_name: str, value: Any, first: int = -1) -> tuple[str, Any, bool]:
        """(slot name, value, fuzzy?) for one capture starting at token `first`."""
        slot_list = self.grammar.lists[list_name]
        mixed = len(slot_list.kinds) > 1
        if isinstance(value, NameHit):
            name = SLOT_OF_KIND[value.entry.kind] if mixed else slot
            canonical = self._canonical(value.entry, value.said)
            if canonical == value.said and 0 <= first < value.end:  # not the canonical: as said
                lead = self._leading_determiners(first, value.end)
                canonical = self._as_said(Wild(first + lead, value.end),
                                          join_tokens(self.words[first + lead:value.end]) if lead else value.said)
            return name, canonical, False
        if isinstance(value, Wild):
            text = join_tokens(self.words[value.first:value.last])
            entry = self.catalogue.closest(text, slot_list.kinds) if (
                self.catalogue and slot_list.kinds) else None
            if entry is None and self.catalogue and PLACES in slot_list.kinds and text.isascii():
                entry = _sounds_like_place(self.catalogue, text)
            if entry is not None:
                name = SLOT_OF_KIND[entry.kind] if mixed else slot
                return name, entry.canonical(self.grammar.language), True
            return self._unknown_slot(slot, slot_list, text), self._as_said(value, text), False
        return slot, value, False

    def _leading_determiners(self, first: int, end: int) -> int:
        """How many words an alias said as a name starts with that no name starts with
        ("my boss", "the boss" -> boss: text slots hold no articles, contacts no "my")."""
        lead = 0
        while first + lead < end - 1 and self.words[first + lead] in self.grammar.names.not_first:
            lead += 1
        return lead

    def _as_said(self, wild: Wild, text: str) -> str:
        """Free text with the driver's own spelling ("McDonald's", "Xi'an", "Slayer"),
        not as normalised ("mcdonald", "xian", "slayer"). Only where the two differ
        in case and apostrophes alone: a word normalising replaced (tyres -> tires) or
        a misheard one corrected (外摊 -> 外滩) keeps the normalised form."""
        if not self.raw or wild.last > len(self.spans):
            return text
        start, end = self.spans[wild.first][0], self.spans[wild.last - 1][1]
        if self.raw[end:end + 2] in ("'s", "\u2019s"):  # normalising dropped it: McDonald's
            end += 2
        said = self.raw[start:end].strip(TRAILING)
        if not said:
            return text
        if _plain(said) == _plain(text):
            return said
        return said if self._respelled(said, text) else text

    def _respelled(self, said: str, text: str) -> bool:
        """Is `text` only the normaliser's spelling of what was said ("orange tyre light"
        read "orange tire light", "sat nav" read "navigation")? English words only: a
        number said in words, or a word the fuzzy pass corrected, keeps the parser's form;
        but "one" is most often no number ("one pedal driving", "the little one")."""
        if self.grammar.language != "en" or not said.isascii() or any(
                ch.isdigit() for word in text.split() if word != "1" for ch in word):
            return False
        return normalise(said, self.grammar.text_rules)[0] == text

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
