"""The queries behind `newscoder events|quotes|figures|actors|stats`, over a read-only connection.

Every filter is a bound parameter (never spliced into the SQL); substring filters are case-insensitive
and literal (no wildcards). Each query returns a `Table`: column names, rows, and the columns worth
showing in a terminal table (csv and json get them all).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb


@dataclass
class Filters:
    actor: str | None = None     # substring of an actor's name or code
    country: str | None = None   # ISO alpha-3 of an actor or of the place
    type: str | None = None      # events: PLOVER type or CAMEO prefix; quotes: kind; figures: kind; actors: kind
    since: str | None = None     # YYYY-MM-DD, inclusive
    until: str | None = None     # YYYY-MM-DD, inclusive
    text: str | None = None      # substring of the article's title or text
    limit: int = 100             # 0: no limit


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]
    brief: list[str] = field(default_factory=list)   # columns for the terminal table

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]


def has(expr: str, param: str) -> str:
    """SQL: a case-insensitive, literal substring test of `expr` against the bound parameter."""
    return f"contains(lower(coalesce({expr}, '')), lower(${param}))"


def dates_and_text(f: Filters, date_expr: str, where: list[str], params: dict) -> None:
    if f.since:
        where.append(f"{date_expr} >= CAST($since AS DATE)")
        params["since"] = f.since
    if f.until:
        where.append(f"{date_expr} <= CAST($until AS DATE)")
        params["until"] = f.until
    if f.text:
        where.append(f"({has('a.text', 'text')} OR {has('a.title', 'text')})")
        params["text"] = f.text


# An event's day: its own when the pipeline resolved one, else the article's publication date.
EVENT_DAY = "coalesce(TRY_CAST(e.date AS DATE), a.published)"
_EITHER_SIDE = "(list_contains(e.source, x.actor_id) OR list_contains(e.target, x.actor_id))"


# The filters of each table, shared by the CLI queries here and the web UI's pages (web/corpus.py).
# Aliases: e events, q quotes, g figures, x actors, s the speaker/source actor, a articles.
def event_conditions(f: Filters) -> tuple[list[str], dict[str, Any]]:
    return _conditions(
        f, f"EXISTS (SELECT 1 FROM actors x WHERE x.article_key = e.article_key AND {_EITHER_SIDE} "
           f"AND ({has('x.name', 'actor')} OR {has('x.code', 'actor')}))",
        f"(upper(e.location_country) = upper($country) OR EXISTS (SELECT 1 FROM actors x WHERE "
        f"x.article_key = e.article_key AND {_EITHER_SIDE} AND upper(x.country) = upper($country)))",
        "(upper(e.type) = upper($type) OR starts_with(e.cameo, $type))", EVENT_DAY)


def quote_conditions(f: Filters) -> tuple[list[str], dict[str, Any]]:
    return _item_conditions(f, "q.speaker_text", "upper(s.country) = upper($country)", "q.kind")


def figure_conditions(f: Filters) -> tuple[list[str], dict[str, Any]]:
    return _item_conditions(f, "g.according_to", "upper(g.location_country) = upper($country)", "g.kind")


def _item_conditions(f: Filters, as_written: str, country: str, kind: str) -> tuple[list[str], dict[str, Any]]:
    """Quotes and figures: actor by the linked actor's name/code or the words as written, country, kind."""
    return _conditions(f, f"({has('s.name', 'actor')} OR {has('s.code', 'actor')} OR {has(as_written, 'actor')})",
                       country, f"lower({kind}) = lower($type)", "a.published")


def actor_conditions(f: Filters) -> tuple[list[str], dict[str, Any]]:
    return _conditions(f, f"({has('x.name', 'actor')} OR {has('x.code', 'actor')})",
                       "upper(x.country) = upper($country)", "lower(x.kind) = lower($type)", "a.published")


def _conditions(f: Filters, actor: str, country: str, type_: str, day: str) -> tuple[list[str], dict[str, Any]]:
    """The SQL conditions (with their parameters) of the filters that are set: actor, country, type, then
    the date range and text."""
    where: list[str] = []
    params: dict[str, Any] = {}
    for name, value, sql in (("actor", f.actor, actor), ("country", f.country, country), ("type", f.type, type_)):
        if value:
            where.append(sql)
            params[name] = value
    dates_and_text(f, day, where, params)
    return where, params


def side_names(side: str, column: str = "name") -> str:
    """SQL: the `column` (name or code) of an event's source or target actors, joined with '; '."""
    return (f"(SELECT string_agg(x.{column}, '; ' ORDER BY x.actor_id) FROM actors x "
            f"WHERE x.article_key = e.article_key AND list_contains(e.{side}, x.actor_id))")


def _run(con: duckdb.DuckDBPyConnection, sql: str, where: list[str], params: dict, order: str,
         f: Filters, brief: list[str], group: str = "") -> Table:
    sql += (" WHERE " + " AND ".join(where)) if where else ""
    sql += f" {group} ORDER BY {order}"
    if f.limit:
        sql += " LIMIT $limit"
        params["limit"] = f.limit
    cur = con.execute(sql, params)
    return Table([d[0] for d in cur.description], cur.fetchall(), brief)


