"""`newscoder spark`: the Spark job (local[2]) writes exactly the rows the local pipeline and the store make.

One SparkSession for the module; the job runs on the project's examples (the .txt files and the .jsonl
turned into one JSONL file, plus bad lines, a blank line and a duplicate) and is compared, table by table
and row by row, with `analyze_many` + `store.db.article_rows` run here on the same articles. Without
pyspark or Java the Spark tests are skipped; the tests of the partition function and of the command
without pyspark run everywhere.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from newscoder import inputs
from newscoder.cli import main
from newscoder.pipeline import analyze_many
from newscoder.record import error_record
from newscoder.settings import Settings
from newscoder.spark import rows
from newscoder.store import db
from newscoder.store.dedup import signature
from newscoder.store.sources import article_key

try:
    import pyspark  # noqa: F401
    HAVE_PYSPARK = True
except ImportError:
    HAVE_PYSPARK = False
HAVE_JAVA = bool(shutil.which("java") or os.environ.get("JAVA_HOME"))
needs_spark = pytest.mark.skipif(not (HAVE_PYSPARK and HAVE_JAVA),
                                 reason="pyspark (pip install 'newscoder[spark]') and Java are needed")
IGNORED = {"ingested_at", "story_id"}   # the run's timestamp; stories are the store's to compute
SETTINGS = Settings()


# -- the corpus and the local truth ------------------------------------------------------------------
def write_corpus(path: Path) -> None:
    """The examples as one JSONL file, with inputs that must become rejects and a duplicate."""
    lines = [json.dumps({"id": p.name, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False)
             for p in sorted(EXAMPLES.glob("*.txt"))]
    batch = [ln for ln in (EXAMPLES / "04_jsonl_batch.jsonl").read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines += batch
    lines += ["", "{this is not json", json.dumps({"id": "no-text", "title": "nothing"}), json.dumps([1, 2]),
              batch[0]]                     # the same article again: written once
    data = ("\n".join(lines) + "\n").encode("utf-8")
    data += b'{"id": "latin1", "text": "caf\xe9"}\n'   # not UTF-8
    path.write_bytes(data)


def local_rows(path: Path) -> dict[str, list[tuple]]:
    """What the store would hold for the file: analyze_many + store.db.article_rows, one article per key."""
    arts = list(inputs.read_file(path, SETTINGS))
    out: dict[str, list[tuple]] = {t: [] for t in rows.TABLES}
    seen = set()
    for art, rec in zip(arts, analyze_many(arts, SETTINGS)):
        key = article_key(art)
        if key in seen:
            continue
        seen.add(key)
        if rec.error:
            out["rejects"].append((key, rec.id, art.where, rec.error, "read" if art.error else "analyse", None))
            continue
        for table, items in db.article_rows(key, rec, story_id=None, source=art.where, ingested_at=None,
                                            signature=signature(rec.text)).items():
            out[table] += items
    return out


def spark_rows(out: Path, table: str) -> list[tuple]:
    cols = ", ".join(db.q(c) for c in db.names(table))
    with duckdb.connect() as con:
        return con.execute(f"SELECT {cols} FROM read_parquet(?, hive_partitioning = true)",
                           [f"{out}/{table}/**/*.parquet"]).fetchall()


def comparable(table: str, items: list[tuple]) -> list[tuple]:
    keep = [i for i, c in enumerate(db.names(table)) if c not in IGNORED]

    def norm(v):
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        return v

    return sorted((tuple(norm(r[i]) for i in keep) for r in items), key=repr)


# -- the Spark session and one run, shared by the module ----------------------------------------------
@pytest.fixture(scope="module")
def spark():
    if not (HAVE_PYSPARK and HAVE_JAVA):
        pytest.skip("pyspark (pip install 'newscoder[spark]') and Java are needed")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from newscoder.spark import job
    session = job.session("local[2]", {
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",   # a JVM that starts fast: tests are short
    })
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spark_in") / "corpus.jsonl"
    write_corpus(path)
    return path


@pytest.fixture(scope="module")
def result(spark, corpus, tmp_path_factory):
    from newscoder.spark import job
    out = tmp_path_factory.mktemp("spark_out") / "tables"
    summary = job.run(spark, [str(corpus)], str(out), SETTINGS)
    return summary, out


@needs_spark
def test_spark_rows_equal_the_local_pipelines(result, corpus):
    summary, out = result
    expected = local_rows(corpus)
    assert len(expected["articles"]) == 7 and len(expected["rejects"]) == 4
    for table in rows.TABLES:
        got = spark_rows(out, table)
        assert comparable(table, got) == comparable(table, expected[table]), table
    ids = {r[1] for r in spark_rows(out, "articles")}
    assert {"01_flood_aid.txt", "02_border_clash.txt", "03_embedded_post.txt", "example-0001"} <= ids
    assert summary.read == 12 and summary.duplicates == 1
    assert (summary.analysed, summary.rejected) == (7, 4)
    assert summary.rows == {t: len(expected[t]) for t in rows.TABLES}


@needs_spark
def test_rejects_say_why_and_where(result, corpus):
    _, out = result
    rejects = {r[1]: r for r in spark_rows(out, "rejects")}
    lines = {r[2]: (r[3], r[4]) for r in rejects.values()}
    # lines 1-3: the .txt examples, 4-7: the batch, 8: blank, 12: a duplicate of line 4
    assert lines == {
        f"{corpus}:9": ("line is not valid JSON: Expecting property name enclosed in double quotes", "read"),
        f"{corpus}:10": ("record has no 'text' or 'html'", "read"),
        f"{corpus}:11": ("expected a JSON object, got list", "read"),
        f"{corpus}:13": ("line is not UTF-8 text", "read"),
    }
    assert rejects["no-text"][2] == f"{corpus}:10"


@needs_spark
def test_layout_partitioned_by_published_day(result):
    summary, out = result
    days = sorted(p.name for p in (out / "articles").iterdir() if p.is_dir())
    assert days and all(d.startswith(rows.DAY_COLUMN + "=") for d in days)
    assert any(p.is_dir() for p in (out / "events").iterdir())
    for table in ("actors", "mentions", "quotes", "figures", "embeds", "minhashes", "rejects"):
        assert list((out / table).glob("*.parquet")), table
        assert not [p for p in (out / table).iterdir() if p.is_dir()], table
    with duckdb.connect() as con:
        n = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true) WHERE published_day = "
                        "coalesce(strftime(published, '%Y-%m-%d'), 'unknown')", [f"{out}/articles/**/*.parquet"]).fetchone()[0]
    assert n == summary.analysed


@needs_spark
def test_model_loaded_once_per_python_worker(result):
    summary, _ = result
    assert summary.workers, "the workers reported nothing"
    for pid, w in summary.workers.items():
        assert w["loads"] == 1, (pid, w)
    assert sum(w["tasks"] for w in summary.workers.values()) == summary.partitions
    assert max(w["rss_kb"] for w in summary.workers.values()) < 1024 * 1024   # the 1 GB per worker


def _counts(path: Path) -> dict[str, int]:
    con = db.connect(path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in db.TABLES if t != "meta"}
    finally:
        con.close()


@needs_spark
def test_output_loads_into_the_store_like_a_local_ingest(result, corpus, tmp_path):
    from newscoder.store.ingest import ingest

    _, out = result
    local = tmp_path / "local.duckdb"
    ingest([str(corpus)], str(local), SETTINGS, workers=0)
    loaded = tmp_path / "spark.duckdb"
    r = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", str(loaded)])   # day folders and all
    assert r.exit_code == 0, r.output
    assert _counts(loaded) == _counts(local)
    again = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", str(loaded)])
    assert again.exit_code == 0 and _counts(loaded) == _counts(local)                      # loading twice adds nothing
    cols = ", ".join(db.q(c) for c in db.names("articles") if c not in IGNORED)
    with duckdb.connect(str(local), read_only=True) as a, duckdb.connect(str(loaded), read_only=True) as b:
        assert sorted(a.execute(f"SELECT {cols} FROM articles").fetchall()) == \
            sorted(b.execute(f"SELECT {cols} FROM articles").fetchall())


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
        css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://example.test/site.css", "response",
                                            payload=io.BytesIO(b"p {}"), http_headers=css))


@needs_spark
def test_command_reads_parquet_warc_and_text_files(spark, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    src = tmp_path / "in"
    src.mkdir()
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('pq-1', ?, DATE '2024-01-02'), (NULL, ?, NULL)) "
                    "v(id, articleBody, published)", [texts[0], texts[1]])
        con.execute(f"COPY t TO '{src / 'rows.parquet'}' (FORMAT PARQUET)")
    paragraphs = "".join(f"<p>{p}</p>" for p in texts[2].split("\n\n"))
    _warc(src / "crawl.warc.gz", [("http://example.test/news/post", f"<html><head><title>Post</title></head>"
                                                                  f"<body><article>{paragraphs}</article></body></html>")])
    shutil.copy(EXAMPLES / "01_flood_aid.txt", src / "flood.txt")
    (src / "notes.csv").write_text("not read: a folder's files of other kinds are skipped\n")
    out = tmp_path / "out"
    args = ["spark", str(src), str(out), "--partitions", "2", "--json"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["files"] == {"parquet": 1, "warc": 1, "text": 1}
    assert (summary["analysed"], summary["rejected"], summary["ignored"]) == (4, 0, 1)
    got = {r[1]: r for r in spark_rows(out, "articles")}
    cols = db.names("articles")
    assert set(got) == {"pq-1", f"{src / 'rows.parquet'}:2", "http://example.test/news/post", "flood.txt"}
    assert got["pq-1"][cols.index("source")] == f"{src / 'rows.parquet'}:1"
    assert got["pq-1"][cols.index("published")] == dt.date(2024, 1, 2)
    assert got["http://example.test/news/post"][cols.index("source")] == f"{src / 'crawl.warc.gz'}#1"
    assert got["flood.txt"][cols.index("text")] == local_text(src / "flood.txt")
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "already exists" in again.output      # --mode overwrite|append to reuse it
    assert CliRunner().invoke(main, ["spark", str(tmp_path / "missing"), str(tmp_path / "o2")]).exit_code == 2


def local_text(path: Path) -> str:
    art = next(inputs.read_file(path, SETTINGS))
    return next(analyze_many([art], SETTINGS)).text


# -- without Spark -------------------------------------------------------------------------------------
def test_one_failing_article_costs_only_itself(monkeypatch):
    """An exception while analysing or converting one article becomes its reject; the others are written."""
    import newscoder.pipeline as pipeline

    arts = [inputs.Article(id=f"a{i}", text=f"The mayor of Lima said on Monday that {i + 2} bridges were closed.",
                           where=f"in.jsonl:{i + 1}") for i in range(4)]
    real = pipeline.analyze_many

    def flaky(articles, settings):
        articles = list(articles)
        if any(a.id == "a1" for a in articles):
            raise RuntimeError("boom")
        return real(articles, settings)

    real_rows = db.article_rows

    def bad_rows(key, rec, **kw):
        if rec.id == "a2":
            raise ValueError("cannot")
        return real_rows(key, rec, **kw)

    monkeypatch.setattr(pipeline, "analyze_many", flaky)
    monkeypatch.setattr(db, "article_rows", bad_rows)
    now = dt.datetime(2026, 11, 29)
    out = list(rows.analyse_partition([(article_key(a), a) for a in arts], SETTINGS, now))
    arts_out = [r for t, r in out if t == "articles"]
    rejects = {r[1]: r for t, r in out if t == "rejects"}
    assert sorted(r[1] for r in arts_out) == ["a0", "a3"]
    assert rejects["a1"][3] == "internal error: RuntimeError: boom" and rejects["a1"][4] == "analyse"
    assert rejects["a2"][3].startswith("internal error: cannot make the article's rows: ValueError")
    assert all(r[-1] == rows.UNKNOWN_DAY for r in arts_out)           # no published date: the "unknown" day


def test_an_article_that_never_ends_is_cut_off_and_rejected(monkeypatch):
    import time

    import newscoder.pipeline as pipeline

    arts = [inputs.Article(id=f"a{i}", text=f"Officials in Quito said {i + 2} ferries had stopped.",
                           where=f"in.jsonl:{i + 1}") for i in range(3)]
    real = pipeline.extract

    def stuck(rec, doc):
        while rec.id == "a1":    # a stage caught in a loop, inside the pipeline's own `except Exception` guard
            time.sleep(0.01)
        return real(rec, doc)

    monkeypatch.setattr(pipeline, "extract", stuck)
    out = list(rows.analyse_partition([(article_key(a), a) for a in arts], SETTINGS, dt.datetime(2026, 11, 29),
                                      timeout=1))
    assert sorted(r[1] for t, r in out if t == "articles") == ["a0", "a2"]
    assert [r[3] for t, r in out if t == "rejects"] == ["internal error: analysis took over 1 s"]


def test_reject_row_follows_the_store_columns():
    art = inputs.Article(id="x", where="f.jsonl:3", error="line is not UTF-8 text")
    row = rows.reject_row("k", art, error_record("x", art.error), dt.datetime(2026, 1, 1))
    assert dict(zip(db.names("rejects"), row)) == {"key": "k", "id": "x", "source": "f.jsonl:3",
                                                   "reason": "line is not UTF-8 text", "stage": "read",
                                                   "ingested_at": dt.datetime(2026, 1, 1)}


def test_newscoder_works_without_pyspark_and_the_command_says_what_to_install():
    code = ("import sys; sys.modules['pyspark'] = None\n"
            "import newscoder, newscoder.cli, newscoder.spark, newscoder.spark.rows\n"
            "from click.testing import CliRunner\n"
            "r = CliRunner().invoke(newscoder.cli.main, ['spark', 'in.jsonl', 'out'])\n"
            "print(r.exit_code); print(r.output)\n"
            "assert CliRunner().invoke(newscoder.cli.main, ['analyze', '--help']).exit_code == 0\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("1\n") and "pip install 'newscoder[spark]'" in p.stdout
    plain = subprocess.run([sys.executable, "-c", "import sys, newscoder.cli; print('pyspark' in sys.modules)"],
                           capture_output=True, text=True, timeout=120)
    assert plain.stdout.strip() == "False"
