"""The set of services the agents use, built once from the seeds."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from assistant.services.manual import ManualIndex
from assistant.services.maps import Maps, saved_places
from assistant.services.music import Music
from assistant.services.phone import PhoneBook


@dataclass(frozen=True)
class Services:
    maps: Maps
    music: Music
    phone: PhoneBook
    manual: ManualIndex


def build_services(seeds: Any) -> Services:
    """Services over any object with the catalogues of `assistant.seeds.Seeds`."""
    return Services(maps=Maps(seeds.places, saved_places()), music=Music(seeds),
                    phone=PhoneBook(seeds.contacts), manual=ManualIndex(seeds.manual))


@functools.lru_cache(maxsize=1)
def default_services() -> Services:
    """Services over the repo's seeds, built once per process."""
    from assistant.seeds import get_seeds

    return build_services(get_seeds())
