"""The read-only queries behind the web UI's corpus pages and `/api/...` corpus endpoints.

Every query aggregates or pages in DuckDB (LIMIT/OFFSET, GROUP BY), so a page costs the same on a corpus
of 50 or 50,000 articles. Every filter value is a bound parameter, never spliced into the SQL; substring
filters are case-insensitive and literal (DuckDB's `contains`, no wildcards). Rows carry the article's
`key` and the item's `idx`, so the UI can link each row to `/article/{key}#e-{idx}` (its evidence).
"""
from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from typing import Any

import duckdb

from ..record import Embed, Event, Figure, Quote, Record
from ..store import query
from ..store.query import EVENT_DAY, dates_and_text as _dates_and_text, has as _has, side_names as _side_names

CLASSES = {"quotes": Quote, "events": Event, "figures": Figure, "embeds": Embed}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass
class Filters(query.Filters):
    """The CLI's filters (store.query), plus two the pages offer."""
    about: str | None = None     # quotes: substring of what was said
    place: str | None = None     # events: substring of the place's name

    def cleaned(self) -> "Filters":
        """Blank strings count as absent (an empty form field)."""
        return Filters(**{k: (v.strip() or None) if isinstance(v, str) else v for k, v in self.__dict__.items()})


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit, "rows": [plain(r) for r in self.rows]}


def plain(value: Any) -> Any:
    """JSON-ready values: dates as ISO strings, tuples as lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _page(con: duckdb.DuckDBPyConnection, base: str, where: list[str], params: dict, order: str,
          select: str, offset: int, limit: int) -> Page:
    """Count the filtered rows, then fetch one page: the page's keys first (cheap columns only), then the
    expensive columns (actor names, context snippets) for those rows alone."""
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    total = con.execute(f"SELECT count(*) FROM {base}{cond}", params).fetchone()[0]
    sql = select.format(page=f"SELECT * FROM (SELECT {order[0]} FROM {base}{cond}) ORDER BY {order[1]} "
                                       f"LIMIT $limit OFFSET $offset", order=order[1])
    cur = con.execute(sql, {**params, "limit": limit, "offset": offset})
    cols = [d[0] for d in cur.description]
    return Page([dict(zip(cols, r)) for r in cur.fetchall()], total, offset, limit)


# A snippet of the article around an item: 90 characters before, the item itself, 90 after. DuckDB's
# substring counts characters (code points) from 1, as Python's offsets do from 0.
def _context(alias: str) -> str:
    return (f"substring(a.text, greatest({alias}.start - 90, 0) + 1, {alias}.start - greatest({alias}.start - 90, 0)) AS before, "
            f"substring(a.text, {alias}.start + 1, {alias}.\"end\" - {alias}.start) AS hit, "
            f"substring(a.text, {alias}.\"end\" + 1, 90) AS after")


_ARTICLE = "a.key AS article_key, a.id AS article_id, coalesce(a.title, left(a.text, 80)) AS article_title, a.outlet"


def _contains(where: list[str], params: dict, column: str, name: str, value: str | None) -> None:
    """The web UI's own filters (place, about): the column contains the value, when one is given."""
    if value:
        where.append(_has(column, name))
        params[name] = value


def events(con: duckdb.DuckDBPyConnection, f: Filters, offset: int = 0, limit: int = 50) -> Page:
    f = f.cleaned()
    where, params = query.event_conditions(f)
    _contains(where, params, "e.location_name", "place", f.place)
    select = f"""WITH page AS ({{page}})
        SELECT p.day AS date, e.type, e.mode, e.cameo, e.quad_class, {_side_names('source')} AS source,
               {_side_names('target')} AS target, e.trigger, e.location_name AS location,
               e.location_country AS country, e.location_lat AS lat, e.location_lon AS lon, e.negated,
               (SELECT x.name FROM actors x WHERE x.article_key = e.article_key AND x.actor_id = e.claimed_by) AS claimed_by,
               e.confidence, e.cluster_id, e.idx, {_ARTICLE}, {_context('e')}
        FROM page p JOIN events e ON e.article_key = p.article_key AND e.idx = p.idx
        JOIN articles a ON a.key = e.article_key
        ORDER BY {{order}}"""
    return _page(con, "events e JOIN articles a ON a.key = e.article_key", where, params,
                 (f"e.article_key, e.idx, {EVENT_DAY} AS day", "day DESC NULLS LAST, article_key, idx"),
                 select.replace("{order}", "p.day DESC NULLS LAST, p.article_key, p.idx"), offset, limit)


