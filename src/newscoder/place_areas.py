"""Administrative areas of every country (data/events/admin_areas.tsv): states and provinces (level 1),
districts, raions, LGAs, counties (level 2) -> ISO3 country. Built by scripts/build_admin_areas.py from
ISO 3166-2 and GeoNames names; read once, on first use (about 1 s; some 17 MB kept, 30 MB while loading).

`newscoder.places` consults it after its own lists and besides the town gazetteer: an area places an
event at country level (no coordinates: an area is not a point) and, named next to a town ("Kuito
(Kuito, Bie)", "San Antonio, Valparaiso"), says which country the article is about.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Callable, NamedTuple


class Area(NamedTuple):
    name: str
    country: str
    level: int


@lru_cache(maxsize=1)
def _index(key: Callable[[str], str]) -> dict[str, tuple[Area, ...]]:
    text = resources.files("newscoder").joinpath("data/events/admin_areas.tsv").read_text("utf-8")
    found: dict[str, list[Area]] = {}
    countries: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("name\t"):
            continue
        name, aliases, country, level = line.split("\t")
        area = Area(name, countries.setdefault(country, country), int(level))
        for n in [name, *aliases.split("|")] if aliases else [name]:
            bucket = found.get(k := key(n))
            if bucket is None:               # (most names are one area's: no comparing, no sorting)
                found[k] = [area]
            elif all(a.country != area.country or a.level != area.level for a in bucket):
                bucket.append(area)
    return {k: (v[0],) if len(v) == 1 else tuple(sorted(v, key=lambda a: a.level)) for k, v in found.items()}


def find(k: str, key: Callable[[str], str]) -> tuple[Area, ...]:
    """The areas whose name or alias has lookup key `k` (`key` is the gazetteer's folding function),
    first-level areas first."""
    return _index(key).get(k, ())


def pick(areas: tuple[Area, ...], prefer: tuple[str, ...], weak: tuple[str, ...] = ()) -> Area | None:
    """The area meant: one in a country the article names, else the only country's, else one in an
    actor's country; None when the name stays ambiguous or lies outside the article's countries."""
    if not areas:
        return None
    inside = [a for a in areas if a.country in prefer]
    if inside:
        return inside[0]
    if prefer:
        return None
    if len({a.country for a in areas}) == 1:
        return areas[0]
    return next((a for a in areas if a.country in weak), None)
