"""Pinyin keys: Chinese ASR errors are homophones, not typos.

A speech recogniser that mishears 空调 writes 空条 (kong tiao either way), 导航
becomes 到航, 外滩 becomes 外摊. Character edit distance sees two different
words; pinyin sees the same one. This module gives:

- `sound_key(text)`: the toneless pinyin syllables of a text, with the
  initials and finals that accents and recognisers confuse folded together;
- `HomophoneLexicon`: the grammar's own multi-character words by sound, used
  by the engine to replace misheard command words (never a polarity word);
- `PinyinNames`: catalogue names by sound, for `Catalogue.closest`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from itertools import chain
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz, process

# Folded together (southern accents and ASR confuse them): zh/z, ch/c, sh/s,
# ing/in, eng/en. n/l and an/ang are NOT folded: they would make too many
# unrelated words sound alike (男/蓝, 安/昂 ...).
_FOLD_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FOLD_FINALS = (("ing", "in"), ("eng", "en"))

# A misheard command word is corrected only when it has at least two
# characters: a single character has dozens of homophones (到/道/倒/导 ...), so
# correcting one alone would turn ordinary words into commands.
MIN_HOMOPHONE_CHARS = 2
MAX_HOMOPHONE_CHARS = 4  # grammar words are short; longer windows only cost time
MAX_KEPT_CHARS = 1  # a corrected window keeps at most this many of its characters
MAX_HEARD_READINGS = 16  # heteronym readings of a window tried, at most
MAX_CHAR_READINGS = 2  # a character's common readings (pypinyin lists rare ones later: 方 wang)
MIN_WHOLE_CHARS = 3  # ... unless it is a word this long written whole, one character slipped
# A name this short must sound exactly alike: a near miss is another person.
MIN_FUZZY_SYLLABLES = 3
# A syllable found in more names than this says nothing about which one was meant.
MAX_SYLLABLE_BUCKET = 2000
# A catalogue name said with a homophone or one wrong syllable must score this
# on the spaced syllable strings (rapidfuzz ratio): 85 accepts 周杰龙 for 周杰伦
# (zhou jie long / zhou jie lun) but not 外婆 for 外滩 (wai po / wai tan).
NAME_PINYIN_CUTOFF = 85.0
MAX_NAME_LENGTH_GAP = 1  # characters: a name said may drop or add one at most


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


@lru_cache(maxsize=1 << 16)
def syllable(ch: str) -> str:
    """The folded toneless syllable of one character (other text is kept)."""
    if not is_cjk(ch):
        return ch
    from pypinyin import lazy_pinyin

    return _fold(lazy_pinyin(ch)[0])


def _fold(sound: str) -> str:
    for a, b in _FOLD_INITIALS:
        if sound.startswith(a):
            sound = b + sound[len(a):]
            break
    for a, b in _FOLD_FINALS:
        if sound.endswith(a):
            sound = sound[: -len(a)] + b
            break
    return sound


def sound_key(text: str) -> tuple[str, ...]:
    """Syllables of the CJK characters; latin words and numbers kept as they are."""
    out: list[str] = []
    word = ""
    for ch in text:
        if is_cjk(ch):
            if word:
                out.append(word)
                word = ""
            out.append(syllable(ch))
        elif ch.isspace():
            if word:
                out.append(word)
                word = ""
        else:
            word += ch
    if word:
        out.append(word)
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def sound_keys(text: str) -> frozenset[tuple[str, ...]]:
    """Every way the text may be read: character by character, and as a word.

    Characters with several readings (调 tiao / diao, 行 xing / hang) are read
    in context by pypinyin's phrase dictionary (空调 -> kong tiao), which the
    character-by-character key misses; a word matches on either.
    """
    compact = text.replace(" ", "")
    keys = {sound_key(compact)}
    if compact and all(map(is_cjk, compact)):
        from pypinyin import lazy_pinyin

        keys.add(tuple(_fold(s) for s in lazy_pinyin(compact)))
    return frozenset(keys)


@lru_cache(maxsize=1 << 14)
def heard_readings(said: str) -> frozenset[tuple[str, ...]]:
    """Every reading of what the recogniser wrote, each character in any of its
    sounds (长 zhang/chang, 行 xing/hang, 都 dou/du): it wrote the character, not
    the sound it heard. At most MAX_HEARD_READINGS, so a long window stays cheap."""
    from itertools import islice, product

    readings = [char_readings(ch) for ch in said]
    if not all(readings) or all(len(r) == 1 for r in readings):
        return frozenset()  # no heteronym: sound_keys already read it
    return frozenset(islice(product(*readings), MAX_HEARD_READINGS))


@lru_cache(maxsize=1 << 14)
def char_readings(ch: str) -> tuple[str, ...]:
    """A Chinese character's common folded readings (长: zhang, chang)."""
    if not is_cjk(ch):
        return ()
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(_fold(s) for s in pinyin(ch, style=Style.NORMAL, heteronym=True)[0][:MAX_CHAR_READINGS]))


