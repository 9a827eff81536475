"""Cities and authorised service outlets, and how the nearest outlet is found."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str  # canonical short name: 青岛
    province: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # 天河区, 海珠区… (knowledge/cities.yml)

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the city is written: 青岛, 青岛市."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    city: str
    district: str
    address: str
    phone: str
    lat: float
    lon: float
    products: tuple[str, ...]
    walk_in: bool = False


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def find_city(text: str | None, cities: dict[str, City]) -> City | None:
    """The city named in ``text`` (青岛, 青岛市, 山东青岛市南区…), longest name first."""
    text = text or ""
    names = sorted(
        ((alias, city) for city in cities.values() for alias in city.names),
        key=lambda p: -len(p[0]),
    )
    return next((city for alias, city in names if alias in text), None)


def nearest_outlet(
    outlets: Iterable[Outlet],
    city: City | None,
    product: str | None = None,
    district: str | None = None,
    walk_in: bool = False,
) -> Outlet | None:
    """The outlet to send an engineer from (or, with ``walk_in``, to bring the product to): in the
    customer's city (same district first), else the closest to the city's centre; only outlets
    serving ``product`` when it is known."""
    candidates = [
        o for o in outlets if (not product or product in o.products) and (o.walk_in or not walk_in)
    ]
    if not candidates or city is None:
        return None
    same_city = [o for o in candidates if o.city == city.name]
    if same_city:
        in_district = [o for o in same_city if district and o.district and o.district in district]
        pool = in_district or same_city
    else:
        pool = candidates
    return min(pool, key=lambda o: (distance_km(city.lat, city.lon, o.lat, o.lon), o.id))


def outlets_near(
    outlets: Iterable[Outlet], city: City, district: str | None = None, limit: int = 3
) -> list[Outlet]:
    """The outlets a customer in ``city`` (and ``district``) can go to: that district first, then the
    rest of the city, else the closest ones elsewhere, nearest first."""
    every = list(outlets)
    same_city = [o for o in every if o.city == city.name]
    pool = same_city or every

    def rank(o: Outlet) -> tuple[bool, float, str]:
        short = o.district.rstrip("区县") if o.district else ""
        in_district = bool(district and short and short in district)
        return (not in_district, distance_km(city.lat, city.lon, o.lat, o.lon), o.id)

    return sorted(pool, key=rank)[:limit]
