"""The corpus-store commands: `ingest`, `events`, `quotes`, `figures`, `actors`, `stats`, `export`.

Registered on the main group by `register(main)` (one line at the end of cli.py). Queries and exports
open the database read-only. Exit status of `ingest`: 0 when every new input was stored as an article,
3 when some went to `rejects`, 2 on a usage error, 1 when no model can be loaded or the database cannot
be opened.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any, Callable

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from .errors import ModelError
from .settings import Settings
from .workers import CHUNK_SIZE, cores

EXIT_SOME_REJECTED = 3
EXIT_FAILED = 1


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _fail(message: str) -> None:
    click.echo(f"newscoder: {message}", err=True)
    sys.exit(EXIT_FAILED)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The DuckDB database (created when missing).")
@click.option("--workers", type=click.IntRange(0, 256), default=None,
              help="Worker processes that run the pipeline (default: all cores; 0: analyse in this process).")
@click.option("--chunk-size", type=click.IntRange(1, 4096), default=CHUNK_SIZE, show_default=True,
              help="Articles per worker task and per transaction.")
@click.option("--parquet", "parquet_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Also load tables written as Parquet with the store's layout (DIR/<table>.parquet or DIR/<table>/**/*.parquet).")
@click.option("--retry-rejects", is_flag=True, help="Analyse again inputs that an earlier run rejected.")
@click.option("--model", default=None, help="spaCy model package (default: the first English model installed).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="One line on stderr per committed transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON on stdout.")
def ingest(paths: tuple[str, ...], db_path: str, workers: int | None, chunk_size: int, parquet_dirs: tuple[str, ...],
           retry_rejects: bool, model: str | None, progress: bool | None, verbose: bool, as_json: bool) -> None:
    """Analyse articles (.txt/.html/.jsonl/.csv/.parquet/WARC files, folders, -) into a corpus database.

    Articles already in the database (same key: sha256 of id and normalised content) are skipped, so a
    run can be repeated, or restarted after being killed, without doubling anything.
    """
    from .store import db, sources
    from .store.ingest import Ingest
    from .store.load import load_parquet

    if not paths and not parquet_dirs:
        raise click.UsageError("give at least one PATH (or --parquet DIR)")
    settings = Settings(model=model)
    try:
        expanded = sources.expand(list(paths))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    workers = cores() if workers is None else workers
    try:
        con = db.connect(db_path)
    except db.StoreError as exc:
        _fail(str(exc))
    err = Console(stderr=True)
    try:
        for d in parquet_dirs:
            try:
                err.print(f"newscoder: {d}: " + load_parquet(con, d).line(), highlight=False)
            except (db.StoreError, Exception) as exc:  # duckdb's own errors say what is wrong with the files
                _fail(f"cannot load {d}: {' '.join(str(exc).split())}")
        if not expanded:
            return
        show = progress if progress is not None else sys.stderr.isatty()
        total = sources.count(expanded, settings) if show else None
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]:.1f} articles/s · {task.fields[counts]}"),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=not show) as bar:
            task = bar.add_task("ingest", total=total, rate=0.0, counts="")
            last = [0]

            def on_commit(s) -> None:
                done = s.analysed + s.rejected + s.skipped
                bar.update(task, completed=done, rate=s.rate,
                           counts=f"{s.analysed:,} stored, {s.rejected:,} rejected, {s.skipped:,} skipped")
                if verbose and done != last[0]:
                    click.echo(f"newscoder: committed {s.analysed + s.rejected:,} ({s.analysed:,} articles, "
                               f"{s.rejected:,} rejects), skipped {s.skipped:,}", err=True)
                last[0] = done

            run = Ingest(con, settings, workers=workers, chunk_size=chunk_size, retry_rejects=retry_rejects,
                         on_commit=on_commit)
            try:
                summary = run.run(sources.read(expanded, settings, run.summary.ignored))
            except KeyboardInterrupt:
                click.echo(f"newscoder: interrupted; committed so far: {run.summary.line()}", err=True)
                sys.exit(130)
    except ModelError as exc:
        _fail(str(exc))
    finally:
        con.close()
    click.echo(f"newscoder: {summary.line()}", err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    sys.exit(EXIT_SOME_REJECTED if summary.rejected else 0)


def _open(db_path: str):
    from .store import db
    try:
        return db.connect(db_path, read_only=True)
    except db.StoreError as exc:
        _fail(str(exc))


def _query_options(fn: Callable) -> Callable:
    options = [
        click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The corpus database."),
        click.option("--actor", help="Substring of an actor's name or code (case-insensitive)."),
        click.option("--country", help="ISO 3166-1 alpha-3 code of an actor or of the place."),
        click.option("--type", "type_", help="Event type (or CAMEO prefix), quote kind, figure kind or actor kind."),
        click.option("--since", callback=_date, help="From this date (YYYY-MM-DD), inclusive."),
        click.option("--until", callback=_date, help="To this date (YYYY-MM-DD), inclusive."),
        click.option("--text", help="Substring of the article's title or text (case-insensitive)."),
        click.option("--limit", type=click.IntRange(0), default=100, show_default=True, help="At most this many rows (0: all)."),
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _query_command(name: str, doc: str) -> click.Command:
    @_query_options
    def command(db_path: str, actor, country, type_, since, until, text, limit: int, fmt: str) -> None:
        from .store import query
        filters = query.Filters(actor=actor, country=country, type=type_, since=since, until=until, text=text, limit=limit)
        con = _open(db_path)
        try:
            table = getattr(query, name)(con, filters)
        finally:
            con.close()
        _print_table(table, fmt, title=name)
    command.__doc__ = doc
    return click.command(name)(command)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _print_table(table, fmt: str, title: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([{k: _plain(v) for k, v in r.items()} for r in table.records()], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(table.columns)
        w.writerows([[_plain(v) for v in r] for r in table.rows])
    else:
        cols = table.brief or table.columns
        pos = [table.columns.index(c) for c in cols]
        rt = RichTable(title=f"{title}: {len(table.rows):,} rows", show_lines=False)
        for c in cols:
            rt.add_column(c, overflow="fold")
        for r in table.rows:
            rt.add_row(*("" if r[i] is None else str(_plain(r[i])) for i in pos))
        Console().print(rt)


@click.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The corpus database.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Rows in each top list.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db_path: str, top: int, fmt: str) -> None:
    """A corpus overview: articles, rejects, stories, languages, outlets, top actors, events by type..."""
    from .store import query
    con = _open(db_path)
    try:
        overview = query.stats(con, top)
    finally:
        con.close()
    if fmt == "json":
        click.echo(json.dumps(overview, ensure_ascii=False, indent=1))
        return
    console = Console()
    counts = RichTable(title="corpus")
    counts.add_column("what")
    counts.add_column("count", justify="right")
    for k, v in overview["counts"].items():
        counts.add_row(k.replace("_", " "), f"{v:,}" if isinstance(v, int) else str(v))
    console.print(counts)
    for section, rows in overview.items():
        if section == "counts" or not rows:
            continue
        t = RichTable(title=section.replace("_", " "))
        t.add_column("")
        t.add_column("n", justify="right")
        for label, n in rows:
            t.add_row(str(label), f"{n:,}")
        console.print(t)


@click.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The corpus database.")
@click.option("--format", "fmt", type=click.Choice(["gdelt", "plover", "parquet", "csv"]), required=True,
              help="gdelt: GDELT 2.0 event table (61 tab-separated columns, one line per event cluster); "
                   "plover: JSON Lines, one record per event; parquet/csv: one file per table in the folder OUT.")
@click.option("-o", "--output", required=True, type=click.Path(), help="Output file (gdelt, plover) or folder (parquet, csv).")
@click.option("--header", is_flag=True, help="gdelt: write the 61 column names as a first line (GDELT's files have none).")
def export(db_path: str, fmt: str, output: str, header: bool) -> None:
    """Export the corpus: GDELT 2.0 events, PLOVER records, or every table as Parquet or CSV."""
    from .store import export as exporter
    con = _open(db_path)
    try:
        if fmt == "gdelt" and header:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                written = {output: exporter.write_gdelt(con, fh, header=True)}
        else:
            written = exporter.export(con, fmt, output)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}")
    finally:
        con.close()
    for path, n in written.items():
        click.echo(f"newscoder: {path}: {n:,} rows", err=True)


COMMANDS = [ingest,
            _query_command("events", "Events (one row per report), with their actors, place and cluster."),
            _query_command("quotes", "Quotes with their speakers."),
            _query_command("figures", "Casualty and other figures (killed, injured, displaced...)."),
            _query_command("actors", "Actors over the corpus: articles and mentions per actor."),
            stats, export]


def register(group: click.Group) -> None:
    """Add the store's commands to the `newscoder` group."""
    for command in COMMANDS:
        group.add_command(command)
