"""The phone service: contacts by name, alias or relation."""

from __future__ import annotations

from typing import Any

from assistant.services.names import NameIndex


class PhoneBook:
    """Resolve a contact as said to its canonical name."""

    def __init__(self, contacts: tuple[Any, ...]) -> None:
        self._index: NameIndex[Any] = NameIndex(
            ((c.name, c.name_zh, c.relation, *c.aliases), c) for c in contacts)

    def canonical(self, said: str, language: str = "en") -> str:
        """The contact's name in the request's language if known, else the name as said.

        Names in the state follow the request's language (docs/decisions.md):
        给妈妈打电话 calls 妈妈, "call mom" calls Mom.
        """
        contact = self._index.find(said)
        if contact is None:
            return said
        return (contact.name_zh or contact.name) if language == "zh" else contact.name
