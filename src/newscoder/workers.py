"""Analyse chunks of articles in worker processes, results in input order.

Both `newscoder analyze --workers N` and `newscoder ingest` run the pipeline this way: every worker loads
the model once, takes a chunk of articles at a time and sends back plain records. A chunk whose task
raises is analysed again one article at a time, so only the article that fails is lost; a worker that
dies (a crash in native code, the OOM killer) is replaced and the chunks it held are handed out again.
Workers die with the main process, so a killed run leaves no orphans behind.

This module is the edge between the pure pipeline and process management; the pipeline never imports it.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import select
import signal
import sys
import threading
import time
from collections import deque
from itertools import chain, islice
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from .errors import ModelError
from .inputs import Article
from .record import Record, error_record
from .settings import Settings

T = TypeVar("T")   # what the caller tags a chunk with (ingest: the chunk with its keys)
R = TypeVar("R")   # what a task returns per article (a Record, or ingest's (record, signature))
Task = Callable[[list[Article]], tuple[int, int, list]]   # chunk -> (pid, peak RSS kB, one R per article)

# The fork server imports these once for all workers, so each worker starts with spaCy already imported.
PRELOAD = ["newscoder.pipeline", "newscoder.workers"]

# A worker is replaced after this many chunks: its memory grows slowly with every article it has seen
# (docs/benchmarks.md), and a fresh process (one model load, about 2 s) every few thousand articles
# keeps it bounded at no measurable cost.
CHUNKS_PER_WORKER = 200

WARM_UP = ("NAIROBI, March 6 (Newswire) - Police fired tear gas at protesters in Mombasa on Tuesday, and at "
           "least three people were killed, the Kenya Red Cross said. \"We condemn the violence,\" the interior "
           "minister told reporters, adding that talks with opposition leaders would resume in Kisumu next week. "
           "Similar protests two weeks ago ended peacefully.")   # (a date only dateparser reads: it loads)

# Articles per worker task (and per ingest transaction): 32 rather than 16 halves the main process's
# per-chunk work (a transaction, a story and event-cluster refresh; a pickled round trip), which competes
# with the workers for the cores (400 articles, 2 workers: 25.6 articles/s at 16, 33.6 at 32).
CHUNK_SIZE = 32

_settings: Settings | None = None
_init_error: Exception | None = None


# -- inside a worker --------------------------------------------------------------------------------
def init(settings: Settings, main_pid: int) -> None:
    """Pool initializer: die with the main process, load the model (once per process). A model that cannot
    be loaded is reported by every task (a failing initializer would only respawn forever)."""
    _die_with_parent()
    _die_with(main_pid)
    configure(settings)
    if _init_error is None:
        # One small article loads what the stages load on first use (gazetteers, dateparser's languages,
        # lexicons): a worker's first chunk then costs what every other chunk costs. Not done for
        # in-process analysis, where the first article pays the same once anyway.
        from .pipeline import analyze
        analyze(WARM_UP, "2024-03-06", settings=settings)


def configure(settings: Settings) -> None:
    """Load the model for the tasks of this process (the pool initializer, or in-process analysis)."""
    global _settings, _init_error
    _settings, _init_error = settings, None
    try:
        from .nlp import load
        load(settings)
    except Exception as exc:
        _init_error = exc if isinstance(exc, ModelError) else ModelError(f"cannot load the model: {exc}")


def records(chunk: list[Article]) -> list[Record]:
    """The chunk's records, in order, with the settings this process was configured with."""
    from .pipeline import analyze_many

    if _init_error is not None:
        raise _init_error
    return list(analyze_many(chunk, _settings or Settings()))


def analyse(chunk: list[Article]) -> tuple[int, int, list[Record]]:
    """The task of `newscoder analyze`: (pid, peak RSS in kB, one record per article)."""
    return os.getpid(), peak_rss_kb(), records(chunk)


