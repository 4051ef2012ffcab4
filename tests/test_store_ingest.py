"""`newscoder ingest`: every input format, bad inputs into `rejects`, re-runs and kills that double nothing.

The articles are invented here (random sentences from small word lists); nothing is copied from anywhere.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import EXAMPLES, ROOT

from newscoder.settings import Settings
from newscoder.store import db
from newscoder.store.ingest import ingest

NAMES = ["Amina Placeholder", "Tomas Example", "Lena Sample", "Ravi Testwell", "Olga Mockova", "Kwame Dummy"]
PLACES = ["Nairobi", "Lima", "Hanoi", "Tbilisi", "Dakar", "Quito", "Oslo", "Accra", "Manila", "Bogota"]
ROLES = ["the mayor", "a union leader", "the health minister", "a police spokesman", "the central bank"]
THINGS = ["bridges", "clinics", "schools", "wells", "roads", "markets", "ferries", "power lines", "farms"]
VERBS = ["repaired", "closed", "inspected", "rebuilt", "flooded", "opened", "sold", "funded", "surveyed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def invented_article(rng: random.Random, sentences: int = 4) -> str:
    out = []
    for _ in range(sentences):
        out.append(f"{rng.choice(ROLES).capitalize()} {rng.choice(NAMES)} said on {rng.choice(DAYS)} that "
                   f"{rng.randint(2, 900)} {rng.choice(THINGS)} had been {rng.choice(VERBS)} in "
                   f"{rng.choice(PLACES)} since {rng.randint(1990, 2023)}, and {rng.randint(2, 90)} more "
                   f"{rng.choice(THINGS)} in {rng.choice(PLACES)} would be {rng.choice(VERBS)} by {rng.choice(DAYS)}.")
    return " ".join(out)


def corpus_jsonl(path: Path, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids = [f"art-{i:03d}" for i in range(n)]
    with path.open("w", encoding="utf-8") as fh:
        for i in ids:
            fh.write(json.dumps({"id": i, "text": invented_article(rng), "published": "2024-04-0%d" % rng.randint(1, 9)}) + "\n")
    return ids


def counts(path: Path) -> dict[str, int]:
    con = db.connect(path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in db.TABLES}
    finally:
        con.close()


def orphans(con) -> dict[str, int]:
    """Child rows whose article is not in `articles` (must be none)."""
    out = {}
    for table in (*db.CHILDREN, "mentions", "minhashes", "lsh_bands"):
        out[table] = con.execute(f"SELECT count(*) FROM {table} WHERE article_key NOT IN (SELECT key FROM articles)").fetchone()[0]
    return out


def test_examples_ingest_and_reingest_adds_nothing(tmp_path):
    path = tmp_path / "c.duckdb"
    s = ingest([str(EXAMPLES)], str(path))
    assert (s.read, s.analysed, s.rejected, s.skipped) == (8, 8, 0, 0)
    before = counts(path)
    assert before["articles"] == 8 and before["actors"] > 0 and before["mentions"] > 0
    again = ingest([str(EXAMPLES)], str(path))
    assert (again.analysed, again.rejected, again.skipped) == (0, 0, 8)
    assert counts(path) == before
    con = db.connect(path, read_only=True)
    assert all(v == 0 for v in orphans(con).values())
    # the stored record keeps the contract's fields
    row = con.execute("SELECT id, published, language, source, text FROM articles WHERE id = 'example-0001'").fetchone()
    assert row[1].isoformat() == "2024-05-21" and row[2] == "en" and row[3].endswith("04_jsonl_batch.jsonl:1")
    assert row[4].startswith("Dock workers")
    con.close()


def _bad_inputs(d: Path) -> None:
    rng = random.Random(3)
    (d / "good.txt").write_text(invented_article(rng), encoding="utf-8")
    (d / "cp1252.txt").write_bytes(("Caf\u00e9 owners in Lima said " + invented_article(rng)).encode("cp1252"))
    (d / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (d / "huge.txt").write_text("word " * 3000, encoding="utf-8")  # over the test's max_chars of 5,000
    (d / "undecodable.txt").write_bytes(b"Officials said \x81\x8d\x8f the bridge was closed on Monday.")
    (d / "batch.jsonl").write_bytes(b"\n".join([
        json.dumps({"id": "jl-good", "text": invented_article(rng)}).encode(),
        b"{this is not json",
        json.dumps({"text": "a record without an id"}).encode(),
        b"[1, 2, 3]",
        b"[" * 100_000,                                            # hostile: nested too deeply
        json.dumps({"id": "jl-nums", "text": 12345}).encode(),
        json.dumps({"id": "'; DROP TABLE articles; --", "text": invented_article(rng)}).encode(),
        b"\xff\xfe not utf-8 \xff",
    ]) + b"\n")
    whole = gzip.compress(b"".join(json.dumps({"id": f"gz-{i}", "text": invented_article(rng)}).encode() + b"\n"
                                   for i in range(3)))
    (d / "truncated.jsonl.gz").write_bytes(whole[: len(whole) - 40])       # a corrupt file
    (d / "notext.csv").write_text("name,age\nAmina,4\n", encoding="utf-8")
    (d / "corrupt.parquet").write_bytes(b"PAR1 this is not really parquet")
    (d / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>")


def test_bad_inputs_land_in_rejects_and_the_rest_is_ingested(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _bad_inputs(src)
    path = tmp_path / "c.duckdb"
    s = ingest([str(src)], str(path), Settings(max_chars=5000))
    con = db.connect(path, read_only=True)
    ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    assert {"good.txt", "cp1252.txt", "jl-good", "'; DROP TABLE articles; --"} <= ids
    assert con.execute("SELECT flags FROM articles WHERE id = 'cp1252.txt'").fetchone()[0] == ["decoded_cp1252"]
    rejects = {r[0]: (r[1], r[2], r[3]) for r in con.execute("SELECT id, reason, source, stage FROM rejects").fetchall()}
    reason = {i: r[0] for i, r in rejects.items()}
    assert reason["empty.txt"] == "empty text"
    assert reason["binary.txt"].startswith("binary content")
    assert "over the limit" in reason["huge.txt"]
    assert "neither UTF-8 nor Windows-1252" in reason["undecodable.txt"]
    batch = str(src / "batch.jsonl")
    assert reason[f"{batch}:2"].startswith("line is not valid JSON")
    assert reason[f"{batch}:3"] == "record has no 'id'"
    assert reason[f"{batch}:4"].startswith("expected a JSON object")
    assert "nested too deeply" in reason[f"{batch}:5"]
    assert reason["jl-nums"].startswith("'text' must be a string")
    assert reason[f"{batch}:8"] == "line is not UTF-8 text"
    assert any(r.startswith("cannot read the rest of the file") for r in reason.values())      # truncated gzip
    assert any(r.startswith("CSV has no text column") for r in reason.values())
    assert any(r.startswith("cannot read Parquet") for r in reason.values())
    assert any(r.startswith("cannot read WARC") for r in reason.values())
    assert all(src.name in source for _, source, _ in rejects.values())                  # the input location
    assert {stage for _, _, stage in rejects.values()} == {"read", "analyse"}
    assert s.analysed == len(ids) and s.rejected == len(rejects) and s.read == s.analysed + s.rejected
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ids)   # the table survived
    con.close()
    again = ingest([str(src)], str(path), Settings(max_chars=5000))
    assert (again.analysed, again.rejected, again.skipped) == (0, 0, s.read)


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://example.test/a.png", "response",
                                            payload=io.BytesIO(b"\x89PNG"), http_headers=img))


def test_csv_parquet_and_warc_inputs(tmp_path):
    rng = random.Random(11)
    texts = [invented_article(rng) for _ in range(6)]
    (tmp_path / "with_id.csv").write_text(
        "Body ID,articleBody,title\n" + "".join(f'{i},"{t}",Title {i}\n' for i, t in enumerate(texts[:2])), encoding="utf-8")
    (tmp_path / "no_id.csv").write_text("domain,content\n" + f'example.test,"{texts[2]}"\n', encoding="utf-8")
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('pq-1', ?, '2024-01-02'), ('pq-2', ?, NULL)) v(id, text, published)",
                    [texts[3], texts[4]])
        con.execute(f"COPY t TO '{tmp_path / 'in.parquet'}' (FORMAT PARQUET)")
    page = f"<html><head><title>Ferries resume</title></head><body><article><p>{texts[5]}</p></article></body></html>"
    _warc(tmp_path / "crawl.warc.gz", [("http://example.test/news/ferries", page)])
    path = tmp_path / "c.duckdb"
    s = ingest([str(tmp_path)], str(path))
    con = db.connect(path, read_only=True)
    rows = {r[0]: r[1:] for r in con.execute("SELECT id, title, outlet, url, published FROM articles").fetchall()}
    assert set(rows) == {"0", "1", f"{tmp_path / 'no_id.csv'}:1", "pq-1", "pq-2", "http://example.test/news/ferries"}
    assert rows["0"][0] == "Title 0"
    assert rows[f"{tmp_path / 'no_id.csv'}:1"][1] == "example.test"
    assert rows["pq-1"][3].isoformat() == "2024-01-02"
    assert rows["http://example.test/news/ferries"][2] == "http://example.test/news/ferries"
    assert s.ignored["warc_records"] == 1 and s.rejected == 0
    con.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def test_killed_ingest_restarted_keeps_every_article_exactly_once(tmp_path):
    src = tmp_path / "corpus.jsonl"
    ids = corpus_jsonl(src, 60)
    path = tmp_path / "c.duckdb"
    cmd = [sys.executable, "-m", "newscoder", "ingest", str(src), "--db", str(path), "--workers", "1",
           "--chunk-size", "4", "--no-progress", "-v"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            if "committed" in line or time.monotonic() > deadline:
                break
        os.kill(proc.pid, signal.SIGKILL)   # the main process only: its workers must follow it
        proc.wait(timeout=30)
        for _ in range(100):                # the forkserver and the worker die with it
            if not _group_alive(proc.pid):
                break
            time.sleep(0.1)
        assert not _group_alive(proc.pid), "worker processes outlived the killed ingest"
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()
    partial = counts(path)["articles"]
    assert 0 < partial < 60
    done = subprocess.run(cmd[:-1] + ["--json"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["skipped"] == partial and summary["analysed"] == 60 - partial
    con = db.connect(path, read_only=True)
    got = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    assert got == ids                                       # every article exactly once
    assert con.execute("SELECT count(DISTINCT key) FROM articles").fetchone()[0] == 60
    assert all(v == 0 for v in orphans(con).values())
    assert con.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 60
    assert con.execute("SELECT sum(articles) FROM stories").fetchone()[0] == 60
    per_article = con.execute("SELECT count(*) FROM actors GROUP BY article_key").fetchall()
    assert len(per_article) == 60                           # each article's rows are all there
    con.close()


def test_a_failing_chunk_costs_only_the_article_that_fails(tmp_path, monkeypatch):
    from newscoder.store import worker

    real = worker.analyse

    def analyse(chunk):
        if any(a.id == "art-002" for a in chunk):
            if len(chunk) > 1:
                raise RuntimeError("the chunk fails")
            raise RuntimeError("this article breaks the stage")
        return real(chunk)

    monkeypatch.setattr(worker, "analyse", analyse)
    src = tmp_path / "c.jsonl"
    ids = corpus_jsonl(src, 6)
    s = ingest([str(src)], str(tmp_path / "c.duckdb"), chunk_size=4)
    assert (s.analysed, s.rejected) == (5, 1)
    con = db.connect(tmp_path / "c.duckdb", read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()) == [i for i in ids if i != "art-002"]
    assert con.execute("SELECT id, reason FROM rejects").fetchall() == [
        ("art-002", "internal error: RuntimeError: this article breaks the stage")]
    con.close()
