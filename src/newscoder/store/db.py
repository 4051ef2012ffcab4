"""The database: its tables (derived from the record dataclasses), the connection, and row writing.

The child tables follow `record.py` field by field, so that a stage that fills (or adds a field to)
quotes, events or figures lands in the store with no change here: each dataclass field is a column of
the same name; a nested `Location` becomes `location_name`, `location_country`, `location_lat`,
`location_lon`; an actor's `mentions` become rows of `mentions`. A field added to a dataclass later
is added to the table (`ALTER TABLE ... ADD COLUMN`) the next time the database is opened for writing.
Every table is keyed by the article's content key, never by a database sequence, so that tables written
elsewhere (a Spark job, as Parquet) load with the same columns (`load.py`). docs/corpus.md documents it.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import duckdb

from ..errors import NewscoderError
from ..record import Actor, Embed, Event, Figure, Location, Quote, Record

SCHEMA_VERSION = "1"
# The record's arrays that become tables of their own, one row per item.
CHILDREN: dict[str, type] = {"embeds": Embed, "actors": Actor, "quotes": Quote, "events": Event,
                             "figures": Figure}
# Record fields the store does not keep as article columns (errors go to `rejects`).
NOT_COLUMNS = {"error", *CHILDREN}
RENAMED = {("actors", "id"): "actor_id"}          # "id" is the article's id everywhere else
TYPED = {("articles", "published"): "DATE"}        # the pipeline normalises it to YYYY-MM-DD


class StoreError(NewscoderError):
    """The database cannot be opened or is not a newscoder corpus."""


@dataclass(frozen=True)
class Column:
    name: str
    sql: str                               # DuckDB type
    get: Callable[[Any], Any] | None = None  # value from the dataclass item (None: filled by the store)


def _unwrap(hint: Any) -> Any:
    """`X | None` -> X."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


_SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", bytes: "BLOB"}


def _columns_of(table: str, cls: type, skip: set[str] = frozenset()) -> list[Column]:
    """One column per dataclass field; Location flattened; lists of strings as VARCHAR[]; anything else
    (lists of dataclasses, dicts) as JSON text."""
    hints = typing.get_type_hints(cls)
    cols: list[Column] = []
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        hint, name = _unwrap(hints[f.name]), RENAMED.get((table, f.name), f.name)
        get = _getter(f.name)
        if hint is Location:
            for lf in dataclasses.fields(Location):
                lt = _SCALARS.get(_unwrap(typing.get_type_hints(Location)[lf.name]), "VARCHAR")
                cols.append(Column(f"{f.name}_{lf.name}", lt, _nested(f.name, lf.name)))
        elif hint in _SCALARS:
            cols.append(Column(name, TYPED.get((table, f.name), _SCALARS[hint]), get))
        elif _list_type(hint):
            cols.append(Column(name, _list_type(hint), _list_getter(f.name)))
        else:
            cols.append(Column(name, "VARCHAR", _json_getter(f.name)))
    return cols