def quotes(con: duckdb.DuckDBPyConnection, f: Filters, offset: int = 0, limit: int = 50) -> Page:
    f = f.cleaned()
    where, params = query.quote_conditions(f)
    _contains(where, params, "q.text", "about", f.about)
    columns = f"""a.published AS date, coalesce(s.name, q.speaker_text) AS speaker, s.code AS speaker_code,
               s.country AS speaker_country, q.kind, q.text AS quote, q.cue, q.via, q.idx, {_ARTICLE}"""
    return _item_page(con, "quotes q", "speaker", columns, where, params, offset, limit)


def figures(con: duckdb.DuckDBPyConnection, f: Filters, offset: int = 0, limit: int = 50) -> Page:
    f = f.cleaned()
    where, params = query.figure_conditions(f)
    _contains(where, params, "g.location_name", "place", f.place)
    columns = f"""a.published AS date, g.kind, g.value, g.qualifier, g.victims, g.location_name AS location,
               g.location_country AS country, coalesce(s.name, g.according_to) AS according_to, g.text,
               g.idx, {_ARTICLE}, {_context('g')}"""
    return _item_page(con, "figures g", "according_to", columns, where, params, offset, limit)


def _item_page(con: duckdb.DuckDBPyConnection, table: str, actor: str, columns: str, where: list[str],
               params: dict, offset: int, limit: int) -> Page:
    """A page of quotes or figures (`table` is "quotes q" or "figures g"), newest first, each with the
    actor its `actor` column names (the speaker, the source of the figure) as `s`."""
    alias = table.split()[1]
    joins = (f"JOIN articles a ON a.key = {alias}.article_key "
             f"LEFT JOIN actors s ON s.article_key = {alias}.article_key AND s.actor_id = {alias}.{actor}")
    select = (f"WITH page AS ({{page}}) SELECT {columns} FROM page p JOIN {table} ON {alias}.article_key = "
              f"p.article_key AND {alias}.idx = p.idx {joins} ORDER BY p.published DESC NULLS LAST, p.article_key, p.idx")
    return _page(con, f"{table} {joins}", where, params,
                 (f"{alias}.article_key, {alias}.idx, a.published", "published DESC NULLS LAST, article_key, idx"),
                 select, offset, limit)


def actors(con: duckdb.DuckDBPyConnection, f: Filters, offset: int = 0, limit: int = 50) -> Page:
    """Actors over the corpus: one row per (name, kind, code, country, sector), most reported first."""
    f = f.cleaned()
    where, params = query.actor_conditions(f)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    grouped = f"""SELECT x.name, x.kind, x.code, x.country, x.sector, count(DISTINCT x.article_key) AS articles,
                         count(*) AS rows, min(a.published) AS first_published, max(a.published) AS last_published
                  FROM actors x JOIN articles a ON a.key = x.article_key{cond} GROUP BY ALL"""
    # one aggregation: the page and the number of groups (a window over the grouped rows) together
    cur = con.execute(f"""SELECT *, count(*) OVER () AS _total FROM ({grouped})
                          ORDER BY articles DESC, name, code NULLS LAST LIMIT $limit OFFSET $offset""",
                      {**params, "limit": limit, "offset": offset})
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    total = rows[0]["_total"] if rows else (
        con.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0] if offset else 0)
    for r in rows:
        del r["_total"]
    return Page(rows, total, offset, limit)


