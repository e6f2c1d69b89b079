"""Sentence templates parsed into a small typed tree.

Syntax (hassil's, which data authors already know):
    word        a literal word (normalised like the utterance)
    (a|b c)     alternatives
    [x]         optional
    {list}      a slot filled from a list; {list:slot} names the slot
    <rule>      a reusable expansion from `_common.yaml`

The same tree is matched, checked and sampled; it is never expanded into all
its sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Union


@dataclass(frozen=True, slots=True)
class Word:
    text: str


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Alt:
    options: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Slot:
    list_name: str
    slot_name: str


@dataclass(frozen=True, slots=True)
class RuleRef:
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class Phrases:
    """A compiled, purely literal subtree: its word sequences in a trie."""

    trie: dict
    empty: bool  # the subtree can match nothing
    firsts: frozenset[str]


Node = Union[Word, Seq, Alt, Slot, RuleRef, Phrases]
EMPTY = Seq(())


class TemplateError(ValueError):
    """A template that cannot be parsed; the message says where."""


class _Reader:
    """Recursive descent over a template string."""

    def __init__(self, source: str, tokenize: Callable[[str], list[str]]):
        self.source = source
        self.pos = 0
        self.tokenize = tokenize

    def fail(self, message: str) -> TemplateError:
        return TemplateError(f"{message} at column {self.pos + 1} of '{self.source}'")

    def alternatives(self, closing: str) -> Node:
        options = [self.sequence(closing)]
        while self.pos < len(self.source) and self.source[self.pos] == "|":
            self.pos += 1
            options.append(self.sequence(closing))
        return options[0] if len(options) == 1 else Alt(tuple(options))

    def sequence(self, closing: str) -> Node:
        items: list[Node] = []
        literal_start = self.pos
        while self.pos < len(self.source):
            ch = self.source[self.pos]
            if ch in "|" or ch in closing:
                break
            if ch in "([{<":
                items.extend(self.literal(literal_start))
                items.append(self.group(ch))
                literal_start = self.pos
            elif ch in ")]}>":
                raise self.fail(f"unexpected '{ch}'")
            else:
                self.pos += 1
        items.extend(self.literal(literal_start))
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def literal(self, start: int) -> list[Node]:
        return [Word(w) for w in self.tokenize(self.source[start:self.pos])]

    def group(self, opening: str) -> Node:
        closing = {"(": ")", "[": "]", "{": "}", "<": ">"}[opening]
        self.pos += 1
        if opening in "{<":
            end = self.source.find(closing, self.pos)
            if end < 0:
                raise self.fail(f"missing '{closing}'")
            name = self.source[self.pos:end].strip()
            self.pos = end + 1
            if not name or any(c in name for c in "()[]{}<>| "):
                raise self.fail(f"bad name '{name}'")
            if opening == "<":
                return RuleRef(name)
            list_name, _, slot_name = name.partition(":")
            return Slot(list_name, slot_name or list_name)
        inner = self.alternatives(closing)
        if self.pos >= len(self.source) or self.source[self.pos] != closing:
            raise self.fail(f"missing '{closing}'")
        self.pos += 1
        return Alt((inner, EMPTY)) if opening == "[" else inner


def parse_template(source: str, tokenize: Callable[[str], list[str]]) -> Node:
    """Parse one template; `tokenize` normalises its literal words."""
    reader = _Reader(source, tokenize)
    node = reader.alternatives("")
    if reader.pos != len(source):
        raise reader.fail("unexpected text")
    return node


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first."""
    yield node
    if isinstance(node, Seq):
        for item in node.items:
            yield from walk(item)
    elif isinstance(node, Alt):
        for option in node.options:
            yield from walk(option)
