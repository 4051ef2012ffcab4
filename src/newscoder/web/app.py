"""The FastAPI application: the Analyze page, the corpus pages and the JSON API under /api/.

    create_app(settings, db_path=None)      one app; the corpus (when given) is opened read-only, once
    Guard (guard.py)                        ASGI middleware: request-body cap (413), security headers
    tables.py                               what each corpus table page shows
    /api/analyze                            the contract's "Over HTTP" endpoint (200 record, 413, 422)
    /api/events|quotes|figures|actors|articles|stats|timeline|network|places|article/{key}
    /, /article/{key}, /corpus, /events, /quotes, /figures, /actors, /articles, /docs    the HTML pages

Article text is untrusted everywhere: pages are Jinja templates with autoescaping, records travel to the
browser as JSON (in a `<script type="application/json">` block, `<` escaped) and are drawn by
static/annotate.js with DOM text nodes only; a Content-Security-Policy allows no inline script at all.
No request ever names a file: the database path is fixed when the app is made.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlencode

import duckdb
import jinja2
from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import ModelError
from ..inputs import Article
from ..settings import Settings
from . import corpus
from .guard import Guard
from .tables import FIELD_LABELS, TABLE_PAGES, date_or_none

DEFAULT_MAX_BODY = 10 * 2**20       # bytes; `newscoder serve --max-body-mb`
PAGE_SIZE = 50                      # rows per table page
HERE = Path(__file__).resolve().parent
KEY_PATTERN = r"^[0-9a-f]{64}$"


def corpus_key() -> Any:
    return PathParam(..., pattern=KEY_PATTERN, description="the article's key (64 hex digits)")


templates = jinja2.Environment(loader=jinja2.PackageLoader("newscoder.web", "templates"),
                               autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True)


# -- aggregates, computed once ---------------------------------------------------------------------------

class Memo:
    """The corpus aggregates (stats, timeline, network, places) by their arguments, kept for the app's
    lifetime: while the server holds the database open, even read-only, DuckDB refuses any process that
    would write it, so they cannot go stale (an ingest needs the server stopped first)."""

    def __init__(self, size: int = 256) -> None:
        self.size, self.data, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        value = compute()
        with self.lock:
            self.data[key] = value
            while len(self.data) > self.size:
                self.data.popitem(last=False)
        return value


def _warm(app: FastAPI) -> None:
    """Compute what the corpus page asks for first, in the background, so its first visit is quick."""
    from ..store import query
    cur = app.state.con.cursor()
    memo = app.state.memo
    try:
        memo.get(("stats", 8), lambda: corpus.plain(query.stats(cur, 8)))
        memo.get(("timeline", None), lambda: corpus.timeline(cur, None))
        memo.get(("places", None, 400), lambda: corpus.places(cur, None, 400))
        memo.get(("network", None, 40, 120), lambda: corpus.network(cur, None, 40, 120))
    except Exception:
        pass   # the endpoints will say what is wrong (or the app is shutting down)
    finally:
        cur.close()


# -- the request body of /api/analyze -----------------------------------------------------------------

class AnalyzeRequest(BaseModel):
    """One article, in the contract's batch-input form. `text` (or `html`) is required; the rest optional."""
    model_config = ConfigDict(extra="ignore", json_schema_extra={
        "examples": [{"text": "Officials said on Monday that ...", "published": "2024-06-17"}]})
    text: str | None = Field(None, description="raw article text (plain text; HTML given here is detected and extracted)")
    html: str | None = Field(None, description="an HTML page, instead of text")
    published: str | None = Field(None, description="ISO date or timestamp (YYYY-MM-DD...)")
    id: str | None = Field(None, description="the record's id (default 'doc')")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None

    @model_validator(mode="after")
    def _needs_text(self) -> "AnalyzeRequest":
        if self.text is None and self.html is None:
            raise ValueError("the body needs 'text' (or 'html')")
        return self


