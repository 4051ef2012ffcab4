"""`newscoder serve`'s HTTP API and pages, through FastAPI's TestClient (no browser): the contract's
`POST /api/analyze` (200 record, 413, 422, empty text), the corpus endpoints over a small corpus ingested
from the project's own articles, a read-only database, escaping in server-rendered pages, the CLI command."""
from __future__ import annotations

import asyncio
import json
import warnings
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, assert_valid

from newscoder.settings import Settings
from newscoder.web import create_app
from newscoder.web.app import Guard

with warnings.catch_warnings():   # starlette asks for `httpx2`; httpx is what the test extra pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WEB_ARTICLES = ROOT / "tests" / "data" / "web_articles.jsonl"
# An invented article whose text and title carry markup that must never run in a page.
XSS_ARTICLE = {
    "id": "web-xss", "published": "2024-06-26", "outlet": "Example Regional Times",
    "title": "Hacked page <img src=x onerror=\"window.__pwned=3\"> in Kyiv",
    "text": ("Officials in Kyiv said on Monday that a hacked ministry page had shown <script>window.__pwned=1</script> "
             "to visitors for several hours.\n\"We removed <img src=x onerror=\"window.__pwned=2\"> within an hour,\" "
             "said Olena Example, a ministry spokeswoman."),
}
_CORPUS: dict[str, Path] = {}


