"""Train the learned unquoted-attribution model (newscoder.reported_model) on PolNeAR train only.

    .venv/bin/python bench/train_reported.py [--out src/newscoder/data/reported_model.npz] [--cache F]

Reads ../shared/data/polnear/polnear_train.jsonl (never copied into the project; dev is never read).
Each article goes through newscoder's own preparation, parse and quote stage with the model switched off;
every verb the rules left alone offers its candidate spans (reported_model.options), and a span is
labelled positive when it matches (the scorer's Jaccard >= 0.5 on words) a gold attribution that no
predicted quote matches yet. Prints held-out figures (one document in five, by crc32 of its id) at a few
thresholds: new matches, new predictions and their precision. Then trains on all documents and writes
the artifact. Deterministic: fixed order, no sampling, L-BFGS. --cache keeps the parses between runs.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from newscoder import actors, event_model, pipeline, quotemarks, quotes, reported_model
from newscoder.doccache import doc_text
from newscoder.nlp import load as load_nlp
from newscoder.settings import Settings

from polnear_match import S  # bench/, beside this script: the scorer's own normalisation and Jaccard

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "polnear_train.jsonl"
OUT = ROOT / "src" / "newscoder" / reported_model.MODEL_PATH
HELD_OUT = 5


def parsed(cache: Path | None):
    if cache is not None and cache.exists():
        from spacy.tokens import DocBin
        recs, golds, data = pickle.loads(cache.read_bytes())
        return recs, golds, list(DocBin().from_bytes(data).get_docs(load_nlp(Settings()).vocab))
    settings = Settings()
    recs, golds = [], []
    for line in TRAIN.open(encoding="utf-8"):
        g = json.loads(line)
        art = pipeline.Article(id=str(g["doc_id"]), text=g["text"], published=g.get("publication_date"))
        recs.append(pipeline.prepare(art, settings).record)
        golds.append([S.norm_content(" ".join(c["text"] for c in a["content"])) for a in g["attributions"]])
    docs = list(load_nlp(settings).pipe([r.text for r in recs], batch_size=16))
    if cache is not None:
        from spacy.tokens import DocBin
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        cache.write_bytes(pickle.dumps((recs, golds, db.to_bytes())))
    return recs, golds, docs


def candidates(recs, golds, docs) -> list[dict]:
    """One row per candidate span: its features, label, document and verb."""
    rows = []
    for k, (rec, gold, doc) in enumerate(zip(recs, golds, docs)):
        table = actors.extract(doc, rec.published)
        found = quotes.extract(doc, table, rec.embeds)
        texts = [S.norm_content(q.text) for q in found]
        matched = {gi for gi, g in enumerate(gold) if any(S.jaccard(g, t) >= 0.5 for t in texts)}
        open_gold = [g for gi, g in enumerate(gold) if gi not in matched]
        marks = quotemarks.find(doc_text(doc))
        quoted = [(q.open_mark, q.outer_end) for q in quotemarks.outermost(marks, doc_text(doc)) if not q.single]
        cues = {q.cue_start for q in found}
        spans = [(q.start, q.end) for q in found]
        held = zlib.crc32(rec.id.encode()) % HELD_OUT == 0
        for verb in doc:
            if verb.pos_ != "VERB" or verb.idx in cues or any(s <= verb.idx < e for s, e in quoted + spans):
                continue
            subj = reported_model.eligible(verb)
            if subj is None:
                continue
            for cand in reported_model.options(verb):
                w = S.norm_content(doc_text(doc)[cand.toks[0].idx:cand.toks[-1].idx + len(cand.toks[-1].text)])
                hits = [gi for gi, g in enumerate(open_gold) if S.jaccard(g, w) >= 0.5]
                rows.append({"lemma": verb.lemma_.lower(), "noun": reported_model.speaker_noun(subj), "feats": reported_model.features(cand, subj), "y": "yes" if hits else "no",
                             "doc": k, "verb": verb.i, "hits": hits, "held": held,
                             "span": (cand.toks[0].idx, cand.toks[-1].idx + len(cand.toks[-1].text))})
    return rows


def cue_lemmas(rows: list[dict]) -> list[str]:
    """Lemmas of verbs that reported a gold attribution at least MIN_POSITIVE times (a verb counts once)."""
    pos: dict[str, set] = {}
    for r in rows:
        if r["hits"]:
            pos.setdefault(r["lemma"], set()).add((r["doc"], r["verb"]))
    return sorted(lem for lem, vs in pos.items() if len(vs) >= reported_model.MIN_POSITIVE)


def speaker_nouns(rows: list[dict]) -> list[str]:
    """Common nouns that were the speaker of a gold attribution at least MIN_SPEAKER times."""
    pos: dict[str, set] = {}
    for r in rows:
        if r["hits"] and r["noun"]:
            pos.setdefault(r["noun"], set()).add((r["doc"], r["verb"]))
    return sorted(n for n, vs in pos.items() if len(vs) >= reported_model.MIN_SPEAKER)


def usable(rows: list[dict], lemmas: list[str], nouns: list[str]) -> list[dict]:
    """The rows inference would score: a known cue lemma, a name, pronoun or known speaker noun."""
    keep, speak = set(lemmas), set(nouns)
    return [r for r in rows if r["lemma"] in keep and (r["noun"] is None or r["noun"] in speak)]


def save(path: Path, w: np.ndarray, b: np.ndarray, lemmas: list[str], nouns: list[str]) -> None:
    """event_model's artifact, with the cue lemmas added (fixed member dates: reproducible bytes)."""
    import io
    import zipfile

    event_model.save(path, ["no", "yes"], w, b)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, words in (("lemmas", lemmas), ("speakers", nouns)):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.array(words), allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED)


