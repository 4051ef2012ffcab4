"""Stories (syndicated copies join the original's story, paraphrases do not) and event clusters.

Event rows are synthetic (the events stage is still being written): whole `Record`s with `Event`s are
written through the same `write()` that an ingest uses, or inserted as bare rows.
"""
from __future__ import annotations

import json

from newscoder.inputs import Article
from newscoder.record import Actor, Event, Location, Record
from newscoder.store import db, dedup
from newscoder.store.ingest import ingest, write
from newscoder.store.sources import article_key

ORIGINAL = (
    "Dock workers at the invented port of Westhaven stopped work on Tuesday at the start of a two-day strike over "
    "night-shift pay, leaving at least fourteen container ships waiting at anchor outside the harbour. The Harbour "
    "Workers Union said about nine hundred members had joined the stoppage after talks with the port authority "
    "broke down late on Monday evening. A spokeswoman for the authority said ferries and fuel berths were working "
    "normally and that managers hoped to return to the table before the weekend. Shipping agents warned that "
    "fruit and medicine deliveries to the region could be delayed by several days if the strike went on."
)
BOILERPLATE = "This article was distributed by the Example Wire Service. All rights reserved."
PARAPHRASE = (
    "A two-day walkout by harbour staff in Westhaven began this week, with the union blaming a dispute about what "
    "employees earn for working nights. Roughly fourteen cargo vessels are anchored offshore. Port officials insist "
    "passenger boats still run and say they want negotiations to resume soon, while importers fear hold-ups for "
    "perishable goods and pharmaceuticals."
)


def test_signatures_tell_a_copy_from_a_paraphrase():
    a, copy, para = (dedup.signature(t) for t in (ORIGINAL, ORIGINAL + "\n" + BOILERPLATE, PARAPHRASE))
    assert len(a) == 4 * dedup.NUM_PERM
    assert dedup.similarity(a, copy) > 0.85
    assert dedup.similarity(a, para) < 0.2
    assert dedup.signature("   ") is None and dedup.signature("Short text.") is not None


def test_syndicated_copy_joins_the_story_and_paraphrase_does_not(tmp_path):
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        {"id": "orig", "text": ORIGINAL, "published": "2024-05-21", "outlet": "Westhaven Post"},
        {"id": "para", "text": PARAPHRASE, "published": "2024-05-21", "outlet": "Coastal Daily"},
    ]) + "\n", encoding="utf-8")
    later = tmp_path / "later.jsonl"   # a second run: the copy arrives after the original is stored
    later.write_text(json.dumps({"id": "wire-copy", "text": ORIGINAL + "\n\n" + BOILERPLATE,
                                 "published": "2024-05-22", "outlet": "Example Wire Service"}) + "\n", encoding="utf-8")
    path = tmp_path / "c.duckdb"
    ingest([str(src)], str(path))
    s = ingest([str(later)], str(path))
    assert s.joined_story == 1
    con = db.connect(path, read_only=True)
    story = dict(con.execute("SELECT id, story_id FROM articles").fetchall())
    assert story["wire-copy"] == story["orig"] != story["para"]
    row = con.execute("SELECT articles, first_published, last_published, first_article_key FROM stories "
                      "WHERE story_id = ?", [story["orig"]]).fetchone()
    assert row[0] == 2 and str(row[1]) == "2024-05-21" and str(row[2]) == "2024-05-22"
    assert row[3].startswith(story["orig"])
    assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    con.close()


def _record(rid: str, published: str, events: list[Event], actors: list[Actor], outlet: str) -> Record:
    text = f"Report {rid}: " + "Officials traded accusations across the border on the day in question. " * 3
    return Record(id=rid, text=text, published=published, outlet=outlet, language="en", actors=actors, events=events)


def _event(type_: str, cameo: str, source: str, target: str, date: str | None, country: str | None,
           negated: bool = False) -> Event:
    loc = Location(name="Border area", country=country, lat=40.0, lon=70.0) if country else None
    return Event(type=type_, mode=None, cameo=cameo, quad_class=3, source=[source], target=[target], trigger="accused",
                 date=date, location=loc, start=0, end=10, negated=negated, confidence=0.9)


ACTORS = [Actor(id="A1", name="Kyrgyzstan", kind="state", country="KGZ", code="KGZ", mentions=[(0, 6)]),
          Actor(id="A2", name="Tajikistan", kind="state", country="TJK", code="TJK", mentions=[(7, 12)]),
          Actor(id="A3", name="Uzbekistan", kind="state", country="UZB", code="UZB")]


