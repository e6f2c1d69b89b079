"""Distances and times on the road, from coordinates alone (offline)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0
# Roads wind: in and around Chinese cities a driven route is typically about
# 30% longer than the great-circle distance between its ends.
ROAD_FACTOR = 1.3
# Average speed of a mixed urban and expressway drive, used for every ETA.
AVERAGE_SPEED_KMH = 45.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def road_km(points: list[tuple[float, float]]) -> float:
    """Driven distance along a list of (lat, lon) points, rounded to 0.1 km."""
    legs = zip(points, points[1:])
    return round(sum(haversine_km(*a, *b) for a, b in legs) * ROAD_FACTOR, 1)


def eta_minutes(distance_km: float) -> float:
    """Minutes to drive `distance_km` at the stated average speed."""
    return round(distance_km / AVERAGE_SPEED_KMH * 60, 1)
