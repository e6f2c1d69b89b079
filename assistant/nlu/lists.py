"""Slot lists compiled for matching: phrases, number ranges, catalogues, free text.

A list answers one question for the matcher: which slot values can start at
this token, and where does each end? Free text (a wildcard) answers every
length up to a bound, each costing its length, so the cover search prefers
catalogue names and literal words whenever they explain the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Sequence

from assistant.nlu.catalogue import Catalogue, NameHit
from assistant.nlu.spec import ListSpec, Scalar, ValueSpec
from assistant.nlu.text import Token, fahrenheit_to_celsius, is_cjk, join_tokens

# Free text never runs longer than this many tokens (a place or song name);
# it bounds the work per position, so parsing stays linear in the input.
MAX_WILDCARD_TOKENS = 8
MAX_WILDCARD_CJK = 12  # Chinese counts characters
MAX_TARGETS = 6  # "driver, passenger, rear left and rear right": no one names more in one breath
MAX_WORDS_AFTER_AND = 3  # "simon and garfunkle", "earth wind and fire": names go on briefly


class PhraseSet:
    """Phrases (token sequences) -> value, matched at a position via a trie."""

    def __init__(self) -> None:
        self.trie: dict = {}

    def add(self, tokens: Sequence[str], value: Any) -> None:
        if not tokens:
            return
        node = self.trie
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault("", value)

    def match(self, tokens: Sequence[str], pos: int) -> list[tuple[int, Any]]:
        """(end, value) for every phrase starting at pos."""
        found = []
        node = self.trie
        for end in range(pos, len(tokens)):
            node = node.get(tokens[end])
            if node is None:
                break
            if "" in node:
                found.append((end + 1, node[""]))
        return found

    def first_tokens(self) -> set[str]:
        return {k for k in self.trie if k}

    def depth(self) -> int:
        """Tokens in the longest phrase."""
        return trie_depth(self.trie)


def trie_depth(trie: dict) -> int:
    """Tokens in the longest phrase of a trie of token -> subtrie ("" marks an end)."""
    return max((1 + trie_depth(below) for token, below in trie.items() if token), default=0)


class Wild(NamedTuple):
    """Free text kept as said: tokens [first, last); its text is joined only for a frame.

    A tuple, so the matcher hashes it at C speed."""

    first: int
    last: int

    def shifted(self, offset: int) -> "Wild":
        return Wild(self.first + offset, self.last + offset)


@dataclass(frozen=True, slots=True)
class ListMatch:
    end: int
    value: Any  # a scalar, a tuple of scalars (several targets), a NameHit or a Wild
    wild: int = 0  # tokens explained only as free text


@dataclass(frozen=True)
class NameRules:
    """What free text may hold, from `_common.yaml` (as tokens)."""

    not_names: frozenset[str] = frozenset()  # never a name on its own ("play it")
    never_in_names: frozenset[str] = frozenset()  # never inside an unknown name ("call you later")
    not_first: frozenset[str] = frozenset()  # never the first word of one ("play the news")
    narrative: frozenset[str] = frozenset()  # unexplained, they tell a story: "I used to drive a Golf"


class SlotList:
    """One compiled list of `_common.yaml` or a domain file."""

    def __init__(self, name: str, spec: ListSpec, tokenize: Callable[[str], list[str]],
                 rules: "NameRules | None" = None):
        self.name = name
        self.spec = spec
        self.kinds = frozenset(spec.catalogue)
        self.rules = rules or NameRules()
        self.phrases = PhraseSet()
        for value in spec.values:
            phrases, out = (value.in_, value.out) if isinstance(value, ValueSpec) else ([value], value)
            for phrase in phrases:
                self.phrases.add(tokenize(phrase), out)

    @property
    def values(self) -> list[Scalar]:
        return [v.out if isinstance(v, ValueSpec) else v for v in self.spec.values]

    def first_tokens(self) -> set[str] | None:
        """Tokens a match can start with; None when any token may start one."""
        if self.spec.range or self.spec.catalogue or self.spec.wildcard:
            return None
        return self.phrases.first_tokens()

    def max_span(self, longest_name: int, joint: int) -> int:
        """The most tokens a match covers, with names of at most `longest_name`
        tokens and joints ("and") of at most `joint`: a bound for the matcher."""
        one = max(self.phrases.depth(), 1 if self.spec.range else 0)
        spans = [one, longest_name if self.kinds else 0]
        if self.spec.wildcard:
            spans.append(max(MAX_WILDCARD_TOKENS, MAX_WILDCARD_CJK))
        if self.spec.multi and self.phrases.trie:  # the first value is a phrase; the others, numbers too
            spans.append(MAX_TARGETS * max(one, 1) + (MAX_TARGETS - 1) * joint)
        return max(spans)

    def match(self, utt: "Utterance", pos: int) -> list[ListMatch]:
        found = self._single(utt, pos)
        if self.spec.multi and self.phrases.trie:
            found += self._several(utt, [m for m in found if not isinstance(m.value, (NameHit, Wild))])
        return found

    def _single(self, utt: "Utterance", pos: int, with_names: bool = True) -> list[ListMatch]:
        words = utt.words
        found = [ListMatch(end, value) for end, value in self.phrases.match(words, pos)]
        number = utt.tokens[pos].number if pos < len(utt.tokens) else None
        if number is not None and self.spec.range:
            found.extend(self._number(number, pos))
        if not with_names:
            return found
        if self.kinds and utt.catalogue is not None:
            found.extend(ListMatch(hit.end, hit) for hit in utt.catalogue.find(words, pos, self.kinds)
                         if not (hit.end == pos + 1 and words[pos] in self.rules.not_names))
        if self.spec.wildcard:
            found.extend(self._wild(utt, pos))
        return found

    def _number(self, number: float, pos: int) -> list[ListMatch]:
        low, high = self.spec.fahrenheit or (None, None)
        if low is not None and low <= number <= high:
            number = fahrenheit_to_celsius(number)
        rng = self.spec.range
        if not rng.min <= number <= rng.max or (rng.integer and number != int(number)):
            return []
        value = int(number) if number == int(number) else number
        if self.spec.format:
            return [ListMatch(pos + 1, self.spec.format.format(value))]
        return [ListMatch(pos + 1, value)]

    def _wild(self, utt: "Utterance", pos: int) -> list[ListMatch]:
        """Free text: never across a clause break or a connector ("and", "then")."""
        words, found = utt.words, []
        limit = min(len(words), pos + (MAX_WILDCARD_CJK if is_cjk(words[pos][0]) else MAX_WILDCARD_TOKENS))
        for end in range(pos + 1, limit + 1):
            word = words[end - 1]
            if word in utt.stops and end > pos + 1:
                found.extend(self._misspelled_across(utt, pos, end, limit))
            if word == "," or word in utt.stops or end - 1 in utt.stop_at or (
                    end == pos + 1 and word in self.rules.not_first) or (
                    word in self.rules.never_in_names and (end == pos + 1 or not self.spec.any_words)):
                break
            if end == pos + 1 and (words[pos] in self.rules.not_names or is_cjk(words[pos][0])):
                continue  # "play it"; one Chinese character is no name (解 of 去解放碑 is no place)
            found.append(ListMatch(end, Wild(pos, end), end - pos))
        return found

    def _misspelled_across(self, utt: "Utterance", pos: int, joint: int, limit: int) -> list[ListMatch]:
        """"simon and garfunkle": free text over a connector, only if it is a misheard name.

        A command word after the connector ("and open the window") starts a command, not a name.
        """
        if utt.catalogue is None or not self.kinds or joint >= len(utt.words) or (
                utt.words[joint] in utt.command_words):
            return []
        for end in range(min(limit, joint + MAX_WORDS_AFTER_AND), joint, -1):
            text = join_tokens(utt.words[pos:end])
            if utt.catalogue.closest_across(text, self.kinds, utt.words[joint - 1]) is not None:
                return [ListMatch(end, Wild(pos, end), end - pos)]
        return []

    def _several(self, utt: "Utterance", firsts: list[ListMatch]) -> list[ListMatch]:
        """"driver and passenger": one value per target, joined by and / 和 / commas."""
        found = []
        for first in firsts:
            values = first.value if isinstance(first.value, tuple) else (first.value,)
            if len(values) >= MAX_TARGETS:
                continue
            for joint_end, _ in utt.joiners.match(utt.words, first.end):
                for nxt in self._single(utt, joint_end, with_names=False):
                    if nxt.value not in values:
                        found.append(ListMatch(nxt.end, (*values, nxt.value)))
        found += self._several(utt, found) if found else []
        return found


@dataclass(frozen=True, slots=True)
class Utterance:
    """What a list match reads: the tokens, their words, and the grammar's context."""

    tokens: Sequence[Token]
    words: Sequence[str]
    catalogue: Catalogue | None
    joiners: PhraseSet
    stops: frozenset[str]  # single-word connectors: free text ends there
    command_words: frozenset[str]  # the grammar's literal words
    stop_at: frozenset[int] = frozenset()  # where a connector of several words starts (然后)
