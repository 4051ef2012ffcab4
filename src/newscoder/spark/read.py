"""The job's inputs as an RDD of ((location, n), Article), read where Spark reads (local, HDFS, S3...).

    JSONL    spark.read.text: one row per line, split across tasks like any text file; each line is
             parsed with the rules of `newscoder.inputs.read_jsonl` (same errors, same messages) and
             `inputs.from_mapping`; its location is FILE:LINE, the line number counted over the whole
             file (a cheap first pass counts the lines of each file split)
    Parquet  spark.read.parquet: one article per row, columns picked and read as the store's Parquet
             reader does (`store.sources`: text/content/articleBody or html, id, title, url, date,
             outlet); location FILE:ROW (1 for the first row)
    WARC     HTML responses, as `store.sources.read_warc` reads them; location FILE#N
    .txt/.html   one article per file (id = the file name), as `newscoder.inputs.read_file`

Inputs on the local file system are read by the executors straight from the path; files elsewhere
(WARC, text, HTML) come through `SparkContext.binaryFiles`, one whole file per record. A local file's
location is its plain path (as `newscoder ingest` writes it); any other is its URI.
"""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlparse

from .. import inputs
from ..inputs import Article
from ..settings import Settings
from ..store import sources

KINDS = ("jsonl", "parquet", "warc", "text", "html")
Item = tuple[tuple[str, int], Article]


class InputProblem(ValueError):
    """An input path that does not exist or cannot be read as asked (a usage error)."""


def kind_of(uri: str) -> str | None:
    """What a file holds, from its name: jsonl, parquet, warc, text, html; None for anything else."""
    suffix, _ = inputs.kind_of(Path(uri.rsplit("/", 1)[-1]))
    if suffix in inputs.JSONL_SUFFIXES:
        return "jsonl"
    if suffix in sources.PARQUET_SUFFIXES:
        return "parquet"
    if suffix in sources.WARC_SUFFIXES:
        return "warc"
    if suffix in inputs.HTML_SUFFIXES:
        return "html"
    if suffix in inputs.TEXT_SUFFIXES:
        return "text"
    return None


