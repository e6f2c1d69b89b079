"""Chinese numerals to digits (cn2an), so the grammar sees 22, not 二十二."""

from __future__ import annotations


def convert(text: str) -> str:
    """Convert the Chinese numerals in a sentence to Arabic digits."""
    import cn2an

    try:
        return cn2an.transform(text, "cn2an")
    except (ValueError, KeyError, IndexError):
        return text
