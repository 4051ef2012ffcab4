"""Throughput of newscoder against its floor, the bare spaCy parse, on the same real articles in one run.

    .venv/bin/python bench/throughput.py [--n 600] [--rounds 2]

(a) the bare spaCy pipeline (same model, same enabled components) over the raw texts;
(b) newscoder.analyze_many over the same articles (repair, parse, extraction, records).
Rounds alternate a, b, a, b ... so that drift in machine speed hits both; the best round of each counts.
Prints words/s and articles/s of each and the ratio b/a. A benchmark script, not a test.
"""
from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from newscoder.inputs import Article  # noqa: E402
from newscoder.nlp import load_bare, resolve_model  # noqa: E402
from newscoder.pipeline import analyze_many  # noqa: E402
from newscoder.settings import Settings  # noqa: E402


def bare(nlp, texts: list[str], batch_size: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def full(arts: list[tuple[str, str]], settings: Settings) -> tuple[float, int]:
    t0 = time.perf_counter()
    errors = sum(r.error is not None for r in analyze_many((Article(id=i, text=t) for i, t in arts), settings))
    return time.perf_counter() - t0, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="articles (spread over all corpora); 0 = all")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=Settings.batch_size)
    args = ap.parse_args()
    settings = Settings(batch_size=args.batch_size)
    arts = corpora.sample(args.n or None)
    texts = [t for _, t in arts]
    words = sum(len(t.split()) for t in texts)
    nlp = load_bare(resolve_model(settings))
    bare(nlp, texts[:20], args.batch_size)  # warm-up: first-call allocations, lazy imports
    full(arts[:20], settings)
    a_times, b_times, errors = [], [], 0
    for _ in range(args.rounds):
        a_times.append(bare(nlp, texts, args.batch_size))
        t, errors = full(arts, settings)
        b_times.append(t)
    a, b = min(a_times), min(b_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}, "
          f"model {resolve_model(settings)} ({', '.join(nlp.pipe_names)})")
    print(f"articles: {len(arts)}  words: {words:,}  rounds: {args.rounds}  batch size: {args.batch_size}")
    print(f"(a) bare spaCy parse : {words / a:9,.0f} words/s  {len(arts) / a:7.1f} articles/s  (best {a:.1f} s)")
    print(f"(b) newscoder analyze: {words / b:9,.0f} words/s  {len(arts) / b:7.1f} articles/s  (best {b:.1f} s,"
          f" {errors} error records)")
    print(f"ratio b/a: {a / b:.3f}")
    print(f"peak memory (whole process): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
