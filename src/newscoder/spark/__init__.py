"""The pipeline on Apache Spark: `newscoder spark INPUT... OUTPUT` (docs/spark.md).

    read.py    inputs as an RDD of `Article`s: JSONL lines (spark.read.text), Parquet rows
               (spark.read.parquet), WARC, text and HTML files; the same per-line / per-row rules as
               `newscoder.inputs` and `newscoder.store.sources`
    rows.py    what runs on the executors: the model loaded once per Python worker process, articles
               analysed in batches with `analyze_many`, each record turned into the corpus store's rows
               by `store.db.article_rows` (errors into `rejects`); the Spark schema of each table
    job.py     the driver: read, key and deduplicate, analyse in `mapPartitions`, write one Parquet folder
               per table (OUTPUT/<table>/), `articles` and `events` partitioned by published day

pyspark is an optional extra (`pip install 'newscoder[spark]'`). Nothing outside this package imports it,
and this package imports it only inside the functions that need it: `import newscoder.spark` works
without it, and `require_pyspark()` says what to install.
"""
from __future__ import annotations

from ..errors import NewscoderError

INSTALL_HINT = "pip install 'newscoder[spark]' (pyspark 4.3, and Java 17 or 21 on the machine)"


class SparkMissing(NewscoderError):
    """pyspark is not installed (or cannot be imported)."""


def require_pyspark():
    """The pyspark module, or SparkMissing with the command that installs it."""
    try:
        import pyspark
    except ImportError as exc:
        raise SparkMissing(f"the spark command needs pyspark, which is not installed ({exc}); {INSTALL_HINT}") from None
    return pyspark
