"""The task an ingest worker runs (newscoder.workers runs the processes): the chunk's records, each with
the MinHash signature of its text. Workers only compute; the main process alone writes the database."""
from __future__ import annotations

import os

from ..inputs import Article
from ..record import Record
from ..workers import peak_rss_kb, records
from .dedup import signature

PRELOAD = ["newscoder.store.worker"]   # imported by the fork server too (with datasketch)


def analyse(chunk: list[Article]) -> tuple[int, int, list[tuple[Record, bytes | None]]]:
    """(pid, peak RSS in kB, one (record, signature) per article in order); the signature is None for
    error records."""
    return os.getpid(), peak_rss_kb(), [(rec, _sign(rec)) for rec in records(chunk)]


def _sign(rec: Record) -> bytes | None:
    if rec.error is not None:
        return None
    try:
        return signature(rec.text)
    except Exception:  # a text the signer cannot read still gets stored, in a story of its own
        return None
