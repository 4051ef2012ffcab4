"""Tables written elsewhere (a Spark job, another store's `export --format parquet`) loaded into the database.

The directory holds one Parquet file per table, `DIR/<table>.parquet`, or a folder of part files,
`DIR/<table>/**/*.parquet` (partition folders such as `published_day=2024-05-21/` included), with the store's own column names (docs/corpus.md). `articles` is required;
`actors`, `mentions`, `quotes`, `events`, `figures`, `embeds`, `rejects` and `minhashes` are read when
present. Columns the store does not know are ignored; columns missing from a file load as NULL. Articles
whose key the database already holds are skipped, with every row of theirs, so loading twice adds
nothing. All rows load in one transaction; then stories and event clusters are computed by the store
(story_id and cluster_id in the files are ignored: the store's LSH index is the authority).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import db, dedup

LOADED = ("articles", *db.CHILDREN, "mentions", "minhashes", "rejects")
RECOMPUTED = {("articles", "story_id"), ("events", "cluster_id")}


@dataclass
class LoadSummary:
    articles: int = 0
    skipped: int = 0
    rejects: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return (f"loaded {self.articles:,} articles ({self.skipped:,} already present), {self.rejects:,} rejects; "
                + ", ".join(f"{t} {n:,}" for t, n in self.rows.items() if n))


def files_of(directory: Path, table: str) -> list[str] | None:
    single = directory / f"{table}.parquet"
    if single.is_file():
        return [str(single)]
    folder = directory / table   # Spark's part files, also under partition folders (published_day=.../)
    parts = sorted(str(p) for p in folder.rglob("*.parquet")) if folder.is_dir() else []
    return parts or None


def _source(con: duckdb.DuckDBPyConnection, table: str, files: list[str]) -> str:
    """A SELECT of the table's columns from the files, each cast to the store's type (NULL when absent)."""
    have = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($1, union_by_name = true)", [files]).fetchall()}
    cols = []
    for c in db.TABLES[table]:
        kind = c.sql.split()[0]
        if c.name in have and (table, c.name) not in RECOMPUTED:
            cols.append(f"CAST({db.q(c.name)} AS {kind}) AS {db.q(c.name)}")
        else:
            cols.append(f"CAST(NULL AS {kind}) AS {db.q(c.name)}")
    return f"SELECT {', '.join(cols)} FROM read_parquet($1, union_by_name = true)"


def load_parquet(con: duckdb.DuckDBPyConnection, directory: str | Path) -> LoadSummary:
    directory = Path(directory)
    found = {t: files_of(directory, t) for t in LOADED}
    if not found["articles"]:
        raise db.StoreError(f"{directory} has no articles.parquet (nor articles/*.parquet)")
    out = LoadSummary()
    con.begin()
    try:
        src = _source(con, "articles", found["articles"])
        con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT DISTINCT ON (key) * FROM ({src}) "
                    f"WHERE key IS NOT NULL", [found["articles"]])
        total = con.execute("SELECT count(*) FROM _incoming").fetchone()[0]
        con.execute("DELETE FROM _incoming WHERE key IN (SELECT key FROM articles)")
        out.articles = con.execute("SELECT count(*) FROM _incoming").fetchone()[0]
        out.skipped = total - out.articles
        con.execute("UPDATE _incoming SET ingested_at = coalesce(ingested_at, now()::TIMESTAMP)")
        con.execute("INSERT INTO articles SELECT * FROM _incoming")
        for table in (*db.CHILDREN, "mentions", "minhashes"):
            if found[table]:
                before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                con.execute(f"INSERT INTO {table} SELECT * FROM ({_source(con, table, found[table])}) "
                            f"WHERE article_key IN (SELECT key FROM _incoming)", [found[table]])
                out.rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before
        if found["rejects"]:
            before = con.execute("SELECT count(*) FROM rejects").fetchone()[0]
            con.execute(f"INSERT INTO rejects SELECT DISTINCT ON (key) * FROM ({_source(con, 'rejects', found['rejects'])}) "
                        f"WHERE key IS NOT NULL AND key NOT IN (SELECT key FROM rejects)", [found["rejects"]])
            out.rejects = con.execute("SELECT count(*) FROM rejects").fetchone()[0] - before
        con.execute("DROP TABLE _incoming")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    dedup.catch_up_stories(con)
    dedup.catch_up_events(con)
    return out
