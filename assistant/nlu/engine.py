"""Placeholder engine, replaced by the compiled grammar (work in progress)."""

from __future__ import annotations

from functools import lru_cache

from assistant.frames import Parse


class Engine:
    def parse(self, text: str) -> Parse:
        return Parse(text=text, normalised=text.lower(), language="en", frames=())


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return Engine()
