"""Throughput of newscoder against its floor, the bare spaCy parse, on the same real articles in one run.

    .venv/bin/python bench/throughput.py [--n 600] [--procs 2] [--rounds 2] [--only a,b,c,d] [--big 10000]

(a) the bare spaCy pipeline (newscoder.nlp.load_bare: same model, same enabled components) over the raw texts;
(b) newscoder.analyze_many over the same articles (repair, parse, extraction, records);
(c) the corpus store's ingest (store.ingest.ingest, `newscoder ingest`) of the same articles, as one JSONL
    file, into a temporary DuckDB database, with --procs worker processes;
(e) the `newscoder analyze` command itself, end to end (start, model load in its --procs workers, JSON
    Lines out), on the same JSONL file: the fair partner of (c) (issue 7: ingest >= 90% of analyze);
(d) the Spark job (`newscoder spark`) in local[--procs] on the same JSONL file, Parquet tables into a
    temporary folder.

(a) and (b) run in a pool of --procs processes (spawned, each loading its model once, before timing), chunks
of articles handed out to whichever is free; only counts come back, so both pay the same small transport
cost. Rounds alternate a, b, a, b ... so that drift in machine speed hits both; the best round of each
counts, and each round's own b/a (a pair run back to back) is printed with their median. (c) is timed end to
end (worker start and model load included) and from its first commit on; (d) runs a 20-article warm-up job
first (the Python workers load the model there and are reused), then the timed job; the session's start is
reported apart. Prints words/s and articles/s of each, the ratios b/a, c/a, d/a, and the peak resident
memory of every kind of process (each worker reports its own getrusage peak; the JVM's from /proc). --big N
adds an ingest of N articles (the corpora repeated under new ids when they hold fewer) for its peak memory.
--fresh gives each round of (a) and (b) its own --n articles, none seen before by either pool (the rounds'
sets are disjoint, interleaved over the corpora, and apart from the 40 warm-up articles): every per-process
cache (names, places, the vocabulary's new words) is as cold as on a real stream, where repeating the same
articles flatters both sides. Then b/a is reported per round pair, their median, and by the CPU time of all
rounds together.
A benchmark script, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from newscoder.settings import Settings  # noqa: E402

CHUNK = 32   # articles per pool task in (a) and (b)

# -- pool workers for (a) and (b) ---------------------------------------------------------------------
_nlp = None
_settings: Settings | None = None


def _init(kind: str, settings: Settings) -> None:
    global _nlp, _settings
    _settings = settings
    if kind == "a":
        from newscoder.nlp import load_bare, resolve_model
        _nlp = load_bare(resolve_model(settings))
    else:
        from newscoder.nlp import load
        load(settings)


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _bare(texts: list[str]) -> tuple[int, int, int, float]:
    t0 = time.process_time()
    for _ in _nlp.pipe(texts, batch_size=_settings.batch_size):
        pass
    return os.getpid(), _peak_kb(), 0, time.process_time() - t0


def _full(arts: list[tuple[str, str]]) -> tuple[int, int, int, float]:
    from newscoder.inputs import Article
    from newscoder.pipeline import analyze_many
    t0 = time.process_time()
    errors = sum(r.error is not None for r in analyze_many((Article(id=i, text=t) for i, t in arts), _settings))
    return os.getpid(), _peak_kb(), errors, time.process_time() - t0


def _chunks(items: list, n: int) -> list[list]:
    it = iter(items)
    return list(iter(lambda: list(islice(it, n)), []))


class Pool:
    """`procs` spawned processes with the model of (a) or (b) loaded, started and warmed before timing."""

    def __init__(self, kind: str, procs: int, settings: Settings, warm: list) -> None:
        self.kind, self.fn = kind, (_bare if kind == "a" else _full)
        ctx = multiprocessing.get_context("spawn")
        self.pool = ctx.Pool(procs, initializer=_init, initargs=(kind, settings))
        self.peaks: dict[int, int] = {}
        self.run(_chunks(warm, max(1, len(warm) // (2 * procs))))

    def run(self, chunks: list) -> tuple[float, int, float]:
        """Wall seconds, error records, and the CPU seconds the workers spent on the chunks."""
        t0 = time.perf_counter()
        errors, cpu = 0, 0.0
        for pid, peak, err, used in self.pool.imap_unordered(self.fn, chunks):
            self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            errors += err
            cpu += used
        return time.perf_counter() - t0, errors, cpu

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


# -- (c) and (d) ----------------------------------------------------------------------------------------
def write_jsonl(arts: list[tuple[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, t in arts:
            fh.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")


def run_ingest(src: Path, tmp: Path, procs: int, settings: Settings, name: str = "c") -> dict:
    from newscoder.store.ingest import ingest

    db = tmp / f"{name}.duckdb"
    marks: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    s = ingest([str(src)], str(db), settings, workers=procs,
               on_commit=lambda s: marks.append((time.perf_counter(), s.analysed + s.rejected)))
    wall = time.perf_counter() - t0
    first_t, first_n = marks[0] if marks else (t0, 0)
    steady = (s.analysed + s.rejected - first_n) / (t0 + wall - first_t) if wall > first_t - t0 else 0.0
    return {"wall": wall, "n": s.analysed + s.rejected, "rejected": s.rejected, "steady_rate": steady,
            "first_commit_s": first_t - t0, "main_kb": s.main_peak_rss_kb,
            "worker_kb": max(s.worker_peak_rss_kb.values(), default=0), "workers": len(s.worker_peak_rss_kb),
            "db_mb": db.stat().st_size / 2**20}


def run_analyze_command(src: Path, tmp: Path, procs: int) -> dict:
    import subprocess

    out = tmp / "analyze.jsonl"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newscoder", "analyze", str(src), "-o", str(out),
                           "--workers", str(procs), "--no-progress"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"newscoder analyze failed ({proc.returncode}): {proc.stderr[-2000:]}")
    with out.open(encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    return {"wall": wall, "n": len(recs), "errors": sum(r.get("error") is not None for r in recs)}


def run_spark(src: Path, warm: Path, tmp: Path, procs: int, settings: Settings) -> dict:
    from newscoder.spark import job

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    t0 = time.perf_counter()
    spark = job.session(f"local[{procs}]", {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                                            "spark.sql.shuffle.partitions": str(procs)})
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        job.run(spark, [str(warm)], str(tmp / "spark_warm"), settings)
        warmup = time.perf_counter() - t1
        t2 = time.perf_counter()
        s = job.run(spark, [str(src)], str(tmp / "spark_out"), settings)
        wall = time.perf_counter() - t2
        jvm = job.jvm_peak_rss_kb(spark)
    finally:
        spark.stop()
    return {"wall": wall, "n": s.analysed + s.rejected, "rejected": s.rejected, "session_s": start,
            "warmup_s": warmup, "partitions": s.partitions,
            "worker_kb": max((w.get("rss_kb", 0) for w in s.workers.values()), default=0),
            "workers": len(s.workers), "loads": sum(w.get("loads", 0) for w in s.workers.values()),
            "driver_kb": s.driver_peak_rss_kb, "jvm_kb": jvm or 0,
            "out_mb": sum(f.stat().st_size for f in (tmp / "spark_out").rglob("*.parquet")) / 2**20}


def big_sample(n: int) -> list[tuple[str, str]]:
    """n articles: the corpora, again and again under new ids when they hold fewer."""
    every = corpora.sample(None)
    out: list[tuple[str, str]] = []
    round_ = 0
    while len(out) < n:
        out += [(i if round_ == 0 else f"{i}~{round_}", t) for i, t in every[: n - len(out)]]
        round_ += 1
    return out


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="articles (spread over all corpora); 0 = all")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of (a) and (b)")
    ap.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)),
                    help="processes (pool size, ingest workers, Spark local[N]); default: every core")
    ap.add_argument("--batch-size", type=int, default=Settings.batch_size)
    ap.add_argument("--only", default="a,b,c,d,e", help="which measurements: any of a,b,c,d,e")
    ap.add_argument("--big", type=int, default=0, help="also ingest this many articles (e.g. 10000) for its peak memory")
    ap.add_argument("--fresh", action="store_true", help="unseen articles in every round of (a) and (b)")
    ap.add_argument("--tmp", default=None, help="folder for the temporary database and Parquet output")
    args = ap.parse_args()
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    settings = Settings(batch_size=args.batch_size)
    arts = corpora.sample(args.n or None)
    texts = [t for _, t in arts]
    words = sum(len(t.split()) for t in texts)
    from newscoder.nlp import resolve_model
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores "
          f"({len(os.sched_getaffinity(0))} usable), python {platform.python_version()}, model {resolve_model(settings)}")
    print(f"date: {dt.date.today().isoformat()}; articles: {len(arts)}  words: {words:,}  procs: {args.procs}  "
          f"batch size: {args.batch_size}  rounds: {args.rounds}")
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results: dict[str, tuple[float, int]] = {}   # name -> (seconds, articles)
    notes: dict[str, str] = {}

    rounds_arts = [arts] * args.rounds
    warm = arts[:40]
    if args.fresh:
        pool_of = corpora.sample(len(arts) * args.rounds + 40)
        warm = pool_of[:: max(1, len(pool_of) // 40)][:40]
        warm_ids = {i for i, _ in warm}
        left = [x for x in pool_of if x[0] not in warm_ids]
        rounds_arts = [left[r::args.rounds][:len(arts)] for r in range(args.rounds)]
        words = sum(len(t.split()) for ra in rounds_arts for _, t in ra) // args.rounds   # a round's mean
        print(f"fresh articles in each round: {args.rounds} x {len(arts)}, {words:,} words a round on average")
    if only & {"a", "b"}:
        pools = {k: Pool(k, args.procs, settings, [t for _, t in warm] if k == "a" else warm) for k in "ab" if k in only}
        best: dict[str, float] = {}
        times: dict[str, list[float]] = {k: [] for k in pools}
        cpus: dict[str, list[float]] = {k: [] for k in pools}
        errors = 0
        for round_arts in rounds_arts:
            for k, pool in pools.items():
                t, err, cpu = pool.run(_chunks([t for _, t in round_arts] if k == "a" else round_arts, CHUNK))
                best[k] = min(t, best.get(k, t))
                times[k].append(t)
                cpus[k].append(cpu)
                errors = err if k == "b" else errors
        if len(pools) == 2:
            # Each round's (a) and (b) run back to back, so their ratio cancels most of the drift in the
            # machine's speed between rounds (on a shared VM the bare parse alone moved 20% between runs).
            paired = sorted(ta / tb for ta, tb in zip(times["a"], times["b"]))
            print("b/a per round (back-to-back pairs): " + ", ".join(f"{r:.3f}" for r in paired)
                  + f"; median {statistics.median(paired):.3f}")
            # With every core busy, throughput is inversely proportional to the CPU time per article, and
            # process CPU time does not count the time a noisy VM's host takes the core away.
            if args.fresh:   # different articles in each round: only same-round or all-round figures compare
                print(f"b/a by the workers' CPU time (all rounds): {sum(cpus['a']) / sum(cpus['b']):.3f} "
                      f"(a {sum(cpus['a']):.1f} s, b {sum(cpus['b']):.1f} s of CPU)")
            else:
                print(f"b/a by the workers' CPU time (least of each): {min(cpus['a']) / min(cpus['b']):.3f} "
                      f"(a {min(cpus['a']):.1f} s, b {min(cpus['b']):.1f} s of CPU)")
        for k, pool in pools.items():
            pool.close()
            if args.fresh:   # the sum over all rounds: the same articles on both sides
                best[k] = sum(times[k]) / args.rounds
            results[k] = (best[k], len(arts))
            notes[k] = (f"{'mean over' if args.fresh else 'best of'} {args.rounds}; {len(pool.peaks)} processes, peak {mb(max(pool.peaks.values()))} each"
                        + (f"; {errors} error records" if k == "b" else ""))

    tmp = Path(args.tmp or tempfile.mkdtemp(prefix="newscoder-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        src, warm = tmp / "sample.jsonl", tmp / "warm.jsonl"
        write_jsonl(arts, src)
        write_jsonl([(f"warm-{i}", t) for i, t in arts[:20]], warm)
        if "c" in only:
            c = run_ingest(src, tmp, args.procs, settings)
            results["c"] = (c["wall"], c["n"])
            notes["c"] = (f"end to end, workers started and models loaded in it (first commit after "
                          f"{c['first_commit_s']:.1f} s; {c['steady_rate']:.1f} articles/s from there on); "
                          f"main process {mb(c['main_kb'])}, {c['workers']} workers {mb(c['worker_kb'])} each at most; "
                          f"{c['rejected']} rejects; database {c['db_mb']:.1f} MiB")
        if "e" in only:
            e = run_analyze_command(src, tmp, args.procs)
            results["e"] = (e["wall"], e["n"])
            notes["e"] = f"end to end, --workers {args.procs}; {e['errors']} error records"
        if "d" in only:
            d = run_spark(src, warm, tmp, args.procs, settings)
            results["d"] = (d["wall"], d["n"])
            notes["d"] = (f"session start {d['session_s']:.1f} s and warm-up job {d['warmup_s']:.1f} s not counted; "
                          f"{d['partitions']} partitions; {d['workers']} Python workers ({d['loads']} model loads) "
                          f"{mb(d['worker_kb'])} each at most, JVM (driver + executor) {mb(d['jvm_kb'])}, driver Python "
                          f"{mb(d['driver_kb'])}; {d['rejected']} rejects; Parquet {d['out_mb']:.1f} MiB")
        if args.big:
            many = big_sample(args.big)
            big_src = tmp / "big.jsonl"
            write_jsonl(many, big_src)
            e = run_ingest(big_src, tmp, args.procs, settings, name="big")
            bw = sum(len(t.split()) for _, t in many)
            print(f"(big) ingest of {e['n']:,} articles ({bw:,} words) with {args.procs} workers: {e['wall']:.0f} s, "
                  f"{e['n'] / e['wall']:.1f} articles/s; peak memory: main process {mb(e['main_kb'])}, largest worker "
                  f"{mb(e['worker_kb'])}; database {e['db_mb']:.0f} MiB")
    finally:
        if not args.tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    labels = {"a": "(a) bare spaCy parse", "b": "(b) newscoder analyze", "c": "(c) newscoder ingest (DuckDB)",
              "d": f"(d) newscoder spark local[{args.procs}]", "e": "(e) newscoder analyze (command)"}
    for k in "abcde":
        if k in results:
            t, n = results[k]
            w = words * n / len(arts)
            print(f"{labels[k]:<32}: {w / t:9,.0f} words/s  {n / t:7.1f} articles/s  ({t:.1f} s; {notes[k]})")
    if "a" in results:
        rate_a = len(arts) / results["a"][0]
        print("ratios: " + ", ".join(f"{k}/a {results[k][1] / results[k][0] / rate_a:.3f}" for k in "bcde" if k in results))
    if "c" in results and "e" in results:
        print(f"ingest against the analyze command, both end to end: c/e {(results['c'][1] / results['c'][0]) / (results['e'][1] / results['e'][0]):.3f}")
    print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"peak memory: this process {mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}, largest ended child "
          f"process (RUSAGE_CHILDREN) {mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}")


if __name__ == "__main__":
    main()
