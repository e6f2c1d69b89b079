"""The best cover: which candidates, in order, explain the utterance.

Dynamic programming over token positions. Between commands, connectors
("and", "then", ",", 然后) are free and politeness phrases ("could you",
"please") are cheap; any other token left over is "unexplained". Costs are
tuples compared in order, never a blended score:

    (unexplained words, free-text words, politeness words, -literal words, commands)

so "play simon and garfunkel" stays one command when the catalogue explains
it, and "play jazz and open the window" splits because free text costs more
than two exact commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

from assistant.nlu.lists import PhraseSet
from assistant.nlu.matcher import Candidate

MAX_PIECE_TOKENS = 48  # a clause group longer than this is cut (no command is this long)
Cost = tuple[int, int, int, int, int]
ZERO: Cost = (0, 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Step:
    """One move of the cover: a candidate, or tokens skipped and why."""

    kind: str  # "command", "connector", "polite", "unexplained"
    start: int
    end: int
    candidate: Candidate | None = None

    def shifted(self, offset: int) -> "Step":
        """This step of a piece of text, in the positions of the whole text."""
        c = self.candidate
        return Step(self.kind, self.start + offset, self.end + offset, c and c.shifted(offset))


class Matched(NamedTuple):
    """The words of one piece and every candidate on them."""

    words: tuple[str, ...]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Cover:
    steps: tuple[Step, ...]
    cost: Cost
    # the matcher's candidates, when the cover is of one piece: a reread of the same
    # text with a few words corrected reuses those of the unchanged ending
    found: Matched | None = field(default=None, compare=False, repr=False)
    # when the text was cut into pieces: each piece's words and cover, so that a
    # reread covers again only the pieces a correction changed
    parts: tuple[tuple[tuple[str, ...], "Cover"], ...] = field(default=(), compare=False, repr=False)
    # the commands read on virtual utterances (a verb borrowed, a tail shared), by
    # their words: a reread of the same text with a word corrected reuses them
    virtual: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def commands(self) -> list[Candidate]:
        return [s.candidate for s in self.steps if s.candidate is not None]

    @property
    def unexplained(self) -> list[int]:
        return [i for s in self.steps if s.kind == "unexplained" for i in range(s.start, s.end)]


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4])


def best_cover(words: Sequence[str], candidates: Sequence[Candidate],
               connectors: PhraseSet, skippable: PhraseSet) -> Cover:
    """The cheapest sequence of steps from the first token to the last."""
    n = len(words)
    by_start: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_start.setdefault(c.start, []).append(c)
    best: list[tuple[Cost, Step | None, int] | None] = [None] * (n + 1)
    best[0] = (ZERO, None, -1)

    def relax(end: int, cost: Cost, step: Step, start: int) -> None:
        old = best[end]
        if old is None or cost < old[0]:
            best[end] = (cost, step, start)

    for i in range(n):
        if best[i] is None:
            continue
        cost = best[i][0]
        for end, _ in connectors.match(words, i):
            relax(end, cost, Step("connector", i, end), i)
        if words[i] == ",":
            relax(i + 1, cost, Step("connector", i, i + 1), i)
        for end, _ in skippable.match(words, i):
            relax(end, _add(cost, (0, 0, end - i, 0, 0)), Step("polite", i, end), i)
        relax(i + 1, _add(cost, (1, 0, 0, 0, 0)), Step("unexplained", i, i + 1), i)
        for c in by_start.get(i, ()):
            relax(c.end, _add(cost, (0, c.wild, 0, -c.literals, 1)), Step("command", i, c.end, c), i)
    steps: list[Step] = []
    pos = n
    while pos > 0:
        _, step, start = best[pos]
        steps.append(step)
        pos = start
    return Cover(tuple(reversed(steps)), best[n][0])


def pieces(words: Sequence[str], connectors: PhraseSet) -> list[tuple[int, int]]:
    """[start, end) pieces of at most MAX_PIECE_TOKENS, cut at clause breaks where possible
    (after a comma, else before a connector: "and", 然后), else hard.

    A command never spans a clause break, so covering a long text piece by
    piece keeps the work linear in its length.
    """
    parts, start = [], 0
    while len(words) - start > MAX_PIECE_TOKENS:
        window = range(start + MAX_PIECE_TOKENS, start, -1)
        cut = next((i for i in window if words[i - 1] == ","), None) or next(
            (i for i in window if words[i] in connectors.trie and connectors.match(words, i)), start + MAX_PIECE_TOKENS)
        parts.append((start, cut))
        start = cut
    parts.append((start, len(words)))
    return parts
