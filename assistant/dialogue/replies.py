"""Replies: events rendered with the templates of `replies/<language>.yaml`.

The texts are data so that a language is added by adding a file.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any

import yaml

from assistant.vehicle.events import Clamped, Event, Info, Refused

REPLIES_DIR = Path(__file__).with_name("replies")
LANGUAGES = ("en", "zh")


@functools.lru_cache(maxsize=None)
def templates(language: str) -> dict[str, Any]:
    """The reply templates of one language (English if the language is unknown)."""
    name = language if language in LANGUAGES else "en"
    return yaml.safe_load((REPLIES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def render(events: list[Event], language: str) -> str:
    """One reply mentioning every event, in the utterance's language."""
    table = templates(language)
    return table["join"].join(_sentence(event, table) for event in events)


def message(key: str, language: str, **fields: Any) -> str:
    """One info message on its own (sorry, the wake prompt)."""
    return _sentence(Info(key, fields), templates(language))


def template_for(event: Event, table: dict[str, Any]) -> str | list[str] | None:
    """The template of an event, or None if the language lacks it."""
    if isinstance(event, Refused):
        return table["refused"].get(f"{event.key}.{event.reason}")
    section = "info" if isinstance(event, Info) else "executed"
    return table[section].get(event.key)


def _sentence(event: Event, table: dict[str, Any]) -> str:
    fields = {k: _word(v, table) for k, v in event.fields.items() if v is not None}
    text = _fill(template_for(event, table) or table["info"]["unsupported"], fields)
    if isinstance(event, Clamped):
        text += table["join"] + _fill(table["clamped"], {"limit": _word(event.limit, table)})
    return text[:1].upper() + text[1:]


def _fill(template: str | list[str], fields: dict[str, str]) -> str:
    """The first variant whose placeholders are all known, filled in."""
    variants = [template] if isinstance(template, str) else template
    for variant in variants:
        names = {name for _, name, _, _ in string.Formatter().parse(variant) if name}
        if names <= fields.keys():
            return variant.format(**fields)
    return variants[-1].format_map(_Blank(fields))


class _Blank(dict[str, str]):
    """Format fields where an unknown placeholder stays empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _word(value: Any, table: dict[str, Any]) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return str(table["words"].get(text, text))
