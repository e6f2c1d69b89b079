"""The owner's manual as a BM25 index, in English and Chinese."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import jieba
from rank_bm25 import BM25Okapi

jieba.setLogLevel(logging.WARNING)  # its dictionary banner is noise on a command's stderr

STOP_WORDS = frozenset(
    "a an the is are am do does did how what when where why which who i my me you your "
    "it its to of in on for with and or can should could would will be this that there "
    "please tell about mean means".split())
ZH_STOP_WORDS = frozenset(
    "的 了 吗 呢 怎么 如何 什么 是 我 你 在 要 把 一下 请问 啊 吧 个 和 应该 多少 怎么样 怎样 "
    "哪里 为什么 可以 能 一个 这个 那个 时候 该".split())
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
    """The best section, its BM25 score, and the share of the question it covers."""

    section: Any
    score: float
    coverage: float


class ManualIndex:
    """One BM25 index per language over title, keywords and text of each section."""

    def __init__(self, sections: tuple[Any, ...]) -> None:
        self._sections = sections
        self._docs = {
            "en": [tokens_en(f"{s.title} {' '.join(s.keywords)} {s.text}") for s in sections],
            "zh": [tokens_zh(f"{s.title_zh} {' '.join(s.keywords_zh)} {s.text_zh}")
                   for s in sections],
        }
        self._bm25 = {lang: BM25Okapi(docs or [[""]]) for lang, docs in self._docs.items()}

    def best(self, question: str, language: str) -> Hit | None:
        """The best-scoring section for the question, or None if no word matched."""
        language = "zh" if language == "zh" else "en"
        words = tokens_zh(question) if language == "zh" else tokens_en(question)
        if not words or not self._sections:
            return None
        scores = self._bm25[language].get_scores(words)
        best = max(range(len(self._sections)), key=lambda i: scores[i])
        if scores[best] <= 0:
            return None
        vocabulary = set(self._docs[language][best])
        coverage = sum(w in vocabulary for w in words) / len(words)
        return Hit(self._sections[best], float(scores[best]), coverage)