def same_sound(a: str, b: str) -> bool:
    """Do two Chinese texts sound alike (宝吗 / 宝马)?"""
    return has_cjk(a) and has_cjk(b) and bool(sound_keys(a) & sound_keys(b))


class HomophoneLexicon:
    """The grammar's Chinese words (2-4 characters) by sound."""

    def __init__(self, words: Iterable[str], polarity: frozenset[str],
                 weights: dict[str, int] | None = None):
        self.polarity = polarity
        self.words: set[str] = set()
        weights = weights or getattr(words, "weights", None) or {}
        self.whole = frozenset(w for w, n in weights.items() if n and len(w) >= MIN_WHOLE_CHARS)
        self.written = frozenset(w for w, n in weights.items() if n)  # written whole somewhere
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for word in words:
            if MIN_HOMOPHONE_CHARS <= len(word) <= MAX_HOMOPHONE_CHARS and all(map(is_cjk, word)):
                self.words.add(word)
                for key in sound_keys(word):
                    by_sound[key].add(word)
        # Two grammar words that sound alike make a sound ambiguous. A word its
        # authors wrote whole (座椅) beats a piece of a longer one (做一 of
        # 做一个), and the word written most often wins among whole words; whole
        # words a character apart are spelling variants (后备箱 / 后备厢); else
        # the sound is skipped (点亮 / 电量).
        self.by_sound = {}
        self.spellings: dict[str, tuple[str, ...]] = {}  # a whole word -> all its spellings
        for key, found in by_sound.items():
            if len(found) == 1:
                self.by_sound[key] = next(iter(found))
                continue
            ranked = sorted(found, key=lambda w: (-weights.get(w, 0), w))
            if weights.get(ranked[0], 0) > weights.get(ranked[1], 0):
                self.by_sound[key] = ranked[0]
            elif all(weights.get(w, 0) for w in ranked) and _variants(ranked):  # 后备箱 / 后备厢
                self.by_sound[key] = ranked[0]
                self.spellings[ranked[0]] = tuple(ranked)

    def correct(self, words: Sequence[str], suspects: Iterable[int]) -> list[str]:
        """Windows touching a suspect position replaced by the grammar word they sound like."""
        fixed = list(words)
        suspect = set(suspects)
        start = 0
        while start < len(words):
            step = 1
            for length in range(MAX_HOMOPHONE_CHARS, MIN_HOMOPHONE_CHARS - 1, -1):
                end = start + length
                if end > len(words) or not suspect.intersection(range(start, end)):
                    continue
                window = words[start:end]
                if not all(len(w) == 1 and is_cjk(w) for w in window):
                    continue
                said = "".join(window)
                if said in (self.written or self.words):
                    continue
                targets = {self.by_sound.get(k) for k in sound_keys(said)} - {None}
                if not targets:  # 停车长 is ting che chang too: the recogniser wrote a heteronym
                    targets = {self.by_sound.get(k) for k in heard_readings(said)} - {None}
                target = targets.pop() if len(targets) == 1 else None
                if target is not None and self.written and target not in self.written:
                    continue  # only a piece of a longer word (机舱 of 机舱盖): 机场 stays 机场
                if target is None or self._breaks_a_word(words, start, target) or not (
                        self._safe(said, target) and self._mostly_changed(said, target)
                        or self._one_slip(words, start, target)):
                    continue
                fixed[start:end] = list(target)
                step = length
                break
            start += step
        return fixed

    def _breaks_a_word(self, words: Sequence[str], start: int, target: str) -> bool:
        """Would the correction change a character of a word written whole that runs
        into the window from outside it (轮胎 of 轮胎多少: 胎多 is no misheard 太多)?"""
        end = start + len(target)
        changed = {start + i for i, (a, b) in enumerate(zip(words[start:end], target)) if a != b}
        for length in range(MIN_HOMOPHONE_CHARS, MAX_HOMOPHONE_CHARS + 1):
            for first in range(max(0, start - length + 1), min(end, len(words) - length + 1)):
                last = first + length
                if ((first < start < last or first < end < last) and changed.intersection(range(first, last))
                        and "".join(words[first:last]) in self.written):
                    return True
        return False

    @staticmethod
    def _mostly_changed(said: str, target: str) -> bool:
        """At most MAX_KEPT_CHARS characters of the window stay as they were.

        Grammar words are every 2-4 character run of the templates, so runs
        that straddle two words exist (打开午 of 打开午休模式). A window that
        keeps two characters and swaps a third (打开雾 -> 打开午) is really a
        single-character correction, which is never safe; 雾等 -> 雾灯 is.
        """
        return sum(a == b for a, b in zip(said, target)) <= MAX_KEPT_CHARS

    def _one_slip(self, words: Sequence[str], start: int, target: str) -> bool:
        """A long word written whole, heard with one character slipped (候备箱, 方象盘).

        Safe when the slipped character makes no word with a neighbour (开车道 of
        打开车道保持 keeps 车道, a word of its own, so it is not 开车到) and is no
        polarity word itself; the word may hold one (后 of 后备箱).
        """
        said = words[start:start + len(target)]
        slipped = min(([i for i, (a, b) in enumerate(zip(said, spelling)) if a != b]
                       for spelling in self.spellings.get(target, (target,))), key=len)
        if target not in self.whole or len(slipped) != 1:
            return False
        at = start + slipped[0]
        if words[at] in self.polarity:
            return False
        pairs = ("".join(words[at - 1:at + 1]) if at else "", "".join(words[at:at + 2]))
        return not any(p in self.words for p in pairs)

    def _safe(self, said: str, target: str) -> bool:
        """Never produce or change a polarity word (开/关, 高/低 ...)."""
        return all(a == b or (a not in self.polarity and b not in self.polarity)
                   for a, b in zip(said, target))