def display(uri: str) -> str:
    """A local file's plain path ("file:/tmp/a.jsonl" -> "/tmp/a.jsonl"); any other URI unchanged."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def list_files(spark, paths: list[str], fmt: str = "auto") -> dict[str, list[str]]:
    """kind -> file URIs, through Hadoop's FileSystem (so any scheme the Spark config knows: hdfs://,
    s3a://, ...). A path may be a file, a folder (read recursively: files of a known kind, hidden and
    `_`-files skipped) or a glob. With `fmt` "jsonl", "parquet" or "warc" every file is read as that kind,
    whatever its name. A path
    that matches nothing raises InputProblem; so does an explicitly named file of no known kind (CSV:
    convert it to Parquet or JSONL first)."""
    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()
    found: dict[str, list[str]] = {k: [] for k in KINDS}
    for p in paths:
        hpath = jvm.org.apache.hadoop.fs.Path(p)
        fs = hpath.getFileSystem(conf)
        statuses = fs.globStatus(hpath)
        if not statuses:
            raise InputProblem(f"no such file or folder: {p}")
        for st in statuses:
            if st.isDirectory():
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    uri = it.next().getPath().toString()
                    rel = uri[len(st.getPath().toString()):]
                    if any(part.startswith((".", "_")) for part in rel.split("/") if part):
                        continue
                    kind = fmt if fmt != "auto" else kind_of(uri)
                    if kind:
                        found[kind].append(uri)
            else:
                uri = st.getPath().toString()
                kind = fmt if fmt != "auto" else kind_of(uri)
                if kind is None:
                    suffix = inputs.kind_of(Path(uri.rsplit("/", 1)[-1]))[0]
                    if suffix in sources.CSV_SUFFIXES:
                        raise InputProblem(f"{p}: CSV is not read by the spark command; convert it to Parquet or "
                                           "JSON Lines (or give --format)")
                    kind = "text"   # as `newscoder analyze` reads a file of unknown kind
                found[kind].append(uri)
    return {k: sorted(set(v)) for k, v in found.items() if v}


def articles(spark, files: dict[str, list[str]], settings: Settings, stats: Any = None):
    """One RDD of ((location, n), Article) over every input file (the union of one RDD per kind)."""
    sc = spark.sparkContext
    parts = []
    if files.get("jsonl"):
        parts.append(_jsonl(spark, files["jsonl"], settings))
    if files.get("parquet"):
        parts.append(_parquet(spark, files["parquet"], settings))
    for kind in ("warc", "text", "html"):
        if files.get(kind):
            parts.append(_whole_files(sc, kind, files[kind], settings, stats))
    if not parts:
        return sc.emptyRDD()
    return parts[0] if len(parts) == 1 else sc.union(parts)


# -- JSONL -------------------------------------------------------------------------------------------
def _jsonl(spark, uris: list[str], settings: Settings):
    from pyspark.sql import functions as F

    df = spark.read.text(uris).select(F.col("value").cast("binary").alias("raw"),
                                      F.col("_metadata.file_path").alias("file"),
                                      F.col("_metadata.file_block_start").alias("block"))
    # Lines before each split of a file, so that every line gets its number in the whole file.
    per_file: dict[str, list[tuple[int, int]]] = {}
    for r in df.groupBy("file", "block").count().collect():
        per_file.setdefault(r["file"], []).append((r["block"], r["count"]))
    before: dict[tuple[str, int], int] = {}
    for file, blocks in per_file.items():
        n = 0
        for block, count in sorted(blocks):
            before[(file, block)] = n
            n += count
    return df.rdd.mapPartitions(partial(number_lines, before=before, limit=settings.max_line_bytes))


def number_lines(rows: Iterable[Any], before: dict[tuple[str, int], int], limit: int) -> Iterator[Item]:
    """(raw line, file, split start) rows of one task, in file order within each split, to Articles."""
    current, lineno, name = None, 0, ""
    for raw, file, block in rows:
        if (file, block) != current:
            current, lineno, name = (file, block), before.get((file, block), 0), display(file)
        lineno += 1
        art = line_article(bytes(raw) if raw is not None else b"", name, lineno, limit)
        if art is not None:
            yield (name, lineno), art


def line_article(raw: bytes, name: str, lineno: int, limit: int) -> Article | None:
    """One JSONL line as `inputs.read_jsonl` reads it (None for a blank line)."""
    where = f"{name}:{lineno}"
    if len(raw) > limit:
        return Article(id=where, where=where, error=f"line is {len(raw):,} bytes, over the limit of {limit:,}")
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Article(id=where, where=where, error="line is not UTF-8 text")
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return Article(id=where, where=where, error=f"line is not valid JSON: {reason}")
    return inputs.from_mapping(obj, where, where)


# -- Parquet -----------------------------------------------------------------------------------------
def _parquet(spark, uris: list[str], settings: Settings):
    from pyspark.sql import functions as F

    df = spark.read.option("mergeSchema", "true").parquet(*uris)
    cols = sources._columns(df.columns)
    if not cols["text"] and not cols["html"]:
        return spark.sparkContext.parallelize([
            ((display(u), 0), Article(id=f"{display(u)}:header", where=display(u),
                                      error="Parquet file has no text column (one of text, content, articleBody, html)"))
            for u in uris], 1)
    wanted = sorted({c for c in cols.values() if c})
    picked = df.select(*[F.col(f"`{c}`").cast("string") for c in wanted],
                       F.col("_metadata.file_path"), F.col("_metadata.row_index"))
    return picked.rdd.map(partial(parquet_article, wanted=wanted, cols=cols, cap=settings.max_chars * 4))


def parquet_article(row: Any, wanted: list[str], cols: dict, cap: int) -> Item:
    *values, file, index = row
    path, n = display(file), index + 1
    where = f"{path}:{n}"
    art = sources._from_row(dict(zip(wanted, values)), cols, where, where, [])
    if len(art.text or art.html or "") > cap:
        art = Article(id=art.id, where=where, error="row is over the size limit")
    return (path, n), art


# -- WARC, text and HTML: whole files -----------------------------------------------------------------
def _whole_files(sc, kind: str, uris: list[str], settings: Settings, stats: Any):
    local = [u for u in uris if u.startswith("file:")]
    remote = [u for u in uris if not u.startswith("file:")]
    read = partial(file_articles, kind=kind, settings=settings, stats=stats)
    parts = []
    if local:
        parts.append(sc.parallelize([(u, None) for u in local], min(len(local), sc.defaultParallelism * 4))
                     .flatMap(read))
    if remote:
        parts.append(sc.binaryFiles(",".join(remote)).flatMap(read))
    return parts[0] if len(parts) == 1 else sc.union(parts)


def file_articles(item: tuple[str, bytes | None], kind: str, settings: Settings, stats: Any = None) -> Iterator[Item]:
    """The articles of one whole file: read from its local path, or (a remote file) from its bytes, put in
    a temporary file of the same name so that the local readers apply unchanged."""
    uri, data = item
    name = display(uri)
    if data is None:
        yield from _read_local(Path(name), kind, settings, stats, name)
        return
    with tempfile.TemporaryDirectory(prefix="newscoder-") as tmp:
        path = Path(tmp) / (uri.rsplit("/", 1)[-1] or "input")
        path.write_bytes(data)
        for (where, n), art in _read_local(path, kind, settings, stats, name):
            art.where = art.where.replace(str(path), name, 1)
            if art.id.startswith(str(path)):
                art.id = name + art.id[len(str(path)):]
            yield (where, n), art


def _read_local(path: Path, kind: str, settings: Settings, stats: Any, name: str) -> Iterator[Item]:
    if kind == "warc":
        ignored: Counter = Counter()
        for n, art in enumerate(sources.read_warc(path, settings, ignored), 1):
            yield (name, n), art
        if stats is not None and ignored:
            stats.add({"ignored": sum(ignored.values())})
        return
    for art in inputs.read_file(path, settings):
        yield (name, 0), art
