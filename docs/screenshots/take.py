"""`make screenshots`: PNGs of the web UI in docs/screenshots/, taken with Debian's chromium via Playwright.

    .venv/bin/python docs/screenshots/take.py [--db corpus.duckdb] [--out docs/screenshots] [--seed]

Without --db, a small corpus is built in a temporary folder from the project's own invented articles
(examples/ and tests/data/web_articles.jsonl). The Analyze page is shown with examples/02_border_clash.txt
(--seed: with ../shared/seed's article instead, when present; not for committing).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_1a7beac0dd8a92b8.txt"


def build_corpus(path: Path) -> None:
    from newscoder.store.ingest import ingest
    inputs = [str(p) for p in sorted((ROOT / "examples").glob("0*"))] + [str(ROOT / "tests" / "data" / "web_articles.jsonl")]
    ingest(inputs, str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing corpus (default: build one from the project's examples)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--seed", action="store_true", help="analyse ../shared's seed article instead of an example")
    args = ap.parse_args()

    from newscoder.settings import Settings
    from newscoder.web import create_app
    from newscoder.web.harness import browser_context, serving, why_no_browser

    reason = why_no_browser()
    if reason:
        sys.exit(f"screenshots: {reason}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "corpus.duckdb"
        if not args.db:
            print("screenshots: building a corpus from examples/ ...", file=sys.stderr)
            build_corpus(db)
        article = (SEED if args.seed and SEED.exists() else ROOT / "examples" / "02_border_clash.txt").read_text(encoding="utf-8")
        app = create_app(Settings(), db)
        with serving(app) as base, browser_context(str(Path(tmp) / "profile"),
                                                   viewport={"width": 1440, "height": 1000}) as ctx:
            page = ctx.new_page()
            page.goto(base + "/")
            page.fill("#text", article)
            page.fill("#published", "2024-06-17")
            page.click("#go")
            page.wait_for_selector(".seg.q", timeout=180_000)
            page.click(".panels a.item[data-key='e-0']")
            page.wait_for_timeout(400)
            page.screenshot(path=str(out / "analyze.png"), full_page=True)
            print(f"screenshots: {out / 'analyze.png'}", file=sys.stderr)

            page.goto(base + "/corpus")
            page.wait_for_selector("body[data-drawn='1']", timeout=30_000)
            page.screenshot(path=str(out / "corpus.png"), full_page=True)
            print(f"screenshots: {out / 'corpus.png'}", file=sys.stderr)

            page.goto(base + "/events")
            page.screenshot(path=str(out / "events.png"), full_page=False)
            print(f"screenshots: {out / 'events.png'}", file=sys.stderr)

            page.click("table.data tbody tr:first-child td:last-child a")
            page.wait_for_selector(".seg.flash", timeout=10_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / "article.png"), full_page=False)
            print(f"screenshots: {out / 'article.png'}", file=sys.stderr)


if __name__ == "__main__":
    main()