def events(con: duckdb.DuckDBPyConnection, f: Filters) -> Table:
    sql = f"""SELECT {EVENT_DAY} AS date, e.type, e.mode, e.cameo, e.quad_class, {side_names('source')} AS source,
                     {side_names('source', 'code')} AS source_code, {side_names('target')} AS target,
                     {side_names('target', 'code')} AS target_code,
                     e.location_name AS location, e.location_country AS country, e.trigger, e.negated,
                     e.claimed_by, e.confidence, e.cluster_id, a.id AS article_id, a.outlet, a.url
              FROM events e JOIN articles a ON a.key = e.article_key"""
    where, params = event_conditions(f)
    return _run(con, sql, where, params, "date NULLS LAST, a.id, e.idx", f,
                ["date", "type", "cameo", "source", "target", "location", "negated", "article_id"])


def quotes(con: duckdb.DuckDBPyConnection, f: Filters) -> Table:
    sql = """SELECT a.published AS date, coalesce(s.name, q.speaker_text) AS speaker, s.code AS speaker_code,
                    s.country AS speaker_country, q.kind, q.text AS quote, q.cue, q.via, a.id AS article_id,
                    a.outlet, a.url
             FROM quotes q JOIN articles a ON a.key = q.article_key
             LEFT JOIN actors s ON s.article_key = q.article_key AND s.actor_id = q.speaker"""
    where, params = quote_conditions(f)
    return _run(con, sql, where, params, "date NULLS LAST, a.id, q.idx", f,
                ["date", "speaker", "kind", "quote", "via", "article_id"])


def figures(con: duckdb.DuckDBPyConnection, f: Filters) -> Table:
    sql = """SELECT a.published AS date, g.kind, g.value, g.qualifier, g.victims, g.location_name AS location,
                    g.location_country AS country, coalesce(s.name, g.according_to) AS according_to, g.text,
                    a.id AS article_id, a.outlet, a.url
             FROM figures g JOIN articles a ON a.key = g.article_key
             LEFT JOIN actors s ON s.article_key = g.article_key AND s.actor_id = g.according_to"""
    where, params = figure_conditions(f)
    return _run(con, sql, where, params, "date NULLS LAST, a.id, g.idx", f,
                ["date", "kind", "value", "qualifier", "victims", "location", "according_to", "article_id"])


def actors(con: duckdb.DuckDBPyConnection, f: Filters) -> Table:
    """Actors aggregated over the corpus: one row per (name, kind, code, country, sector)."""
    sql = """SELECT x.name, x.kind, x.code, x.country, x.sector, count(DISTINCT x.article_key) AS articles,
                    sum(coalesce(m.n, 0)) AS mentions, min(a.published) AS first_published,
                    max(a.published) AS last_published
             FROM actors x JOIN articles a ON a.key = x.article_key
             LEFT JOIN (SELECT article_key, actor_id, count(*) AS n FROM mentions GROUP BY ALL) m
                    ON m.article_key = x.article_key AND m.actor_id = x.actor_id"""
    where, params = actor_conditions(f)
    return _run(con, sql, where, params, "articles DESC, mentions DESC, x.name", f,
                ["name", "kind", "code", "country", "articles", "mentions"], group="GROUP BY ALL")


def stats(con: duckdb.DuckDBPyConnection, top: int = 10) -> dict[str, Any]:
    """A corpus overview: counts, then a few top-N lists."""
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    pairs = lambda sql: [list(r) for r in con.execute(sql, [top]).fetchall()]  # noqa: E731
    first, last = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return {
        "counts": {
            "articles": one("SELECT count(*) FROM articles"),
            "rejects": one("SELECT count(*) FROM rejects"),
            "stories": one("SELECT count(*) FROM stories"),
            "stories_with_copies": one("SELECT count(*) FROM stories WHERE articles > 1"),
            "articles_in_those": one("SELECT coalesce(sum(articles), 0) FROM stories WHERE articles > 1"),
            "actors": one("SELECT count(*) FROM actors"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "events": one("SELECT count(*) FROM events"),
            "event_clusters": one("SELECT count(*) FROM event_clusters"),
            "figures": one("SELECT count(*) FROM figures"),
            "embeds": one("SELECT count(*) FROM embeds"),
            "published_from": first.isoformat() if first else None,
            "published_to": last.isoformat() if last else None,
        },
        "languages": pairs("SELECT coalesce(language, '?'), count(*) n FROM articles GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?"),
        "outlets": pairs("SELECT coalesce(outlet, '?'), count(*) n FROM articles GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?"),
        "top_actors": pairs("SELECT name || coalesce(' (' || code || ')', ''), count(DISTINCT article_key) n FROM actors "
                            "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?"),
        "events_by_type": pairs("SELECT type, count(*) n FROM events GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?"),
        "largest_event_clusters": pairs(
            "SELECT type || ' ' || source_codes || ' -> ' || target_codes || coalesce(' @' || nullif(country, ''), '') "
            "|| coalesce(' ' || date, ''), reports FROM event_clusters ORDER BY reports DESC, 1 LIMIT ?"),
        "figures_by_kind": pairs("SELECT kind, count(*) n FROM figures GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?"),
        "largest_stories": pairs("SELECT coalesce(title, story_id), articles FROM stories WHERE articles > 1 "
                                 "ORDER BY articles DESC, 1 LIMIT ?"),
        "reject_reasons": pairs("SELECT split_part(reason, ':', 1), count(*) n FROM rejects GROUP BY 1 "
                                "ORDER BY n DESC, 1 LIMIT ?"),
    }
