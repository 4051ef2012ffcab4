"""The driver: read, key, deduplicate, analyse in `mapPartitions`, write the store's tables as Parquet.

    inputs -> ((location, n), Article)                       read.py, split as Spark splits the input
           -> (key, ...) with the store's key (store.sources.article_key)
           -> one article per key (the first by location), --partitions N partitions by key
           -> mapPartitions: rows.analyse_partition           model once per Python worker, analyze_many
           -> tagged rows as one DataFrame (a struct column per table), persisted (memory and disk): the
              analysis runs once, and each table is written from the cache
           -> OUTPUT/<table>/ Parquet, `articles` and `events` partitioned by published_day

The output has the corpus store's tables and columns (docs/corpus.md): `newscoder ingest --parquet
OUTPUT --db corpus.duckdb` loads it; the store then computes stories and event clusters.
"""
from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..inputs import Article
from ..settings import Settings
from . import read, require_pyspark, rows

MODES = {"error": "errorifexists", "overwrite": "overwrite", "append": "append"}
DEFAULT_TIMEOUT = 300.0   # seconds one article may take (the longest allowed article parses in about a minute)


@dataclass
class JobSummary:
    output: str
    files: dict[str, int] = field(default_factory=dict)   # kind -> input files
    read: int = 0          # articles (and unreadable inputs) read
    analysed: int = 0      # written to `articles`
    rejected: int = 0      # written to `rejects`
    duplicates: int = 0    # the same key again in the input (written once)
    ignored: int = 0       # WARC records that are not HTML pages
    rows: dict[str, int] = field(default_factory=dict)
    partitions: int = 0
    seconds: float = 0.0
    workers: dict[str, dict[str, int]] = field(default_factory=dict)   # Python worker host/pid -> loads, rss_kb, tasks
    driver_peak_rss_kb: int = 0    # this (the driver's Python) process
    jvm_peak_rss_kb: int | None = None   # the local JVM (driver and, with a local master, the executors)

    @property
    def rate(self) -> float:
        return (self.analysed + self.rejected) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        files = ", ".join(f"{n:,} {k}" for k, n in self.files.items())
        ignored = f", {self.ignored:,} ignored (not articles)" if self.ignored else ""
        return (f"read {self.read:,} from {files or 'no'} file(s): {self.analysed:,} analysed, {self.rejected:,} "
                f"rejected, {self.duplicates:,} duplicates{ignored}; {self.partitions} partitions; "
                f"{self.seconds:.1f} s, {self.rate:.1f} articles/s; tables in {self.output}")

    def as_dict(self) -> dict:
        worker_peak = max((w.get("rss_kb", 0) for w in self.workers.values()), default=0)
        return {"output": self.output, "files": self.files, "read": self.read, "analysed": self.analysed,
                "rejected": self.rejected, "duplicates": self.duplicates, "ignored": self.ignored,
                "rows": self.rows, "partitions": self.partitions, "seconds": round(self.seconds, 2),
                "articles_per_s": round(self.rate, 2), "python_workers": len(self.workers),
                "model_loads": sum(w.get("loads", 0) for w in self.workers.values()),
                "worker_peak_rss_mb": round(worker_peak / 1024, 1),
                "driver_peak_rss_mb": round(self.driver_peak_rss_kb / 1024, 1),
                "jvm_peak_rss_mb": None if self.jvm_peak_rss_kb is None else round(self.jvm_peak_rss_kb / 1024, 1)}


# -- the session -----------------------------------------------------------------------------------
def session(master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "newscoder"):
    """The active SparkSession, else a new one. Without `master`, the master comes from spark-submit or
    SPARK_HOME/conf/spark-defaults.conf when there is one, else `local[*]`. With a local master the Python
    workers run this interpreter (PYSPARK_PYTHON), where newscoder is installed."""
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    if master is None and not _master_configured():
        master = "local[*]"
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local") and "PYSPARK_PYTHON" not in os.environ \
            and "spark.pyspark.python" not in (conf or {}):
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def _master_configured() -> bool:
    if os.environ.get("PYSPARK_GATEWAY_PORT") or os.environ.get("MASTER"):
        return True   # launched by spark-submit (or pyspark), whose configuration has the master
    home = os.environ.get("SPARK_HOME")
    defaults = Path(home, "conf", "spark-defaults.conf") if home else None
    if defaults and defaults.is_file():
        return any(line.split()[:1] == ["spark.master"] for line in defaults.read_text().splitlines())
    return False


