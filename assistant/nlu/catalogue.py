"""Catalogue names (places, music, contacts) indexed for the matcher.

Names and aliases are normalised exactly like utterances and stored in a token
trie, so an exact name is found in time proportional to its length, whatever
the catalogue's size. Names said with ASR errors are looked up afterwards with
rapidfuzz over a prefiltered candidate set (first-token and character n-gram
buckets), never by scanning the catalogue.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from typing import Callable, Iterable, NamedTuple, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from assistant.nlu.text import is_cjk, join_tokens

# A name said with a typo must still be this close (rapidfuzz ratio, 0-100) to
# a catalogue name: 85 lets one wrong letter in a 7+ letter name through
# ("tayler swift"), but not a different short name ("adele" vs "abba").
NAME_FUZZY_CUTOFF = 85.0
# A short name ("quean") is one wrong letter below that ratio; one edit is still
# recognised from this length on ("queen"), not in shorter words ("abba"/"aqua").
MIN_ONE_EDIT_NAME = 5
MAX_MEMO = 20_000  # remembered fuzzy look-ups (the same misheard name comes back)
# At most this many prefiltered candidates are scored by rapidfuzz.
FUZZY_CANDIDATES = 400
# A word or letter pair shared by more names than this says nothing ("the", " s").
MAX_BUCKET = 3000
RARE_GRAMS = 4  # the rarest letter pairs of a misheard name find its candidates
MAX_SOUND_SPAN = 8  # characters: the longest misheard Chinese name looked up by sound
MAX_NAME_TOKENS = 24  # longer names are cut: no one says more of a name

# When one name is several things ("Jazz" the genre and Queen's album), prefer
# the kind people mean most often when they say just the name.
KIND_PREFERENCE = ("artists", "genres", "songs", "playlists", "stations", "albums", "places",
                   "contacts")
SLOT_OF_KIND = {"places": "destination", "artists": "artist", "songs": "song",
                "albums": "album", "genres": "genre", "playlists": "playlist",
                "stations": "station", "contacts": "contact"}


class Entry(NamedTuple):
    """One catalogue item as a slot can name it (a tuple: hashed and pickled at C speed)."""

    kind: str
    name: str
    name_zh: str | None
    category: str | None = None

    def canonical(self, language: str) -> str:
        return (self.name_zh or self.name) if language == "zh" else self.name


class NameHit(NamedTuple):
    """A catalogue name found at a token span."""

    end: int
    entry: Entry
    said: str  # the name as the index matched it (normalised)


class Catalogue:
    """All catalogue names of one language: exact look-up by joined tokens, fuzzy buckets.

    Kept compact (180,000 names per language): a name of one item maps to its
    Entry itself, beginnings are strings, and the fuzzy buckets are arrays of
    name numbers, without the buckets too common to be looked at (MAX_BUCKET).
    """

    def __init__(self, entries: Iterable[tuple[Entry, Sequence[str]]],
                 tokenize: Callable[[str], list[str]]):
        self.names: dict[str, Entry | tuple[Entry, ...]] = {}
        self.starts: set[str] = set()  # first token, and first two tokens joined, of every name
        self.longest = 1
        for entry, said in entries:
            for name in said:
                tokens = tokenize(name)[:MAX_NAME_TOKENS]
                if not tokens:
                    continue
                self._add(" ".join(tokens), entry)
                self.starts.update((tokens[0], " ".join(tokens[:2])))
                self.longest = max(self.longest, len(tokens))
        # numbered shortest first: a bucket's names of one length range are one slice of it
        self._keys = sorted(self.names, key=len)
        self._length_from = _first_of_length(self._keys)
        self._by_word, _ = _buckets(self._keys, str.split)
        self._by_gram, self._gram_sizes = _buckets(self._keys, _ngrams)

    def _add(self, key: str, entry: Entry) -> None:
        """One more item for a name, in its compact form (built in place: 180k names)."""
        found = self.entries(key)
        if entry not in found:
            self.names[key] = entry if not found else (*found, entry)

    def entries(self, key: str) -> tuple[Entry, ...]:
        """The items a (normalised, joined) name names."""
        found = self.names.get(key, ())
        return (found,) if type(found) is Entry else found

    def find(self, tokens: Sequence[str], pos: int, kinds: frozenset[str]) -> list[NameHit]:
        """Every catalogue name of those kinds starting at `pos`."""
        if tokens[pos] not in self.starts:
            return []
        hits: list[NameHit] = []
        for end in range(pos + 1, min(len(tokens), pos + self.longest) + 1):
            key = " ".join(tokens[pos:end])
            if end == pos + 2 and key not in self.starts:
                break
            for entry in self.entries(key):
                if entry.kind in kinds:
                    hits.append(NameHit(end, entry, join_tokens(tokens[pos:end])))
        return sorted(hits, key=lambda h: KIND_PREFERENCE.index(h.entry.kind))

    def closest(self, said: str, kinds: frozenset[str]) -> Entry | None:
        """The catalogue entry whose name is nearest to `said`, if near enough (memoised)."""
        return self._remembered((said, kinds), lambda: self._closest(said, kinds))

    def closest_across(self, said: str, kinds: frozenset[str], joint: str) -> Entry | None:
        """The nearest name to `said`, which runs over the connector `joint`
        ("simon and garfunkle"): looked for only among names holding that word."""
        joined = getattr(self, "_joined", None)
        if joined is None:
            return self.closest(said, kinds)

        def nearest() -> Entry | None:
            numbers, names = joined.get(joint, ((), []))
            low, high = self._similar_lengths(said)
            return self._nearest(said, names[bisect_left(numbers, low):bisect_left(numbers, high)], kinds)
        return self._remembered((said, kinds, joint), nearest)

    def _remembered(self, key: tuple, look_up: Callable[[], Entry | None]) -> Entry | None:
        """A fuzzy look-up, memoised: the same misheard name comes back."""
        memo = self.__dict__.setdefault("_closest_memo", {})
        if key not in memo:
            if len(memo) > MAX_MEMO:
                memo.clear()
            memo[key] = look_up()
        return memo[key]

    def prepare_joined(self, joints: Iterable[str]) -> None:
        """Index the names holding a connector word ("earth wind and fire") by that word."""
        joints = set(joints)
        self._joined: dict[str, tuple[array, list[str]]] = {}
        for i, name in enumerate(self._keys):
            for word in joints.intersection(name.split()):
                numbers, names = self._joined.setdefault(word, (array("I"), []))
                numbers.append(i)
                names.append(name)

    def _closest(self, said: str, kinds: frozenset[str]) -> Entry | None:
        if any("\u3400" <= ch <= "\u9fff" for ch in said):  # Chinese: by sound (外摊 -> 外滩)
            return self._closest_by_sound(said, kinds)
        return self._nearest(said, self._candidates(said), kinds)

    def _nearest(self, said: str, candidates: list[str], kinds: frozenset[str]) -> Entry | None:
        found = process.extract(said, candidates, scorer=fuzz.ratio, score_cutoff=NAME_FUZZY_CUTOFF, limit=None)
        best = self._of_kinds(sorted(found, key=lambda f: (-f[1], f[2])), kinds)
        if best is None and len(said) >= MIN_ONE_EDIT_NAME:
            found = process.extract(said, candidates, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
            best = self._of_kinds(sorted(found, key=lambda f: (f[1], f[2])), kinds)
        return best

    def _of_kinds(self, found: list[tuple[str, float, int]], kinds: frozenset[str]) -> Entry | None:
        """The first entry of those kinds a name of `found` (best first) names."""
        for name, _, _ in found:
            for e in self.entries(name):
                if e.kind in kinds:
                    return e
        return None

    def prepare_sounds(self) -> None:
        """Index names by pinyin now (a Chinese language is compiled, then cached)."""
        from assistant.nlu.pinyin import PinyinNames

        self._by_sound = PinyinNames(self.names)

    def correct_by_sound(self, words: list[str], positions: Sequence[int],
                         keep: frozenset[str] = frozenset()) -> list[str]:
        """Runs of doubtful Chinese characters that sound exactly like a name become the name.

        周杰轮 -> 周杰伦 (zhou jie lun): one dictionary look-up per span, so a
        catalogue list without free text still hears a misrecognised name.
        Characters in `keep` (开, 关: polarity) are never changed: 打开阅读灯 has
        no 凯悦 in it.
        """
        if getattr(self, "_by_sound", None) is None:
            self.prepare_sounds()
        from assistant.nlu.pinyin import sound_keys

        fixed, doubtful = list(words), set(positions)
        for start in sorted(doubtful):
            for length in range(min(MAX_SOUND_SPAN, len(words) - start), 1, -1):
                span = range(start, start + length)
                if not all(i in doubtful and is_cjk(words[i]) for i in span):
                    continue
                name = self._sounds_like("".join(words[start:start + length]), sound_keys)
                if name is not None and all(a == b or a not in keep for a, b in zip(words[start:], name)):
                    fixed[start:start + length] = list(name)
                    doubtful -= set(span)
                    break
        return fixed

    def _sounds_like(self, said: str, sound_keys) -> str | None:
        for key in sorted(sound_keys(said)):
            for name in self._by_sound.exact.get(key, ()):
                compact = name.replace(" ", "")
                if len(compact) == len(said) and compact != said:
                    return compact
        return None

    def _closest_by_sound(self, said: str, kinds: frozenset[str]) -> Entry | None:
        if getattr(self, "_by_sound", None) is None:
            self.prepare_sounds()
        best = self._by_sound.closest(said, lambda n: any(e.kind in kinds for e in self.entries(n)))
        return None if best is None else next(e for e in self.entries(best) if e.kind in kinds)

    def _candidates(self, said: str) -> list[str]:
        """Names that may be `said` misheard: they share a whole word, or a rare letter pair."""
        found: dict[str, None] = {}
        for word in said.split():
            self._fill(found, self._by_word.get(word, ()))
        grams = sorted((g for g in _ngrams(said) if g in self._gram_sizes), key=self._gram_sizes.__getitem__)
        low, high = self._similar_lengths(said)
        for gram in grams[:RARE_GRAMS]:
            bucket = self._by_gram.get(gram, ())
            self._fill(found, bucket[bisect_left(bucket, low):bisect_left(bucket, high)])
        return list(found)[:FUZZY_CANDIDATES]

    def _similar_lengths(self, said: str) -> tuple[int, int]:
        """[low, high): the numbers of the names not much longer or shorter than `said`."""
        slack = max(2, len(said) // 3)  # a name much longer or shorter is no mishearing of it
        lengths = self._length_from
        return (lengths[min(len(lengths) - 1, max(0, len(said) - slack))],
                lengths[min(len(lengths) - 1, len(said) + slack + 1)])

    def _fill(self, found: dict[str, None], numbers: Sequence[int]) -> None:
        """Add the numbered names in order until there are FUZZY_CANDIDATES: the rest
        of a big bucket would be cut off anyway."""
        start = 0
        while start < len(numbers) and len(found) < FUZZY_CANDIDATES:
            end = start + FUZZY_CANDIDATES - len(found)
            found.update(dict.fromkeys(map(self._keys.__getitem__, numbers[start:end])))
            start = end


def _first_of_length(names: list[str]) -> array:
    """For each length up to the longest + 1, the number of the first name at least that
    long (names sorted by length)."""
    longest = len(names[-1]) if names else 0
    first, i = array("I", [0] * (longest + 2)), 0
    for length in range(longest + 2):
        while i < len(names) and len(names[i]) < length:
            i += 1
        first[length] = i
    return first


def _ngrams(text: str) -> set[str]:
    """Character bigrams: robust to one wrong letter, cheap to index."""
    padded = f" {text} "
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


def _buckets(names: list[str], keys: Callable[[str], Iterable[str]]) -> tuple[dict[str, array], dict[str, int]]:
    """Key -> numbers of the names having it (only buckets of at most MAX_BUCKET), and
    key -> how many names have it (every key: the rarest are looked at first)."""
    buckets: dict[str, array] = defaultdict(lambda: array("I"))  # not lists: 4 bytes a number, not 8 + 32
    for i, name in enumerate(names):
        for key in set(keys(name)):
            buckets[key].append(i)
    kept = {key: found for key, found in buckets.items() if len(found) <= MAX_BUCKET}
    return kept, {key: len(found) for key, found in buckets.items()}


def catalogue_entries(seeds) -> list[tuple[Entry, list[str]]]:
    """Every nameable item of the seeds with all the names it may be called."""
    out: list[tuple[Entry, list[str]]] = []

    def add(kind: str, name: str, name_zh: str | None, aliases: Iterable[str],
            category: str | None = None) -> None:
        names = [name, *([name_zh] if name_zh else []), *aliases]
        out.append((Entry(kind, name, name_zh, category), names))

    for p in seeds.places:
        add("places", p.name, p.name_zh, p.aliases, p.category)
    for a in seeds.artists:
        add("artists", a.name, a.name_zh, a.aliases)
    albums: dict[str, Entry] = {}
    for t in seeds.tracks:
        add("songs", t.song, t.song_zh, ())
        if t.album and t.album not in albums:
            albums[t.album] = Entry("albums", t.album, None)
            out.append((albums[t.album], [t.album]))
    for g in seeds.genres:
        add("genres", g.name, g.name_zh, g.aliases)
    for s in seeds.stations:
        add("stations", s.name, s.name_zh, (*s.aliases, s.frequency))
    for pl in seeds.playlists:
        add("playlists", pl.name, pl.name_zh, pl.aliases)
    for c in seeds.contacts:
        add("contacts", c.name, c.name_zh, c.aliases)
    return out