def peak_rss_kb() -> int:
    """This process's peak resident set (kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- in the main process ----------------------------------------------------------------------------
def cores() -> int:
    """The cores this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Workers(Generic[T, R]):
    """A pool of `n` worker processes running `task` (a module-level function, so it can be pickled);
    n = 0 runs the task in this process. `failed(article, reason)` makes the result that stands for an
    article that could not be analysed. Use as a context manager."""

    def __init__(self, settings: Settings, n: int, task: Task, failed: Callable[[Article, str], R],
                 preload: list[str] | None = None) -> None:
        self.settings, self.n, self.task, self.failed = settings, n, task, failed
        self.preload = PRELOAD + (preload or [])
        self.pool: ProcessPoolExecutor | None = None
        self.inflight: deque[tuple[T, list[Article], Future]] = deque()
        self.peak_rss_kb: dict[int, int] = {}   # worker pid -> its peak RSS

    def __enter__(self) -> "Workers[T, R]":
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def map(self, jobs: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, list[R]]]:
        """(tag, results) for each (tag, chunk), in input order; at most 2n + 1 chunks are read ahead."""
        ahead = 2 * max(self.n, 1) + 1
        for tag, chunk in jobs:
            self.inflight.append((tag, chunk, self._submit(chunk)))
            while len(self.inflight) >= ahead:
                yield self._next()
        while self.inflight:
            yield self._next()

    def _next(self) -> tuple[T, list[R]]:
        tag, chunk, fut = self.inflight.popleft()
        try:
            return tag, self._unpack(fut.result())
        except ModelError:
            raise
        except BrokenProcessPool:
            self._restart()
        except Exception:
            pass
        return tag, self._one_by_one(chunk)

    def _one_by_one(self, chunk: list[Article]) -> list[R]:
        """The chunk again, one article at a time, so only the article that fails (or kills a worker) is lost."""
        out: list[R] = []
        for art in chunk:
            try:
                out += self._unpack(self._submit([art]).result())
            except ModelError:
                raise
            except BrokenProcessPool:
                self._restart()
                out.append(self.failed(art, "worker process died while analysing this article"))
            except Exception as exc:
                out.append(self.failed(art, f"internal error: {type(exc).__name__}: {exc}"))
        return out

    def _unpack(self, answer: tuple[int, int, list[R]]) -> list[R]:
        pid, rss, result = answer
        if pid != os.getpid():
            self.peak_rss_kb[pid] = max(rss, self.peak_rss_kb.get(pid, 0))
        return result

    def _start(self) -> None:
        if self.n <= 0:
            configure(self.settings)
            return
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(self.preload)
        self.pool = ProcessPoolExecutor(self.n, mp_context=ctx, initializer=init,
                                        initargs=(self.settings, os.getpid()),
                                        max_tasks_per_child=CHUNKS_PER_WORKER)

    def _restart(self) -> None:
        """After a worker died: a fresh pool, and every chunk still in flight handed to it again."""
        old, self.pool = self.pool, None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        self._start()
        self.inflight = deque((tag, chunk, self._submit(chunk)) for tag, chunk, _ in self.inflight)

    def _submit(self, chunk: list[Article]) -> Future:
        if self.pool is not None:
            return self.pool.submit(self.task, chunk)
        fut: Future = Future()
        try:
            fut.set_result(self.task(chunk))
        except Exception as exc:
            fut.set_exception(exc)
        return fut


def analyse_in_workers(articles: Iterable[Article], settings: Settings, n: int | None = None,
                       chunk_size: int = CHUNK_SIZE) -> Iterator[Record]:
    """Records for the articles in input order, analysed by n worker processes (0: in this process).
    n = None: every core, unless the input turns out to be one chunk or less (starting workers and
    loading the model in each would cost more than it saves)."""
    it = iter(articles)
    if n is None:
        head = list(islice(it, chunk_size + 1))
        n = cores() if len(head) > chunk_size else 0
        it = chain(head, it)

    def chunks() -> Iterator[tuple[None, list[Article]]]:
        while chunk := list(islice(it, chunk_size)):
            yield None, chunk

    with Workers(settings, n, analyse, lambda art, reason: error_record(art.id, reason)) as pool:
        for _, recs in pool.map(chunks()):
            yield from recs


# -- dying with the main process ------------------------------------------------------------------------
def _die_with(pid: int) -> None:
    """Exit as soon as process `pid` (the run's main process) ends. Needed beside PR_SET_PDEATHSIG: under
    the forkserver start method a worker's parent is the fork server, which lives as long as any worker does."""
    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])
        else:
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="newscoder-main-watch", daemon=True).start()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
