"""Normalisation: raw text -> tokens the grammar matches.

Everything language-specific (contractions, fillers, ASR replacements) comes
from the language's `_common.yaml`; this module only applies it. Numbers are
converted by well-kept libraries (text2num for English, cn2an for Chinese),
so the grammar sees `22.5`, never "twenty two point five".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_LATIN_WORD_RE = re.compile(r"[a-z]+")
# Tokens: numbers, latin words, single CJK characters, and "," for any clause break.
_TOKEN_RE = re.compile(rf"\d+\.\d+|[a-z0-9]*[a-z][a-z0-9]*|\d+|[{CJK}]|,")
_BREAKS_RE = re.compile(r"[,;:!?\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\n\t]|\.(?!\d)")
# Chinese is written without spaces: a space between two Chinese characters is a
# pause the recogniser heard ("车里一股烟味 开外循环"), a clause break like a comma.
_CJK_PAUSE_RE = re.compile(rf"(?<=[{CJK}])[ \u3000]+(?=[{CJK}])")
# A sentence-final particle (吧, 呗, 啦) with more said after it ends a clause the
# recogniser wrote without a comma: "空调关了吧太费电" is "空调关了吧，太费电". Not in
# words that hold the character (酒吧, 网吧, 吧台, 哗啦, 啦啦队).
# 上海 伐 ending a question is 吗 (明朝落雨伐); not 步伐, 砍伐
_WU_MA_RE = re.compile(r"(?<![步征砍讨采杀])伐(?=$|[ ,，。？?！!])")
_CJK_FINAL_RE = re.compile(rf"(?<=[吧呗啦])(?<![酒网贴水氧书清吧哗啦]吧)(?<![哗啦呼啪拉]啦)(?![台唧嗒吧啦呗的地得])(?=[{CJK}])")
# ... but a piece of one or two characters between pauses is no clause: the recogniser
# split a word off its command ("天床 打开", "导航去 外谈", "放 五月田 的歌").
_SHORT_PIECE = 2
# ... nor is a pause right after a verb that needs what follows (去, 到, 往, 给)
_OBJECT_NEXT = set("去到往给")
_CLAUSE_STARTS = set("我你他她咱俺")
# ... as it does after a latin word ("放首lo-fi 我要写paper了": the reason is its own clause)
_LATIN_PAUSE_RE = re.compile(r"(?<=[a-z0-9])(?<!call)(?<!play)[ \u3000]+(?=[我你他她咱俺])")
_WHAT_NEXT = set("听放播")
_NEVER_FIRST = set("的")
_DIRECTIONS = set("下上出回过进起来")  # 下去, 回去, 过去: the way moved, no place to come
_PIECE_EDGE = set(" \u3000,;:!?\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\n\t")


def _pause(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    left = start
    while left > 0 and text[left - 1] not in _PIECE_EDGE:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _PIECE_EDGE:
        right += 1
    if text[start - 1] in _OBJECT_NEXT and not (start > 1 and text[start - 2] in _DIRECTIONS):
        return ""  # "导航去 浦东机厂", "打电话给 张伟": the verb's object comes after the pause
    if end < len(text) and text[end] in _NEVER_FIRST:
        return ""  # "林俊杰 的江南": 的 never starts a clause
    if end < len(text) and text[end] in _CLAUSE_STARTS:
        return " , "  # "静音 我打个电话": someone said anew starts a clause of its own
    if text[start - 1] in _WHAT_NEXT and not (start > 1 and text[start - 2] in "广直转联传重"):
        return ""  # "我想听 陈亦迅": what is to be heard or played comes after (not 广播, 直播)
    return "" if min(start - left, right - end) <= _SHORT_PIECE else " , "


_A_HUNDRED_RE = re.compile(r"\ba (1\d{2}|\d000)\b")
_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_FAHRENHEIT_RE = re.compile(r"(\d+(?:\.\d+)?) ?(?:degrees? )?(?:fahrenheit|farenheit|f)\b")
_SYMBOLS = {"℉": " fahrenheit ", "°f": " fahrenheit ", "℃": " celsius ", "°c": " celsius ",
            "°": " degrees ", "%": " percent ", "&": " and ", "+": " plus "}
_MAX_TEXT = 20_000  # characters; longer input is cut: no utterance is longer


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number, CJK character or clause break, with its span."""

    text: str
    start: int
    end: int

    @property
    def number(self) -> float | None:
        if self.text[0].isdigit() and self.text[-1].isdigit():
            try:
                return float(self.text)
            except ValueError:  # "0how0": a word between digits is not a number
                return None
        return None


