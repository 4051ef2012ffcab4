"""ACLED fatalities, row by row: which notes the figures stage gets wrong, for analysis.

The scorer (../shared/eval/score.py acled score) counts a row with fatalities f > 0 as exact when f is one
of the record's killed values or their sum, and a row with 0 as wrong when any killed value is > 0. This
script applies the same rule to each row and prints the misses with the note and the killed figures found.

    python3 ../shared/eval/score.py acled input --gold ../shared/data/acled/acled_global_2020.csv > /tmp/acled.in.jsonl
    .venv/bin/newscoder analyze /tmp/acled.in.jsonl -o /tmp/acled.out.jsonl
    .venv/bin/python bench/acled_figures.py --pred /tmp/acled.out.jsonl [--show fatal|zero|none] [--limit N]

Use it to find patterns, not to fit single rows.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled" / "acled_global_2020.csv"


def rows(path: Path):
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            notes = row.get("notes") or ""
            if notes.strip() and not re.search(r"\bcoded\b", notes, re.I):    # the scorer's selection
                yield row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--pred", type=Path, required=True)
    ap.add_argument("--show", choices=("fatal", "zero", "both", "none"), default="both")
    ap.add_argument("--limit", type=int, default=0, help="print at most this many misses of each sort")
    args = ap.parse_args()
    pred = {}
    with open(args.pred, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pred[rec["id"]] = rec
    fatal = exact = zero = false_kill = 0
    shown = {"fatal": 0, "zero": 0}
    for row in rows(args.gold):
        rec = pred.get(row.get("event_id_cnty") or row.get("data_id"))
        if rec is None:
            continue
        f = int(float(row.get("fatalities") or 0))
        figs = rec.get("figures") or []
        killed = [x.get("value") for x in figs if x.get("kind") == "killed"]
        if f > 0:
            fatal += 1
            ok = f in killed or sum(v or 0 for v in killed) == f
            exact += ok
            sort = None if ok else "fatal"
        else:
            zero += 1
            bad = any((v or 0) > 0 for v in killed)
            false_kill += bad
            sort = "zero" if bad else None
        if sort and args.show in (sort, "both") and (not args.limit or shown[sort] < args.limit):
            shown[sort] += 1
            print(f"[{sort}] gold={f} killed={killed}  {rec['id']}")
            print("   ", row["notes"])
            for x in figs:
                print(f"    - {x['kind']} {x['value']} {x['qualifier']}: {x['text']!r}")
    print(json.dumps({"fatal_rows": fatal, "fatalities_exact_when_positive": round(exact / fatal, 4) if fatal else 0,
                      "zero_rows": zero, "false_killed_when_zero": round(false_kill / zero, 4) if zero else 0}))


if __name__ == "__main__":
    main()