def articles(con: duckdb.DuckDBPyConnection, f: Filters, offset: int = 0, limit: int = 50) -> Page:
    f = f.cleaned()
    where: list[str] = []
    params: dict[str, Any] = {}
    _dates_and_text(f, "a.published", where, params)
    select = """WITH page AS ({page})
        SELECT a.published AS date, coalesce(a.title, left(a.text, 80)) AS title, a.id, a.outlet, a.language,
               a.key, s.articles AS story_articles,
               (SELECT count(*) FROM events e WHERE e.article_key = a.key) AS events,
               (SELECT count(*) FROM quotes q WHERE q.article_key = a.key) AS quotes,
               (SELECT count(*) FROM figures g WHERE g.article_key = a.key) AS figures
        FROM page p JOIN articles a ON a.key = p.key LEFT JOIN stories s ON s.story_id = a.story_id
        ORDER BY p.published DESC NULLS LAST, p.key"""
    return _page(con, "articles a", where, params, ("a.key, a.published", "published DESC NULLS LAST, key"),
                 select, offset, limit)


# -- aggregates for the corpus dashboard ------------------------------------------------------------

def _bucket(first: dt.date, last: dt.date) -> str:
    """The coarsest unit that still gives at most ~150 bars."""
    days = (last - first).days + 1
    if days <= 150:
        return "day"
    if days <= 150 * 7:
        return "week"
    if days <= 150 * 31:
        return "month"
    return "year"


def _buckets(first: dt.date, last: dt.date, unit: str) -> list[str]:
    """Every bucket's first day from `first` to `last`, as DuckDB's date_trunc numbers them (weeks start
    on Monday)."""
    if unit == "day":
        start, step = first, lambda d: d + dt.timedelta(days=1)
    elif unit == "week":
        start, step = first - dt.timedelta(days=first.weekday()), lambda d: d + dt.timedelta(days=7)
    elif unit == "month":
        start = first.replace(day=1)
        step = lambda d: (d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1))  # noqa: E731
    else:
        start, step = first.replace(month=1, day=1), lambda d: d.replace(year=d.year + 1)
    out = []
    while start <= last:
        out.append(start.isoformat())
        start = step(start)
    return out


def timeline(con: duckdb.DuckDBPyConnection, type_: str | None = None) -> dict[str, Any]:
    """Event reports (not negated) per time bucket, quad class and type. The range is the 1st to 99th
    percentile of the dates, so one stray date in 1948 does not flatten everything else; reports outside
    it are counted in `outside`."""
    params: dict[str, Any] = {}
    cond = "NOT coalesce(e.negated, false)"
    if type_:
        cond += " AND upper(e.type) = upper($type)"
        params["type"] = type_
    base = f"SELECT {EVENT_DAY} AS day, e.type, e.quad_class FROM events e JOIN articles a ON a.key = e.article_key WHERE {cond}"
    lo, hi, dated, undated = con.execute(
        f"SELECT quantile_disc(day, 0.01), quantile_disc(day, 0.99), count(day), count(*) - count(day) FROM ({base})",
        params).fetchone()
    if lo is None:
        return {"bucket": "day", "from": None, "to": None, "buckets": [], "rows": [], "outside": 0,
                "undated": undated, "types": _types(con)}
    unit = _bucket(lo, hi)
    rows = con.execute(
        f"""SELECT CAST(date_trunc('{unit}', day) AS DATE) AS t, coalesce(quad_class, 0) AS quad, type, count(*) AS n
            FROM ({base}) WHERE day BETWEEN $lo AND $hi GROUP BY ALL ORDER BY t, quad, type""",
        {**params, "lo": lo, "hi": hi}).fetchall()
    inside = sum(r[3] for r in rows)
    return {"bucket": unit, "from": lo.isoformat(), "to": hi.isoformat(), "buckets": _buckets(lo, hi, unit),
            "rows": [[r[0].isoformat(), r[1], r[2], r[3]] for r in rows],
            "outside": dated - inside, "undated": undated, "types": _types(con)}


