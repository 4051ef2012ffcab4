"""Why quotes miss on PolNeAR: the scorer's own matching, replayed per attribution, with reasons.

    .venv/bin/python bench/polnear_errors.py GOLD.jsonl PRED.jsonl [--show N] [--kind missed|wrong|extra]

Replays ../shared/eval/score.py's matching through bench/polnear_match.py, prints counts of
direct+mixed misses by reason (no content match, wrong source, wrong cue) and examples of each.
"""
import argparse
import collections
import random

import polnear_match  # bench/, beside this script
from polnear_match import DIRECT, cue_ok, source_ok


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--kind", default="missed")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    reasons = collections.Counter()
    examples = collections.defaultdict(list)
    for g, rec, actors, ga, pq, matched in polnear_match.documents(args.gold, args.pred):
        used = set(matched.values())
        for gi, a in enumerate(ga):
            if a.get("quote_marks") not in DIRECT:
                continue
            src = (a.get("source") or {}).get("text")
            cue = (a.get("cue") or {}).get("text")
            content = " ".join(c["text"] for c in a["content"])
            if gi not in matched:
                why = "no content match"
                p = None
            else:
                p = pq[matched[gi]]
                src_ok, right_cue = source_ok(a, p, actors), cue_ok(a, p)
                why = "ok" if src_ok and right_cue else ("wrong source" if not src_ok else "wrong cue")
            reasons[why] += 1
            examples[why].append((g["doc_id"], src, cue, content[:160], p and (p.get("speaker_text"), p.get("cue"), p.get("text", "")[:160])))
        for pi, p in enumerate(pq):
            if pi not in used and p.get("kind") in DIRECT:
                reasons["extra prediction"] += 1
                examples["extra prediction"].append((g["doc_id"], p.get("speaker_text"), p.get("cue"), p.get("text", "")[:200], None))
    print(dict(reasons))
    random.seed(args.seed)
    key = {"missed": "no content match", "wrong": "wrong source", "cue": "wrong cue", "extra": "extra prediction"}[args.kind]
    for ex in random.sample(examples[key], min(args.show, len(examples[key]))):
        print("-", ex)


if __name__ == "__main__":
    main()
