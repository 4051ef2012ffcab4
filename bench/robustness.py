"""Run `newscoder analyze` (the real command) over every article of ../shared/data/corpora and summarise.

    .venv/bin/python bench/robustness.py [--out /tmp/corpora.out.jsonl]

Counts records, error records by reason, flags, languages, credits, embeds and inferred dates, and checks
that every input id came back once, in order. Messy real text is the point: nothing may crash.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "newscoder-corpora.out.jsonl"))
    args = ap.parse_args()
    src = Path(tempfile.gettempdir()) / "newscoder-corpora.in.jsonl"
    ids = []
    with src.open("w", encoding="utf-8") as fh:
        for i, text in corpora.articles():
            ids.append(i)
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newscoder", "analyze", str(src), "-o", args.out, "--no-progress"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    recs = [json.loads(line) for line in open(args.out, encoding="utf-8")]
    errors = collections.Counter(r["error"].split(":")[0] for r in recs if r["error"])
    flags = collections.Counter(f for r in recs for f in r.get("flags", []))
    langs = collections.Counter(r.get("language") for r in recs)
    credits = collections.Counter(c for r in recs for c in r["credits"])
    print(f"articles in: {len(ids)}  records out: {len(recs)}  ids in order: {[r['id'] for r in recs] == ids}")
    print(f"exit status: {proc.returncode}  wall: {wall:.0f} s  ({len(recs) / wall:.1f} articles/s)")
    print(f"error records: {sum(errors.values())} {dict(errors)}")
    print(f"flags: {dict(flags)}")
    print(f"languages: {dict(langs.most_common(8))}")
    print(f"credits: {dict(credits.most_common(8))}")
    print(f"embeds: {sum(len(r['embeds']) for r in recs)} in {sum(1 for r in recs if r['embeds'])} articles; "
          f"published inferred: {sum(r['published_inferred'] for r in recs)}; "
          f"lines removed: {sum(len(r.get('removed', [])) for r in recs)}")
    if proc.returncode not in (0, 3):
        print(proc.stderr[-2000:])


if __name__ == "__main__":
    main()