@dataclass(frozen=True)
class TextRules:
    """The normalisation data of one language (from `_common.yaml`)."""

    language: str
    contractions: dict[str, str] = field(default_factory=dict)
    replacements: dict[str, str] = field(default_factory=dict)
    fillers: frozenset[str] = frozenset()
    hesitations: frozenset[str] = frozenset()  # fillers only when set off by commas (", like,")


def is_cjk(ch: str) -> bool:
    """A Chinese character (each is one token)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def join_tokens(tokens: Sequence[str]) -> str:
    """Tokens back to text: spaces between latin words, none around CJK."""
    out = ""
    for token in tokens:
        if out and not (is_cjk(token[0]) or is_cjk(out[-1])):
            out += " "
        out += token
    return out


def is_mixed(text: str) -> bool:
    """Both Chinese characters and latin words: either language may be the one spoken."""
    return bool(_CJK_RE.search(text)) and bool(_LATIN_WORD_RE.search(text.lower()))


def detect_language(text: str) -> str:
    """'zh' when CJK characters outnumber latin words, else 'en'."""
    cjk = len(_CJK_RE.findall(text))
    if not cjk:
        return "en"
    latin = len(_LATIN_WORD_RE.findall(text.lower()))
    return "zh" if cjk >= latin else "en"


def fahrenheit_to_celsius(value: float) -> float:
    """Nearest 0.5 °C, as intents.md asks."""
    return round((value - 32) * 5 / 9 * 2) / 2


def _number_str(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _convert_fahrenheit(text: str) -> str:
    return _FAHRENHEIT_RE.sub(
        lambda m: f"{_number_str(fahrenheit_to_celsius(float(m.group(1))))} degrees celsius", text)


def _english_numbers(text: str) -> str:
    from text_to_num import alpha2digit

    text = alpha2digit(text, "en", threshold=0)
    text = _A_HUNDRED_RE.sub(r"\1", text)  # "a hundred and fifty" became "a 150"
    return _ORDINAL_RE.sub(r"\1", text)


def _chinese_numbers(text: str) -> str:
    from assistant.nlu.zh_numbers import convert

    return convert(text)


def _apply_phrases(text: str, phrases: dict[str, str]) -> str:
    """Replace whole-word phrases (longest first, precompiled by the caller's dict order)."""
    if not phrases:
        return text
    return _phrase_regex(tuple(phrases)).sub(lambda m: phrases[m.group(0)], text)


_PHRASE_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _phrase_regex(keys: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _PHRASE_CACHE.get(keys)
    if pattern is None:
        ordered = sorted(keys, key=len, reverse=True)
        alternation = "|".join(re.escape(k) for k in ordered)
        pattern = re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])")
        _PHRASE_CACHE[keys] = pattern
    return pattern


