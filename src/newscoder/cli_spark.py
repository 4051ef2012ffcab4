"""`newscoder spark INPUT... OUTPUT`: the pipeline on Apache Spark, the corpus store's tables as Parquet.

Registered on the main group by `register(main)` (one line at the end of cli.py). pyspark is an optional
extra: this module does not import it; the command says how to install it when it is missing.
Exit status: 0 when every input was analysed, 3 when some went to `rejects`, 2 on a usage error, 1 when
pyspark, Java or the model is missing or the job fails.
"""
from __future__ import annotations

import json
import sys

import click

from .errors import ModelError
from .settings import Settings

EXIT_SOME_REJECTED = 3
EXIT_FAILED = 1


def _conf(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{v!r} is not KEY=VALUE")
        out[key.strip()] = value
    return out


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.argument("output")
@click.option("--master", default=None,
              help="Spark master URL, e.g. local[2], yarn, spark://host:7077 (default: spark-submit's or "
                   "spark-defaults.conf's, else local[*]).")
@click.option("--partitions", type=click.IntRange(1, 1_000_000), default=None,
              help="Partitions (tasks) the articles are analysed in (default: the input's, at least twice the "
                   "default parallelism).")
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "parquet", "warc"]), default="auto",
              show_default=True, help="Input format; auto: by file name (.jsonl/.ndjson, .parquet, .warc, "
                                      ".txt, .html, also .gz).")
@click.option("--mode", type=click.Choice(["error", "overwrite", "append"]), default="error", show_default=True,
              help="When OUTPUT exists: fail, replace it, or add to its tables.")
@click.option("--by-day/--no-by-day", default=True, show_default=True,
              help="Partition `articles` and `events` by the article's published day (published_day=YYYY-MM-DD "
                   "or unknown).")
@click.option("--model", default=None, help="spaCy model package (default: the first English model installed).")
@click.option("--batch-size", default=Settings.batch_size, show_default=True, type=click.IntRange(1, 10_000),
              help="Articles per analyze_many batch in each task.")
@click.option("--article-timeout", type=click.FloatRange(0), default=300, show_default=True,
              help="Seconds one article's analysis may take before it goes to rejects (0: no limit).")
@click.option("--conf", "conf", multiple=True, callback=_conf, metavar="KEY=VALUE",
              help="A Spark configuration value (repeatable), e.g. --conf spark.executor.memory=2g.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON on stdout.")
def spark(inputs: tuple[str, ...], output: str, master: str | None, partitions: int | None, fmt: str, mode: str,
          by_day: bool, model: str | None, batch_size: int, article_timeout: float, conf: dict[str, str],
          as_json: bool) -> None:
    """Analyse INPUT (JSONL, Parquet, WARC, text or HTML files, folders or globs; any path Spark reads:
    local, hdfs://, s3a://...) on Spark and write the corpus store's tables as Parquet under
    OUTPUT/<table>/. Load them with `newscoder ingest --parquet OUTPUT --db corpus.duckdb`.
    """
    from .spark import SparkMissing, require_pyspark

    try:
        require_pyspark()
    except SparkMissing as exc:
        _fail(str(exc))
    from .spark import job, read

    settings = Settings(model=model, batch_size=batch_size)
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None
    try:
        session = job.session(master, conf)
    except Exception as exc:   # no Java, a bad master URL...
        _fail(f"cannot start Spark: {_one_line(exc)}")
    try:
        summary = job.run(session, list(inputs), output, settings, partitions=partitions, fmt=fmt, mode=mode,
                          by_day=by_day, article_timeout=article_timeout)
    except read.InputProblem as exc:
        raise click.UsageError(str(exc)) from None
    except ModelError as exc:
        _fail(str(exc))
    except Exception as exc:
        cause = _model_error_in(exc)
        _fail(cause or f"the Spark job failed: {_one_line(exc)}")
    finally:
        if owned:
            session.stop()
    click.echo(f"newscoder: {summary.line()}", err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    sys.exit(EXIT_SOME_REJECTED if summary.rejected else 0)


def _model_error_in(exc: BaseException) -> str | None:
    """A ModelError raised on an executor reaches the driver as text inside Spark's error."""
    text = str(exc)
    marker = "newscoder.errors.ModelError: "
    if marker in text:
        return text[text.index(marker) + len(marker):].splitlines()[0]
    return None


def _one_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return (lines[0] if lines else type(exc).__name__)[:500]


def _fail(message: str) -> None:
    click.echo(f"newscoder: {message}", err=True)
    sys.exit(EXIT_FAILED)


def register(main: click.Group) -> None:
    main.add_command(spark)
