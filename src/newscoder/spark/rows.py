"""What runs on the executors: analyse a partition of articles, turn each record into the store's rows.

Nothing here imports pyspark at module level (only `spark_schema` does, inside): the functions are shipped
to the Python workers by Spark and are plain Python, tested without Spark too.

The rows are exactly the corpus store's (`store.db.article_rows`: one tuple per row, columns in the order
of `store.db.names(table)`), each tagged with its table: ("articles", row), ("events", row), ... An
analysed article gives its article row and child rows; one that could not be read or analysed gives a
`rejects` row (key, id, source, reason, stage, ingested_at), as `newscoder ingest` writes it. The
`articles` and `events` rows carry one more value at the end, the article's published day (YYYY-MM-DD,
or "unknown"), by which their Parquet folders are partitioned.
"""
from __future__ import annotations

import datetime as dt
import os
import resource
import signal
import socket
import threading
from contextlib import contextmanager
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from ..errors import ModelError
from ..inputs import Article
from ..record import Record, error_record
from ..settings import Settings
from ..store import db
from ..store.dedup import signature

# The tables the job writes: every table an article's rows go to, except what the store computes itself
# when it loads them (lsh_bands, stories, event_clusters).
TABLES = ("articles", *db.CHILDREN, "mentions", "minhashes", "rejects")
BY_DAY = ("articles", "events")        # partitioned by the article's published day
DAY_COLUMN = "published_day"
TABLE_COLUMN = "table"                 # of the job's one DataFrame of all rows (union_schema)
UNKNOWN_DAY = "unknown"

Tagged = tuple[str, tuple]

# -- the model, once per Python worker process ---------------------------------------------------------
# Spark reuses its Python workers across tasks (spark.python.worker.reuse, on by default), so a module-level
# variable lives as long as the worker: the first partition a worker runs loads the model, later ones
# find it here (nlp.load keeps the loaded pipeline in its own cache as well).
_model_for: Settings | None = None
_model_loads = 0


def ensure_model(settings: Settings) -> int:
    """Load the model for `settings` in this process unless it is loaded already; returns how many times
    this process has loaded a model (1 in a healthy run)."""
    global _model_for, _model_loads
    if _model_for != settings:
        from ..nlp import load
        load(settings)   # ModelError when no model is installed on this executor: the task (and job) fails
        _model_for, _model_loads = settings, _model_loads + 1
    return _model_loads


# -- statistics, through a Spark accumulator -----------------------------------------------------------
class Stats:
    """An AccumulatorParam (duck-typed: Spark calls only these two methods) for a dict of numbers:
    keys starting with "max:" keep the largest value, the others are summed."""

    def zero(self, value: dict) -> dict:
        return {}

    def addInPlace(self, a: dict, b: dict) -> dict:  # noqa: N802  (Spark's name)
        for k, v in b.items():
            a[k] = max(a.get(k, v), v) if k.startswith("max:") else a.get(k, 0) + v
        return a


def _add(stats: Any, values: dict) -> None:
    if stats is not None:
        stats.add(values)


# -- the partition function ----------------------------------------------------------------------------
def analyse_partition(items: Iterable[tuple[str, Article]], settings: Settings, ingested_at: dt.datetime,
                      stats: Any = None, timeout: float | None = None) -> Iterator[Tagged]:
    """(key, Article) pairs in, tagged rows out. Articles are analysed `settings.batch_size` at a time with
    `analyze_many`; an exception anywhere costs only the article it happened in (it becomes a reject), and
    so does an article whose analysis runs over `timeout` seconds."""
    ensure_model(settings)
    counts: dict[str, int] = {}
    it = iter(items)
    while chunk := list(islice(it, settings.batch_size)):
        records = analyse_chunk([art for _, art in chunk], settings, timeout)
        for (key, art), rec in zip(chunk, records):
            for table, row in record_rows(key, art, rec, ingested_at):
                counts["rows:" + table] = counts.get("rows:" + table, 0) + 1
                yield table, row
    worker = f"{socket.gethostname()}/{os.getpid()}"
    _add(stats, {**counts, f"max:rss_kb|{worker}": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 f"max:loads|{worker}": _model_loads, f"tasks|{worker}": 1})


