"""Deduplication, kept incrementally in the database: stories (syndicated copies and near-duplicates of
one article) and event clusters (one real-world event reported by many articles).

Stories. Each analysed text is signed with a MinHash (datasketch; 128 permutations over word 5-shingles,
lower-cased). LSH banding is kept in the `lsh_bands` table (16 bands of 8 rows: an article pair whose
Jaccard similarity is 0.8 shares a band with probability 0.95, at 0.5 with probability 0.06); each
candidate that shares a band is then checked with the full signature, and the article joins the story
of the most similar candidate whose estimated similarity is at least 0.8. Otherwise it starts a story
of its own, named by the first 16 hex digits of its key. Bands and signatures are written in the
article's own transaction, so the index is always exactly the committed articles: nothing to rebuild
on start, nothing lost by a kill.

Event clusters. Events (not negated) with the same type, the same source and target actor codes, and
the same place country, dated (the event's date, else the article's) within a day of a cluster's date,
are one cluster: one `event_clusters` row with its count of reports, articles and distinct outlets.
An event with no actor code on either side, or with no date at all (a `historical` event is not dated by
its article), is a cluster of its own: nothing says that two such reports are the same event.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date as Date
from typing import Iterable

import duckdb
import numpy as np

from . import db

NUM_PERM, SHINGLE, THRESHOLD = 128, 5, 0.8
BANDS, ROWS = 16, 8
SEED, SCHEME = 1, "affine32"
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes | None:
    """The text's MinHash as 128 little-endian uint32 (512 bytes); None for a text with no words."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    if not words:
        return None
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8", "surrogatepass") for s in shingles])
    return np.asarray(mh.hashvalues, dtype="<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if len(a) != len(b):
        return 0.0
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


def buckets(sig: bytes) -> list[int]:
    """One bucket per band: a signed 64-bit hash of the band's rows."""
    return [int.from_bytes(hashlib.blake2b(sig[4 * ROWS * i: 4 * ROWS * (i + 1)], digest_size=8).digest(),
                           "little", signed=True) for i in range(BANDS)]


def band_rows(key: str, sig: bytes | None) -> list[tuple]:
    return [] if sig is None else [(key, i, b) for i, b in enumerate(buckets(sig))]


def story_of(key: str) -> str:
    return key[:16]


def assign_stories(con: duckdb.DuckDBPyConnection, items: list[tuple[str, bytes | None]]) -> list[tuple[str, bool]]:
    """(story_id, joined an earlier story) for each (key, signature), in order; later items of the list
    see earlier ones (they are not yet in the database)."""
    signed = [(i, key, sig) for i, (key, sig) in enumerate(items) if sig is not None]
    q_idx, q_band, q_bucket = [], [], []
    for i, _, sig in signed:
        for band, bucket in enumerate(buckets(sig)):
            q_idx.append(i), q_band.append(band), q_bucket.append(bucket)
    found: dict[int, set[str]] = {}
    if q_idx:
        for i, cand in con.execute(
                "SELECT DISTINCT q.i, l.article_key FROM lsh_bands l JOIN (SELECT unnest($1) AS i, "
                "unnest($2)::SMALLINT AS band, unnest($3)::BIGINT AS bucket) q USING (band, bucket)",
                [q_idx, q_band, q_bucket]).fetchall():
            found.setdefault(i, set()).add(cand)
    known: dict[str, tuple[bytes, str]] = {}
    wanted = sorted(set().union(*found.values())) if found else []
    if wanted:
        for k, sig, story in con.execute(
                "SELECT m.article_key, m.signature, a.story_id FROM minhashes m JOIN articles a ON a.key = m.article_key "
                "WHERE m.article_key IN (SELECT unnest($1))", [wanted]).fetchall():
            known[k] = (bytes(sig), story)
    out: list[tuple[str, bool]] = []
    pending: list[tuple[str, bytes, set[int], str]] = []   # this list's earlier items
    for i, (key, sig) in enumerate(items):
        if sig is None:
            out.append((story_of(key), False))
            continue
        mine = set(buckets(sig))
        cands = [(k, known[k][0], known[k][1]) for k in sorted(found.get(i, ())) if k in known and k != key]
        cands += [(k, s, st) for k, s, b, st in pending if b & mine]
        best = max(((similarity(sig, s), st) for _, s, st in cands), default=(0.0, None), key=lambda t: (t[0], t[1] or ""))
        story = best[1] if best[0] >= THRESHOLD and best[1] else story_of(key)
        out.append((story, story != story_of(key)))
        pending.append((key, sig, {b for b in mine}, story))
    return out


def refresh_stories(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str]) -> None:
    """Recount the given stories from `articles` (inside the caller's transaction)."""
    ids = sorted(set(s for s in story_ids if s))
    if not ids:
        return
    con.execute("DELETE FROM stories WHERE story_id IN (SELECT unnest($1))", [ids])
    con.execute("""
        INSERT INTO stories
        SELECT story_id, count(*), min(published), max(published),
               arg_min(key, (ingested_at, key)),
               arg_min(coalesce(title, left(split_part(text, chr(10), 1), 120)), (ingested_at, key))
        FROM articles WHERE story_id IN (SELECT unnest($1)) GROUP BY story_id""", [ids])