def _list_type(hint: Any) -> str | None:
    """list[str] -> VARCHAR[], list[list[int]] -> BIGINT[][] (tuples too); None for anything else."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin not in (list, tuple) or not args or (origin is tuple and len(set(args) - {Ellipsis}) != 1):
        return None
    inner = _unwrap(args[0])
    if inner in _SCALARS and inner is not bytes:
        return _SCALARS[inner] + "[]"
    deeper = _list_type(inner)
    return deeper + "[]" if deeper else None


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, name, None)


def _list_getter(name: str) -> Callable[[Any], Any]:
    def get(obj: Any) -> Any:
        value = getattr(obj, name, None)
        return None if value is None else _plain(value)
    return get


def _nested(outer: str, inner: str) -> Callable[[Any], Any]:
    def get(obj: Any) -> Any:
        value = getattr(obj, outer, None)
        if isinstance(value, dict):
            return value.get(inner)
        return getattr(value, inner, None) if value is not None else None
    return get


def _json_getter(name: str) -> Callable[[Any], Any]:
    def get(obj: Any) -> Any:
        value = getattr(obj, name, None)
        if value is None:
            return None
        return json.dumps(_plain(value), ensure_ascii=False)
    return get


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _article_columns() -> list[Column]:
    record_cols = _columns_of("articles", Record, skip=NOT_COLUMNS)
    by_name = {c.name: c for c in record_cols}
    head = [Column("key", "VARCHAR NOT NULL PRIMARY KEY"), by_name.pop("id")]
    tail = [Column("story_id", "VARCHAR"), Column("source", "VARCHAR"), Column("ingested_at", "TIMESTAMP")]
    return head + list(by_name.values()) + tail


def _child_columns(table: str, cls: type) -> list[Column]:
    key = [Column("article_key", "VARCHAR NOT NULL"), Column("idx", "INTEGER NOT NULL")]
    cols = _columns_of(table, cls, skip={"mentions"} if cls is Actor else set())
    extra = [Column("cluster_id", "BIGINT")] if table == "events" else []
    return key + cols + extra


# table -> columns, in the order they are created (and exported).
TABLES: dict[str, list[Column]] = {
    "articles": _article_columns(),
    **{t: _child_columns(t, cls) for t, cls in CHILDREN.items()},
    "mentions": [Column("article_key", "VARCHAR NOT NULL"), Column("actor_id", "VARCHAR NOT NULL"),
                 Column("start", "BIGINT"), Column("end", "BIGINT")],
    "rejects": [Column("key", "VARCHAR NOT NULL PRIMARY KEY"), Column("id", "VARCHAR"),
                Column("source", "VARCHAR"), Column("reason", "VARCHAR"), Column("stage", "VARCHAR"),
                Column("ingested_at", "TIMESTAMP")],
    "minhashes": [Column("article_key", "VARCHAR NOT NULL"), Column("signature", "BLOB")],
    "lsh_bands": [Column("article_key", "VARCHAR NOT NULL"), Column("band", "SMALLINT"), Column("bucket", "BIGINT")],
    "stories": [Column("story_id", "VARCHAR NOT NULL"), Column("articles", "BIGINT"),
                Column("first_published", "DATE"), Column("last_published", "DATE"),
                Column("first_article_key", "VARCHAR"), Column("title", "VARCHAR")],
    "event_clusters": [Column("cluster_id", "BIGINT NOT NULL"), Column("type", "VARCHAR"),
                       Column("source_codes", "VARCHAR"), Column("target_codes", "VARCHAR"),
                       Column("country", "VARCHAR"), Column("date", "DATE"), Column("cameo", "VARCHAR"),
                       Column("first_date", "DATE"), Column("last_date", "DATE"), Column("reports", "BIGINT"),
                       Column("articles", "BIGINT"), Column("sources", "BIGINT"),
                       Column("first_article_key", "VARCHAR")],
    "meta": [Column("name", "VARCHAR NOT NULL PRIMARY KEY"), Column("value", "VARCHAR")],
}
# Tables holding an article's own rows: written in the article's transaction, keyed by article_key.
ARTICLE_ROWS = ("articles", *CHILDREN, "mentions", "minhashes", "lsh_bands")


def q(name: str) -> str:
    """A quoted identifier ("end" is an SQL keyword)."""
    return '"' + name.replace('"', '""') + '"'


def names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database; for writing it is created (and migrated) as needed. Queries open it read-only."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"no such database: {path}")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path}: {' '.join(str(exc).split())}") from None
    if read_only:
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "articles" not in have:
            con.close()
            raise StoreError(f"{path} is not a newscoder corpus (no 'articles' table)")
        return con
    ensure_schema(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables; add columns that the record dataclasses have gained since."""
    for table, cols in TABLES.items():
        body = ", ".join(f"{q(c.name)} {c.sql}" for c in cols)
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({body})")
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        for c in cols:
            if c.name not in have:
                plain = c.sql.replace(" NOT NULL", "").replace(" PRIMARY KEY", "")
                con.execute(f"ALTER TABLE {table} ADD COLUMN {q(c.name)} {plain}")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION])


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], columns: list[str] | None = None) -> None:
    """Many rows in one statement (one list per column, unnested: ~50x faster than executemany)."""
    if not rows:
        return
    columns = columns or names(table)
    types_ = {c.name: c.sql.split()[0] for c in TABLES[table]}
    select = ", ".join(f"CAST(unnest(${i + 1}) AS {types_[c]})" for i, c in enumerate(columns))
    con.execute(f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) SELECT {select}",
                [list(col) for col in zip(*rows)])


def article_rows(key: str, rec: Record, *, story_id: str | None, source: str, ingested_at: Any,
                 signature: bytes | None) -> dict[str, list[tuple]]:
    """Every row that one analysed article contributes, table by table."""
    store_filled = {"key": key, "story_id": story_id, "source": source, "ingested_at": ingested_at}
    article = tuple(store_filled[c.name] if c.get is None else c.get(rec) for c in TABLES["articles"])
    rows: dict[str, list[tuple]] = {"articles": [article]}
    for table in CHILDREN:
        cols = TABLES[table]
        rows[table] = [tuple(key if c.name == "article_key" else i if c.name == "idx" else
                             None if c.get is None else c.get(item) for c in cols)
                       for i, item in enumerate(getattr(rec, table))]
    rows["mentions"] = [(key, a.id, int(s), int(e)) for a in rec.actors for s, e in a.mentions]
    rows["minhashes"] = [(key, signature)] if signature is not None else []
    return rows


def write_rows(con: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, list[tuple]]]) -> None:
    """Insert several articles' rows, table by table (inside the caller's transaction)."""
    merged: dict[str, list[tuple]] = {}
    for r in rows:
        for table, items in r.items():
            merged.setdefault(table, []).extend(items)
    for table in ARTICLE_ROWS:
        insert(con, table, merged.get(table, []))
