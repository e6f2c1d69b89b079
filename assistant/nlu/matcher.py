"""Every span a template matches: the candidates of the cover search.

Matching walks a template tree over the tokens from one start position and
returns every way it can end. Results are memoised per (node, position), so a
rule shared by many templates (<polite>, <set>) is matched once per position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from assistant.nlu.catalogue import Catalogue
from assistant.nlu.compile import Anchor, anchor, later_anchors
from assistant.nlu.grammar import ANY, NUMBER, Grammar, Template
from assistant.nlu.lists import ListMatch, Utterance, Wild, trie_depth
from assistant.nlu.template import Alt, Node, Phrases, Seq, Slot, Word
from assistant.nlu.text import Token

Capture = tuple[str, str, Any, int]  # (slot name, list name, value, first token)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A template matched on tokens [start, end)."""

    start: int
    end: int
    template: Template
    captures: tuple[Capture, ...]
    wild: int  # tokens explained only as free text
    literals: int  # literal words matched: more is more specific
    ellipsis: bool = False  # the verb was borrowed from the command before

    def shifted(self, offset: int) -> "Candidate":
        """The same match, `offset` tokens further on."""
        captures = tuple((slot, name, value.shifted(offset) if isinstance(value, Wild) else value, first + offset)
                         for slot, name, value, first in self.captures)
        return Candidate(self.start + offset, self.end + offset, self.template, captures, self.wild,
                         self.literals, self.ellipsis)


_Partial = tuple[int, tuple[Capture, ...], int, int]  # end, captures, wild, literals


