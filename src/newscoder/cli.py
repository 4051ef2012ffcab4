"""The command line. The only place that turns library errors into exit codes.

Exit status of `newscoder analyze`: 0 when every article was analysed, 3 when some records carry
`error`, 2 on a usage error (click's own convention), 1 when the model cannot be loaded.
"""
from __future__ import annotations

import gzip
import json
import sys
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Iterable, Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from . import __version__
from .errors import ModelError
from .inputs import JSONL_SUFFIXES, expand, kind_of, read_inputs
from .record import Record
from .settings import Settings
from .workers import analyse_in_workers

EXIT_SOME_ERRORS = 3
EXIT_MODEL = 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscoder")
def main() -> None:
    """newscoder: structured, source-attributed event data from raw news articles."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write JSON Lines here (default: stdout).")
@click.option("--pretty", is_flag=True, help="Print a readable report per article instead of JSON "
              "(JSON still goes to -o when given).")
@click.option("--model", default=None, help="spaCy model package (default: the first English model installed).")
@click.option("--batch-size", default=Settings.batch_size, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--workers", type=click.IntRange(0, 256), default=None,
              help="Worker processes (default: every core when the input has more than one chunk of 32 articles; "
                   "0: analyse in this process).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def analyze(inputs: tuple[str, ...], output: str | None, pretty: bool, model: str | None,
            batch_size: int, workers: int | None, progress: bool | None) -> None:
    """Analyse INPUT (.jsonl, .txt, .html, a folder of them, or - for stdin) into contract records."""
    settings = Settings(model=model, batch_size=batch_size, progress=progress)
    try:
        paths = expand(list(inputs))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    if output and output != "-" and Path(output).resolve() in {Path(p).resolve() for p in paths if p != "-"}:
        raise click.UsageError("the output file is also an input")
    total = _count_articles(paths)
    errors = 0
    try:
        with ExitStack() as stack:
            sink = _open_output(output, pretty, stack)
            console = Console(soft_wrap=False) if pretty else None
            records = analyse_in_workers(read_inputs(paths, settings), settings, workers)
            for rec in _with_progress(records, total, settings, stack):
                errors += rec.error is not None
                if sink is not None:
                    sink.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
                if console is not None:
                    from .report import render
                    render(rec, console)
    except ModelError as exc:
        click.echo(f"newscoder: {exc}", err=True)
        sys.exit(EXIT_MODEL)
    sys.exit(EXIT_SOME_ERRORS if errors else 0)


def _open_output(output: str | None, pretty: bool, stack: ExitStack) -> IO[str] | None:
    if output and output != "-":
        return stack.enter_context(open(output, "w", encoding="utf-8"))
    if pretty and not output:
        return None
    return sys.stdout


def _with_progress(records: Iterable[Record], total: int | None, settings: Settings,
                   stack: ExitStack) -> Iterator[Record]:
    """Yield records, ticking a progress bar on stderr for multi-article input."""
    show = settings.progress if settings.progress is not None else sys.stderr.isatty()
    if not show or total == 1:
        yield from records
        return
    bar = stack.enter_context(Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=False))
    task = bar.add_task("analyse", total=total, rate=0.0)
    for rec in records:
        bar.advance(task)
        speed = bar.tasks[0].speed or 0.0
        bar.update(task, rate=speed)
        yield rec


def _count_articles(paths: list[str]) -> int | None:
    """Articles in the input, counted cheaply (lines of JSONL files); None when stdin makes it unknowable."""
    n = 0
    for p in paths:
        if p == "-":
            return None
        suffix, gz = kind_of(Path(p))
        if suffix in JSONL_SUFFIXES:
            try:
                with (gzip.open(p, "rb") if gz else open(p, "rb")) as fh:
                    n += sum(1 for line in fh if line.strip())
            except (OSError, EOFError, zlib.error):
                return None  # the reader reports the damage; the bar just loses its total
        else:
            n += 1
    return n


from .cli_store import register; register(main)  # noqa: E402,E702  (ingest, events, ..., export)
from .cli_web import register as _register_web; _register_web(main)  # noqa: E402,E702  (serve)
from .cli_spark import register as _register_spark; _register_spark(main)  # noqa: E402,E702  (spark)

if __name__ == "__main__":  # python -m newscoder.cli
    main()
