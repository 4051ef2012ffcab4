"""One ingest run: read the inputs, skip what the database already holds, analyse the rest in worker
processes, and write each chunk of results from this (the main) process in one transaction.

    inputs -> Articles -> key (sources.article_key) -> present? skipped
                                       -> chunk of 32 -> worker: records + MinHash signatures
                                       -> main, in input order, ONE transaction per chunk:
                                          articles + actors, mentions, quotes, events, figures, embeds,
                                          signature and LSH bands, story and event-cluster updates,
                                          rejects for the records that carry `error`

Nothing lost, nothing doubled: an article's rows are never split across transactions, and a key already
present (in `articles` or `rejects`) is skipped before it is analysed, so an ingest killed at any point
and run again ends with every article exactly once. Memory is bounded: at most `2 x workers + 1` chunks
are read ahead of the writer.
"""
from __future__ import annotations

import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Callable, Iterable, Iterator

import duckdb

from ..inputs import Article
from ..record import Record, error_record
from ..settings import Settings
from ..workers import CHUNK_SIZE, Workers
from . import db, dedup, worker

Chunk = list[tuple[str, Article]]          # (key, article)
Result = list[tuple[Record, bytes | None]]  # (record, signature), one per article of the chunk


@dataclass
class Summary:
    read: int = 0           # articles (and unreadable inputs) read
    analysed: int = 0       # stored in `articles`
    rejected: int = 0       # stored in `rejects`
    skipped: int = 0        # already present (or twice in this run's input)
    ignored: Counter = field(default_factory=Counter)   # inputs that are not articles (WARC records)
    joined_story: int = 0   # new articles that joined an existing story
    seconds: float = 0.0
    workers: int = 0
    main_peak_rss_kb: int = 0
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)   # pid -> peak RSS

    @property
    def rate(self) -> float:
        return (self.analysed + self.rejected) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        ignored = f", {sum(self.ignored.values()):,} ignored (not articles)" if self.ignored else ""
        return (f"read {self.read:,}: {self.analysed:,} analysed, {self.rejected:,} rejected, "
                f"{self.skipped:,} skipped (already present){ignored}; {self.joined_story:,} joined an existing "
                f"story; {self.seconds:.1f} s, {self.rate:.1f} articles/s")

    def as_dict(self) -> dict:
        return {"read": self.read, "analysed": self.analysed, "rejected": self.rejected, "skipped": self.skipped,
                "ignored": sum(self.ignored.values()), "joined_story": self.joined_story,
                "seconds": round(self.seconds, 2), "articles_per_s": round(self.rate, 2), "workers": self.workers,
                "main_peak_rss_mb": round(self.main_peak_rss_kb / 1024, 1),
                "worker_peak_rss_mb": round(max(self.worker_peak_rss_kb.values(), default=0) / 1024, 1)}


