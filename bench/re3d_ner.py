"""Entity recognition against re3d (../shared/data/re3d): precision and recall for people, organisations
and locations, for the bare model and for newscoder's pipeline (model + actor-dictionary merger).

    .venv/bin/python bench/re3d_ner.py

Predicted labels count as: PERSON -> Person; ORG -> Organisation; GPE -> Location or Organisation (re3d
annotates a country acting as a state both ways); LOC, FAC -> Location; NORP -> Nationality is not scored.
A match is strict (same start and end) or lenient (overlapping spans); both are printed. re3d also
annotates role phrases and pronouns ("the army", "the Minister", "he"), so a third view scores the actor
stage's mentions (kind person -> PERSON, organization/group/igo/media -> ORG, state -> GPE).
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from newscoder.nlp import load, load_bare, resolve_model
from newscoder.settings import Settings

RE3D = Path(__file__).resolve().parents[2] / "shared" / "data" / "re3d"
TYPES = ("Person", "Organisation", "Location")
COUNTS_AS = {"PERSON": {"Person"}, "ORG": {"Organisation"}, "GPE": {"Location", "Organisation"},
             "LOC": {"Location"}, "FAC": {"Location"}}


def read_json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus() -> tuple[dict[str, str], dict[str, list[tuple[int, int, str]]]]:
    docs, gold = {}, defaultdict(list)
    for folder in sorted(p for p in RE3D.iterdir() if p.is_dir()):
        for d in read_json_lines(folder / "documents.json"):
            docs[d["_id"]] = d["text"]
        for e in read_json_lines(folder / "entities.json"):
            if e["type"] in TYPES:
                gold[e["documentId"]].append((e["begin"], e["end"], e["type"]))
    return docs, gold


KIND_AS = {"person": "PERSON", "organization": "ORG", "group": "ORG", "igo": "ORG", "media": "ORG", "state": "GPE"}


class Ent:
    """An actor mention dressed as an entity, so that one scorer serves both views."""
    def __init__(self, start_char: int, end_char: int, label_: str):
        self.start_char, self.end_char, self.label_ = start_char, end_char, label_


def mentions_as_entities(doc) -> list[Ent]:
    from newscoder.actors import extract
    return [Ent(m.start, m.end, KIND_AS.get(m.kind, "")) for m, _ in extract(doc).mentions]


def score(nlp, docs, gold, view=lambda doc: doc.ents) -> dict[str, dict[str, float]]:
    tp_p = defaultdict(lambda: [0, 0, 0])   # type -> [strict hits, lenient hits, predicted]
    tp_r = defaultdict(lambda: [0, 0, 0])   # type -> [strict found, lenient found, gold]
    ids = list(docs)
    for doc_id, doc in zip(ids, nlp.pipe((docs[i] for i in ids), batch_size=16)):
        g = gold.get(doc_id, [])
        pred = [(e.start_char, e.end_char, t) for e in view(doc) for t in COUNTS_AS.get(e.label_, ())]
        # A GPE counts once for precision: under whichever of its types the gold has, else Location.
        seen = set()
        for s, e, t in pred:
            if (s, e) in seen and not any(gs == s and ge == e and gt == t for gs, ge, gt in g):
                continue
            seen.add((s, e))
            tp_p[t][2] += 1
            tp_p[t][0] += any(gs == s and ge == e and gt == t for gs, ge, gt in g)
            tp_p[t][1] += any(gs < e and s < ge and gt == t for gs, ge, gt in g)
        for gs, ge, gt in set(g):
            tp_r[gt][2] += 1
            tp_r[gt][0] += any(s == gs and e == ge and t == gt for s, e, t in pred)
            tp_r[gt][1] += any(s < ge and gs < e and t == gt for s, e, t in pred)
    out = {}
    for t in TYPES:
        p, r = tp_p[t], tp_r[t]
        out[t] = {"P strict": p[0] / p[2] if p[2] else 0, "R strict": r[0] / r[2] if r[2] else 0,
                  "P lenient": p[1] / p[2] if p[2] else 0, "R lenient": r[1] / r[2] if r[2] else 0,
                  "gold": r[2], "predicted": p[2]}
    return out


def main() -> None:
    docs, gold = corpus()
    settings = Settings()
    name = resolve_model(settings)
    print(f"re3d: {len(docs)} documents, model {name}")
    runs = (("bare model: entities", load_bare(name), lambda doc: doc.ents),
            ("newscoder: entities (model + dictionary)", load(settings), lambda doc: doc.ents),
            ("newscoder: actor mentions (names, role phrases, resolved pronouns)", load(settings),
             mentions_as_entities))
    for label, nlp, view in runs:
        print(f"\n{label}")
        print(f"{'type':14}{'gold':>6}{'pred':>6}{'P strict':>10}{'R strict':>10}{'P lenient':>11}{'R lenient':>11}")
        for t, s in score(nlp, docs, gold, view).items():
            print(f"{t:14}{s['gold']:6}{s['predicted']:6}{s['P strict']:10.3f}{s['R strict']:10.3f}"
                  f"{s['P lenient']:11.3f}{s['R lenient']:11.3f}")


if __name__ == "__main__":
    main()