def catch_up_stories(con: duckdb.DuckDBPyConnection, batch: int = 256) -> int:
    """Give a story to every article that has none (rows loaded from Parquet or inserted by hand), signing
    the texts that have no signature yet. Returns how many articles were assigned."""
    done = 0
    while rows := con.execute(
            "SELECT a.key, a.text, m.signature FROM articles a LEFT JOIN minhashes m ON m.article_key = a.key "
            "WHERE a.story_id IS NULL ORDER BY a.ingested_at, a.key LIMIT ?", [batch]).fetchall():
        con.begin()
        try:
            items, new_sigs, bands = [], [], []
            for key, text, sig in rows:
                if sig is None or len(sig) != 4 * NUM_PERM:   # absent, or not this store's MinHash
                    sig = signature(text or "")
                    if sig is not None:
                        new_sigs.append((key, sig))
                else:
                    sig = bytes(sig)
                items.append((key, sig))
                bands += band_rows(key, sig)
            keys = [k for k, _ in items]
            con.execute("DELETE FROM lsh_bands WHERE article_key IN (SELECT unnest($1))", [keys])
            con.execute("DELETE FROM minhashes WHERE article_key IN (SELECT unnest($1))", [[k for k, _ in new_sigs]])
            stories = assign_stories(con, items)
            db.insert(con, "minhashes", new_sigs)
            db.insert(con, "lsh_bands", bands)
            con.execute("UPDATE articles SET story_id = s.story FROM (SELECT unnest($1) AS key, unnest($2) AS story) s "
                        "WHERE articles.key = s.key", [[k for k, _ in items], [s for s, _ in stories]])
            refresh_stories(con, [s for s, _ in stories])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        done += len(rows)
    return done


def cluster_id(article_key: str, idx: int) -> int:
    """A stable 60-bit id from the cluster's first report (GDELT's GlobalEventID is an integer)."""
    return int(hashlib.sha256(f"{article_key}:{idx}".encode()).hexdigest()[:15], 16)


def _side(ids: list[str] | None, codes: dict[str, str]) -> str:
    return "+".join(sorted({codes[i] for i in (ids or []) if i in codes}))


