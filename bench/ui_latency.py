"""Page latency of the web UI (`newscoder serve`) on a large corpus.

    .venv/bin/python bench/ui_latency.py --db corpus.duckdb [--rounds 5] [--no-browser]
    .venv/bin/python bench/ui_latency.py --build /tmp/corpus.duckdb [--workers 2]

--build ingests every article of ../shared/data/corpora (the inputs of bench/ingest.py, ~5,000 articles)
with the real `newscoder ingest` command first (skipped articles cost nothing when the database exists).
Then the app is served by uvicorn on a free localhost port and every page, and every API call a page
makes, is fetched over HTTP with httpx: the first (cold) fetch and the median and maximum of the next
--rounds. With chromium present, the whole corpus page is also timed in the browser, from navigation to
the timeline, network and map drawn. The server is the real `newscoder serve`, in its own process; it
gets 3 s after starting to compute the corpus page's aggregates, which it keeps (the database cannot change
while it is open). A benchmark script, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def build(db: Path, workers: int) -> None:
    import ingest as bench_ingest   # bench/ingest.py: the corpora's folders and CSV files
    cmd = [sys.executable, "-m", "newscoder", "ingest", *bench_ingest.inputs(), "--db", str(db),
           "--workers", str(workers), "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 3):
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    print(f"built {db} in {time.perf_counter() - t0:.0f} s: {proc.stderr.strip().splitlines()[-1]}")


@contextmanager
def server(db: Path):
    """The real `newscoder serve` in its own process (a server thread in this process would share the GIL
    with the client and add tens of milliseconds to every request)."""
    import httpx
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "newscoder", "serve", "--db", str(db), "--port", str(port),
                             "--log-level", "warning"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/static/style.css", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.1)
        time.sleep(3)   # let it compute the corpus page's aggregates (they are then kept) and load the model
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def pages(con) -> list[tuple[str, str]]:
    """(label, path): every page and the API calls the pages make, with a few filtered and deep ones."""
    key, actor = con.execute("""SELECT a.key, (SELECT name FROM actors x WHERE x.article_key = a.key LIMIT 1)
                                FROM articles a ORDER BY length(a.text) DESC LIMIT 1""").fetchone()
    busy = con.execute("SELECT name FROM actors GROUP BY name ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    return [
        ("Analyze page", "/"),
        ("corpus page (HTML)", "/corpus"),
        ("  /api/timeline", "/api/timeline"),
        ("  /api/network", "/api/network"),
        ("  /api/places", "/api/places"),
        ("  /static/land.json", "/static/land.json"),
        ("events table", "/events"),
        (f"events, actor={busy}", f"/events?actor={busy}"),
        ("events, text=election", "/events?text=election"),
        ("events, last page", f"/events?offset={max(events - 50, 0)}"),
        ("quotes table", "/quotes"),
        ("quotes, about=war", "/quotes?about=war"),
        ("figures table", "/figures"),
        ("actors table", "/actors"),
        ("articles table", "/articles"),
        ("longest article page", f"/article/{key}"),
        ("/api/events?limit=1000", "/api/events?limit=1000"),
        ("/api/stats", "/api/stats"),
        ("/api/timeline?type=ASSAULT", "/api/timeline?type=ASSAULT"),
        ("/api/network?type=ACCUSE", "/api/network?type=ACCUSE"),
        (f"quotes, speaker={actor}", f"/quotes?actor={actor}"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing corpus")
    ap.add_argument("--build", help="ingest ../shared/data/corpora into this database first")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    if not args.db and not args.build:
        ap.error("give --db or --build")
    db = Path(args.build or args.db)
    if args.build:
        build(db, args.workers)

    import duckdb
    import httpx

    from newscoder.web.harness import browser_context, why_no_browser

    con = duckdb.connect(str(db), read_only=True)
    counts = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                         "(SELECT count(*) FROM quotes), (SELECT count(*) FROM figures), (SELECT count(*) FROM actors)").fetchone()
    todo = pages(con)
    con.close()
    print(f"# {dt.date.today()} · {platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
          f"{platform.python_version()} · {db.name}: {counts[0]:,} articles, {counts[1]:,} events, "
          f"{counts[2]:,} quotes, {counts[3]:,} figures, {counts[4]:,} actor rows ({db.stat().st_size / 2**20:.0f} MiB)")
    worst = 0.0
    with server(db) as base, httpx.Client(base_url=base, timeout=60) as http:
        print("\n| page | bytes | first (ms) | median (ms) | max (ms) |\n|---|---:|---:|---:|---:|")
        for label, path in todo:
            times = []
            for _ in range(args.rounds + 1):
                t0 = time.perf_counter()
                r = http.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (path, r.status_code, r.text[:200])
            rest = times[1:]
            worst = max(worst, max(times))
            print(f"| {label} | {len(r.content):,} | {times[0]:.0f} | {statistics.median(rest):.0f} | {max(rest):.0f} |")
        if not args.no_browser and why_no_browser() is None:
            with tempfile.TemporaryDirectory() as profile, browser_context(profile) as ctx:
                page = ctx.new_page()
                loads = []
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    page.goto(base + "/corpus")
                    page.wait_for_selector("body[data-drawn='1']", timeout=60_000)
                    loads.append((time.perf_counter() - t0) * 1000)
                print(f"\ncorpus page in chromium, navigation to timeline + network + map drawn: first {loads[0]:.0f} ms, "
                      f"median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms ({args.rounds} loads)")
                t0 = time.perf_counter()
                page.goto(base + next(path for _, path in todo if path.startswith("/article/")))
                page.wait_for_selector("#article p", timeout=60_000)
                print(f"longest article page in chromium, navigation to text annotated: {(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"\nslowest single HTTP fetch: {worst:.0f} ms")


if __name__ == "__main__":
    main()
