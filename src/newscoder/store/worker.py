"""What one worker process does: load the model once, then analyse chunks of articles.

Workers only compute (records and MinHash signatures); the main process alone writes the database. A
worker dies with its parent (Linux: PR_SET_PDEATHSIG), so a killed ingest leaves no orphans behind.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

from ..errors import ModelError
from ..inputs import Article
from ..nlp import load
from ..pipeline import analyze_many
from ..record import Record
from ..settings import Settings
from .dedup import signature

_settings: Settings | None = None
_init_error: Exception | None = None


def init(settings: Settings) -> None:
    """Pool initializer: die with the parent, load the model (once per process). A model that cannot be
    loaded is reported by every `analyse` call (a failing initializer would only respawn forever)."""
    _die_with_parent()
    configure(settings)


def configure(settings: Settings) -> None:
    """Load the model for `analyse` in this process (the pool initializer, or --workers 0)."""
    global _settings, _init_error
    _settings, _init_error = settings, None
    try:
        load(settings)
    except Exception as exc:
        _init_error = exc if isinstance(exc, ModelError) else ModelError(f"cannot load the model: {exc}")


def analyse(chunk: list[Article]) -> tuple[int, int, list[tuple[Record, bytes | None]]]:
    """(pid, peak RSS in kB, one (record, signature) per article in order); the signature is None for
    error records."""
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
