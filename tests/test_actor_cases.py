"""Table-driven: 300 real-world phrasings of actors (tests/data/actor_cases.tsv) -> (country, sector).

Each sentence is analysed as a one-sentence article on its date; the actor holding the mention must have
the expected country and sector. The whole table must pass at MIN_PASS_RATE or better; the failures are
listed. `bench/actor_cases.py` prints the same figures for docs/benchmarks.md.
"""
import csv
from functools import lru_cache
from pathlib import Path

from newscoder.inputs import Article
from newscoder.pipeline import analyze_many
from newscoder.settings import Settings

TABLE = Path(__file__).resolve().parent / "data" / "actor_cases.tsv"
MIN_PASS_RATE = 0.90


def load_cases() -> list[dict]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def actor_for(rec, start: int, end: int):
    """The actor with the mention that best covers [start, end): most overlap, then the tightest."""
    best, best_key = None, None
    for a in rec.actors:
        for s, e in a.mentions:
            overlap = min(e, end) - max(s, start)
            if overlap > 0:
                k = (overlap, -(e - s))
                if best_key is None or k > best_key:
                    best, best_key = a, k
    return best


@lru_cache(maxsize=1)
def results() -> list[tuple[dict, str | None, str | None, bool]]:
    cases = load_cases()
    settings = Settings()
    arts = [Article(id=str(i), text=c["sentence"], published=c["published"] or None) for i, c in enumerate(cases)]
    out = []
    for case, rec in zip(cases, analyze_many(arts, settings)):
        start = rec.text.find(case["mention"])
        actor = actor_for(rec, start, start + len(case["mention"])) if start >= 0 else None
        got = (actor.country, actor.sector) if actor else (None, None)
        want = (case["country"] or None, case["sector"] or None)
        out.append((case, *got, got == want))
    return out


def test_table_is_big_enough_and_well_formed():
    cases = load_cases()
    assert len(cases) >= 150
    for c in cases:
        assert c["mention"] in c["sentence"], c


def test_pass_rate():
    res = results()
    passed = sum(ok for *_, ok in res)
    rate = passed / len(res)
    failures = [f"{c['mention']!r} in {c['sentence'][:60]!r}: got {gc}/{gs}, want {c['country']}/{c['sector']}"
                for c, gc, gs, ok in res if not ok]
    assert rate >= MIN_PASS_RATE, f"{passed}/{len(res)} = {rate:.3f}\n" + "\n".join(failures)