def _variants(words: list[str]) -> bool:
    """Spellings of one word: all differ from the first in one character at most.

    点亮 (light up) and 电量 (battery level) sound alike but are two words: a
    sound heard for either is ambiguous, not a spelling.
    """
    return all(len(w) == len(words[0]) and sum(a != b for a, b in zip(w, words[0])) <= 1 for w in words)


def grammar_words(grammar) -> list[str]:
    """The Chinese words of the grammar files, as their authors wrote them.

    Every run of Chinese characters in a string of the files (a template, a
    rule, a list phrase) is a word or a phrase; its 2-4 character pieces go
    into the lexicon. Read from the sources, not the compiled tries: a trie
    of "[(打开|开启)] (午休模式|小憩模式)" also spells 开午 and 打开午, words nobody
    wrote, which would turn 打开雾灯 misheard as 打开雾等 into 打开午等.
    """
    weights = grammar_word_weights(grammar)
    return WeightedWords(sorted(weights), weights)


class WeightedWords(list):
    """grammar_words' list, carrying how often each word was written whole."""

    def __init__(self, words: Iterable[str], weights: dict[str, int]):
        super().__init__(words)
        self.weights = weights


def grammar_word_weights(grammar) -> dict[str, int]:
    """Grammar words (see grammar_words) -> how often they were written whole."""
    import re

    import yaml

    runs: set[str] = set()
    whole: dict[str, int] = defaultdict(int)
    cjk_run = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

    def walk(value) -> None:
        if isinstance(value, str):
            for run in cjk_run.findall(value):
                whole[run] += 1
                _add_run(run, runs)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    files = list(getattr(grammar, "files", None) or [])
    for path in files:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    if not files:  # a grammar built in memory: its list phrases at least
        for slot_list in grammar.lists.values():
            _trie_phrases(slot_list.phrases.trie, "", runs)
    return {run: whole.get(run, 0) for run in runs}


def _add_run(run: str, runs: set[str]) -> None:
    for i in range(len(run)):
        for j in range(i + MIN_HOMOPHONE_CHARS, min(len(run), i + MAX_HOMOPHONE_CHARS) + 1):
            runs.add(run[i:j])


