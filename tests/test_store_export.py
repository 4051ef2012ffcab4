"""Exports: GDELT 2.0 (61 tab-separated columns, CAMEO codes as strings), PLOVER JSON Lines, Parquet and
CSV per table (read back with DuckDB), and a Parquet export loaded into a fresh database (`--parquet`)."""
from __future__ import annotations

import csv
import json

import duckdb
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_store_dedup import synthetic_events

from newscoder.cli import main
from newscoder.store import db, export
from newscoder.store.ingest import ingest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "c.duckdb"
    ingest([str(p) for p in sorted(EXAMPLES.glob("0*"))], str(path))   # the example articles, not README
    con = db.connect(path)
    con.execute("DELETE FROM events; DELETE FROM event_clusters")   # the events stage's own, whatever it finds
    synthetic_events(con)
    con.close()
    return path


def test_gdelt_has_61_tab_separated_columns_and_cameo_strings(corpus, tmp_path):
    out = tmp_path / "events.tsv"
    r = CliRunner().invoke(main, ["export", "--db", str(corpus), "--format", "gdelt", "-o", str(out)])
    assert r.exit_code == 0, r.output
    raw = out.read_text(encoding="utf-8").splitlines()
    assert len(raw) == 4 and all(line.count("\t") == 60 for line in raw)
    rows = list(csv.reader(out.open(encoding="utf-8", newline=""), delimiter="\t"))
    assert all(len(row) == 61 for row in rows)
    by = [dict(zip(export.GDELT_COLUMNS, row)) for row in rows]
    clash = next(r for r in by if r["NumMentions"] == "4")
    assert (clash["Actor1Code"], clash["Actor2Code"], clash["Actor1Name"]) == ("KGZ", "TJK", "KYRGYZSTAN")
    assert (clash["NumSources"], clash["NumArticles"], clash["QuadClass"]) == ("3", "4", "3")
    assert (clash["Day"], clash["MonthYear"], clash["Year"]) == ("20240616", "202406", "2024")
    assert clash["ActionGeo_CountryCode"] == "KGZ" and clash["ActionGeo_FullName"] == "Border area"
    assert clash["DATEADDED"].isdigit() and len(clash["DATEADDED"]) == 14
    consult = next(r for r in by if r["EventCode"].startswith("0"))
    assert (consult["EventCode"], consult["EventBaseCode"], consult["EventRootCode"]) == ("0311", "031", "03")
    assert len({r["GlobalEventID"] for r in by}) == 4 and all(r["GlobalEventID"].isdigit() for r in by)


def test_gdelt_header_option(corpus, tmp_path):
    out = tmp_path / "events.tsv"
    CliRunner().invoke(main, ["export", "--db", str(corpus), "--format", "gdelt", "--header", "-o", str(out)])
    first = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert first[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"] and first[-1] == "SOURCEURL"


def test_plover_records(corpus, tmp_path):
    out = tmp_path / "events.jsonl"
    r = CliRunner().invoke(main, ["export", "--db", str(corpus), "--format", "plover", "-o", str(out)])
    assert r.exit_code == 0, r.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 7                       # 8 synthetic events, one negated
    for rec in recs:
        assert {"id", "date", "event_type", "mode", "cameo", "quad_class", "actor", "recipient", "location",
                "source_text", "trigger", "claimed_by", "confidence", "event_cluster", "article"} <= set(rec)
        assert rec["event_type"] in ("ACCUSE", "CONSULT") and isinstance(rec["cameo"], str)
        assert rec["actor"] and {"name", "country"} <= set(rec["actor"][0])
    first = recs[0]
    assert first["date"] == "2024-06-16" and first["actor"][0]["name"] == "Kyrgyzstan"
    assert first["recipient"][0]["country"] == "TJK" and first["location"]["country"] == "KGZ"
    assert first["source_text"].startswith("Report r1")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables_export_and_read_back(corpus, tmp_path, fmt):
    out = tmp_path / fmt
    r = CliRunner().invoke(main, ["export", "--db", str(corpus), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    src = db.connect(corpus, read_only=True)
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    with duckdb.connect() as con:
        for table in export.EXPORT_TABLES:
            f = out / f"{table}.{fmt}"
            assert f.exists()
            n = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(f)]).fetchone()[0] if f.stat().st_size else 0
            assert n == src.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
        if fmt == "parquet":
            cameo = con.execute(f"SELECT cameo FROM read_parquet(?) WHERE type = 'CONSULT'", [str(out / "events.parquet")]).fetchone()
            assert cameo == ("0311",)
    src.close()


def test_parquet_tables_load_into_a_fresh_database(corpus, tmp_path):
    out = tmp_path / "tables"
    CliRunner().invoke(main, ["export", "--db", str(corpus), "--format", "parquet", "-o", str(out)])
    part = out / "articles" / "published_day=unknown"    # Spark's layout: part files in partition folders
    part.mkdir(parents=True)
    (out / "articles.parquet").rename(part / "part-00000.parquet")
    fresh = tmp_path / "fresh.duckdb"
    r = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", str(fresh)])
    assert r.exit_code == 0, r.output
    again = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", str(fresh)])
    assert "0 articles (14 already present)" in " ".join(again.output.split())   # the console wraps long paths
    a, b = db.connect(corpus, read_only=True), db.connect(fresh, read_only=True)
    for table in ("articles", "actors", "mentions", "quotes", "events", "figures", "embeds", "rejects", "stories",
                  "event_clusters"):
        assert a.execute(f"SELECT count(*) FROM {table}").fetchone() == b.execute(f"SELECT count(*) FROM {table}").fetchone(), table
    q = "SELECT reports, articles, sources FROM event_clusters ORDER BY reports DESC, date"
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    q = "SELECT id, story_id FROM articles ORDER BY id"
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    a.close(), b.close()
