"""The real-article corpora under ../shared/data/corpora as (id, text) pairs, for benchmarks only.

Nothing here is copied into the project; the scripts read the files where they lie.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Iterator

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "data" / "corpora"
CSV_BODIES = {"fnc1_news_bodies/train_bodies.csv": "articleBody",
              "fnc1_news_bodies/competition_test_bodies.csv": "articleBody",
              "fakenewscorpus_sample/news_sample.csv": "content"}


def articles(root: Path = CORPORA) -> Iterator[tuple[str, str]]:
    """Every article: the .txt files (BBC, ConfliBERT samples), then the CSV bodies, in a fixed order."""
    if not root.exists():
        sys.exit(f"{root} not found: the benchmarks read the shared corpora beside the project")
    for path in sorted(root.rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
        yield str(path.relative_to(root)), path.read_text(encoding="utf-8", errors="replace")
    csv.field_size_limit(2**31 - 1)
    for rel, column in CSV_BODIES.items():
        with open(root / rel, encoding="utf-8", errors="replace", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                text = row.get(column) or ""
                yield f"{rel}#{i}", text


def sample(n: int | None) -> list[tuple[str, str]]:
    """The first n non-empty articles, spread over the corpora (every k-th), or all when n is None."""
    every = [(i, t) for i, t in articles() if t.strip()]
    if n is None or n >= len(every):
        return every
    step = len(every) / n
    return [every[int(k * step)] for k in range(n)]
