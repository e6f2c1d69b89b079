"""The Travel Companion: navigation, trip plans and the weather."""

from __future__ import annotations

from typing import Any

from assistant.agents.context import AgentContext
from assistant.services.weather import forecast
from assistant.vehicle import actions as a
from assistant.vehicle.geo import AVERAGE_SPEED_KMH, road_km
from assistant.vehicle.state import Place


def find_place(slots: dict[str, Any], ctx: AgentContext) -> Place | None:
    """The place a frame names: nearest of a category, else by name."""
    location = ctx.state.location
    if "category" in slots:
        return ctx.services.maps.nearest(str(slots["category"]), location.lat, location.lon, ctx.language)
    name = slots.get("destination") or slots.get("name")
    return ctx.services.maps.find(str(name), location.lat, location.lon, ctx.language) if name else None


def _not_found(slots: dict[str, Any]) -> a.Action:
    said = slots.get("destination") or slots.get("name") or slots.get("category") or ""
    return a.Inform(key="place_not_found", fields={"name": str(said)})


def _navigate(intent: str, slots: dict[str, Any], ctx: AgentContext) -> list[a.Action]:
    place = find_place(slots, ctx)
    if place is None:
        return [_not_found(slots)]
    if intent == "navigation.add_stop":
        return [a.AddStop(place=place)]
    return [a.Navigate(place=place, route_preference=slots.get("route_preference"))]


def _find_poi(slots: dict[str, Any], ctx: AgentContext) -> list[a.Action]:
    place = find_place(slots, ctx)
    if place is None:
        return [_not_found(slots)]
    here = ctx.state.location
    distance = road_km([(here.lat, here.lon), (place.lat, place.lon)])
    return [a.Inform(key="poi", fields={"name": _label(place.name, ctx), "distance": distance})]


def _label(name: str, ctx: AgentContext) -> str:
    return ctx.services.maps.display_name(name, ctx.language)


def _weather(slots: dict[str, Any], ctx: AgentContext) -> list[a.Action]:
    where = str(slots.get("location") or "")
    destination = ctx.state.navigation.destination
    if where in ("", "destination", "目的地") or where.lower() == "here":
        where = destination.name if where and destination else ctx.state.location.name
    cast = forecast(where, str(slots.get("date", "today")))
    return [a.Inform(key="weather", fields={
        "location": _label(where, ctx), "date": cast.date, "condition": cast.condition,
        "low": cast.low_c, "high": cast.high_c})]


def _plan_trip(slots: dict[str, Any], ctx: AgentContext) -> list[a.Action]:
    here = ctx.state.location
    place = ctx.services.maps.find(str(slots.get("destination", "")), here.lat, here.lon, ctx.language)
    if place is None:
        return [_not_found(slots)]
    distance = road_km([(here.lat, here.lon), (place.lat, place.lon)])
    cast = forecast(place.name, str(slots.get("date", "weekend")))
    return [a.Inform(key="trip_plan", fields={
        "name": _label(place.name, ctx), "distance": distance,
        "hours": round(distance / AVERAGE_SPEED_KMH, 1), "date": cast.date,
        "condition": cast.condition, "low": cast.low_c, "high": cast.high_c})]


def nearest_rest_area(ctx: AgentContext) -> a.Action:
    """The fatigue scene's suggestion: the closest rest area, with its distance."""
    here = ctx.state.location
    place = ctx.services.maps.nearest("rest_area", here.lat, here.lon, ctx.language)
    if place is None:
        return a.Inform(key="rest_area_none")
    distance = road_km([(here.lat, here.lon), (place.lat, place.lon)])
    return a.Inform(key="rest_area", fields={"name": _label(place.name, ctx), "distance": distance})


def plan(intent: str, slots: dict[str, Any], ctx: AgentContext) -> list[a.Action]:
    """Actions for one navigation, travel or weather frame."""
    if intent in ("navigation.navigate", "navigation.add_stop"):
        return _navigate(intent, slots, ctx)
    if intent == "navigation.find_poi":
        return _find_poi(slots, ctx)
    if intent == "navigation.cancel":
        return [a.CancelNavigation()]
    if intent == "navigation.query_eta":
        return [a.Query(item="eta")]
    if intent == "navigation.set_route_preference":
        return [a.SetRoutePreference(preference=slots["route_preference"])]
    if intent == "travel.plan_trip":
        return _plan_trip(slots, ctx)
    return _weather(slots, ctx)
