"""Simulated weather: deterministic from a hash of place and date (offline)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

CONDITIONS = ("sunny", "cloudy", "overcast", "light_rain", "rain", "thunderstorm")
# Mild eastern-China range: lows from 8 °C, a daily spread of 4 to 9 °C.
LOW_BASE_C, LOW_SPAN_C = 8, 18
SPREAD_MIN_C, SPREAD_SPAN_C = 4, 6


@dataclass(frozen=True, slots=True)
class Forecast:
    location: str
    date: str
    condition: str
    low_c: int
    high_c: int

    @property
    def rain(self) -> bool:
        return self.condition in ("light_rain", "rain", "thunderstorm")


def forecast(location: str, date: str = "today") -> Forecast:
    """The forecast for a place and a date word; the same inputs, the same answer."""
    digest = hashlib.sha256(f"{location.lower()}|{date}".encode()).digest()
    low = LOW_BASE_C + digest[1] % LOW_SPAN_C
    high = low + SPREAD_MIN_C + digest[2] % SPREAD_SPAN_C
    return Forecast(location, date, CONDITIONS[digest[0] % len(CONDITIONS)], low, high)
