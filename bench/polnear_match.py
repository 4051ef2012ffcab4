"""The PolNeAR scorer's matching (../shared/eval/score.py quotes), replayed per document for the analysis
and training scripts: which predicted quote pairs with which gold attribution, and whether its source and
cue count as right. The pairing and normalisation are the scorer's own functions (imported, not copied);
only its source and cue checks, closures inside `quotes_score`, are restated here, once.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
import score as S  # noqa: E402

DIRECT = ("direct", "mixed")


def documents(gold_path: str | Path, pred_path: str | Path) -> Iterator[tuple[dict, dict, dict, list, list, dict]]:
    """Per gold document: (gold, record, actors by id, gold attributions, predicted quotes, {gold index:
    predicted index}) with the scorer's greedy Jaccard >= 0.5 pairing."""
    pred = S.load_pred(str(pred_path))
    for g in S.read_jsonl(str(gold_path)):
        rec = pred.get(str(g["doc_id"])) or {}
        ga, pq = g["attributions"], rec.get("quotes") or []
        gt = [S.norm_content(" ".join(c["text"] for c in a["content"])) for a in ga]
        pairs = S.greedy_pairs(list(range(len(ga))), pq,
                               lambda gi, p: S.jaccard(gt[gi], S.norm_content(p.get("text"))), 0.5)
        yield g, rec, S.actor_index(rec), ga, pq, dict(pairs)


def source_ok(a: dict, p: dict, actors: dict) -> bool:
    """The scorer's source check: a content word of the gold source in the speaker, via or actor name."""
    if a.get("source") is None:
        return True
    src = a["source"]["text"]
    gs = S.content_words(src)
    names = [p.get("speaker_text") or "", p.get("via") or "", (actors.get(p.get("speaker")) or {}).get("name", "")]
    return any(gs & S.content_words(n) for n in names) or (
        not gs and bool(S.words(src)) and S.words(src)[0] in S.words(p.get("speaker_text") or ""))


def cue_ok(a: dict, p: dict) -> bool:
    """The scorer's cue check: no gold cue words, or one shared with the predicted cue."""
    cue = (a.get("cue") or {}).get("text", "")
    return not S.words(cue) or bool(set(S.words(cue)) & set(S.words(p.get("cue") or "")))