class Matcher:
    """Matches the grammar's templates on one utterance."""

    def __init__(self, grammar: Grammar, catalogue: Catalogue | None,
                 tokens: Sequence[Token], words: Sequence[str] | None = None):
        self.grammar = grammar
        self.catalogue = catalogue
        self.tokens = tokens
        self.words = list(words) if words is not None else [t.text for t in tokens]
        self.memo: list[dict[int, list[_Partial]]] = [{} for _ in range(len(self.words) + 1)]  # by position
        self.list_memo: dict[tuple[str, int], list[ListMatch]] = {}
        self.utterance = Utterance(tokens, self.words, catalogue, grammar.joiners, grammar.wild_stops,
                                   grammar.vocabulary, _long_connectors(grammar, self.words))
        self.prepared = prepare(grammar, catalogue.longest if catalogue is not None else 0)
        self.need_last = self._need_last()  # by required set number: its last position here, or -1
        self.last_start: dict[int, int] = {}  # template order -> the last start its required words allow
        self.viable: dict = {}  # index key -> [(template, last start, starts its anchor allows)]
        self.anchor_at: dict[int, list[int]] = {}  # id(anchor node) -> positions it matches at
        self.anywhere: list[list[Template]] | None = None  # by start, see _anywhere
        self.reach: dict[int, bytearray] = {}  # id(later anchor) -> the starts it allows
        self.positions: dict[str, list[int]] = {}  # word (or NUMBER) -> where it is
        for pos, token in enumerate(tokens):
            self.positions.setdefault(self.words[pos], []).append(pos)
            if token.number is not None:
                self.positions.setdefault(NUMBER, []).append(pos)

    def candidates(self, known_from: int | None = None, known: Sequence[Candidate] = (),
                   new_from: int = 0, known_before: Sequence[Candidate] = ()) -> list[Candidate]:
        """Every candidate, by start; those before `new_from` are `known_before` and
        those from `known_from` on are `known` already."""
        found: list[Candidate] = list(known_before)
        for start in range(new_from, len(self.words) if known_from is None else known_from):
            for template in self.templates_at(start):
                found.extend(self.match_template(template, start))
        return found + list(known)

    def templates_at(self, start: int, anywhere: bool = True) -> list[Template]:
        """Templates that may start here and whose required words occur from here on;
        without `anywhere`, only those that start with a word (not a name or free text)."""
        word = self.words[start]
        keys: list = [word]
        if start + 1 < len(self.words):
            keys.append((word, self.words[start + 1]))
        if self.tokens[start].number is not None:
            keys.append(NUMBER)
        found = {t.order: t for key in keys for t, last, _ in self._viable(key)
                 if last >= start and self._in_reach(t, start)}
        elsewhere = self._anywhere()[start] if anywhere else []
        if not found:
            return elsewhere
        found.update((t.order, t) for t in elsewhere)
        return [found[order] for order in sorted(found)]

    def _anywhere(self) -> list[list[Template]]:
        """By start: the templates that may start anywhere and whose anchor and
        required words allow this start (found once, not at every start)."""
        if self.anywhere is None:
            self.anywhere = [[] for _ in self.words]
            for t, last, starts in self._viable(ANY):
                allowed = range(min(last + 1, len(self.words)))
                for pos in allowed if starts is None else (p for p in allowed if starts[p]):
                    if self._in_reach(t, pos):
                        self.anywhere[pos].append(t)
        return self.anywhere

    def _viable(self, key) -> list[tuple[Template, int, bytearray | None]]:
        """Templates of one index key with the last position their required words
        allow (every required word must come after the start) and, for those that
        may start anywhere, the starts their anchor allows."""
        found = self.viable.get(key)
        if found is None:
            anchors = self.prepared.anchors if key == ANY else {}
            needs, need_last, lasts, size = self.prepared.needs, self.need_last, self.last_start, len(self.words)
            found = []
            for t in self.grammar.index.get(key, ()):
                last = lasts.get(t.order)
                if last is None:  # a template is in the buckets of ~30 keys: look once
                    last = size
                    for number in needs[t.order]:
                        if need_last[number] < last:
                            last = need_last[number]
                    lasts[t.order] = last
                if last >= 0:
                    anchor = anchors.get(t.order)
                    found.append((t, last, self._anchored_starts(anchor) if anchor is not None else None))
            self.viable[key] = found
        return found

    def _in_reach(self, template: Template, start: int) -> bool:
        """Is each of the template's later anchors matched within its reach of `start`?"""
        for later in self.prepared.later[template.order]:
            starts = self.reach.get(id(later))
            if starts is None:
                starts = self.reach[id(later)] = self._anchored_starts(later)
            if not starts[start]:
                return False
        return True

    def _anchored_starts(self, anchor: Anchor) -> bytearray:
        """1 at each start within reach before a match of one of the anchor's literal nodes."""
        starts = bytearray(len(self.words))
        for node, firsts, reach in anchor:
            for pos in self._matches_at(node, firsts):
                low = max(0, pos - reach)
                starts[low:pos + 1] = b"\1" * (pos + 1 - low)
        return starts

    def _matches_at(self, node: Node, firsts: frozenset[str]) -> list[int]:
        """Every position where a literal node (starting with one of `firsts`, or a
        number for NUMBER) matches."""
        found = self.anchor_at.get(id(node))
        if found is None:
            at = self.positions
            if len(firsts) <= len(at):
                where = [pos for word in firsts if word in at for pos in at[word]]
            else:
                where = [pos for word, positions in at.items() if word in firsts for pos in positions]
            found = self.anchor_at[id(node)] = [pos for pos in where if self.match(node, pos)]
        return found

    def _need_last(self) -> list[int]:
        """The last position of a word of each required set of the grammar."""
        found = [-1] * self.prepared.sets
        by_word = self.prepared.by_word
        for pos, word in enumerate(self.words):
            for number in by_word.get(word, ()):
                found[number] = pos
        return found

    def match_template(self, template: Template, start: int, *, ellipsis: bool = False) -> list[Candidate]:
        return [Candidate(start, end, template, caps, wild, lits, ellipsis)
                for end, caps, wild, lits in self.match(template.tree, start) if end > start]

    def match(self, node: Node, pos: int) -> list[_Partial]:
        memo = self.memo[pos]
        found = memo.get(id(node))
        if found is None:
            found = memo[id(node)] = _MATCH.get(type(node), Matcher._nothing)(self, node, pos)
        return found

    def _word(self, node: Word, pos: int) -> list[_Partial]:
        if pos < len(self.words) and self.words[pos] == node.text:
            return [(pos + 1, (), 0, 1)]
        return []

    def _alt(self, node: Alt, pos: int) -> list[_Partial]:
        out: list[_Partial] = []
        for option in node.options:
            out.extend(self.match(option, pos))
        return _best(out) if len(out) > 1 else out

    def _nothing(self, node: Node, pos: int) -> list[_Partial]:
        return [(pos, (), 0, 0)]

    def _phrases(self, node: Phrases, pos: int) -> list[_Partial]:
        found: list[_Partial] = [(pos, (), 0, 0)] if node.empty else []
        trie, words = node.trie, self.words
        for end in range(pos, len(words)):
            trie = trie.get(words[end])
            if trie is None:
                break
            if "" in trie:
                found.append((end + 1, (), 0, end + 1 - pos))
        return found

    def _sequence(self, node: Seq, pos: int) -> list[_Partial]:
        states: list[_Partial] = [(pos, (), 0, 0)]
        words, n, items = self.words, len(self.words), node.items
        for k, item in enumerate(items):
            nxt: list[_Partial] = []
            kind = type(item)
            # literal words are matched here: most states fail them, and a memo costs more
            if kind is Word:
                text = item.text
                for end, caps, wild, lits in states:
                    if end < n and words[end] == text:
                        nxt.append((end + 1, caps, wild, lits + 1))
            elif kind is Phrases:  # _phrases inlined: its call and tuples cost 3-4% of a 4-command parse
                for state in states:
                    end, caps, wild, lits = state
                    if item.empty:
                        nxt.append(state)
                    trie = item.trie
                    for last in range(end, n):
                        trie = trie.get(words[last])
                        if trie is None:
                            break
                        if "" in trie:
                            nxt.append((last + 1, caps, wild, lits + last + 1 - end))
            else:
                for end, caps, wild, lits in states:
                    for end2, caps2, wild2, lits2 in self.match(item, end):
                        nxt.append((end2, caps + caps2, wild + wild2, lits + lits2))
            if k + 1 < len(items) and len(nxt) > 1:
                nxt = _may_go_on(nxt, items[k + 1], words)
            if not nxt:
                return []
            states = _best(nxt) if len(nxt) > 1 else nxt
        return states

    def _slot(self, node: Slot, pos: int) -> list[_Partial]:
        if pos >= len(self.words) or self.words[pos] == ",":
            return []
        # A value the list knows (a phrase, a number, a catalogue name) is as
        # specific as literal words; free text is not.
        return [(m.end, ((node.slot_name, node.list_name, m.value, pos),), m.wild,
                 0 if m.wild else m.end - pos)
                for m in self._list_matches(node.list_name, pos)]

    def _list_matches(self, list_name: str, pos: int) -> list[ListMatch]:
        """A list's values at a position, found once for every slot naming the list."""
        key = (list_name, pos)
        found = self.list_memo.get(key)
        if found is None:
            found = self.list_memo[key] = self.grammar.lists[list_name].match(self.utterance, pos)
        return found


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What the matcher derives from a grammar once: required sets by number, anchors."""

    needs: dict[int, tuple[int, ...]]  # template order -> numbers of its required sets
    by_word: dict[str, tuple[int, ...]]  # word -> numbers of the required sets holding it
    sets: int
    anchors: dict[int, Anchor | None]  # template order -> anchor, for templates that may start anywhere
    later: dict[int, tuple[Anchor, ...]]  # template order -> its later anchors (compile.later_anchors)


def prepare(grammar: Grammar, longest_name: int) -> _Prepared:
    """Once per grammar and longest catalogue name (in tokens: it bounds a name's reach),
    kept on the grammar: the compiled language is cached with it."""
    found = grammar.matching.get(longest_name)
    if found is None:
        found = grammar.matching[longest_name] = _Prepared(*_numbered_needs(grammar),
                                                           *_anchors(grammar, longest_name))
    return found


def _numbered_needs(grammar: Grammar) -> tuple[dict[int, tuple[int, ...]], dict[str, tuple[int, ...]], int]:
    numbers: dict[frozenset[str], int] = {}
    needs = {t.order: tuple(numbers.setdefault(need, len(numbers)) for need in t.required)
             for bucket in grammar.index.values() for t in bucket}
    by_word: dict[str, list[int]] = {}
    for need, number in numbers.items():
        for word in need:
            by_word.setdefault(word, []).append(number)
    return needs, {word: tuple(found) for word, found in by_word.items()}, len(numbers)


def _anchors(grammar: Grammar, longest_name: int) -> tuple[dict[int, Anchor | None], dict[int, tuple[Anchor, ...]]]:
    """The anchor of each template that may start anywhere, and the later anchors
    of every template, by template order."""
    joint = trie_depth(grammar.joiners.trie)
    longest = {name: slot_list.max_span(longest_name, joint) for name, slot_list in grammar.lists.items()}
    templates = {t.order: t for bucket in grammar.index.values() for t in bucket}
    shared: dict[Anchor, Anchor] = {}  # equal anchors as one object: the matcher finds each once
    return ({t.order: anchor(t.tree, grammar.lists, longest) for t in grammar.index.get(ANY, ())},
            {order: tuple(shared.setdefault(a, a) for a in later_anchors(t.tree, grammar.lists, longest, NUMBER))
             for order, t in templates.items()})


def _long_connectors(grammar: Grammar, words: Sequence[str]) -> frozenset[int]:
    """Where a connector of several words starts ("然后", "and then"): free text ends there."""
    connectors, firsts = grammar.connectors, grammar.connectors.trie
    return frozenset(i for i, word in enumerate(words) if word in firsts and word not in grammar.wild_stops
                     and any(end > i + 1 for end, _ in connectors.match(words, i)))


def _may_go_on(partials: list[_Partial], item: Node, words: Sequence[str]) -> list[_Partial]:
    """The partial matches the next item can follow, when it must start with a literal word."""
    if type(item) is Word:
        return [p for p in partials if p[0] < len(words) and words[p[0]] == item.text]
    if type(item) is Phrases and not item.empty:
        return [p for p in partials if p[0] < len(words) and words[p[0]] in item.trie]
    return partials


def _best(partials: list[_Partial]) -> list[_Partial]:
    """Drop duplicates: per (end, captures) keep the least free text, most literals."""
    best: dict[tuple[int, tuple], _Partial] = {}
    for p in partials:
        key = (p[0], p[1])
        old = best.get(key)
        if old is None or (p[2], -p[3]) < (old[2], -old[3]):
            best[key] = p
    return list(best.values())


_MATCH = {Word: Matcher._word, Phrases: Matcher._phrases, Seq: Matcher._sequence, Alt: Matcher._alt,
          Slot: Matcher._slot}