def _types(con: duckdb.DuckDBPyConnection) -> list[list[Any]]:
    return [list(r) for r in con.execute(
        "SELECT type, count(*) n FROM events WHERE NOT coalesce(negated, false) GROUP BY 1 ORDER BY n DESC, 1").fetchall()]


def network(con: duckdb.DuckDBPyConnection, type_: str | None = None, nodes: int = 40, edges: int = 150) -> dict[str, Any]:
    """Who does what to whom: actors (by canonical name) as nodes, source -> target pairs as edges, each
    weighted by the number of distinct event clusters (one real-world event reported ten times counts
    once). Only the `nodes` actors with the heaviest edges are kept, and the `edges` heaviest edges
    among them."""
    params: dict[str, Any] = {}
    cond = "NOT coalesce(negated, false)"
    if type_:
        cond += " AND upper(type) = upper($type)"
        params["type"] = type_
    rows = con.execute(f"""
        WITH ev AS (SELECT article_key, type, quad_class, coalesce(cluster_id, hash(article_key, idx)) AS cl,
                           unnest(source) AS sid, target FROM events WHERE {cond}),
             pairs AS (SELECT article_key, type, quad_class, cl, sid, unnest(target) AS tid FROM ev)
        SELECT sa.name AS src, ta.name AS tgt, p.type, p.quad_class, count(DISTINCT p.cl) AS clusters, count(*) AS reports
        FROM pairs p
        JOIN actors sa ON sa.article_key = p.article_key AND sa.actor_id = p.sid
        JOIN actors ta ON ta.article_key = p.article_key AND ta.actor_id = p.tid
        WHERE sa.name <> ta.name
        GROUP BY ALL""", params).fetchall()
    pair: dict[tuple[str, str], dict[str, Any]] = {}
    strength: dict[str, int] = {}
    for src, tgt, typ, quad, clusters, reports in rows:
        e = pair.setdefault((src, tgt), {"weight": 0, "reports": 0, "types": {}, "quads": {}})
        e["weight"] += clusters
        e["reports"] += reports
        e["types"][typ] = e["types"].get(typ, 0) + clusters
        e["quads"][quad] = e["quads"].get(quad, 0) + clusters
        strength[src] = strength.get(src, 0) + clusters
        strength[tgt] = strength.get(tgt, 0) + clusters
    keep = sorted(strength, key=lambda n: (-strength[n], n))[:nodes]
    kept = set(keep)
    chosen = sorted(((k, v) for k, v in pair.items() if k[0] in kept and k[1] in kept),
                    key=lambda kv: (-kv[1]["weight"], kv[0]))[:edges]
    used = {n for (s, t), _ in chosen for n in (s, t)}
    codes = dict(con.execute("SELECT name, mode(code) FROM actors WHERE name IN (SELECT unnest($1)) GROUP BY 1",
                             [sorted(used)]).fetchall()) if used else {}
    return {
        "nodes": [{"id": n, "code": codes.get(n), "weight": strength[n]} for n in keep if n in used],
        "edges": [{"source": s, "target": t, "weight": v["weight"], "reports": v["reports"],
                   "types": dict(sorted(v["types"].items(), key=lambda kv: -kv[1])),
                   "quad": max(v["quads"], key=lambda q: (v["quads"][q], -(q or 0))) if v["quads"] else None}
                  for (s, t), v in chosen],
        "types": _types(con),
    }


def places(con: duckdb.DuckDBPyConnection, type_: str | None = None, limit: int = 400) -> dict[str, Any]:
    """Event places with coordinates: reports, distinct clusters, the commonest type and quad class."""
    params: dict[str, Any] = {"limit": limit}
    cond = "location_lat IS NOT NULL AND location_lon IS NOT NULL AND NOT coalesce(negated, false)"
    if type_:
        cond += " AND upper(type) = upper($type)"
        params["type"] = type_
    rows = con.execute(f"""
        SELECT location_name, location_country, round(avg(location_lat), 3), round(avg(location_lon), 3),
               count(*) AS reports, count(DISTINCT coalesce(cluster_id, hash(article_key, idx))) AS clusters,
               mode(type), mode(quad_class)
        FROM events WHERE {cond} GROUP BY 1, 2 ORDER BY reports DESC, 1 LIMIT $limit""", params).fetchall()
    return {"places": [{"name": r[0], "country": r[1], "lat": r[2], "lon": r[3], "reports": r[4], "clusters": r[5],
                        "type": r[6], "quad": r[7]} for r in rows]}