class AnalysisTimeout(BaseException):
    """The analysis ran over its time (raised by the SIGALRM handler of `time_limit`). A BaseException, so
    that the pipeline's own `except Exception` guards do not turn it into one article's error record."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise AnalysisTimeout in this thread after `seconds` (SIGALRM: the main thread only, as in Spark's
    Python workers; elsewhere, or with no limit, nothing is timed). Python code is interrupted between two
    bytecodes; a single long call into compiled code is interrupted when it returns."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise AnalysisTimeout(f"analysis took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def analyse_chunk(articles: list[Article], settings: Settings, timeout: float | None = None) -> list[Record]:
    """One record per article, in order. `analyze_many` already turns bad input and stage failures into
    error records; should it raise all the same, or the chunk run over `timeout` seconds (a chunk takes a
    few seconds), the chunk is run again one article at a time, each with `timeout` seconds of its own."""
    from ..pipeline import analyze_many

    try:
        with time_limit(timeout):
            records = list(analyze_many(articles, settings))
        if len(records) == len(articles):
            return records
    except ModelError:
        raise
    except (Exception, AnalysisTimeout):
        pass
    out: list[Record] = []
    for art in articles:
        try:
            with time_limit(timeout):
                out.append(next(iter(analyze_many([art], settings))))
        except ModelError:
            raise
        except AnalysisTimeout as exc:
            out.append(error_record(art.id, f"internal error: {exc}"))
        except Exception as exc:
            out.append(error_record(art.id, f"internal error: {type(exc).__name__}: {exc}"))
    return out


def record_rows(key: str, art: Article, rec: Record, ingested_at: dt.datetime) -> list[Tagged]:
    """The store's rows of one record: its article and child rows, or one `rejects` row."""
    if rec.error is None:
        try:
            rows = db.article_rows(key, rec, story_id=None, source=art.where, ingested_at=ingested_at,
                                   signature=_signature(rec.text))
            day = rec.published or UNKNOWN_DAY
            return [(table, _typed(table, row) + ((day,) if table in BY_DAY else ()))
                    for table in TABLES if table in rows for row in rows[table]]
        except Exception as exc:
            rec = error_record(art.id, f"internal error: cannot make the article's rows: {type(exc).__name__}: {exc}")
    return [("rejects", reject_row(key, art, rec, ingested_at))]


def reject_row(key: str, art: Article, rec: Record, ingested_at: dt.datetime) -> tuple:
    values = {"key": key, "id": rec.id, "source": art.where, "reason": rec.error,
              "stage": "read" if art.error else "analyse", "ingested_at": ingested_at}
    return tuple(values[c] for c in db.names("rejects"))


def _signature(text: str) -> bytes | None:
    try:
        return signature(text)
    except Exception:   # as the store's worker: an unsignable text is still stored, in a story of its own
        return None


# -- column types: the store's DuckDB types, as Python values Spark accepts, and as Spark types ----------
def _base(sql: str) -> str:
    return sql.split()[0]


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date) or v is None:
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


_SCALAR_COERCE: dict[str, Callable[[Any], Any]] = {
    "VARCHAR": str, "BIGINT": int, "INTEGER": int, "SMALLINT": int, "DOUBLE": float, "BOOLEAN": bool,
    "BLOB": bytes, "DATE": _date, "TIMESTAMP": lambda v: v,
}


def _coercer(sql: str) -> Callable[[Any], Any]:
    """A function that makes a value of the column's Python type (DuckDB casts on insert; Spark checks)."""
    if sql.endswith("[]"):
        inner = _coercer(sql[:-2])
        return lambda v: None if v is None else [inner(x) for x in v]
    scalar = _SCALAR_COERCE[sql]
    return lambda v: None if v is None else scalar(v)


_COERCE = {t: [_coercer(_base(c.sql)) for c in db.TABLES[t]] for t in TABLES}


def _typed(table: str, row: tuple) -> tuple:
    return tuple(f(v) for f, v in zip(_COERCE[table], row))


def spark_schema(table: str):
    """The table's Spark StructType: the store's columns and types (plus `published_day` where partitioned)."""
    from pyspark.sql import types as T

    scalars = {"VARCHAR": T.StringType(), "BIGINT": T.LongType(), "INTEGER": T.IntegerType(),
               "SMALLINT": T.ShortType(), "DOUBLE": T.DoubleType(), "BOOLEAN": T.BooleanType(),
               "BLOB": T.BinaryType(), "DATE": T.DateType(), "TIMESTAMP": T.TimestampNTZType()}

    def of(sql: str):
        return T.ArrayType(of(sql[:-2])) if sql.endswith("[]") else scalars[sql]

    fields = [T.StructField(c.name, of(_base(c.sql)), nullable="NOT NULL" not in c.sql) for c in db.TABLES[table]]
    if table in BY_DAY:
        fields.append(T.StructField(DAY_COLUMN, T.StringType(), nullable=False))
    return T.StructType(fields)


_POSITION = {t: i for i, t in enumerate(TABLES)}


def one_of(tagged: Tagged) -> tuple:
    """A tagged row as a row of `union_schema`: the table's name, then the row in its table's struct column
    (the other tables' columns NULL)."""
    table, row = tagged
    out: list[Any] = [None] * (len(TABLES) + 1)
    out[0], out[_POSITION[table] + 1] = table, row
    return tuple(out)


def union_schema():
    """One StructType for the rows of every table: `table`, then one struct column per table."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(TABLE_COLUMN, T.StringType(), nullable=False)]
                        + [T.StructField(t, spark_schema(t), nullable=True) for t in TABLES])
