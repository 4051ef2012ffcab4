"""Train the event-type classifier (newscoder.event_model) from the shared training sets; `make train`.

    .venv/bin/python bench/train_events.py [--out src/newscoder/data/events/type_model.npz] [--limit N]

Reads ../shared/data (never copied into the project) and labels the rule stage's trigger candidates by
distant supervision:
  plover/ngec_synthetic_events.csv   4,500 synthetic stories, one PLOVER type each: the lead paragraph's
                                     candidates whose lexicon types include the story's type get it
  case2021/...tsv                    1,019 snippets with ACLED-style sub-types, mapped to PLOVER types
                                     (AIR_STRIKE -> ASSAULT, PEACE_PROTEST -> PROTEST, ARREST -> COERCE, ...)
  conflibert/cameo_class_train.tsv   1,349 sentences with a quad class only: a candidate is labelled when
                                     exactly one of its lexicon types falls in that quad class
Prints held-out figures (a fifth of the stories, split by story template so near-copies never straddle
the split): accuracy over all candidates and over ambiguous ones (a word whose lexicon rows allow
several types), the rules' own type on the same candidates, and the combined policy events.py applies.
Then trains on everything and writes the artifact. Deterministic: fixed order, no sampling, L-BFGS.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from newscoder import actors, event_model, events
from newscoder.event_lexicon import lemma, load as load_lexicon
from newscoder.nlp import load as load_nlp
from newscoder.record import Record
from newscoder.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "newscoder" / event_model.MODEL_PATH
CASE_TO_PLOVER = {
    "ARMED_CLASH": "ASSAULT", "AIR_STRIKE": "ASSAULT", "ART_MISS_ATTACK": "ASSAULT", "ATTACK": "ASSAULT",
    "CHEM_WEAP": "ASSAULT", "GRENADE": "ASSAULT", "SUIC_BOMB": "ASSAULT", "REM_EXPLOS": "ASSAULT",
    "SEX_VIOL": "ASSAULT", "ABDUCT_DISSAP": "ASSAULT", "GOV_REGAINS_TERIT": "ASSAULT",
    "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT", "PEACE_PROTEST": "PROTEST", "PROTEST_WITH_INTER": "PROTEST",
    "VIOL_DEMONSTR": "PROTEST", "MOB_VIOL": "PROTEST", "ARREST": "COERCE", "FORCE_AGAINST_PROTEST": "COERCE",
    "AGREEMENT": "AGREE", "DIPLO": "CONSULT"}
HELD_OUT = 5                     # one group in five (by crc32 of the group key)



def read_sets(limit: int) -> list[tuple[str, str, str]]:
    """(text, label, group): label a PLOVER type or "Q<n>" for a quad class."""
    out = []
    with open(DATA / "plover" / "ngec_synthetic_events.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lede = row["text"].strip().split("\n\n")[0][:700]
            out.append((lede, row["label"], "ngec:" + row["title"]))
    with open(DATA / "case2021" / "test_set_final_release_with_labels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            kind = CASE_TO_PLOVER.get((row.get("SubType") or "").strip())
            if kind:
                out.append((row["EventSnippet"][:700], kind, "case:" + row["id"]))
    with open(DATA / "conflibert" / "cameo_class_train.tsv", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            text, _, label = line.rstrip("\n").rpartition("\t")
            if label.strip() in ("1", "2", "3", "4"):
                out.append((text, "Q" + label.strip(), f"conf:{i}"))
    return out[:limit] if limit else out


def candidates(sets: list[tuple[str, str, str]]) -> list[dict]:
    """The rule stage's trigger candidates in each text, with their distant label (or none)."""
    nlp, lex = load_nlp(Settings()), load_lexicon()
    found = []
    for (text, label, group), doc in zip(sets, nlp.pipe([s[0] for s in sets], batch_size=32)):
        stage = events._Stage(doc, actors.extract(doc, None), Record(id="t", text=text))
        stage._find()
        for c in stage.cands:
            among = event_model.types_of(c.tok, c.pos)
            if label.startswith("Q"):
                fits = [t for t, q in among.items() if q == int(label[1:])]
                gold = fits[0] if len(fits) == 1 else None
            else:
                gold = label if label in among else None
            if gold:
                rows = [r for key in dict.fromkeys([(c.tok.lower_, c.pos), (lemma(c.tok), c.pos)])
                        for r in lex.rows.get(key, ()) if r.type]
                found.append({"feats": event_model.features(c.tok, c.head, c.light), "gold": gold,
                              "rule": c.row.type, "among": set(among), "fallback": not c.row.conds,
                              "primary": {r.type for r in rows},
                              "fits": {r.type for r in rows if event_model._fits(r, c.tok, stage.args)},
                              "held": zlib.crc32(group.encode()) % HELD_OUT == 0})
    return found


def evaluate(model: event_model.Model, rows: list[dict]) -> None:
    amb = [r for r in rows if len(r["among"]) > 1]
    fall = [r for r in amb if r["fallback"]]

    def acc(rs: list[dict], pick) -> str:
        return f"{sum(pick(r) == r['gold'] for r in rs) / max(1, len(rs)):.3f}"

    def clf(r: dict) -> str:
        p = model.probs(r["feats"], r["among"])
        return max(p, key=p.get)

    def combined(r: dict) -> str:         # what event_model.retype does in the pipeline
        if not (r["fallback"] and len(r["primary"]) > 1):
            return r["rule"]
        p = model.probs(r["feats"], r["primary"])
        best = max(p, key=p.get)
        return best if best != r["rule"] and p[best] >= event_model.SWITCH and best in r["fits"] else r["rule"]

    print(f"held-out candidates: {len(rows)}  ambiguous: {len(amb)}  ambiguous on a fallback row: {len(fall)}")
    print(f"  all types (16-way, unrestricted): classifier {acc(rows, lambda r: model.types[int(np.argmax(model.scores(r['feats'])))])}")
    for name, rs in (("all", rows), ("ambiguous", amb), ("fallback", fall)):
        print(f"  {name:10} rules {acc(rs, lambda r: r['rule'])}  classifier {acc(rs, clf)}  "
              f"combined {acc(rs, combined)}")


def fit(rows: list[dict], types: list[str]) -> event_model.Model:
    w, b = event_model.train([(r["feats"], r["gold"]) for r in rows], types)
    q, scales = event_model.quantise(w)
    return event_model.Model(tuple(types), q.astype(np.float32) * scales[None, :], b.astype(np.float32),
                             event_model.DIM_BITS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--limit", type=int, default=0, help="first N texts only (a quick check)")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: training reads the shared data beside the project")
    t0 = time.perf_counter()
    sets = read_sets(args.limit)
    rows = candidates(sets)
    types = sorted({r["gold"] for r in rows})
    print(f"texts: {len(sets)}  labelled candidates: {len(rows)}  parse+label: {time.perf_counter() - t0:.0f} s")
    train_rows, held = [r for r in rows if not r["held"]], [r for r in rows if r["held"]]
    evaluate(fit(train_rows, types), held)
    w, b = event_model.train([(r["feats"], r["gold"]) for r in rows], types)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    event_model.save(args.out, types, w, b)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