class Ingest:
    """Drives one run over an open, writable connection. `on_commit(summary)` is called after every
    transaction (the CLI's progress bar and log lines)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings, *, workers: int = 0,
                 chunk_size: int = CHUNK_SIZE, retry_rejects: bool = False,
                 on_commit: Callable[[Summary], None] | None = None) -> None:
        self.con, self.settings, self.workers, self.chunk_size = con, settings, workers, chunk_size
        self.retry_rejects, self.on_commit = retry_rejects, on_commit or (lambda s: None)
        self.summary = Summary(workers=workers)
        self.inflight_keys: set[str] = set()

    # -- the run ---------------------------------------------------------------------------------
    def run(self, articles: Iterable[Article]) -> Summary:
        started = time.perf_counter()
        dedup.catch_up_stories(self.con)   # rows loaded from Parquet or inserted by hand
        dedup.catch_up_events(self.con)
        pool: Workers[Chunk, tuple[Record, bytes | None]] = Workers(
            self.settings, self.workers, worker.analyse, _failed, preload=worker.PRELOAD)
        self.summary.worker_peak_rss_kb = pool.peak_rss_kb   # the same dict, filled as chunks come back
        try:
            with pool:
                for chunk, results in pool.map((c, [a for _, a in c]) for c in self._fresh_chunks(articles)):
                    self._finish(chunk, results, started)
        finally:
            self.summary.seconds = time.perf_counter() - started
            self.summary.main_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return self.summary

    def _fresh_chunks(self, articles: Iterable[Article]) -> Iterator[Chunk]:
        """Chunks of articles whose key is neither in the database nor already on its way there."""
        it = iter(articles)
        while batch := list(islice(it, self.chunk_size)):
            self.summary.read += len(batch)
            keyed = [(_key(a), a) for a in batch]
            present = self._present([k for k, _ in keyed])
            fresh: Chunk = []
            for key, art in keyed:
                if key in present or key in self.inflight_keys:
                    self.summary.skipped += 1
                    continue
                self.inflight_keys.add(key)
                fresh.append((key, art))
            if fresh:
                yield fresh
            elif self.summary.skipped:
                self.on_commit(self.summary)

    def _present(self, keys: list[str]) -> set[str]:
        sql = "SELECT key FROM articles WHERE key IN (SELECT unnest($1))"
        if not self.retry_rejects:
            sql += " UNION ALL SELECT key FROM rejects WHERE key IN (SELECT unnest($1))"
        return {r[0] for r in self.con.execute(sql, [keys]).fetchall()}

    # -- writing ---------------------------------------------------------------------------------
    def _finish(self, chunk: Chunk, results: Result, started: float) -> None:
        try:
            self._transaction(chunk, results)
        except duckdb.Error:
            for one, res in zip(chunk, results):   # find the article the database refuses
                try:
                    self._transaction([one], [res])
                except duckdb.Error as exc:
                    rec = error_record(one[1].id, f"store error: {exc}")
                    self._transaction([one], [(rec, None)])
        self.inflight_keys.difference_update(k for k, _ in chunk)
        self.summary.seconds = time.perf_counter() - started
        self.on_commit(self.summary)

    def _transaction(self, chunk: Chunk, results: Result) -> None:
        con = self.con
        con.begin()
        try:
            analysed, rejected, joined = write(con, chunk, results, retry_rejects=self.retry_rejects)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        self.summary.analysed += analysed
        self.summary.rejected += rejected
        self.summary.joined_story += joined


def write(con: duckdb.DuckDBPyConnection, chunk: Chunk, results: Result, *, retry_rejects: bool = False) -> tuple[int, int, int]:
    """Every row of a chunk of analysed articles (inside the caller's transaction): the articles and their
    child rows, signatures and bands, stories and event clusters refreshed, and rejects. Returns
    (analysed, rejected, joined an existing story)."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    # in key order, as a later catch-up (ordered by ingested_at, key) would see them: the same stories
    good = sorted(((key, art, rec, sig) for (key, art), (rec, sig) in zip(chunk, results) if rec.error is None),
                  key=lambda g: g[0])
    bad = [(key, art, rec) for (key, art), (rec, _) in zip(chunk, results) if rec.error is not None]
    stories = dedup.assign_stories(con, [(key, sig) for key, _, _, sig in good])
    rows = []
    for (key, art, rec, sig), (story, _) in zip(good, stories):
        r = db.article_rows(key, rec, story_id=story, source=art.where, ingested_at=now, signature=sig)
        r["lsh_bands"] = dedup.band_rows(key, sig)
        rows.append(r)
    db.write_rows(con, rows)
    if retry_rejects:
        con.execute("DELETE FROM rejects WHERE key IN (SELECT unnest($1))", [[k for k, _ in chunk]])
    db.insert(con, "rejects", [(key, rec.id, art.where, rec.error, "read" if art.error else "analyse", now)
                               for key, art, rec in bad])
    dedup.refresh_stories(con, [s for s, _ in stories])
    dedup.cluster_events(con, [key for key, *_ in good])
    return len(good), len(bad), sum(j for _, j in stories)


def _failed(art: Article, reason: str) -> tuple[Record, None]:
    return error_record(art.id, reason), None


def _key(art: Article) -> str:
    from .sources import article_key
    return article_key(art)


def ingest(paths: list[str], db_path: str, settings: Settings | None = None, *, workers: int = 0,
           chunk_size: int = CHUNK_SIZE, retry_rejects: bool = False,
           on_commit: Callable[[Summary], None] | None = None) -> Summary:
    """Ingest the inputs into the database (created when missing). The Python entry point of `newscoder ingest`."""
    from .sources import read

    settings = settings or Settings()
    con = db.connect(db_path)
    try:
        run = Ingest(con, settings, workers=workers, chunk_size=chunk_size, retry_rejects=retry_rejects,
                     on_commit=on_commit)
        return run.run(read(paths, settings, run.summary.ignored))
    finally:
        con.close()
