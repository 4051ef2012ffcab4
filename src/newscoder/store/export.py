"""Exports: the GDELT 2.0 event table, PLOVER JSON Lines, and every table as Parquet or CSV.

GDELT rows are event clusters (one real-world event, however many articles reported it), not reports:
NumMentions, NumSources and NumArticles say how often it was reported. PLOVER records are the event
reports themselves, one per (non-negated) event, each naming its cluster. All exports stream; CAMEO
codes are written as strings, leading zeros kept. docs/corpus.md lists what each column holds.
"""
from __future__ import annotations

import json
import re
from datetime import date as Date, datetime
from pathlib import Path
from typing import IO, Any, Iterator

import duckdb

from . import db

FORMATS = ("gdelt", "plover", "parquet", "csv")
# What `export --format parquet|csv` writes, one file per table (internal LSH bands and meta excepted).
EXPORT_TABLES = ("articles", "actors", "mentions", "quotes", "events", "figures", "embeds", "rejects",
                 "stories", "event_clusters", "minhashes")

# The GDELT 2.0 Event table, in the codebook's order: 61 tab-separated columns, no header line.
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

_ACTOR = "x.code, x.name, x.country, x.sector"
_GDELT_SQL = f"""
WITH reports AS (
    SELECT e.*, a.url, a.id AS article_id, a.ingested_at,
           e.start < coalesce(nullif(instr(a.text, chr(10)), 0) - 1, length(a.text)) AS in_lead,
           row_number() OVER (PARTITION BY e.cluster_id ORDER BY a.ingested_at, e.article_key, e.idx) AS rn
    FROM events e JOIN articles a ON a.key = e.article_key
    WHERE e.cluster_id IS NOT NULL),
lead AS (SELECT cluster_id, bool_or(coalesce(in_lead, false)) AS root FROM reports GROUP BY cluster_id),
tone AS (SELECT r.cluster_id, avg(r.{{goldstein}}) AS goldstein FROM reports r JOIN event_clusters c
         ON c.cluster_id = r.cluster_id AND r.cameo IS NOT DISTINCT FROM c.cameo GROUP BY r.cluster_id)
SELECT c.cluster_id, coalesce(c.date, c.first_date) AS day, c.cameo, f.quad_class, g.goldstein,
       c.reports, c.sources, c.articles,
       f.location_name, f.location_country, f.location_lat, f.location_lon, l.root, f.ingested_at,
       coalesce(f.url, f.article_id) AS source_url,
       (SELECT [{_ACTOR}] FROM actors x WHERE x.article_key = f.article_key AND x.actor_id = f.source[1]) AS actor1,
       (SELECT [{_ACTOR}] FROM actors x WHERE x.article_key = f.article_key AND x.actor_id = f.target[1]) AS actor2
FROM event_clusters c JOIN reports f ON f.cluster_id = c.cluster_id AND f.rn = 1
JOIN lead l ON l.cluster_id = c.cluster_id
LEFT JOIN tone g ON g.cluster_id = c.cluster_id
ORDER BY day NULLS LAST, c.cluster_id"""


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path) -> dict[str, int]:
    """Write the export; returns what was written (rows per file or table)."""
    out = Path(out)
    if fmt == "gdelt":
        with out.open("w", encoding="utf-8", newline="") as fh:
            return {str(out): write_gdelt(con, fh)}
    if fmt == "plover":
        with out.open("w", encoding="utf-8", newline="") as fh:
            return {str(out): write_plover(con, fh)}
    if fmt in ("parquet", "csv"):
        return write_tables(con, fmt, out)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, batch: int = 1000) -> Iterator[tuple]:
    cur = con.execute(sql, params or [])
    while rows := cur.fetchmany(batch):
        yield from rows