def _analyze_one(article: Article, settings: Settings, lock: threading.Lock) -> dict[str, Any]:
    from ..pipeline import analyze_many
    with lock:   # one analysis at a time: the spaCy pipeline is shared
        return next(analyze_many([article], settings)).to_dict()


def _validation_message(exc: RequestValidationError | ValidationError, body: bool = False) -> str:
    """One line from pydantic's errors: `field: problem; ...` (request errors' locations start with
    'query', 'path' or 'body'; a model's own errors have no such prefix)."""
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ())[(0 if body else 1):] if x != "__root__")
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            msg = "body is not valid JSON" + (f" ({err['ctx']['error']})" if err.get("ctx", {}).get("error") else "")
            loc = ""
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "invalid request"


# -- the app ----------------------------------------------------------------------------------------------

def create_app(settings: Settings | None = None, db_path: str | Path | None = None, *,
               max_body_bytes: int = DEFAULT_MAX_BODY, preload: bool = False) -> FastAPI:
    """The web app. `db_path`: a corpus written by `newscoder ingest`, opened read-only now (a StoreError
    when it cannot be); without it the corpus pages say how to start with one. `preload`: load the spaCy
    model in a background thread at startup, so the first analysis does not wait for it."""
    settings = settings or Settings()
    con = None
    if db_path is not None:
        from ..store import db
        con = db.connect(db_path, read_only=True)
    lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if preload:
            threading.Thread(target=_preload, args=(settings, lock), daemon=True).start()
        if app.state.con is not None:
            threading.Thread(target=_warm, args=(app,), daemon=True).start()
        try:
            yield
        finally:
            if app.state.con is not None:
                app.state.con.close()

    app = FastAPI(title="newscoder", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  description="Structured, source-attributed records from news articles: analyse one article, "
                              "or query a corpus written by `newscoder ingest` (read-only).")
    app.state.con = con
    app.state.settings = settings
    app.state.db_path = str(db_path) if db_path is not None else None
    app.state.max_body = max_body_bytes
    app.state.memo = Memo()
    app.add_middleware(Guard, max_body=max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _errors(app)
    _api(app, settings, lock)
    _pages(app)
    return app


def _preload(settings: Settings, lock: threading.Lock) -> None:
    from ..nlp import load
    try:
        with lock:
            load(settings)
    except ModelError:
        pass   # /api/analyze answers 503 with the reason


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.method != "GET"


def _errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(exc)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if _wants_json(request):
            return JSONResponse({"error": detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return _html("message.html", request, status=exc.status_code, heading=f"{exc.status_code}", message=detail)

    @app.exception_handler(duckdb.Error)
    async def db_error(request: Request, exc: duckdb.Error) -> JSONResponse:
        return JSONResponse({"error": "database error: " + " ".join(str(exc).split())[:300]}, status_code=500)


def _db(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the app's read-only connection, one per request (DuckDB cursors are thread-safe to
    use side by side; the connection itself is not)."""
    con = request.app.state.con
    if con is None:
        raise HTTPException(404, "no corpus database: start the server with `newscoder serve --db corpus.duckdb`")
    cur = con.cursor()
    try:
        yield cur
    finally:
        cur.close()


def _html(template: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    page = templates.get_template(template).render(request_path=request.url.path, has_corpus=request.app.state.con is not None,
                                               version=__version__, **context)
    return HTMLResponse(page, status_code=status)


# -- API ------------------------------------------------------------------------------------------------------

Limit = Query(PAGE_SIZE, ge=1, le=1000, description="rows per page")
Offset = Query(0, ge=0, le=10**9, description="rows to skip")


def _filters(actor: str | None = Query(None, description="substring of an actor's name or code"),
             country: str | None = Query(None, description="ISO 3166-1 alpha-3 of an actor or of the place"),
             type: str | None = Query(None, description="event type or CAMEO prefix; quote kind; figure kind; actor kind"),
             since: dt.date | None = Query(None, description="from this date (YYYY-MM-DD), inclusive"),
             until: dt.date | None = Query(None, description="to this date (YYYY-MM-DD), inclusive"),
             text: str | None = Query(None, description="substring of the article's title or text"),
             about: str | None = Query(None, description="quotes: substring of what was said"),
             place: str | None = Query(None, description="events, figures: substring of the place's name")) -> corpus.Filters:
    return corpus.Filters(actor=actor, country=country, type=type, since=since.isoformat() if since else None,
                          until=until.isoformat() if until else None, text=text, about=about, place=place)


def _table_endpoint(fetch: Callable[..., corpus.Page]) -> Callable[..., dict[str, Any]]:
    def endpoint(f: corpus.Filters = Depends(_filters), limit: int = Limit, offset: int = Offset,
                 con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        return fetch(con, f, offset, limit).as_dict()
    return endpoint


def _api(app: FastAPI, settings: Settings, lock: threading.Lock) -> None:
    @app.post("/api/analyze", tags=["analyze"], summary="Analyse one article into a record",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": AnalyzeRequest.model_json_schema()}}}},
              responses={200: {"description": "the record (the contract's JSON object; its `error` says why when the "
                                               "article could not be analysed)"},
                         413: {"description": "body over the size limit: `{\"error\": ...}`"},
                         422: {"description": "malformed body (not JSON, not an object, no `text`): `{\"error\": ...}`"},
                         503: {"description": "no spaCy model can be loaded: `{\"error\": ...}`"}})
    async def analyze(request: Request) -> JSONResponse:
        # The body is read here (already capped by Guard) and parsed whatever its Content-Type says, so
        # `curl -d '{"text": ...}'` works without a header.
        raw = await request.body()
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            return JSONResponse({"error": f"body is not valid JSON: {exc}"}, status_code=422)
        if not isinstance(data, dict):
            return JSONResponse({"error": f"the body must be a JSON object like {{\"text\": ...}}, not {type(data).__name__}"},
                                status_code=422)
        try:
            req = AnalyzeRequest.model_validate(data)
        except ValidationError as exc:
            return JSONResponse({"error": _validation_message(exc, body=True)}, status_code=422)
        article = Article(id=req.id if req.id is not None else "doc", text=req.text, html=req.html,
                          published=req.published, title=req.title, url=req.url, outlet=req.outlet, where="http")
        try:
            record = await run_in_threadpool(_analyze_one, article, settings, lock)
        except ModelError as exc:
            return JSONResponse({"error": str(exc)}, status_code=503)
        return JSONResponse(record)

    @app.get("/api/schema/record", tags=["analyze"], summary="The record's JSON Schema")
    def schema() -> JSONResponse:
        text = resources.files("newscoder").joinpath("schema/record.schema.json").read_text("utf-8")
        return JSONResponse(json.loads(text))

    tables = {"events": (corpus.events, "Event reports, newest first, with source/target names, place and evidence"),
              "quotes": (corpus.quotes, "Quotes with their speakers: who said what (`about`: what was said)"),
              "figures": (corpus.figures, "Casualty and other figures, with who gives them and the evidence"),
              "actors": (corpus.actors, "Actors over the corpus, most reported first"),
              "articles": (corpus.articles, "Articles, newest first")}
    for name, (fetch, summary) in tables.items():
        app.add_api_route(f"/api/{name}", _table_endpoint(fetch), methods=["GET"], tags=["corpus"], summary=summary,
                          name=f"api_{name}")

    @app.get("/api/stats", tags=["corpus"], summary="Corpus counts and top lists")
    def stats(request: Request, top: int = Query(10, ge=1, le=100),
              con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        from ..store import query
        return request.app.state.memo.get(("stats", top), lambda: corpus.plain(query.stats(con, top)))

    @app.get("/api/timeline", tags=["corpus"], summary="Event reports per time bucket, quad class and type")
    def timeline(request: Request, type: str | None = Query(None, description="only this event type"),
                 con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        return request.app.state.memo.get(("timeline", type or None), lambda: corpus.timeline(con, type or None))

    @app.get("/api/network", tags=["corpus"], summary="Actor network: source -> target, weighted by event clusters")
    def network(request: Request, type: str | None = Query(None, description="only this event type"),
                nodes: int = Query(40, ge=2, le=200), edges: int = Query(150, ge=1, le=1000),
                con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        return request.app.state.memo.get(("network", type or None, nodes, edges),
                                          lambda: corpus.network(con, type or None, nodes, edges))

    @app.get("/api/places", tags=["corpus"], summary="Event places with coordinates, for the map")
    def places(request: Request, type: str | None = Query(None, description="only this event type"),
               limit: int = Query(400, ge=1, le=5000), con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        return request.app.state.memo.get(("places", type or None, limit), lambda: corpus.places(con, type or None, limit))

    @app.get("/api/article/{key}", tags=["corpus"], summary="One stored article as a record")
    def article(key: str = corpus_key(), con: duckdb.DuckDBPyConnection = Depends(_db)) -> dict[str, Any]:
        rec = corpus.article(con, key)
        if rec is None:
            raise HTTPException(404, f"no article with key {key}")
        return rec


# -- pages ------------------------------------------------------------------------------------------------------

def _table_page(name: str, spec: dict[str, Any]) -> Callable[..., HTMLResponse]:
    def table_page(request: Request, offset: int = Query(0, ge=0, le=10**9),
                   con: duckdb.DuckDBPyConnection = Depends(_db)) -> HTMLResponse:
        problems: list[str] = []
        values = {k: (request.query_params.get(k) or "").strip()[:200] for k in spec["fields"]}
        f = corpus.Filters(**{k: v or None for k, v in values.items() if k not in ("since", "until")},
                           since=date_or_none(values.get("since"), problems, "since"),
                           until=date_or_none(values.get("until"), problems, "until"))
        page = spec["fetch"](con, f, offset, PAGE_SIZE)
        kept = {k: v for k, v in values.items() if v}
        link = lambda off: f"/{name}?" + urlencode({**kept, "offset": off})  # noqa: E731
        return _html("table.html", request, name=name, title=spec["title"], columns=spec["columns"],
                     rows=[spec["row"](corpus.plain(r)) for r in page.rows], total=page.total, offset=offset,
                     shown=len(page.rows), fields=[(k, FIELD_LABELS[k], values[k]) for k in spec["fields"]],
                     type_hint=spec["type_hint"], problems=problems,
                     prev=link(max(offset - PAGE_SIZE, 0)) if offset > 0 else None,
                     next=link(offset + PAGE_SIZE) if offset + PAGE_SIZE < page.total else None,
                     api=f"/api/{name}?" + urlencode({**kept, "offset": offset}))
    return table_page


def _pages(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def analyze_page(request: Request) -> HTMLResponse:
        return _html("analyze.html", request, max_body=request.app.state.max_body)

    @app.get("/article/{key}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, key: str, con: duckdb.DuckDBPyConnection = Depends(_db)) -> HTMLResponse:
        rec = corpus.article(con, key) if re.fullmatch(KEY_PATTERN[1:-1], key) else None
        if rec is None:
            raise HTTPException(404, "no article with this key in the corpus")
        return _html("article.html", request, record=rec, title=rec.get("title") or rec.get("id") or key)

    @app.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
    def corpus_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(_db)) -> HTMLResponse:
        from ..store import query
        overview = request.app.state.memo.get(("stats", 8), lambda: corpus.plain(query.stats(con, 8)))
        return _html("corpus.html", request, stats=overview, db_name=Path(request.app.state.db_path).name)

    for name, spec in TABLE_PAGES.items():
        app.add_api_route(f"/{name}", _table_page(name, spec), methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False, name=f"page_{name}")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        spec = request.app.openapi()
        endpoints = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [(p["name"], p.get("in", ""), p.get("description", "")) for p in op.get("parameters", [])]
                endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                                  "params": params, "body": "requestBody" in op,
                                  "responses": sorted(op.get("responses", {}))})
        return _html("docs.html", request, endpoints=endpoints)
