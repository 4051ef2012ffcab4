"""What each extraction stage costs, as a share of the spaCy parse of the same articles, in one run.

    .venv/bin/python bench/stage_costs.py [--n 400] [--warm] [--cpu]

Parses the articles once with newscoder's pipeline (timing the parse), then runs each stage over the
parsed docs and times it: repair, actors, quotes, figures, events. Prints seconds and the share of the
parse time (the issue budgets: quotes <= 10%, events <= 25%).

The parse is warmed up on 10 articles first; the stages are not, unless --warm: then they run once over
the workers' warm-up article (workers.WARM_UP, which has a publication date: dateparser loads) and over
those 10 articles before timing, and that first use (the gazetteer's and dateparser's loading, paid
once per process: throughput.py's pools and `newscoder analyze`'s workers pay it before timing too) is
printed on a line of its own.
--cpu times CPU seconds of this process (time.process_time) instead of the wall clock: steadier on a
shared machine.
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
from newscoder.pipeline import analyze  # noqa: E402
from newscoder.record import Record  # noqa: E402
from newscoder.repair import repair  # noqa: E402
from newscoder.settings import Settings  # noqa: E402
from newscoder.workers import WARM_UP  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--warm", action="store_true", help="run the stages once before timing them")
    ap.add_argument("--cpu", action="store_true", help="CPU time of this process, not the wall clock")
    args = ap.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    texts = [t for _, t in corpora.sample(args.n)]
    nlp = load(Settings())
    t0 = clock()
    fixed = [repair(t) for t in texts]
    t_repair = clock() - t0
    warm = list(nlp.pipe([f.text for f in fixed[:10]]))  # warm-up
    first_use = None
    if args.warm:
        t0 = clock()
        analyze(WARM_UP, "2024-03-06")   # as each worker does (workers.init): dateparser loads with a date
        _stages(warm, fixed[:10])
        first_use = clock() - t0
    t0 = clock()
    docs = list(nlp.pipe([f.text for f in fixed], batch_size=16))
    t_parse = clock() - t0
    costs = {"repair": t_repair}
    t0 = clock()
    tables = [actors.extract(d, None) for d in docs]
    costs["actors"] = clock() - t0
    t0 = clock()
    for d, t, f in zip(docs, tables, fixed):
        quotes.extract(d, t, f.embeds)
    costs["quotes"] = clock() - t0
    t0 = clock()
    for d, t in zip(docs, tables):
        figures.extract(d, t, None)
    costs["figures"] = clock() - t0
    try:
        from newscoder import events
        t0 = clock()
        for d, t, f in zip(docs, tables, fixed):
            rec = Record(id="x", text=f.text, embeds=f.embeds)
            rec.quotes = quotes.extract(d, t, f.embeds)
            events.extract(d, t, rec)
        costs["events (+ its quotes)"] = clock() - t0 - costs["quotes"]
    except ImportError:
        pass
    words = sum(len(t.split()) for t in texts)
    if first_use is not None:
        print(f"first use of the stages (10 warm-up articles, not counted below): {first_use:.2f} s")
    print(f"articles: {len(texts)}  words: {words:,}  parse: {t_parse:.1f} s ({words / t_parse:,.0f} words/s)")
    for name, c in costs.items():
        print(f"  {name:22} {c:6.2f} s  {100 * c / t_parse:5.1f}% of the parse")


def _stages(docs: list, fixed: list) -> None:
    from newscoder import events
    for d, f in zip(docs, fixed):
        table = actors.extract(d, None)
        rec = Record(id="x", text=f.text, embeds=f.embeds)
        rec.quotes = quotes.extract(d, table, f.embeds)
        figures.extract(d, table, None)
        events.extract(d, table, rec)


if __name__ == "__main__":
    main()
