"""Train the direct/mixed quote filter (newscoder.quote_filter) on PolNeAR train; never on dev.

    .venv/bin/python bench/train_quote_filter.py [--pred RULES.jsonl] [--out src/newscoder/data/quote_filter.json]

Runs newscoder over PolNeAR train in this process with the filter and the learned reported-speech model
(newscoder.reported_model) both off, so the filter learns from the rules alone and `make train` gives the
same bytes whatever artifacts it starts from (the reported-speech model is trained after it, with it on).
--pred reads such a run's records from a file instead.

Labels each predicted direct or mixed quote 1 when its text matches a gold attribution (Jaccard >= 0.5, the
pairing of ../shared/eval/score.py), else 0; the figures it prints count precision as the scorer does
(content and source right). Fits an L2 logistic regression (L-BFGS, deterministic), picks the threshold that maximises direct+mixed
F1 on five-fold out-of-fold probabilities (documents split by crc32 of their id) among thresholds that drop
the content match of at most 0.25% of all gold attributions (past that the F1 curve is nearly flat,
the all-attribution content recall falls, and short naming quotes such as the seed's 'Iran-linked
militants' go), prints before/after figures, then trains on all
documents and writes the weights (JSON, rounded).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

from newscoder import quote_filter
from newscoder.record import Quote

import polnear_match  # noqa: E402  (bench/, beside this script)
from polnear_match import DIRECT, S, cue_ok, source_ok  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

GOLD = ROOT.parent / "shared" / "data" / "polnear" / "polnear_train.jsonl"
OUT = ROOT / "src" / "newscoder" / quote_filter.MODEL_PATH
FOLDS = 5
L2 = 10.0
MAX_CONTENT_LOSS = 0.0025        # of all gold attributions whose content match the filter may cost


def examples(gold_path: Path, pred_path: str) -> tuple[list[dict], int]:
    """One row per predicted direct/mixed quote: features, label, and whether it is a recall hit."""
    rows, n_gold = [], 0
    for g, rec, actors, ga, pq, pairs in polnear_match.documents(gold_path, pred_path):
        by_pred = {pi: gi for gi, pi in pairs.items()}
        n_gold += sum(a.get("quote_marks") in DIRECT for a in ga)
        for pi, p in enumerate(pq):
            if p.get("kind") not in DIRECT:
                continue
            gi = by_pred.get(pi)
            ok = gi is not None and source_ok(ga[gi], p, actors)
            recall_hit = ok and ga[gi].get("quote_marks") in DIRECT and cue_ok(ga[gi], p)
            q = Quote(**{k: p.get(k) for k in ("text", "start", "end", "kind", "speaker", "speaker_text", "speaker_start",
                                               "speaker_end", "cue", "cue_start", "cue_end", "via", "parts")})
            kind = (actors.get(p.get("speaker")) or {}).get("kind")
            rows.append({"doc": str(g["doc_id"]), "feats": quote_filter.features(q, rec["text"], kind),
                         "y": int(gi is not None), "content": int(gi is not None), "ok": int(ok),
                         "hit": int(recall_hit)})
    return rows, n_gold


def fit(rows: list[dict]) -> tuple[dict[str, float], float]:
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    names = sorted({f for r in rows for f in r["feats"]})
    index = {f: i for i, f in enumerate(names)}
    ri = [i for i, r in enumerate(rows) for f in set(r["feats"])]
    ci = [index[f] for r in rows for f in set(r["feats"])]
    x = csr_matrix((np.ones(len(ri)), (ri, ci)), shape=(len(rows), len(names)))
    y = np.array([r["y"] for r in rows], dtype=float)
    n = len(rows)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        f = -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)).sum() / n + 0.5 * L2 / n * (w * w).sum()
        g = (p - y) / n
        return f, np.concatenate([x.T @ g + L2 / n * w, [g.sum()]])

    res = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return {f: float(res.x[i]) for f, i in index.items()}, float(res.x[-1])


def prob(model: tuple[dict[str, float], float], feats: list[str]) -> float:
    return quote_filter.probability(feats, (model[0], model[1], 0.0))


def figures(rows: list[dict], probs: list[float], threshold: float, n_gold: int) -> tuple[float, float, float]:
    kept = [r for r, p in zip(rows, probs) if p >= threshold]
    precision = sum(r["ok"] for r in kept) / len(kept) if kept else 0.0
    recall = sum(r["hit"] for r in kept) / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def rules_only(gold_path: Path, out: Path) -> None:
    """newscoder's records for the gold's articles, with both learned quote models off, as JSON Lines."""
    from newscoder import reported_model
    from newscoder.inputs import Article
    from newscoder.pipeline import analyze_many
    from newscoder.settings import Settings

    quote_filter.load = lambda: None          # the stage reads these through the module at call time
    reported_model.load = lambda: None
    arts = (Article(id=str(g["doc_id"]), text=g["text"], published=g.get("publication_date"))
            for g in S.read_jsonl(gold_path))
    with out.open("w", encoding="utf-8") as fh:
        for rec in analyze_many(arts, Settings()):
            fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pred", help="newscoder output on polnear_train with both learned quote models off "
                                   "(default: made here)")
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--max-content-loss", type=float, default=MAX_CONTENT_LOSS,
                    help="share of all gold attributions whose content match the threshold may cost")
    ap.add_argument("--label", choices=("content", "ok"), default="content",
                    help="1 for a quote whose content matches gold, or whose content and source both do")
    args = ap.parse_args()
    if "dev" in Path(args.gold).name:
        sys.exit("train on PolNeAR train only")
    pred = args.pred
    if pred is None:
        with tempfile.TemporaryDirectory() as tmp:
            pred = str(Path(tmp) / "rules.jsonl")
            rules_only(Path(args.gold), Path(pred))
            rows, n_gold = examples(Path(args.gold), pred)
    else:
        rows, n_gold = examples(Path(args.gold), pred)
    if args.label == "ok":
        for r in rows:
            r["y"] = r["ok"]
    fold = [zlib.crc32(r["doc"].encode()) % FOLDS for r in rows]
    oof = [0.0] * len(rows)
    for k in range(FOLDS):
        model = fit([r for r, f in zip(rows, fold) if f != k])
        for i, (r, f) in enumerate(zip(rows, fold)):
            if f == k:
                oof[i] = prob(model, r["feats"])
    n_all = sum(len(g["attributions"]) for g in S.read_jsonl(Path(args.gold)))
    # the threshold: the best F1 (what the scorer measures) among those that lose at most MAX_CONTENT_LOSS of
    # all gold attributions' content matches (the filter is for titles and scare quotes; a quote it drops
    # that PolNeAR does annotate costs the all-attribution content recall, which F1 does not see)
    allowed = []
    for t in range(5, 80):
        lost = sum(r["content"] for r, p in zip(rows, oof) if p < t / 100)
        if lost <= args.max_content_loss * n_all:
            allowed.append((figures(rows, oof, t / 100, n_gold)[2], t / 100, lost))
    best = max(allowed)
    print(f"content matches lost at threshold {best[1]:.2f}: {best[2]} of {n_all} gold attributions")
    p0, r0, f0 = figures(rows, [1.0] * len(rows), 0.0, n_gold)
    p1, r1, f1 = figures(rows, oof, best[1], n_gold)
    print(f"{len(rows)} quotes, {n_gold} gold direct+mixed; unfiltered P {p0:.4f} R {r0:.4f} F1 {f0:.4f}")
    print(f"out-of-fold, threshold {best[1]:.2f}: P {p1:.4f} R {r1:.4f} F1 {f1:.4f}")
    weights, bias = fit(rows)
    out = {"about": "newscoder.quote_filter: logistic regression over quote features, trained by "
                    "bench/train_quote_filter.py on PolNeAR train", "threshold": best[1], "bias": round(bias, 4),
           "weights": {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= 1e-4}}
    Path(args.out).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(out['weights'])} weights")


if __name__ == "__main__":
    main()