def _apply_substrings(text: str, phrases: dict[str, str]) -> str:
    """Chinese has no word boundaries: replace substrings, longest first."""
    if not phrases:
        return text
    pattern = _PHRASE_CACHE.get(("<zh>", *phrases))
    if pattern is None:
        pattern = re.compile("|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True)))
        _PHRASE_CACHE[("<zh>", *phrases)] = pattern
    return pattern.sub(lambda m: phrases[m.group(0)], text)


def normalise(text: str, rules: TextRules) -> tuple[str, list[Token]]:
    """Return the normalised text and its tokens (spans index the normalised text)."""
    text = unicodedata.normalize("NFKC", text[:_MAX_TEXT]).lower()
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    text = text.replace("\u2019", "'").replace("`", "'")
    text = _apply_phrases(text, rules.contractions)
    text = re.sub(r"'s\b", "", text).replace("'", "")
    if rules.language == "zh":
        text = _CJK_PAUSE_RE.sub(_pause, text)
        text = _LATIN_PAUSE_RE.sub(" , ", text)
        text = _CJK_FINAL_RE.sub(" , ", text)
        text = _WU_MA_RE.sub("吗", text)
    text = _BREAKS_RE.sub(" , ", text)
    text = " ".join(text.split())
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = _chinese_numbers(text) if rules.language == "zh" else _english_numbers(text)
    text = _convert_fahrenheit(text)
    text = (_apply_substrings if rules.language == "zh" else _apply_phrases)(text, rules.replacements)
    tokens = [Token(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    tokens = _without_fillers(tokens, rules)
    return text, undouble_cjk(_undouble(tokens)) if rules.language == "zh" else _undouble(tokens)


def raw_spans(raw: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Where each token was said in the raw text (best effort, for --explain and :why).

    Tokens are found in order in the lower-cased raw text; a token that was
    rewritten (a number said in words, a contraction) takes the gap up to the
    next token found.
    """
    lowered = unicodedata.normalize("NFKC", raw).lower()
    if len(lowered) != len(raw):
        lowered = raw.lower()
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in tokens:
        at = lowered.find(token.text, cursor)
        if at < 0 or at - cursor > _MAX_GAP:
            spans.append((cursor, cursor))
            continue
        spans.append((at, at + len(token.text)))
        cursor = at + len(token.text)
    return _fill_gaps(spans, len(raw))


_MAX_GAP = 30  # characters: further away, a found "token" is a different word


def _fill_gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Rewritten tokens (empty spans) stretch to the start of the next found token."""
    out = list(spans)
    for i in range(len(out) - 1, -1, -1):
        start, end = out[i]
        if start == end:
            nxt = out[i + 1][0] if i + 1 < len(out) else length
            out[i] = (start, max(start, nxt))
    return out


def _without_fillers(tokens: list[Token], rules: TextRules) -> list[Token]:
    """Fillers dropped, with the commas that set them off: "set the temp to, um,
    twenty one" and "volume to, like, twenty" are one command each."""
    words = [t.text for t in tokens]
    drop: set[int] = set()
    for i, word in enumerate(words):
        hesitation = word in rules.hesitations and 0 < i < len(words) - 1 and words[i - 1] == words[i + 1] == ","
        if word in rules.fillers or hesitation:
            drop.add(i)
            drop.update(j for j in (i - 1, i + 1) if 0 <= j < len(words) and words[j] == ",")
    return [t for i, t in enumerate(tokens) if i not in drop]


DOUBLED_CJK_RUNS = (3, 2)  # lengths of a Chinese word the recogniser may write twice


def _undouble(tokens: list[Token]) -> list[Token]:
    """ASR doubles words ("turn on the the ac"): a latin word said twice in a row counts once."""
    return [t for i, t in enumerate(tokens)
            if not (i and t.text == tokens[i - 1].text and t.text.isalpha() and t.text.isascii())]


def undouble_cjk(tokens: list[Token]) -> list[Token]:
    """A run of 2-3 Chinese characters heard twice in a row counts once (导航去公司公司).

    One character twice is grammar (看看, 试试, 谢谢), never a slip. Templates are
    read the same way, so 暖和暖和 written there still matches 暖和暖和 heard.
    """
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        for n in DOUBLED_CJK_RUNS:
            if len(out) < 2 * n or out[-1].text != out[-1 - n].text:  # the cheap test first
                continue
            run = out[-2 * n:]
            if all(len(t.text) == 1 and "\u4e00" <= t.text <= "\u9fff" for t in run) and (
                    [t.text for t in run[:n]] == [t.text for t in run[n:]]):
                del out[-n:]
                break
    return out
