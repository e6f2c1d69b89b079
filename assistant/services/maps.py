"""The maps service: places by name or alias, saved places, nearest by category."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from assistant.services.names import NameIndex
from assistant.vehicle.geo import haversine_km
from assistant.vehicle.state import Place

SAVED_PLACES_FILE = Path(__file__).with_name("saved_places.yaml")


class Maps:
    """Look places up in a catalogue of seed places (objects with name, lat...)."""

    def __init__(self, places: tuple[Any, ...], saved: list[dict[str, Any]]) -> None:
        self._places = places
        self._saved = NameIndex((s["names"] + [s["name"]], s) for s in saved)
        self._index: NameIndex[Any] = NameIndex(
            ((p.name, p.name_zh, *p.aliases), p) for p in places)

    def find(self, name: str, lat: float, lon: float, language: str = "en") -> Place | None:
        """A saved or catalogue place by name as said, the nearest of namesakes
        ("starbucks") to (lat, lon); None if unknown."""
        saved = self._saved.find(name)
        if saved:
            return Place(name=saved["name"], lat=saved["lat"], lon=saved["lon"], category=None)
        found = self._index.find_all(name)
        if not found:
            return None
        return _to_place(min(found, key=lambda p: haversine_km(lat, lon, p.lat, p.lon)), None, language)

    def nearest(self, category: str, lat: float, lon: float, language: str = "en") -> Place | None:
        """The closest catalogue place of a category to (lat, lon)."""
        candidates = [p for p in self._places if p.category == category]
        if not candidates:
            return None
        best = min(candidates, key=lambda p: (haversine_km(lat, lon, p.lat, p.lon), p.id))
        return _to_place(best, category, language)

    def display_name(self, name: str, language: str) -> str:
        """The Chinese name of a catalogue place for Chinese replies."""
        place = self._index.find(name) if language == "zh" else None
        return (place.name_zh or name) if place is not None else name


def _to_place(place: Any, category: str | None, language: str) -> Place:
    """The place as the car stores it: named in the request's language, both names kept."""
    name = place.name_zh if language == "zh" and place.name_zh else place.name
    return Place(name=name, lat=place.lat, lon=place.lon, category=category,
                 name_en=place.name, name_zh=place.name_zh)


@functools.lru_cache(maxsize=1)
def saved_places() -> list[dict[str, Any]]:
    """Home and Work, read from `saved_places.yaml`."""
    return yaml.safe_load(SAVED_PLACES_FILE.read_text(encoding="utf-8"))
