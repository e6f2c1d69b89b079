"""Wake phrases ("hey bmw", "你好宝马") and the ASR's near misses, stripped.

Exact phrases first; then a greeting followed by up to four tokens that sound
like the assistant's name ("hey b m w", "hi bee em double you").
"""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import fuzz

from assistant.nlu.lists import PhraseSet
from assistant.nlu.pinyin import same_sound

# How close (rapidfuzz ratio on the letters without spaces) a name heard after a
# greeting must be to the assistant's name: 75 accepts "bmv", "beemw", not "bus".
WAKE_NAME_CUTOFF = 75.0
MAX_NAME_TOKENS = 5


class WakeMatcher:
    def __init__(self, phrases: PhraseSet, greetings: PhraseSet, names: Sequence[str]):
        self.phrases = phrases
        self.greetings = greetings
        self.names = [n.replace(" ", "") for n in names]

    def strip(self, words: Sequence[str]) -> int:
        """How many leading tokens form a wake phrase (0 if none)."""
        exact = self.phrases.match(words, 0)
        if exact:
            return self._after(max(end for end, _ in exact), words)
        for greeting_end, _ in self.greetings.match(words, 0):
            best, best_score = 0, WAKE_NAME_CUTOFF
            for end in range(greeting_end + 1, min(len(words), greeting_end + MAX_NAME_TOKENS) + 1):
                heard = "".join(words[greeting_end:end])
                score = max(fuzz.ratio(heard, name) for name in self.names)
                if score < WAKE_NAME_CUTOFF and any(same_sound(heard, n) for n in self.names):
                    score = 100.0  # Chinese: a homophone of the name (宝吗, 保马 for 宝马)
                if score > best_score or (score == best_score and not best):
                    best, best_score = end, score
            if best:
                return self._after(best, words)
        return 0

    @staticmethod
    def _after(end: int, words: Sequence[str]) -> int:
        while end < len(words) and words[end] == ",":
            end += 1
        return end