def synthetic_events(con) -> list[Record]:
    """Writes 7 articles' records (through the ingest's own writer) and returns them."""
    recs = [
        # one clash reported by four articles from three outlets, over two adjacent days
        _record("r1", "2024-06-17", [_event("ACCUSE", "111", "A1", "A2", "2024-06-16", "KGZ")], ACTORS, "Outlet One"),
        _record("r2", "2024-06-17", [_event("ACCUSE", "111", "A1", "A2", None, "KGZ")], ACTORS, "Outlet Two"),
        _record("r3", "2024-06-18", [_event("ACCUSE", "112", "A1", "A2", "2024-06-17", "KGZ"),
                                     _event("ACCUSE", "111", "A1", "A2", "2024-06-17", "KGZ", negated=True)],
                ACTORS, "Outlet Three"),
        _record("r4", "2024-06-17", [_event("ACCUSE", "111", "A1", "A2", "2024-06-17", "KGZ")], ACTORS, "Outlet One"),
        # a different dyad the same day, the same dyad a week later, a different type: three more clusters
        _record("r5", "2024-06-17", [_event("ACCUSE", "111", "A1", "A3", "2024-06-17", "KGZ")], ACTORS, "Outlet Two"),
        _record("r6", "2024-06-24", [_event("ACCUSE", "111", "A1", "A2", "2024-06-24", "KGZ")], ACTORS, "Outlet Two"),
        _record("r7", "2024-06-17", [_event("CONSULT", "0311", "A2", "A1", "2024-06-17", None)], ACTORS, "Outlet Two"),
    ]
    chunk = []
    for r in recs:
        art = Article(id=r.id, text=r.text, where=f"synthetic:{r.id}")
        chunk.append((article_key(art), art))
    con.begin()
    write(con, chunk, [(r, dedup.signature(r.text + r.id * 40)) for r in recs])
    con.commit()
    return recs


def test_event_clusters_group_one_event_reported_many_times(tmp_path):
    con = db.connect(tmp_path / "c.duckdb")
    synthetic_events(con)
    clusters = con.execute("SELECT type, source_codes, target_codes, country, reports, articles, sources, cameo "
                           "FROM event_clusters ORDER BY reports DESC, date").fetchall()
    assert len(clusters) == 4
    assert clusters[0] == ("ACCUSE", "KGZ", "TJK", "KGZ", 4, 4, 3, "111")
    assert {c[:4] for c in clusters[1:]} == {("ACCUSE", "KGZ", "UZB", "KGZ"), ("ACCUSE", "KGZ", "TJK", "KGZ"),
                                              ("CONSULT", "TJK", "KGZ", "")}
    assert con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()[0] == 1   # the negated one
    con.close()


def test_bare_event_rows_are_clustered_on_the_next_catch_up(tmp_path):
    con = db.connect(tmp_path / "c.duckdb")
    rows = []
    for i, (day, outlet) in enumerate([("2024-01-10", "A"), ("2024-01-11", "B"), ("2024-01-12", "C"), ("2024-01-20", "A")]):
        db.insert(con, "articles", [(f"k{i}", f"a{i}", day, outlet, f"s{i}")], ["key", "id", "published", "outlet", "story_id"])
        db.insert(con, "actors", [(f"k{i}", 0, "A1", "Police", "organization", "COP"), (f"k{i}", 1, "A2", "Protesters", "group", "CVL")],
                  ["article_key", "idx", "actor_id", "name", "kind", "code"])
        rows.append((f"k{i}", 0, "PROTEST", "141", ["A2"], ["A1"], None))
    db.insert(con, "events", rows, ["article_key", "idx", "type", "cameo", "source", "target", "date"])
    assert dedup.catch_up_events(con) == 3
    got = con.execute("SELECT date, reports, sources FROM event_clusters ORDER BY date").fetchall()
    # 10th..12th: 11th joins the 10th's cluster, 12th is two days from the anchor: a new one; 20th alone
    assert [(str(d), r, s) for d, r, s in got] == [("2024-01-10", 2, 2), ("2024-01-12", 1, 1), ("2024-01-20", 1, 1)]
    assert dedup.catch_up_events(con) == 0       # nothing left to cluster
    # two actorless reports of the same type on the same day are not assumed to be one event
    db.insert(con, "events", [("k0", 1, "ASSAULT", "190", [], [], "2024-01-10"), ("k1", 1, "ASSAULT", "190", [], [], "2024-01-10")],
              ["article_key", "idx", "type", "cameo", "source", "target", "date"])
    assert dedup.catch_up_events(con) == 2
    con.close()
