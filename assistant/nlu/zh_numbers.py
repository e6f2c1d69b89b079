"""Chinese numerals to digits, so the grammar sees 22, not 二十二.

cn2an does the arithmetic (二十二点五 -> 22.5, 一零三点七 -> 103.7), but its
`transform` turns every numeral into a digit, including the ones that are
words, not numbers: 一下, 一点, 一首, 一半, 上一首, 一路向北, 七里香. So this module
decides *which* numeral runs are numbers and hands only those to cn2an:

- a run of two or more numerals (二十二, 十八, 一零三点七, 五十) is a number;
- a single numeral (一, 两, 三 ...) is a number only before a unit (度 档 级 ...)
  or after a setting word (到 / 成 / 为 ...) at the end of a clause;
- 百分之三十 -> 百分之30 (the template says 百分之 {percent});
- 二十二度半 -> 22.5度.

Catalogue names are normalised by the same function, so a name with a numeral
(七里香, 一路向北, 十六铺) is read identically in the catalogue and the utterance.
"""

from __future__ import annotations

import re

_DIGIT = "零〇一二两三四五六七八九"
_NUMERAL = _DIGIT + "十百千万"
# A run: numerals, optionally "点" and more numerals (a decimal point).
_RUN_RE = re.compile(rf"[{_NUMERAL}]+(?:点[{_DIGIT}]+)?")
# Units after which a single numeral is a number (三档, 两度, 五级, 一格).
_UNITS = set("度档挡级格")
# Words after which a clause-final single numeral is a setting (调到三, 设为五).
_SETTERS = set("到成为至在量速大小高低加减")  # 调大十, 调低五
# What may follow such a clause-final numeral: end, particles, connectors.
_AFTER = set("吧啊呀呢嘛哦了，,然再并同还也和跟就好行。！!？?") | _UNITS
# A single numeral that starts one of these words stays a word.
_WORDS = ("一下", "一点", "一首", "一半", "一会", "一起", "一直", "一样", "一个", "一些",
          "一路", "一边", "一次", "两个", "一遍", "一声")


def _to_number(run: str) -> str | None:
    import cn2an

    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float) and value.is_integer() and "点" not in run:
        value = int(value)
    return str(value)


def _is_number(text: str, start: int, end: int) -> bool:
    run = text[start:end]
    nxt = text[end] if end < len(text) else ""
    prev = text[start - 1] if start > 0 else ""
    if len(run) >= 2:
        return True
    if any(text.startswith(w, start) for w in _WORDS) and nxt not in _UNITS:
        return False
    if nxt in _UNITS or text.endswith("百分之", 0, start):
        return True  # 三档, 两度; 百分之五 (a percent is a number whatever follows)
    return prev in _SETTERS and (nxt == "" or nxt in _AFTER or not _is_cjk(nxt))


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def convert(text: str) -> str:
    """Convert the Chinese numerals that are numbers in a sentence to digits."""
    text = _convert(text)
    # "fm103.7" is two tokens: a latin word glued to a number is split off it.
    return _GLUED_RE.sub(" ", text)


_GLUED_RE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


# 廿 (twenty) and 卅 (thirty), said in 上海 and read off dials: 廿四度 is 二十四度.
_OLD_TENS_RE = re.compile(r"[廿卅](?=[一二三四五六七八九度档挡级格])")


# 二当 is 二档 misheard (dang3 / dang4): a level said at the end of a clause
_DANG_RE = re.compile(r"(?<=[一二两三四五六七八九1-9])当(?=$|[ ,，。！!？?吧啊呀了的就])")


def _convert(text: str) -> str:
    if "当" in text:
        text = _DANG_RE.sub("档", text)
    if "廿" in text or "卅" in text:
        text = _OLD_TENS_RE.sub(lambda m: "二十" if m.group(0) == "廿" else "三十", text)
    if not any(ch in _NUMERAL for ch in text):
        return text
    out: list[str] = []
    last = 0
    for match in _RUN_RE.finditer(text):
        start, end = match.span()
        if not _is_number(text, start, end):
            continue
        number = _to_number(match.group(0))
        if number is None and match.group(0).startswith("一") and end - start > 2:
            start += 1  # 统一二十四度: the 一 ends a word (统一, 唯一), the number follows it
            number = _to_number(text[start:end])
        if number is None:
            continue
        # 二十二度半: the half belongs to the number.
        if text.startswith("度半", end) and "." not in number:
            number, tail = f"{number}.5", "度"
            out.append(text[last:start] + number + tail)
            last = end + 2
            continue
        out.append(text[last:start] + number)
        last = end
    out.append(text[last:])
    return "".join(out)
