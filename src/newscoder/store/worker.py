"""What one worker process does: load the model once, then analyse chunks of articles.

Workers only compute (records and MinHash signatures); the main process alone writes the database. A
worker dies with its parent (Linux: PR_SET_PDEATHSIG), so a killed ingest leaves no orphans behind.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time

from ..errors import ModelError
from ..inputs import Article
from ..record import Record
from ..settings import Settings
from .dedup import signature

# spaCy and the pipeline are imported where they are used: the main process imports this module (to hand
# `analyse` to the pool) but never analyses unless --workers 0, so it stays small. The fork server
# imports them once for all workers (PRELOAD).
PRELOAD = ["newscoder.pipeline", "newscoder.store.worker"]

_settings: Settings | None = None
_init_error: Exception | None = None


def init(settings: Settings, main_pid: int) -> None:
    """Pool initializer: die with the main process, load the model (once per process). A model that cannot
    be loaded is reported by every `analyse` call (a failing initializer would only respawn forever)."""
    _die_with_parent()
    _die_with(main_pid)
    configure(settings)


def configure(settings: Settings) -> None:
    """Load the model for `analyse` in this process (the pool initializer, or --workers 0)."""
    global _settings, _init_error
    _settings, _init_error = settings, None
    try:
        from ..nlp import load
        load(settings)
    except Exception as exc:
        _init_error = exc if isinstance(exc, ModelError) else ModelError(f"cannot load the model: {exc}")


def analyse(chunk: list[Article]) -> tuple[int, int, list[tuple[Record, bytes | None]]]:
    """(pid, peak RSS in kB, one (record, signature) per article in order); the signature is None for
    error records."""
    from ..pipeline import analyze_many

    if _init_error is not None:
        raise _init_error
    settings = _settings or Settings()
    out = []
    for rec in analyze_many(chunk, settings):
        sig = None
        if rec.error is None:
            try:
                sig = signature(rec.text)
            except Exception:  # a text the signer cannot read still gets stored, in a story of its own
                sig = None
        out.append((rec, sig))
    return os.getpid(), peak_rss_kb(), out


def peak_rss_kb() -> int:
    """This process's peak resident set (kB)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _die_with(pid: int) -> None:
    """Exit as soon as process `pid` (the ingest's main process) ends. Needed beside PR_SET_PDEATHSIG:
    under the forkserver start method a worker's parent is the fork server, which lives as long as any
    worker does."""
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
