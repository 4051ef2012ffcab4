"""`newscoder serve`: the web UI and HTTP API (src/newscoder/web/, docs/ui.md).

Registered on the main group by `register(main)` (one line at the end of cli.py). Exit status: 1 when the
corpus database cannot be opened, 2 on a usage error.
"""
from __future__ import annotations

import sys

import click

from .settings import Settings

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="A corpus written by `newscoder ingest` (opened read-only) for the corpus pages and API.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (default: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--model", default=None, help="spaCy model package (default: the first English model installed).")
@click.option("--max-body-mb", type=click.FloatRange(0.001, 1024), default=10.0, show_default=True,
              help="Largest request body accepted; larger ones are answered 413.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(db_path: str | None, host: str, port: int, model: str | None, max_body_mb: float, log_level: str) -> None:
    """Serve the web UI: analyse an article in the browser; with --db, browse a corpus (timeline, network,
    map, events, quotes, figures) and query it over HTTP (/api/...; /docs lists the endpoints)."""
    import uvicorn

    from .store.db import StoreError
    from .web import create_app

    try:
        app = create_app(Settings(model=model), db_path, max_body_bytes=int(max_body_mb * 2**20), preload=True)
    except StoreError as exc:
        click.echo(f"newscoder: {exc}", err=True)
        sys.exit(1)
    if host not in LOCAL_HOSTS:
        click.echo(f"newscoder: listening on {host}: anyone who can reach this address can use the server "
                   "(there is no login)", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newscoder: serving on http://{shown}:{port}/" + (f" with {db_path} (read-only)" if db_path else ""),
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(group: click.Group) -> None:
    """Add `serve` to the `newscoder` group."""
    group.add_command(serve)
