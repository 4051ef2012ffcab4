"""`newscoder events|quotes|figures|actors|stats`: each filter, the three output formats, a read-only
database, hostile filter values; and docs/corpus.md documents every table and column."""
from __future__ import annotations

import csv
import io
import json
import re

import duckdb
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT
from test_store_dedup import synthetic_events

from newscoder.cli import main
from newscoder.store import db, query
from newscoder.store.ingest import ingest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "c.duckdb"
    ingest([str(p) for p in sorted(EXAMPLES.glob("0*"))], str(path))   # the example articles, not README
    con = db.connect(path)
    con.execute("DELETE FROM events; DELETE FROM event_clusters")   # the events stage's own, whatever it finds
    synthetic_events(con)
    con.close()
    return str(path)


def rows(corpus, command, *args):
    r = CliRunner().invoke(main, [command, "--db", corpus, "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_events_filters(corpus):
    assert len(rows(corpus, "events")) == 8
    assert {r["type"] for r in rows(corpus, "events", "--type", "consult")} == {"CONSULT"}
    assert {r["cameo"] for r in rows(corpus, "events", "--type", "03")} == {"0311"}     # a CAMEO prefix
    assert len(rows(corpus, "events", "--actor", "uzbek")) == 1
    assert len(rows(corpus, "events", "--actor", "TJK")) == 7
    assert len(rows(corpus, "events", "--country", "uzb")) == 1                         # an actor's country
    assert len(rows(corpus, "events", "--country", "KGZ")) == 8
    assert {r["date"] for r in rows(corpus, "events", "--since", "2024-06-18")} == {"2024-06-24"}
    assert {r["date"] for r in rows(corpus, "events", "--until", "2024-06-16")} == {"2024-06-16"}
    assert [r["article_id"] for r in rows(corpus, "events", "--text", "REPORT R5:")] == ["r5"]
    assert len(rows(corpus, "events", "--limit", "2")) == 2
    first = rows(corpus, "events", "--limit", "1")[0]
    assert (first["source"], first["target"], first["source_code"]) == ("Kyrgyzstan", "Tajikistan", "KGZ")


def test_quotes_figures_actors_filters(corpus):
    quotes = rows(corpus, "quotes", "--limit", "0")
    assert quotes and all(q["quote"] for q in quotes)
    kinds = {q["kind"] for q in quotes}
    one = sorted(kinds)[0]
    assert {q["kind"] for q in rows(corpus, "quotes", "--type", one, "--limit", "0")} == {one}
    speaker = next(q["speaker"] for q in quotes if q["speaker"])
    assert all(speaker.lower() in (q["speaker"] or "").lower() for q in rows(corpus, "quotes", "--actor", speaker))
    figures = rows(corpus, "figures", "--limit", "0")
    assert figures
    assert {f["kind"] for f in rows(corpus, "figures", "--type", "killed")} <= {"killed"}
    assert all(f["date"] >= "2024-06-01" for f in rows(corpus, "figures", "--since", "2024-06-01"))
    actors = rows(corpus, "actors", "--country", "TJK")
    assert actors and all(a["country"] == "TJK" for a in actors)
    assert actors[0]["articles"] >= actors[-1]["articles"]
    assert {a["kind"] for a in rows(corpus, "actors", "--type", "igo")} == {"igo"}
    assert all("nations" in a["name"].lower() or "uno" in (a["code"] or "").lower()
               for a in rows(corpus, "actors", "--actor", "united nations"))
    assert rows(corpus, "actors", "--text", "Rotterdam", "--limit", "0")
    assert rows(corpus, "actors", "--text", "no such words anywhere") == []


def test_table_and_csv_formats(corpus):
    r = CliRunner().invoke(main, ["events", "--db", corpus, "--limit", "3"])
    assert r.exit_code == 0 and "events: 3 rows" in r.stdout and "ACCUSE" in r.stdout
    r = CliRunner().invoke(main, ["actors", "--db", corpus, "--format", "csv", "--limit", "5"])
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(got) == 5 and {"name", "code", "articles", "mentions"} <= set(got[0])


def test_stats(corpus):
    r = CliRunner().invoke(main, ["stats", "--db", corpus, "--format", "json"])
    s = json.loads(r.stdout)
    assert s["counts"]["articles"] == 14 and s["counts"]["event_clusters"] == 4
    assert s["counts"]["stories_with_copies"] >= 1
    assert dict(s["events_by_type"]) == {"ACCUSE": 7, "CONSULT": 1}
    assert ["en", 13] in s["languages"]
    r = CliRunner().invoke(main, ["stats", "--db", corpus])
    assert r.exit_code == 0 and "stories with copies" in r.stdout


def test_queries_open_the_database_read_only(corpus):
    con = db.connect(corpus, read_only=True)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INT)")
    con.close()


@pytest.mark.parametrize("value", ["'; DROP TABLE articles; --", "%no%such%", "_n_o_", "\\", "\x00", "ü" * 500])
def test_hostile_filter_values_are_plain_data(corpus, value):
    for command in ("events", "quotes", "figures", "actors"):
        assert rows(corpus, command, "--actor", value, "--text", value) == []
    con = db.connect(corpus, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 14
    con.close()


def test_usage_errors(corpus, tmp_path):
    r = CliRunner().invoke(main, ["events", "--db", corpus, "--since", "last week"])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 1 and "no such database" in " ".join(r.output.split())
    (tmp_path / "other.duckdb").write_bytes(b"")
    r = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2


def test_docs_describe_every_table_and_column():
    doc = (ROOT / "docs" / "corpus.md").read_text(encoding="utf-8")
    for table, cols in db.TABLES.items():
        assert re.search(rf"^### `{table}`", doc, re.M), f"docs/corpus.md has no section for {table}"
        section = doc.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        for c in cols:
            assert f"| `{c.name}` |" in section, f"docs/corpus.md: {table}.{c.name} undocumented"
