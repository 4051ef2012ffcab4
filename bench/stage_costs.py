"""What each extraction stage costs, as a share of the spaCy parse of the same articles, in one run.

    .venv/bin/python bench/stage_costs.py [--n 400]

Parses the articles once with newscoder's pipeline (timing the parse), then runs each stage over the
parsed docs and times it: repair, actors, quotes, figures, events. Prints seconds and the share of the
parse time (the issue budgets: quotes <= 10%, events <= 25%).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from newscoder import actors, figures, quotes  # noqa: E402
from newscoder.nlp import load  # noqa: E402
from newscoder.record import Record  # noqa: E402
from newscoder.repair import repair  # noqa: E402
from newscoder.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    args = ap.parse_args()
    texts = [t for _, t in corpora.sample(args.n)]
    nlp = load(Settings())
    t0 = time.perf_counter()
    fixed = [repair(t) for t in texts]
    t_repair = time.perf_counter() - t0
    list(nlp.pipe([f.text for f in fixed[:10]]))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.pipe([f.text for f in fixed], batch_size=16))
    t_parse = time.perf_counter() - t0
    costs = {"repair": t_repair}
    t0 = time.perf_counter()
    tables = [actors.extract(d, None) for d in docs]
    costs["actors"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, t, f in zip(docs, tables, fixed):
        quotes.extract(d, t, f.embeds)
    costs["quotes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, t in zip(docs, tables):
        figures.extract(d, t, None)
    costs["figures"] = time.perf_counter() - t0
    try:
        from newscoder import events
        t0 = time.perf_counter()
        for d, t, f in zip(docs, tables, fixed):
            rec = Record(id="x", text=f.text, embeds=f.embeds)
            rec.quotes = quotes.extract(d, t, f.embeds)
            events.extract(d, t, rec)
        costs["events (+ its quotes)"] = time.perf_counter() - t0 - costs["quotes"]
    except ImportError:
        pass
    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}  words: {words:,}  parse: {t_parse:.1f} s ({words / t_parse:,.0f} words/s)")
    for name, c in costs.items():
        print(f"  {name:22} {c:6.2f} s  {100 * c / t_parse:5.1f}% of the parse")


if __name__ == "__main__":
    main()