def evaluate(model: event_model.Model, rows: list[dict], n_open: int) -> None:
    """Inference as reported_model.learned does it, on held-out rows: best span per verb over threshold."""
    probs = [float(model.scores(r["feats"])[1]) for r in rows]
    for th in (0.3, 0.4, 0.5, 0.6, 0.7):
        best: dict[tuple[int, int], tuple[float, dict]] = {}
        for p, r in zip(probs, rows):
            key = (r["doc"], r["verb"])
            if p >= th and (key not in best or p > best[key][0]):
                best[key] = (p, r)
        used, tp = set(), 0
        for p, r in sorted(best.values(), key=lambda x: -x[0]):
            free = [h for h in r["hits"] if (r["doc"], h) not in used]
            if free:
                used.add((r["doc"], free[0]))
                tp += 1
        n = len(best)
        print(f"  threshold {th}: predicted {n}, new matches {tp}, precision {tp / max(1, n):.3f}, "
              f"of open gold {tp / max(1, n_open):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--l2", type=float, default=10.0, help="L2 strength (10 beat 1 and 3 on the held-out fifth)")
    ap.add_argument("--rows", type=Path, default=None, help="keep the labelled candidates (feature work only)")
    args = ap.parse_args()
    if not TRAIN.exists():
        sys.exit(f"{TRAIN} not found: training reads the shared data beside the project")
    t0 = time.perf_counter()
    reported_model.load = lambda: None      # the rules alone: the model learns what they leave
    recs, golds, docs = parsed(args.cache)
    if args.rows is not None and args.rows.exists():
        rows = pickle.loads(args.rows.read_bytes())
    else:
        rows = candidates(recs, golds, docs)
        if args.rows is not None:
            args.rows.write_bytes(pickle.dumps(rows))
    print(f"documents: {len(docs)}  candidate spans: {len(rows)}  positive: {sum(r['y'] == 'yes' for r in rows)}"
          f"  ({time.perf_counter() - t0:.0f} s)")
    train_rows, held = [r for r in rows if not r["held"]], [r for r in rows if r["held"]]
    n_open = len({(r["doc"], h) for r in held for h in r["hits"]})
    fold_lemmas, fold_nouns = cue_lemmas(train_rows), speaker_nouns(train_rows)   # from the training fold only
    train_rows, held = usable(train_rows, fold_lemmas, fold_nouns), usable(held, fold_lemmas, fold_nouns)
    w, b = event_model.train([(r["feats"], r["y"]) for r in train_rows], ["no", "yes"], l2=args.l2)
    q, scales = event_model.quantise(w)
    evaluate(event_model.Model(("no", "yes"), q.astype(np.float32) * scales[None, :], b.astype(np.float32),
                               event_model.DIM_BITS), held, n_open)
    lemmas, nouns = cue_lemmas(rows), speaker_nouns(rows)
    rows = usable(rows, lemmas, nouns)
    w, b = event_model.train([(r["feats"], r["y"]) for r in rows], ["no", "yes"], l2=args.l2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save(args.out, w, b, lemmas, nouns)
    print(f"cue lemmas: {len(lemmas)}  speaker nouns: {len(nouns)}")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