def _trie_phrases(node: dict, prefix: str, runs: set[str]) -> None:
    for token, child in node.items():
        if token == "":
            if all(map(is_cjk, prefix)):
                _add_run(prefix, runs)
            continue
        _trie_phrases(child, prefix + token, runs)


_LEXICONS: dict[int, tuple[object, HomophoneLexicon]] = {}


def lexicon_for(grammar) -> HomophoneLexicon:
    """The grammar's homophone lexicon, built on first use."""
    cached = _LEXICONS.get(id(grammar))
    if cached is None or cached[0] is not grammar:
        weights = grammar_word_weights(grammar)
        cached = (grammar, HomophoneLexicon(sorted(weights), grammar.polarity, weights))
        _LEXICONS[id(grammar)] = cached
    return cached[1]


class PinyinNames:
    """Catalogue names containing Chinese, indexed by sound (compact: syllables interned,
    name lists as tuples, no bucket of a syllable too common to be looked at).

    Each syllable's bucket holds the names and, in the same order, their spaced
    syllable strings, so a near miss is scored by rapidfuzz over whole buckets in C.
    """

    def __init__(self, names: Iterable[str]):
        exact: dict[tuple[str, ...], list[str]] = defaultdict(list)
        by_syllable: dict[str, dict[str, str]] = defaultdict(dict)
        for name in names:
            compact = name.replace(" ", "") if has_cjk(name) else ""
            if not compact:
                continue
            keys = [tuple(map(sys.intern, key)) for key in sound_keys(compact)]
            spoken = " ".join(max(keys))
            for key in keys:
                exact[key].append(name)
            for s in {s for key in keys for s in key}:
                by_syllable[s][name] = spoken
        self.exact = {key: tuple(found) for key, found in exact.items()}
        self.by_syllable = {s: (tuple(found), tuple(found.values())) for s, found in by_syllable.items()
                            if len(found) <= MAX_SYLLABLE_BUCKET}

    def closest(self, said: str, accept: Callable[[str], bool]) -> str | None:
        """The name (as indexed) that sounds most like `said`, if near enough."""
        keys = sound_keys(said)
        exact = [n for k in sorted(keys) for n in self.exact.get(k, ()) if accept(n)]
        if exact:
            return exact[0]
        key = max(keys)
        if len(key) < MIN_FUZZY_SYLLABLES:  # 小王 is not 小张: one syllable is half the name
            return None
        # a syllable in thousands of names tells nothing: not indexed
        buckets = [self.by_syllable[s] for s in set(key) if s in self.by_syllable]
        heard = process.extract(" ".join(key), list(chain.from_iterable(b[1] for b in buckets)),
                                scorer=fuzz.ratio, score_cutoff=NAME_PINYIN_CUTOFF, limit=None)
        best: tuple[float, str] | None = None
        for spoken, score, i in heard:
            name = _nth(buckets, i)
            if not _misheard(key, tuple(spoken.split())) or not accept(name):
                continue
            if best is None or (-score, name) < (-best[0], best[1]):
                best = (score, name)
        return None if best is None else best[1]


def _misheard(said: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Could a recogniser have written `said` for `name`? Each syllable is the same
    or keeps its initial (zhou jie long / lun); at most one is dropped or added.
    A syllable changed whole is another word: 人民医院 is no 仁济医院 (min / ji)."""
    if len(said) == len(name):
        return all(map(_alike, said, name))
    if abs(len(said) - len(name)) > MAX_NAME_LENGTH_GAP:
        return False
    short, long_ = sorted((said, name), key=len)
    return any(all(map(_alike, short, long_[:i] + long_[i + 1:])) for i in range(len(long_)))


def _alike(a: str, b: str) -> bool:
    return a == b or _initial(a) == _initial(b)


def _initial(syllable: str) -> str:
    for i, ch in enumerate(syllable):
        if ch in "aeiouv":
            return syllable[:i]
    return syllable


def _nth(buckets: list[tuple[tuple[str, ...], tuple[str, ...]]], i: int) -> str:
    """The i-th name of the buckets' names laid end to end."""
    for names, _ in buckets:
        if i < len(names):
            return names[i]
        i -= len(names)
    raise IndexError(i)
