"""How well the HTML stage finds the article body: word-level precision/recall/F1 against hand-made bodies.

    .venv/bin/python bench/html_extraction.py

Reads ../shared/data/html (181 gzipped pages of the article-extraction benchmark, with ground-truth bodies)
and runs newscoder.htmltext.extract on each page, as `newscoder analyze page.html` does.
"""
from __future__ import annotations

import collections
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path

from newscoder.errors import InputError
from newscoder.htmltext import extract

HTML = Path(__file__).resolve().parents[2] / "shared" / "data" / "html"
WORD = re.compile(r"\w+")


def bag(text: str) -> collections.Counter:
    return collections.Counter(w.lower() for w in WORD.findall(text))


def main() -> None:
    if not HTML.exists():
        sys.exit(f"{HTML} not found")
    truth = json.loads((HTML / "ground-truth.json").read_text(encoding="utf-8"))
    scores, failures, t0 = [], 0, time.perf_counter()
    for key, item in sorted(truth.items()):
        page = gzip.decompress((HTML / "html" / f"{key}.html.gz").read_bytes())
        try:
            got = bag(extract(page).text)
        except InputError:
            got, failures = collections.Counter(), failures + 1
        want = bag(item["articleBody"])
        common = sum((got & want).values())
        p = common / sum(got.values()) if got else 0.0
        r = common / sum(want.values()) if want else 0.0
        scores.append((p, r, 2 * p * r / (p + r) if p + r else 0.0))
    wall = time.perf_counter() - t0
    p, r, f = (statistics.mean(s[i] for s in scores) for i in range(3))
    print(f"pages: {len(scores)}  no text found: {failures}  {len(scores) / wall:.1f} pages/s")
    print(f"word precision {p:.3f}  recall {r:.3f}  F1 {f:.3f} (means over pages)")
    print(f"median F1 {statistics.median(s[2] for s in scores):.3f}")


if __name__ == "__main__":
    main()
