"""Bureaus by where they are, for a reader looking for their own district: province, then city,
the city's own bureau before its districts'. Anchors are numbered, so a jump list can link to
any province or city."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

CITY_LEVELS = ("市", "市本级")  # a city's own bureau leads its city
NO_CITY = "省级机构"


class _Link(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...


class Placed(Protocol):
    @property
    def link(self) -> _Link: ...
    @property
    def province(self) -> str: ...
    @property
    def city(self) -> str | None: ...


B = TypeVar("B", bound=Placed)


@dataclass(frozen=True)
class City(Generic[B]):
    name: str
    anchor: str
    bureaus: tuple[B, ...]


@dataclass(frozen=True)
class Province(Generic[B]):
    name: str
    anchor: str
    cities: tuple[City[B], ...]

    @property
    def count(self) -> int:
        return sum(len(c.bureaus) for c in self.cities)


def by_region(bureaus: Iterable[B]) -> tuple[Province[B], ...]:
    grouped: dict[str, dict[str, list[B]]] = {}
    for bureau in bureaus:
        grouped.setdefault(bureau.province, {}).setdefault(bureau.city or NO_CITY, []).append(bureau)
    provinces = []
    for p, province in enumerate(sorted(grouped), 1):
        cities = []
        for c, city in enumerate(sorted(grouped[province]), 1):
            listed = sorted(grouped[province][city], key=lambda b: (b.link.level not in CITY_LEVELS, b.link.name))
            cities.append(City(city, f"city-{p}-{c}", tuple(listed)))
        provinces.append(Province(province, f"province-{p}", tuple(cities)))
    return tuple(provinces)
