"""Find a catalogue item by a name as said: exact, then all words, then fuzzy."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")

# token_sort_ratio tolerates word order and ASR slips ("jay chow"); below 85
# unrelated short names ("Bund" / "Bank") start to match.
FUZZY_CUTOFF = 85.0
_ARTICLES = re.compile(r"^(the|a|an)\s+")


def normalise_name(text: str) -> str:
    """Lower-case, NFKC, punctuation to spaces, no leading article."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return _ARTICLES.sub("", " ".join(text.split()))


class NameIndex(Generic[T]):
    """Names and aliases of items, normalised once."""

    def __init__(self, entries: Iterable[tuple[Iterable[str | None], T]]) -> None:
        self._exact: dict[str, list[T]] = {}
        self._names: list[tuple[str, T]] = []
        for names, item in entries:
            for name in names:
                if name:
                    key = normalise_name(name)
                    self._exact.setdefault(key, []).append(item)
                    self._names.append((key, item))

    def find(self, said: str) -> T | None:
        """The item named, or None when nothing is close enough."""
        found = self.find_all(said)
        return found[0] if found else None

    def find_all(self, said: str) -> list[T]:
        """Every item with exactly this name or alias ("starbucks"), else the best guess."""
        key = normalise_name(said)
        if not key:
            return []
        if key in self._exact:
            return list({id(item): item for item in self._exact[key]}.values())
        guess = self._containing(key) or self._fuzzy(key)
        return [guess] if guess is not None else []

    def _containing(self, key: str) -> T | None:
        """The shortest name holding every word said ("pudong airport")."""
        words = key.split()
        hits = [(len(n), n, item) for n, item in self._names
                if all(w in n.split() for w in words) or (not n.isascii() and key in n)]
        return min(hits, key=lambda h: (h[0], h[1]))[2] if hits else None

    def _fuzzy(self, key: str) -> T | None:
        choices = [n for n, _ in self._names]
        best = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        return self._names[best[2]][1] if best else None
