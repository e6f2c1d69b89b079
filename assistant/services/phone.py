"""The phone service: contacts by name, alias or relation."""

from __future__ import annotations

from typing import Any

from assistant.services.names import NameIndex


class PhoneBook:
    """Resolve a contact as said to its canonical name."""

    def __init__(self, contacts: tuple[Any, ...]) -> None:
        self._index: NameIndex[Any] = NameIndex(
            ((c.name, c.name_zh, c.relation, *c.aliases), c) for c in contacts)

    def canonical(self, said: str) -> str:
        """The contact's canonical name if known, else the name as said."""
        contact = self._index.find(said)
        return contact.name if contact else said