# -- the job ---------------------------------------------------------------------------------------
def run(spark, input_paths: list[str], output: str, settings: Settings | None = None, *,
        partitions: int | None = None, fmt: str = "auto", mode: str = "error", by_day: bool = True,
        article_timeout: float | None = DEFAULT_TIMEOUT) -> JobSummary:
    """Analyse every article of the inputs and write the store's tables under `output`. An article whose
    analysis runs over `article_timeout` seconds goes to `rejects` (None or 0: no limit)."""
    from pyspark import StorageLevel

    settings = settings or Settings()
    started = time.perf_counter()
    sc = spark.sparkContext
    output = output.rstrip("/") or output
    summary = JobSummary(output=read.display(output))
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if mode == "error" and _exists(spark, output):
        raise read.InputProblem(f"{output} already exists (give --mode overwrite or --mode append)")
    files = read.list_files(spark, input_paths, fmt)
    summary.files = {k: len(v) for k, v in files.items()}
    stats = sc.accumulator({}, rows.Stats())
    # one timestamp for the whole run: ingested_at of every row (UTC, like the store's)
    ingested_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)

    items = read.articles(spark, files, settings, stats)
    n = partitions or max(items.getNumPartitions(), 2 * sc.defaultParallelism)
    summary.partitions = n
    unique = (items.map(partial(keyed, stats=stats))
              .reduceByKey(first_by_location, numPartitions=n, partitionFunc=key_partition)
              .map(lambda kv: (kv[0], kv[1][1])))
    tagged = unique.mapPartitions(partial(rows.analyse_partition, settings=settings, ingested_at=ingested_at,
                                          stats=stats, timeout=article_timeout or None))
    # One DataFrame of every table's rows (a struct column per table), cached: the analysis runs once, and
    # each table is written from the cache without going back to Python.
    everything = spark.createDataFrame(tagged.map(rows.one_of), rows.union_schema())
    everything.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in rows.TABLES:
            _write(everything, table, f"{output}/{table}", MODES[mode], by_day)
    finally:
        everything.unpersist()

    got = dict(stats.value)
    summary.read = got.get("read", 0)
    summary.ignored = got.get("ignored", 0)
    summary.rows = {t: got.get("rows:" + t, 0) for t in rows.TABLES}
    summary.analysed, summary.rejected = summary.rows["articles"], summary.rows["rejects"]
    summary.duplicates = summary.read - summary.analysed - summary.rejected
    for k, v in got.items():
        if "|" in k:   # per Python worker (host/pid): rss_kb, loads, tasks
            what, worker = k.split("|", 1)
            summary.workers.setdefault(worker, {})[what.split(":")[-1]] = v
    summary.seconds = time.perf_counter() - started
    summary.driver_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary.jvm_peak_rss_kb = jvm_peak_rss_kb(spark)
    return summary


def keyed(item: tuple[tuple[str, int], Article], stats: Any = None) -> tuple[str, tuple[tuple[str, int], Article]]:
    """(key, (location, article)): the store's content key (or, should that fail, one from the location)."""
    from ..store.sources import article_key

    location, art = item
    if stats is not None:
        stats.add({"read": 1})
    try:
        return article_key(art), item
    except Exception as exc:
        art = Article(id=art.id, where=art.where, error=f"internal error: cannot key the input: {type(exc).__name__}: {exc}")
        return article_key(art), (location, art)


def first_by_location(a: tuple, b: tuple) -> tuple:
    """Of two inputs with the same key, the one read first (file, then line or row)."""
    return a if a[0] <= b[0] else b


def key_partition(key: str) -> int:
    """Keys are hex digests: their first digits spread them evenly, the same in every process."""
    return int(key[:12], 16)


def _write(everything, table: str, path: str, mode: str, by_day: bool) -> None:
    from pyspark.sql import functions as F

    df = everything.where(F.col(rows.TABLE_COLUMN) == table).select(f"`{table}`.*")
    if table in rows.BY_DAY:
        if by_day:
            df.repartition(rows.DAY_COLUMN).write.partitionBy(rows.DAY_COLUMN).mode(mode).parquet(path)
            return
        df = df.drop(rows.DAY_COLUMN)
    df.write.mode(mode).parquet(path)


def _exists(spark, path: str) -> bool:
    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    return bool(hpath.getFileSystem(conf).exists(hpath))


def jvm_peak_rss_kb(spark) -> int | None:
    """Peak resident memory of the JVM this process started (None when it is not a local child process)."""
    proc = getattr(spark.sparkContext._gateway, "proc", None)
    if proc is None:
        return None
    try:
        with open(f"/proc/{proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None
