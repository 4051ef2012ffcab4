"""Ingest every article of ../shared/data/corpora with the real `newscoder ingest` command, and compare.

    .venv/bin/python bench/ingest.py [--workers 2,1] [--no-analyze] [--tmp /tmp]

Inputs, read where they lie: the .txt folders (BBC categories, ConfliBERT samples) and the three CSV
bodies files of bench/corpora.py, read directly by the ingest (articleBody / content columns). For each
worker count: a fresh database, the ingest timed (articles/s, peak memory of the main process and of the
largest worker, from `--json`), then for the first one a second run over the same inputs (everything must
be skipped), the database's rejects, stories and duplicate groups, and the cost of the story index (SQL
bands, as stored, against datasketch's in-memory MinHashLSH rebuilt from the stored signatures). Last, the
baseline: `newscoder analyze --workers W` (W: the first worker count) on the same articles as JSON Lines.
A benchmark script, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402


def inputs() -> list[str]:
    root = corpora.CORPORA
    txt_dirs = sorted({str(p.parent) for p in root.rglob("*.txt") if p.name.upper() != "README.TXT"})
    return txt_dirs + [str(root / rel) for rel in corpora.CSV_BODIES]


def run_ingest(paths: list[str], db: Path, workers: int) -> tuple[dict, float, int]:
    cmd = [sys.executable, "-m", "newscoder", "ingest", *paths, "--db", str(db), "--workers", str(workers),
           "--no-progress", "--json"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout), wall, proc.returncode


def describe(db: Path) -> None:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    print(f"  database: {db.stat().st_size / 2**20:.1f} MiB; articles {one('SELECT count(*) FROM articles'):,}, "
          f"rejects {one('SELECT count(*) FROM rejects'):,}, actors {one('SELECT count(*) FROM actors'):,}, "
          f"quotes {one('SELECT count(*) FROM quotes'):,}, events {one('SELECT count(*) FROM events'):,}, "
          f"event clusters {one('SELECT count(*) FROM event_clusters'):,}, figures {one('SELECT count(*) FROM figures'):,}")
    for reason, n in con.execute("SELECT reason, count(*) FROM rejects GROUP BY 1 ORDER BY 2 DESC LIMIT 8").fetchall():
        print(f"  reject x{n}: {reason[:110]}")
    groups = con.execute("SELECT count(*), coalesce(sum(articles), 0), coalesce(max(articles), 0) FROM stories "
                         "WHERE articles > 1").fetchone()
    print(f"  stories: {one('SELECT count(*) FROM stories'):,}; duplicate groups (stories with >1 article): "
          f"{groups[0]:,} holding {groups[1]:,} articles, the largest {groups[2]}")
    by_corpus = con.execute("""
        SELECT split_part(a.source, '/', -2) AS corpus, count(*) FROM articles a JOIN stories s USING (story_id)
        WHERE s.articles > 1 GROUP BY 1 ORDER BY 2 DESC LIMIT 8""").fetchall()
    print("  articles in duplicate groups by folder: " + ", ".join(f"{c} {n}" for c, n in by_corpus))
    for title, n in con.execute("SELECT title, articles FROM stories WHERE articles > 1 ORDER BY articles DESC, title LIMIT 5").fetchall():
        print(f"    x{n}: {(title or '')[:90]}")
    con.close()


def index_cost(db: Path) -> None:
    """The stored SQL bands against datasketch's MinHashLSH rebuilt in memory from the stored signatures."""
    import duckdb
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from newscoder.store import dedup
    con = duckdb.connect(str(db), read_only=True)
    sigs = con.execute("SELECT article_key, signature FROM minhashes").fetchall()
    tracemalloc.start()
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
    for key, sig in sigs:
        hv = np.frombuffer(bytes(sig), "<u4")
        lsh.insert(key, LeanMinHash(seed=dedup.SEED, hashvalues=hv, scheme=dedup.SCHEME))
    rebuild = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sample = [bytes(s) for _, s in sigs[:: max(1, len(sigs) // 800)]][:800]
    t0 = time.perf_counter()
    for i in range(0, len(sample), 16):
        chunk = sample[i:i + 16]
        q = [(j, b, bucket) for j, s in enumerate(chunk) for b, bucket in enumerate(dedup.buckets(s))]
        con.execute("SELECT DISTINCT q.i, l.article_key FROM lsh_bands l JOIN (SELECT unnest($1) AS i, "
                    "unnest($2)::SMALLINT AS band, unnest($3)::BIGINT AS bucket) q USING (band, bucket)",
                    [[x[0] for x in q], [x[1] for x in q], [x[2] for x in q]]).fetchall()
    per_chunk = (time.perf_counter() - t0) / max(1, len(sample) // 16)
    print(f"  story index, {len(sigs):,} signatures: SQL bands (stored, no rebuild) {per_chunk * 1000:.1f} ms per "
          f"16-article lookup; in-memory MinHashLSH rebuild {rebuild:.2f} s and {peak / 2**20:.1f} MiB "
          f"({peak / max(1, len(sigs)):,.0f} bytes per article)")
    con.close()


def run_analyze(tmp: Path, workers: int) -> None:
    src, out = tmp / "newscoder-bench-ingest.in.jsonl", tmp / "newscoder-bench-ingest.out.jsonl"
    n = 0
    with src.open("w", encoding="utf-8") as fh:
        for i, text in corpora.articles():
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
            n += 1
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newscoder", "analyze", str(src), "-o", str(out), "--no-progress",
                           "--workers", str(workers)], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"analyze (--workers {workers}): {n:,} articles in {wall:.0f} s = {n / wall:.1f} articles/s, exit {proc.returncode}, "
          f"peak RSS of the largest child so far {rss:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", default=f"{len(os.sched_getaffinity(0))},1")
    ap.add_argument("--no-analyze", action="store_true")
    ap.add_argument("--tmp", default="/tmp")
    args = ap.parse_args()
    tmp = Path(args.tmp)
    paths = inputs()
    print(f"{dt.date.today()}  {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("inputs: " + " ".join(str(Path(p).relative_to(corpora.CORPORA)) for p in paths))
    for k, w in enumerate(int(x) for x in args.workers.split(",")):
        db = tmp / f"newscoder-bench-{w}.duckdb"
        for f in (db, Path(str(db) + ".wal")):
            f.unlink(missing_ok=True)
        s, wall, code = run_ingest(paths, db, w)
        print(f"ingest --workers {w}: read {s['read']:,}, analysed {s['analysed']:,}, rejected {s['rejected']:,}, "
              f"skipped {s['skipped']:,}; {wall:.0f} s wall (command), {s['seconds']:.0f} s ingesting = "
              f"{(s['analysed'] + s['rejected']) / wall:.1f} articles/s wall ({s['articles_per_s']:.1f} in the loop); "
              f"peak RSS main {s['main_peak_rss_mb']:.0f} MiB, largest worker {s['worker_peak_rss_mb']:.0f} MiB; exit {code}")
        if k == 0:
            again, wall2, _ = run_ingest(paths, db, w)
            print(f"  re-run: analysed {again['analysed']}, rejected {again['rejected']}, skipped {again['skipped']:,} "
                  f"in {wall2:.1f} s")
            describe(db)
            index_cost(db)
    if not args.no_analyze:
        run_analyze(tmp, int(args.workers.split(",")[0]))


if __name__ == "__main__":
    main()
