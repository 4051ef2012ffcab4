"""Gold direct attributions that no prediction pairs with (the scorer's Jaccard >= 0.5 pairing), with the
words before each and what we predicted within 50 characters: the list to sort into classes of missed
introductions (colon leads, speech nouns, inverted tags, ...). Train only.

    python bench/polnear_unmatched.py GOLD PRED > unmatched.txt
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from polnear_match import documents  # noqa: E402


def main(gold: str, pred: str) -> None:
    n = 0
    for g, _rec, _actors, ga, pq, m in documents(gold, pred):
        text = g["text"]
        for gi, a in enumerate(ga):
            spans = [sp for c in a["content"] for sp in c["spans"]]
            if a.get("quote_marks") != "direct" or gi in m or not spans:
                continue
            s, e = min(sp[0] for sp in spans), max(sp[1] for sp in spans)
            near = [p for p in pq if p.get("start") is not None and p["start"] < e + 50 and p["end"] > s - 50]
            n += 1
            print("=" * 80)
            print(g["doc_id"], "src=", (a.get("source") or {}).get("text"), "cue=", (a.get("cue") or {}).get("text"))
            print("CTX:", repr(text[max(0, s - 200):s]), "\nQ:", repr(text[s:min(e, s + 250)]))
            for p in near:
                print("  PRED", p["kind"], repr(p["text"][:120]), "|", p.get("speaker_text"), "|", p.get("cue"))
    print("TOTAL", n)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