def _field(value: Any) -> str:
    """A GDELT field: no tabs, line breaks or double quotes (the format has no quoting)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else repr(value)
    return re.sub(r"[\t\r\n]+", " ", str(value)).replace('"', "")


def gdelt_row(r: tuple) -> list[str]:
    (cid, day, cameo, quad, goldstein, reports, sources, articles, loc_name, loc_country, lat, lon, root, added,
     url, actor1, actor2) = r
    cameo = str(cameo) if cameo else ""
    when: list[Any] = ["", "", "", ""]
    if isinstance(day, Date):
        doy = day.timetuple().tm_yday
        when = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{day.year + doy / 365:.4f}"]
    sides = []
    for actor in (actor1, actor2):
        code, name, country, sector = actor if actor else (None, None, None, None)
        sides += [code, name.upper() if name else None, country, None, None, None, None, sector, None, None]
    geo_type = None
    if loc_name or loc_country:
        geo_type = 4 if (lat is not None and loc_name and loc_name.upper() != (loc_country or "")) else 1
    goldstein = None if goldstein is None else round(goldstein, 1)
    values = [cid, *when, *sides, 1 if root else 0, cameo, cameo[:3], cameo[:2], quad, goldstein,
              reports, sources, articles, None,
              *([None] * 8), *([None] * 8),
              geo_type, loc_name, loc_country, None, None, lat, lon, None,
              added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else None, url]
    assert len(values) == 61
    return [_field(v) for v in values]


def write_gdelt(con: duckdb.DuckDBPyConnection, fh: IO[str], header: bool = False) -> int:
    """One line per event cluster, 61 tab-separated fields. Returns the number of lines (header excepted)."""
    if header:
        fh.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    # the events stage's Goldstein score, when this database has the column
    goldstein = "goldstein" if "goldstein" in _existing_columns(con, "events") else "confidence * NULL"
    for r in _rows(con, _GDELT_SQL.replace("{goldstein}", goldstein)):
        fh.write("\t".join(gdelt_row(r)) + "\n")
        n += 1
    return n


# Event fields the events stage adds beside the contract's, passed through to PLOVER records when present.
PLOVER_EXTRAS = ("goldstein", "historical", "modality")
_PLOVER_SQL = """
SELECT e.article_key, e.idx, coalesce(TRY_CAST(e.date AS DATE), a.published) AS day, e.type, e.mode, e.cameo,
       e.quad_class, e.source, e.target, e.trigger, e.location_name, e.location_country, e.location_lat,
       e.location_lon, e.start, e."end", e.claimed_by, e.confidence, e.cluster_id, {extras},
       a.id, a.url, a.outlet, a.title, a.published, a.text,
       (SELECT list({'id': x.actor_id, 'name': x.name, 'country': x.country, 'sector': x.sector, 'code': x.code}
                    ORDER BY x.actor_id)
        FROM actors x WHERE x.article_key = e.article_key
          AND (list_contains(e.source, x.actor_id) OR list_contains(e.target, x.actor_id))) AS people
FROM events e JOIN articles a ON a.key = e.article_key
WHERE NOT coalesce(e.negated, false)
ORDER BY day NULLS LAST, a.id, e.idx"""


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) around [start, end): from the last boundary before to the first one after."""
    if not text or start is None or end is None:
        return ""
    marks = (". ", "! ", "? ")
    lo = max([text.rfind("\n", 0, start) + 1] + [i + 2 for i in (text.rfind(p, 0, start) for p in marks) if i >= 0])
    ends = [i + 1 for i in (text.find(p, end) for p in marks) if i >= 0]
    newline = text.find("\n", end)
    hi = min(ends + ([newline] if newline >= 0 else []), default=len(text))
    return text[lo:hi].strip()


def plover_record(r: tuple) -> dict[str, Any]:
    (key, idx, day, etype, mode, cameo, quad, source, target, trigger, lname, lcountry, lat, lon, start, end,
     claimed_by, confidence, cluster, extras, art_id, url, outlet, title, published, text, people) = r
    people = {p["id"]: p for p in (people or [])}
    side = lambda ids: [{k: people[i][k] for k in ("name", "country", "sector", "code")}  # noqa: E731
                        for i in (ids or []) if i in people]
    return {
        "id": f"{key[:16]}-{idx}", "event_cluster": cluster,
        "date": day.isoformat() if day else None,
        "event_type": etype, "mode": mode, "context": [], "cameo": cameo, "quad_class": quad,
        "actor": side(source), "recipient": side(target), "source": list(source or []), "target": list(target or []),
        "location": {"name": lname, "country": lcountry, "lat": lat, "lon": lon} if (lname or lcountry) else None,
        "trigger": trigger, "claimed_by": claimed_by, "confidence": confidence, "negated": False,
        "start": start, "end": end, "source_text": _sentence(text or "", start, end),
        **{k: v for k, v in (extras or {}).items()},
        "article": {"id": art_id, "key": key, "url": url, "outlet": outlet, "title": title,
                    "published": published.isoformat() if published else None},
    }


def write_plover(con: duckdb.DuckDBPyConnection, fh: IO[str]) -> int:
    """PLOVER-style JSON Lines, one record per event report that is not negated."""
    n = 0
    have = _existing_columns(con, "events")
    extras = [c for c in PLOVER_EXTRAS if c in have]
    struct = "{" + ", ".join(f"'{c}': e.{db.q(c)}" for c in extras) + "}" if extras else "NULL"
    for r in _rows(con, _PLOVER_SQL.replace("{extras}", struct)):
        fh.write(json.dumps(plover_record(r), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_tables(con: duckdb.DuckDBPyConnection, fmt: str, out: Path) -> dict[str, int]:
    """OUT/<table>.parquet or OUT/<table>.csv for every exported table (DuckDB writes them itself)."""
    out.mkdir(parents=True, exist_ok=True)
    options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
    written = {}
    for table in EXPORT_TABLES:
        path = out / f"{table}.{fmt}"
        literal = "'" + str(path).replace("'", "''") + "'"
        cols = ", ".join(db.q(c) for c in _existing_columns(con, table))
        con.execute(f"COPY (SELECT {cols} FROM {table}) TO {literal} ({options})")
        written[str(path)] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return written


def _existing_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                      "ORDER BY ordinal_position", [table]).fetchall()]