def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of the examples, tests/data/web_articles.jsonl and the XSS article, built once per session
    (the browser tests use the same one)."""
    if "path" not in _CORPUS:
        from newscoder.store.ingest import ingest
        folder = tmp_path_factory.mktemp("web-corpus")
        extra = folder / "xss.jsonl"
        extra.write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
        path = folder / "corpus.duckdb"
        summary = ingest([str(p) for p in sorted(EXAMPLES.glob("0*"))] + [str(WEB_ARTICLES), str(extra)], str(path))
        assert summary.analysed == 12, summary.line()
        _CORPUS["path"] = path
    return _CORPUS["path"]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings())) as c:
        yield c


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return corpus_db(tmp_path_factory)


@pytest.fixture(scope="module")
def corpus_app(db_path):
    return create_app(Settings(), db_path)


@pytest.fixture(scope="module")
def corpus(corpus_app):
    with TestClient(corpus_app) as c:
        yield c


# -- POST /api/analyze -------------------------------------------------------------------------------

def test_analyze_answers_a_valid_record(client):
    text = (EXAMPLES / "02_border_clash.txt").read_text(encoding="utf-8")
    r = client.post("/api/analyze", json={"text": text, "published": "2024-06-17"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    rec = r.json()
    assert_valid(rec)
    assert rec["id"] == "doc" and rec["error"] is None and rec["published"] == "2024-06-17"
    assert rec["quotes"] and rec["events"] and rec["actors"]
    r = client.post("/api/analyze", json={"text": text, "id": "mine", "title": "t", "outlet": "o"})
    assert r.json()["id"] == "mine" and r.json()["outlet"] == "o"


def test_analyze_reads_json_whatever_the_content_type(client):
    r = client.post("/api/analyze", content=json.dumps({"text": "Officials in Kyiv said talks would resume."}),
                    headers={"content-type": "application/x-www-form-urlencoded"})   # what `curl -d` sends
    assert r.status_code == 200 and r.json()["text"].startswith("Officials")


def test_analyze_html_input(client):
    page = ("<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
            "<p>Officials in Kyiv said on Monday that talks with Warsaw would resume next week.</p>"
            "<p>The two governments agreed to meet in Lublin, a spokesman said.</p></article></body></html>")
    r = client.post("/api/analyze", json={"html": page})
    assert r.status_code == 200
    rec = r.json()
    assert_valid(rec)
    assert "<p>" not in rec["text"] and "Officials in Kyiv" in rec["text"]


def test_empty_text_is_a_record_with_an_error(client):
    r = client.post("/api/analyze", json={"text": ""})
    assert r.status_code == 200
    rec = r.json()
    assert rec["error"] == "empty text" and rec["id"] == "doc"
    assert_valid(rec)
    r = client.post("/api/analyze", json={"text": "   \n  ", "id": "blank"})
    assert r.status_code == 200 and r.json()["error"] == "empty text" and r.json()["id"] == "blank"


@pytest.mark.parametrize("body", [b'{"text": ', b"not json at all", b"\xff\xfe\x00", b""])
def test_malformed_json_is_422(client, body):
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert set(r.json()) == {"error"} and "JSON" in r.json()["error"]


@pytest.mark.parametrize("body", [{}, {"published": "2024-01-01"}, {"text": None}, {"text": 5}, {"text": ["a"]},
                                  [1, 2], "text", 3])
def test_a_body_without_text_is_422(client, body):
    r = client.post("/api/analyze", json=body)
    assert r.status_code == 422
    assert set(r.json()) == {"error"} and r.json()["error"]


def test_an_11_mb_body_is_413(client):
    body = json.dumps({"text": "word " * (11 * 2**20 // 5)}).encode()
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "over the limit of 10,485,760 bytes" in r.json()["error"]


def test_a_streamed_body_over_the_limit_is_413():
    """No Content-Length (chunked): the cap holds as the body streams in, and the rest is never read."""
    with TestClient(create_app(Settings(), max_body_bytes=4000)) as c:
        r = c.post("/api/analyze", content=(b"x" * 1000 for _ in range(50)), headers={"content-type": "application/json"})
        assert r.status_code == 413 and "4,000 bytes" in r.json()["error"]
        r = c.post("/api/analyze", json={"text": "x" * 3000})   # under the cap: analysed
        assert r.status_code == 200

    consumed, sent = [], []

    async def receive():
        consumed.append(1000)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}   # an endless body

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        raise AssertionError("the application must not see an oversized body")

    scope = {"type": "http", "method": "POST", "path": "/api/analyze", "headers": [(b"content-type", b"application/json")]}
    asyncio.run(Guard(app, 4000)(scope, receive, send))
    assert sum(consumed) == 5000 and sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"].endswith("over the limit of 4,000 bytes")

    sent.clear()
    scope["headers"] = [(b"content-length", b"999999999")]
    asyncio.run(Guard(app, 4000)(scope, receive, send))   # refused from the header alone, nothing read
    assert sent[0]["status"] == 413 and sum(consumed) == 5000


def test_security_headers_and_no_cdn_docs(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/redoc").status_code == 404
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/analyze" in docs.text
    assert "cdn" not in docs.text.lower() and "http://" not in docs.text and "https://" not in docs.text
    spec = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/events", "/api/quotes", "/api/figures", "/api/actors", "/api/stats"} <= set(spec["paths"])
    assert "requestBody" in spec["paths"]["/api/analyze"]["post"]


def test_pages_load_nothing_from_elsewhere(client):
    for path in ("/", "/docs"):
        html = client.get(path).text
        assert "http://" not in html and "https://" not in html and 'src="//' not in html and 'href="//' not in html
    for asset in ("style.css", "annotate.js", "analyze.js", "article.js", "corpus.js"):
        text = client.get(f"/static/{asset}").text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "document.write" not in text


def test_no_file_is_served_from_outside_static(client):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2f..%2f..%2fpyproject.toml"):
        assert client.get(path).status_code == 404


def test_without_a_corpus_the_corpus_pages_say_how(client):
    r = client.get("/api/events")
    assert r.status_code == 404 and "--db" in r.json()["error"]
    r = client.get("/corpus")
    assert r.status_code == 404 and "newscoder serve --db" in r.text and "text/html" in r.headers["content-type"]


# -- the corpus ----------------------------------------------------------------------------------------

def test_corpus_endpoints(corpus):
    stats = corpus.get("/api/stats").json()
    assert stats["counts"]["articles"] == 12
    events = corpus.get("/api/events", params={"limit": 1000}).json()
    assert events["total"] == len(events["rows"]) == stats["counts"]["events"]
    row = events["rows"][0]
    assert {"date", "type", "source", "target", "article_key", "idx", "before", "hit", "after"} <= set(row)
    kg = corpus.get("/api/events", params={"actor": "kyrgyzstan", "type": "ACCUSE"}).json()["rows"]
    assert kg and all(r["type"] == "ACCUSE" for r in kg)
    assert any(r["source"] == "Kyrgyzstan" and r["target"] == "Tajikistan" for r in kg)
    page = corpus.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert page["rows"] == events["rows"][5:10] and page["offset"] == 5
    assert corpus.get("/api/events", params={"since": "2024-06-20", "until": "2024-06-21"}).json()["rows"]
    assert corpus.get("/api/events", params={"place": "isfara"}).json()["total"] >= 1

    said = corpus.get("/api/quotes", params={"about": "provocations"}).json()["rows"]
    assert [r["speaker"] for r in said] == ["Temir Example"]
    assert all(r["kind"] == "direct" for r in corpus.get("/api/quotes", params={"type": "direct"}).json()["rows"])
    killed = corpus.get("/api/figures", params={"type": "killed"}).json()["rows"]
    assert killed and {r["kind"] for r in killed} == {"killed"} and any(r["value"] == 23 for r in killed)
    actors = corpus.get("/api/actors", params={"country": "TJK"}).json()["rows"]
    assert actors and all(a["country"] == "TJK" for a in actors)
    assert corpus.get("/api/articles", params={"text": "Nairobi"}).json()["total"] == 1


def test_timeline_network_places(corpus):
    t = corpus.get("/api/timeline").json()
    assert t["rows"] and t["buckets"] and t["bucket"] in ("day", "week", "month", "year")
    assert all(r[0] in t["buckets"] and r[1] in (0, 1, 2, 3, 4) for r in t["rows"])
    assert sum(r[3] for r in t["rows"]) + t["outside"] + t["undated"] >= 30
    only = corpus.get("/api/timeline", params={"type": "ASSAULT"}).json()
    assert {r[2] for r in only["rows"]} == {"ASSAULT"}
    n = corpus.get("/api/network").json()
    pairs = {(e["source"], e["target"]): e for e in n["edges"]}
    assert ("Kyrgyzstan", "Tajikistan") in pairs and pairs[("Kyrgyzstan", "Tajikistan")]["types"].get("ACCUSE") == 1
    ids = {node["id"] for node in n["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in n["edges"])
    assert corpus.get("/api/network", params={"type": "CONSULT"}).json()["edges"]
    p = corpus.get("/api/places").json()["places"]
    names = {x["name"] for x in p}
    assert {"Batken", "Nairobi"} <= names
    assert all(-90 <= x["lat"] <= 90 and -180 <= x["lon"] <= 180 for x in p)


def test_article_endpoint_is_the_record(corpus):
    key = corpus.get("/api/articles", params={"text": "Nairobi"}).json()["rows"][0]["key"]
    rec = corpus.get(f"/api/article/{key}").json()
    assert rec["key"] == key and rec["id"] == "web-0004"
    assert_valid(rec)
    assert any(f["kind"] == "killed" and f["value"] == 23 for f in rec["figures"])
    for q in rec["quotes"]:
        assert rec["text"][q["start"]:q["end"]]
    assert corpus.get("/api/article/" + "0" * 64).status_code == 404
    assert corpus.get("/api/article/not-a-key").status_code == 422
    assert corpus.get("/article/not-a-key").status_code == 404


def test_the_corpus_is_opened_read_only(corpus_app, corpus, db_path):
    before = db_path.stat().st_mtime_ns, db_path.stat().st_size
    con = corpus_app.state.con
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")
    cur = con.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("CREATE TABLE x (a INT)")
    cur.close()
    for path in ("/corpus", "/events", "/quotes", "/figures", "/actors", "/articles", "/api/network"):
        assert corpus.get(path).status_code == 200
    assert (db_path.stat().st_mtime_ns, db_path.stat().st_size) == before


@pytest.mark.parametrize("value", ["'; DROP TABLE articles; --", "%no%such%", "_n_o_", "\\", "ü" * 300, "<script>nope"])
def test_hostile_filters_are_plain_data(corpus, value):
    for name in ("events", "quotes", "figures", "actors", "articles"):
        assert corpus.get(f"/api/{name}", params={"actor": value, "text": value, "about": value, "place": value}).json()["rows"] == []
        assert corpus.get(f"/{name}", params={"actor": value, "text": value}).status_code == 200
    assert corpus.get("/api/stats").json()["counts"]["articles"] == 12


def test_pages_escape_article_text(corpus):
    html = corpus.get("/articles").text
    assert "onerror=&#34;window.__pwned=3&#34;" in html or "onerror=&quot;window.__pwned=3&quot;" in html
    assert "<img src=x" not in html
    key = corpus.get("/api/articles", params={"text": "hacked ministry"}).json()["rows"][0]["key"]
    page = corpus.get(f"/article/{key}").text
    assert "<script>window" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in page   # inside the JSON data block
    quotes = corpus.get("/quotes", params={"text": "hacked ministry"}).text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in quotes


def test_table_pages(corpus):
    r = corpus.get("/events", params={"actor": "Kyrgyzstan", "since": "not a date"})
    assert r.status_code == 200 and "is not a date" in r.text and "/article/" in r.text and "#e-" in r.text
    r = corpus.get("/quotes", params={"about": "provocations"})
    assert "Temir Example" in r.text and "#q-" in r.text
    assert "#f-" in corpus.get("/figures").text
    r = corpus.get("/events", params={"offset": 50})
    assert r.status_code == 200 and "previous" in r.text
    r = corpus.get("/corpus")
    assert r.status_code == 200 and "12</b> articles" in r.text


# -- the command ---------------------------------------------------------------------------------------

def test_serve_command(monkeypatch, tmp_path, db_path):
    calls = []
    import uvicorn
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    from newscoder.cli import main
    r = CliRunner().invoke(main, ["serve", "--db", str(db_path), "--port", "8765"])
    assert r.exit_code == 0, r.output
    app, kw = calls[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8765 and app.state.con is not None
    app.state.con.close()
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 1 and "no such database" in r.output
    r = CliRunner().invoke(main, ["serve", "--max-body-mb", "0"])
    assert r.exit_code == 2


def test_limits_over_real_http():
    """The same answers through uvicorn and a socket, as `newscoder serve` gives them."""
    import httpx

    from newscoder.web.harness import serving
    with serving(create_app(Settings(), max_body_bytes=2**20)) as base:
        r = httpx.post(base + "/api/analyze", content=b'{"text": "' + b"a" * (2 * 2**20) + b'"}',
                       headers={"content-type": "application/json"}, timeout=30)
        assert r.status_code == 413 and "over the limit of 1,048,576 bytes" in r.json()["error"]
        r = httpx.post(base + "/api/analyze", content=(b"x" * 2**16 for _ in range(40)), timeout=30)
        assert r.status_code == 413
        r = httpx.post(base + "/api/analyze", content=b"{nope", timeout=30)
        assert r.status_code == 422 and r.json()["error"].startswith("body is not valid JSON")


def test_browser_tests_say_why_they_skip(monkeypatch):
    from newscoder.web import harness
    monkeypatch.setattr(harness, "chromium_path", lambda: None)
    assert "chromium is not installed" in harness.why_no_browser() and "make browser" in harness.why_no_browser()