def cluster_events(con: duckdb.DuckDBPyConnection, article_keys: list[str] | None = None) -> set[int]:
    """Put each unclustered, non-negated event (of the given articles; of all articles when None) into a
    cluster, inside the caller's transaction. Returns the clusters touched (their counts are refreshed)."""
    where = "AND e.article_key IN (SELECT unnest($1))" if article_keys is not None else ""
    params = [article_keys] if article_keys is not None else []
    events = con.execute(f"""
        SELECT e.article_key, e.idx, e.type, e.source, e.target, coalesce(e.location_country, ''),
               CASE WHEN coalesce(e.historical, false) THEN TRY_CAST(e.date AS DATE)
                    ELSE coalesce(TRY_CAST(e.date AS DATE), a.published) END AS day
        FROM events e JOIN articles a ON a.key = e.article_key
        WHERE e.cluster_id IS NULL AND NOT coalesce(e.negated, false) {where}
        ORDER BY day NULLS LAST, a.ingested_at, e.article_key, e.idx""", params).fetchall()
    if not events:
        return set()
    keys = sorted({e[0] for e in events})
    codes: dict[str, dict[str, str]] = {}
    for key, actor_id, code, name in con.execute(
            "SELECT article_key, actor_id, code, name FROM actors WHERE article_key IN (SELECT unnest($1))", [keys]).fetchall():
        codes.setdefault(key, {})[actor_id] = code or (name or "").upper()
    sigs = [(e[2] or "", _side(e[3], codes.get(e[0], {})), _side(e[4], codes.get(e[0], {})), e[5]) for e in events]
    clusters: dict[tuple, list[tuple[Date, int]]] = {}
    uniq = sorted(set(sigs))
    for cid, t, s, g, c, d in con.execute("""
            SELECT c.cluster_id, c.type, c.source_codes, c.target_codes, c.country, c.date FROM event_clusters c
            JOIN (SELECT unnest($1) AS t, unnest($2) AS s, unnest($3) AS g, unnest($4) AS c) q
              ON c.type = q.t AND c.source_codes = q.s AND c.target_codes = q.g AND c.country = q.c
            WHERE c.date IS NOT NULL AND (c.source_codes <> '' OR c.target_codes <> '')""",
            [[u[0] for u in uniq], [u[1] for u in uniq], [u[2] for u in uniq], [u[3] for u in uniq]]).fetchall():
        clusters.setdefault((t, s, g, c), []).append((d, cid))
    assigned, new = [], []
    for (key, idx, *_rest, day), sig in zip(events, sigs):
        known = day is not None and (sig[1] or sig[2])   # undated or actorless events are not matched
        near = [(abs((d - day).days), d, cid) for d, cid in clusters.get(sig, ()) if known and abs((d - day).days) <= 1]
        if near:
            cid = min(near)[2]
        else:
            cid = cluster_id(key, idx)
            new.append((cid, *sig, day))
            if known:
                clusters.setdefault(sig, []).append((day, cid))
        assigned.append((key, idx, cid))
    db.insert(con, "event_clusters", new, ["cluster_id", "type", "source_codes", "target_codes", "country", "date"])
    con.execute("""UPDATE events SET cluster_id = s.cid FROM (SELECT unnest($1) AS k, unnest($2) AS i, unnest($3) AS cid) s
                   WHERE events.article_key = s.k AND events.idx = s.i""",
                [[a[0] for a in assigned], [a[1] for a in assigned], [a[2] for a in assigned]])
    touched = {a[2] for a in assigned}
    refresh_clusters(con, touched)
    return touched


def refresh_clusters(con: duckdb.DuckDBPyConnection, ids: Iterable[int]) -> None:
    """Recount reports, articles and distinct outlets of the given clusters from `events`."""
    ids = sorted(set(ids))
    if not ids:
        return
    con.execute("""
        UPDATE event_clusters SET reports = s.reports, articles = s.articles, sources = s.sources,
               first_date = s.first_date, last_date = s.last_date, cameo = s.cameo, first_article_key = s.first_key
        FROM (SELECT e.cluster_id, count(*) AS reports, count(DISTINCT e.article_key) AS articles,
                     count(DISTINCT a.outlet) AS sources,
                     min(coalesce(TRY_CAST(e.date AS DATE), a.published)) AS first_date,
                     max(coalesce(TRY_CAST(e.date AS DATE), a.published)) AS last_date,
                     mode(e.cameo) AS cameo, arg_min(e.article_key, (a.ingested_at, e.article_key)) AS first_key
              FROM events e JOIN articles a ON a.key = e.article_key
              WHERE e.cluster_id IN (SELECT unnest($1)) GROUP BY e.cluster_id) s
        WHERE event_clusters.cluster_id = s.cluster_id""", [ids])


def catch_up_events(con: duckdb.DuckDBPyConnection) -> int:
    """Cluster every event still without a cluster (one transaction). Returns the clusters touched."""
    con.begin()
    try:
        touched = cluster_events(con, None)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(touched)
