"""Natural-language understanding: text -> frames.

`parse(text)` is the one entry point the rest of the program uses; the engine
behind it is compiled once from `intents/` and `seeds/` and cached.
"""

from __future__ import annotations

from assistant.frames import Parse


def parse(text: str) -> Parse:
    """Parse one utterance (English or Chinese) into frames in spoken order."""
    from assistant.nlu.engine import get_engine

    return get_engine().parse(text)
