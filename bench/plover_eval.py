"""The event stage's three measurements in one run: PLOVER dev records, the seed article, ACLED notes.

    .venv/bin/python bench/plover_eval.py [--acled-limit N] [--misses TYPE]

Each set goes through `../shared/eval/score.py <set> input`, the real `newscoder analyze` command and
`score.py <set> score`, exactly as docs/benchmarks.md lists them; the script prints the figures the
targets are stated in. `--misses TYPE` also lists the PLOVER records of that type whose type was not
found (for reading errors, not for tuning to the dev set).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
NEWSCODER = ROOT / ".venv" / "bin" / "newscoder"
PLOVER = SHARED / "data" / "plover" / "plover_gsr_dev.json"
SEED = SHARED / "seed" / "000_1a7beac0dd8a92b8.gold.json"
ACLED = SHARED / "data" / "acled" / "acled_global_2020.csv"


def measure(kind: str, gold: Path, work: Path, limit: int = 0) -> dict:
    inp, out = work / f"{kind}.in.jsonl", work / f"{kind}.out.jsonl"
    extra = ["--limit", str(limit)] if limit else []
    with open(inp, "w") as fh:
        subprocess.run([sys.executable, str(SCORE), kind, "input", "--gold", str(gold), *extra], stdout=fh, check=True)
    subprocess.run([str(NEWSCODER), "analyze", str(inp), "-o", str(out)], check=False)
    done = subprocess.run([sys.executable, str(SCORE), kind, "score", "--gold", str(gold), "--pred", str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout) | {"_pred": str(out)}


def misses(kind: str, pred_path: str) -> None:
    old = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
    pred = {json.loads(ln)["id"]: json.loads(ln) for ln in open(pred_path) if ln.strip()}
    for r in json.load(open(PLOVER)):
        if not r.get("text") or old.get(r.get("event"), r.get("event")) != kind:
            continue
        got = [e["type"] for e in pred.get(r["id"], {}).get("events", [])]
        if kind not in got:
            print(f"  {r['text'][:110]!r} -> {got}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--acled-limit", type=int, default=0, help="first N ACLED notes only (0: all)")
    ap.add_argument("--misses", help="list PLOVER records of this type that were missed")
    args = ap.parse_args()
    if not SCORE.exists():
        sys.exit(f"{SHARED} not found: the benchmark reads the shared data beside the project")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        p = measure("plover", PLOVER, work)
        print(f"PLOVER dev ({p['records']} records): type recall {p['type_recall']}, type precision "
              f"{p['type_precision']}, dyad accuracy {p['dyad_accuracy']}")
        print("  by type:", json.dumps(p["by_type_recall"]))
        if args.misses:
            misses(args.misses, p["_pred"])
        g = measure("gold", SEED, work)
        s, doc = g["summary"]["events"], next(iter(g["documents"].values()))["events"]
        print(f"seed: event recall {s['mean_recall']}, precision {s['mean_precision']}, "
              f"date accuracy {doc['date_accuracy']} ({doc['predicted']} predicted, {doc['gold_core']} core)")
        a = measure("acled", ACLED, work, args.acled_limit)
        print(f"ACLED ({a['rows_scored']} notes): type recall {a['event_type_recall']}, date recall "
              f"{a['event_date_recall']}, country recall {a['event_country_recall']}")


if __name__ == "__main__":
    main()
