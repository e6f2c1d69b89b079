"""Template trees made fast to match: literal subtrees become tries, and each
template learns which words an utterance must contain for it to match at all.

"(turn up|crank up|raise) the (heat|temperature)" has six sentences; matched
as a tree it costs a call per alternative at every position, as a trie one
dictionary step per word. The required words let the matcher skip, with one
set test, every template whose keywords the utterance does not contain.
"""

from __future__ import annotations

from itertools import product
from typing import Mapping

from assistant.nlu.lists import SlotList, trie_depth
from assistant.nlu.template import Alt, Node, Phrases, Seq, Slot, Word

# A literal subtree with more sentences than this stays a tree (its trie would
# be large, and its parts are tries already). 800, not 2000: the English tries
# took 22 MB of the 400 MB budget with the large catalogues, for no speed gain.
MAX_PHRASES = 800


def literal_phrases(node: Node) -> list[tuple[str, ...]] | None:
    """Every word sequence of a purely literal subtree, or None."""
    if isinstance(node, Word):
        return [(node.text,)]
    if isinstance(node, Phrases):
        return None
    if isinstance(node, Alt):
        out: list[tuple[str, ...]] = []
        for option in node.options:
            phrases = literal_phrases(option)
            if phrases is None:
                return None
            out.extend(phrases)
        return out if len(out) <= MAX_PHRASES else None
    if isinstance(node, Seq):
        parts = [literal_phrases(item) for item in node.items]
        if any(p is None for p in parts):
            return None
        count = 1
        for p in parts:
            count *= len(p)
        if count > MAX_PHRASES:
            return None
        return [tuple(w for piece in combo for w in piece) for combo in product(*parts)]
    return None


def _trie(phrases: list[tuple[str, ...]]) -> Phrases:
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for word in phrase:
            node = node.setdefault(word, {})
        node[""] = True
    return Phrases(trie, any(not p for p in phrases), frozenset(p[0] for p in phrases if p))


class Optimiser:
    """Makes template trees fast to match: literal subtrees become tries, and equal
    subtrees (a slot, "[{weather_date}] [{place}]", a rule's trie) become one object.

    The matcher memoises by node identity, so a subtree shared by many templates
    is matched once per position; shared tries are also stored once.
    """

    def __init__(self) -> None:
        self._done: dict[int, tuple[Node, Node]] = {}  # id(node) -> (node, result); node kept alive
        self._equal: dict = {}  # node, or the phrases of a trie -> the one shared node

    def __call__(self, node: Node) -> Node:
        done = self._done.get(id(node))
        if done is not None and done[0] is node:
            return done[1]
        phrases = literal_phrases(node)
        if phrases is not None and not isinstance(node, Word):
            key = frozenset(phrases)
            result = self._equal.get(key) or self._equal.setdefault(key, _trie(phrases))
        else:
            if isinstance(node, Seq):
                node_out: Node = Seq(tuple(self(i) for i in node.items))
            elif isinstance(node, Alt):
                node_out = Alt(tuple(self(o) for o in node.options))
            else:
                node_out = node
            result = self._equal.setdefault(node_out, node_out)
        self._done[id(node)] = (node, result)
        return result

    def required(self, node: Node, lists: Mapping[str, SlotList]) -> tuple[frozenset[str], ...]:
        """required_words, each set shared with equal sets of other templates (the
        matcher looks each up once per utterance)."""
        return tuple(self._equal.setdefault(("required", need), need) for need in required_words(node, lists))


def required_words(node: Node, lists: Mapping[str, SlotList]) -> list[frozenset[str]]:
    """Sets of words of which the utterance must contain one each for a match."""
    if isinstance(node, Word):
        return [frozenset((node.text,))]
    if isinstance(node, Phrases):
        return [] if node.empty else [node.firsts]
    if isinstance(node, Seq):
        return [s for item in node.items for s in required_words(item, lists)]
    if isinstance(node, Alt):
        firsts: set[str] = set()
        for option in node.options:
            need = required_words(option, lists)
            if not need:
                return []
            firsts |= need[0]
        return [frozenset(firsts)]
    if isinstance(node, Slot):
        slot_list = lists.get(node.list_name)
        firsts = slot_list.first_tokens() if slot_list else None
        return [frozenset(firsts)] if firsts else []
    return []


OPEN = ""  # in a prefix: anything may come next (a slot's value)
MAX_PREFIXES = 4000  # more two-word beginnings than this: index by the first word only


def prefixes(node: Node, lists: Mapping[str, SlotList], number_key: str) -> set[tuple[str, ...]]:
    """The first two tokens of the node's matches.

    A prefix shorter than two without OPEN is complete (the match may end
    there); one ending in OPEN continues with anything. A number-only slot
    starts with `number_key`.
    """
    if isinstance(node, Word):
        return {(node.text,)}
    if isinstance(node, Phrases):
        return _trie_prefixes(node.trie, node.empty)
    if isinstance(node, Slot):
        return _slot_prefixes(lists.get(node.list_name), number_key)
    if isinstance(node, Alt):
        out: set[tuple[str, ...]] = set()
        for option in node.options:
            out |= prefixes(option, lists, number_key)
        return out
    if isinstance(node, Seq):
        result: set[tuple[str, ...]] = {()}
        for item in node.items:
            if all(len(p) >= 2 or (p and p[-1] == OPEN) for p in result):
                break
            following = prefixes(item, lists, number_key)
            result = {_join(p, q, number_key) for p in result for q in following} | {
                p for p in result if len(p) >= 2 or (p and p[-1] == OPEN)}
            if len(result) > MAX_PREFIXES:
                return {(OPEN,)}
        return result
    return {()}


