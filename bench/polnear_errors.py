"""Why quotes miss on PolNeAR: the scorer's own matching, replayed per attribution, with reasons.

    .venv/bin/python bench/polnear_errors.py GOLD.jsonl PRED.jsonl [--show N] [--kind missed|wrong|extra]

Reads ../shared/eval/score.py for its matching functions (nothing is copied), prints counts of
direct+mixed misses by reason (no content match, wrong source, wrong cue) and examples of each.
"""
import argparse
import collections
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
import score as S  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--kind", default="missed")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    pred = S.load_pred(args.pred)
    reasons = collections.Counter()
    examples = collections.defaultdict(list)
    for g in S.read_jsonl(args.gold):
        rec = pred.get(str(g["doc_id"])) or {}
        actors = S.actor_index(rec)
        ga, pq = g["attributions"], rec.get("quotes") or []
        gt = [S.norm_content(" ".join(c["text"] for c in a["content"])) for a in ga]
        pairs = S.greedy_pairs(list(range(len(ga))), pq, lambda gi, p: S.jaccard(gt[gi], S.norm_content(p.get("text"))), 0.5)
        matched = {gi: pi for gi, pi in pairs}
        used = set(matched.values())
        for gi, a in enumerate(ga):
            if a.get("quote_marks") not in ("direct", "mixed"):
                continue
            src = (a.get("source") or {}).get("text")
            cue = (a.get("cue") or {}).get("text")
            content = " ".join(c["text"] for c in a["content"])
            if gi not in matched:
                why = "no content match"
                p = None
            else:
                p = pq[matched[gi]]
                names = [p.get("speaker_text") or "", p.get("via") or "", (actors.get(p.get("speaker")) or {}).get("name", "")]
                src_ok = src is None or any(S.content_words(src) & S.content_words(n) for n in names) or (
                    not S.content_words(src) and S.words(src) and S.words(src)[0] in S.words(p.get("speaker_text") or ""))
                cue_ok = not S.words(cue or "") or bool(set(S.words(cue or "")) & set(S.words(p.get("cue") or "")))
                why = "ok" if src_ok and cue_ok else ("wrong source" if not src_ok else "wrong cue")
            reasons[why] += 1
            examples[why].append((g["doc_id"], src, cue, content[:160], p and (p.get("speaker_text"), p.get("cue"), p.get("text", "")[:160])))
        for pi, p in enumerate(pq):
            if pi not in used and p.get("kind") in ("direct", "mixed"):
                reasons["extra prediction"] += 1
                examples["extra prediction"].append((g["doc_id"], p.get("speaker_text"), p.get("cue"), p.get("text", "")[:200], None))
    print(dict(reasons))
    random.seed(args.seed)
    key = {"missed": "no content match", "wrong": "wrong source", "cue": "wrong cue", "extra": "extra prediction"}[args.kind]
    for ex in random.sample(examples[key], min(args.show, len(examples[key]))):
        print("-", ex)


if __name__ == "__main__":
    main()
