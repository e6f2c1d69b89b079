"""The owner's manual as a BM25 index, in English and Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jieba
from rank_bm25 import BM25Okapi

STOP_WORDS = frozenset(
    "a an the is are am do does did how what when where why which who i my me you your "
    "it its to of in on for with and or can should could would will be this that there "
    "please tell about mean means".split())
ZH_STOP_WORDS = frozenset("的 了 吗 呢 怎么 如何 什么 是 我 你 在 要 把 一下 请问 啊 吧 个 和".split())
_WORD = re.compile(r"[a-z0-9]+")


def tokens_en(text: str) -> list[str]:
    """Lower-cased words minus stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def tokens_zh(text: str) -> list[str]:
    """jieba words minus stop words and punctuation."""
    words = (w.strip().lower() for w in jieba.lcut(text))
    return [w for w in words if w and w not in ZH_STOP_WORDS and re.match(r"\w", w)]


@dataclass(frozen=True, slots=True)
class Hit:
    section: Any
    score: float


class ManualIndex:
    """One BM25 index per language over title, keywords and text of each section."""

    def __init__(self, sections: tuple[Any, ...]) -> None:
        self._sections = sections
        self._en = BM25Okapi([tokens_en(f"{s.title} {' '.join(s.keywords)} {s.text}")
                              for s in sections] or [[""]])
        self._zh = BM25Okapi([tokens_zh(f"{s.title_zh} {' '.join(s.keywords_zh)} {s.text_zh}")
                              for s in sections] or [[""]])

    def best(self, question: str, language: str) -> Hit | None:
        """The best-scoring section for the question, or None if no word matched."""
        words = tokens_zh(question) if language == "zh" else tokens_en(question)
        if not words or not self._sections:
            return None
        scores = (self._zh if language == "zh" else self._en).get_scores(words)
        best = max(range(len(self._sections)), key=lambda i: scores[i])
        return Hit(self._sections[best], float(scores[best]))