# -- one stored article as a record ---------------------------------------------------------------

def _rows(con: duckdb.DuckDBPyConnection, table: str, key: str) -> list[dict[str, Any]]:
    cur = con.execute(f"SELECT * FROM {table} WHERE article_key = ? ORDER BY idx", [key])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _structured(cls: type) -> set[str]:
    """Fields of a record dataclass that the store keeps as JSON text (lists of dataclasses, dicts...)."""
    out = set()
    for name, hint in typing.get_type_hints(cls).items():
        args = [a for a in typing.get_args(hint) if a is not type(None)] if typing.get_origin(hint) in (
            typing.Union, types.UnionType) else [hint]
        if len(args) == 1 and args[0] in (str, int, float, bool):
            continue
        inner = typing.get_args(args[0]) if len(args) == 1 else ()
        if len(args) == 1 and typing.get_origin(args[0]) in (list, tuple) and all(a in (str, int, float) for a in inner):
            continue   # stored as a DuckDB list, already a list
        out.add(name)
    return out


def _unjson(row: dict[str, Any], cls: type) -> dict[str, Any]:
    """Decode the columns that hold JSON text back into lists and objects."""
    for name in _structured(cls) & set(row):
        value = row[name]
        if isinstance(value, str):
            try:
                row[name] = json.loads(value)
            except ValueError:
                pass
    return row


def _fold_location(row: dict[str, Any]) -> dict[str, Any]:
    """`location_name`... columns back into the record's nested `location` (null when there is none)."""
    loc = {k[len("location_"):]: row.pop(k) for k in [c for c in row if c.startswith("location_")]}
    if any(v is not None for v in loc.values()):
        row["location"] = loc
    elif loc:
        row["location"] = None
    return row


def article(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """A stored article as the contract's record (plus `key`, `story_id`, `source` and the other articles of
    its story), or None when the key is unknown."""
    cur = con.execute("SELECT * FROM articles WHERE key = ?", [key])
    row = cur.fetchone()
    if row is None:
        return None
    rec = _unjson(dict(zip([d[0] for d in cur.description], row)), Record)
    mentions: dict[str, list[list[int]]] = {}
    for actor_id, start, end in con.execute(
            'SELECT actor_id, start, "end" FROM mentions WHERE article_key = ? ORDER BY start, "end"', [key]).fetchall():
        mentions.setdefault(actor_id, []).append([start, end])
    strip = ("article_key", "idx")
    rec["actors"] = [{"id": a["actor_id"], **{k: v for k, v in a.items() if k not in (*strip, "actor_id")},
                      "mentions": mentions.get(a["actor_id"], [])} for a in _rows(con, "actors", key)]
    for table in ("quotes", "events", "figures", "embeds"):
        rec[table] = [_fold_location(_unjson({k: v for k, v in r.items() if k not in strip}, CLASSES[table]))
                      for r in _rows(con, table, key)]
    rec["error"] = None
    rec["credits"] = rec.get("credits") or []
    rec["flags"] = rec.get("flags") or []
    rec["story"] = [plain(dict(zip(("key", "id", "title", "published", "outlet"), r))) for r in con.execute(
        """SELECT key, id, coalesce(title, left(text, 80)), published, outlet FROM articles
           WHERE story_id = ? AND key <> ? ORDER BY published NULLS LAST, key LIMIT 50""",
        [rec.get("story_id"), key]).fetchall()] if rec.get("story_id") else []
    return plain(rec)