def _join(p: tuple[str, ...], q: tuple[str, ...], number_key: str) -> tuple[str, ...]:
    if len(p) >= 2 or (p and p[-1] == OPEN):
        return p
    if p and q and q[0] == number_key:  # a number is a key only where a match starts
        return (p[0], OPEN)
    return (p + q)[:2]


def _trie_prefixes(trie: dict, empty: bool) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = {()} if empty else set()
    for first, below in trie.items():
        if not first:
            continue
        if "" in below:
            out.add((first,))
        out |= {(first, second) for second in below if second}
    return out


def _slot_prefixes(slot_list: SlotList | None, number_key: str) -> set[tuple[str, ...]]:
    if slot_list is None:
        return {(OPEN,)}
    spec = slot_list.spec
    if spec.catalogue or spec.wildcard:
        return {(OPEN,)}
    out = {(first, OPEN) for first in slot_list.phrases.first_tokens()}
    if spec.range:
        out.add((number_key, OPEN))
    return out


Anchor = tuple[tuple[Node, frozenset[str], int], ...]  # (node, its first words, reach), one must match


def anchor(node: Node, lists: Mapping[str, SlotList], longest: Mapping[str, int],
           number: str | None = None) -> Anchor | None:
    """Where a match's first literal part may be: for one of the (node, firsts,
    reach) triples, `node` matches at a token in [s, s + reach] of a match
    starting at s, and that token is one of `firsts`. None when nothing bounds it.

    "{place} (怎么走|的路线|...)" may start anywhere (free text), but only within a
    wildcard's reach before "怎么走" or "的路线", so the matcher need not try it
    elsewhere. `longest` is the most tokens a value of each list spans. With
    `number`, a slot of numbers anchors too, on any number token (`number`).
    """
    if isinstance(node, Word):
        return ((node, frozenset((node.text,)), 0),)
    if isinstance(node, Phrases):
        return None if node.empty else ((node, node.firsts, 0),)
    if isinstance(node, Slot):
        slot_list = lists.get(node.list_name)
        firsts = slot_list.first_tokens() if slot_list is not None else None
        if number is not None and slot_list is not None and _numbers_only(slot_list):
            firsts = slot_list.phrases.first_tokens() | {number}
        return ((node, frozenset(firsts), 0),) if firsts else None
    if isinstance(node, Alt):
        found = [anchor(option, lists, longest, number) for option in node.options]
        if not found or any(a is None for a in found):
            return None
        return tuple(triple for a in found for triple in a)  # type: ignore[union-attr]
    if isinstance(node, Seq):
        before = 0
        for item in node.items:
            found = anchor(item, lists, longest, number)
            if found is not None:
                return tuple((literal, firsts, before + reach) for literal, firsts, reach in found)
            span = max_span(item, longest)
            if span is None:
                return None
            before += span
    return None


def later_anchors(node: Node, lists: Mapping[str, SlotList], longest: Mapping[str, int],
                  number: str) -> tuple[Anchor, ...]:
    """An anchor for each required literal part (or number) after the first of a
    sequence, with its reach from the match's start: a match starting at s has
    each one within reach. "{place} (会|要) (下雨|下雪)" starts near 会 or 要, and
    also near 下雨 or 下雪, which is rarer: the matcher tries it only where both
    are; "<set> {temperature}" only where a number follows."""
    if not isinstance(node, Seq):
        return ()
    found, before = [], 0
    for k, item in enumerate(node.items):
        found_here = anchor(item, lists, longest, number)
        if found_here is not None and k > 0:
            found.append(tuple((literal, firsts, before + reach) for literal, firsts, reach in found_here))
        span = max_span(item, longest)
        if span is None:
            break
        before += span
    return tuple(found)


def _numbers_only(slot_list: SlotList) -> bool:
    """A list of numbers (and perhaps words): no name, no free text."""
    spec = slot_list.spec
    return bool(spec.range) and not spec.catalogue and not spec.wildcard


def max_span(node: Node, longest: Mapping[str, int]) -> int | None:
    """The most tokens a match of the node covers; None if unbounded or unknown."""
    if isinstance(node, Word):
        return 1
    if isinstance(node, Phrases):
        return trie_depth(node.trie)
    if isinstance(node, Slot):
        return longest.get(node.list_name)
    if isinstance(node, (Seq, Alt)):
        spans = [max_span(child, longest) for child in (node.items if isinstance(node, Seq) else node.options)]
        if any(s is None for s in spans):
            return None
        return sum(spans) if isinstance(node, Seq) else max(spans, default=0)  # type: ignore[arg-type]
    return None
