"""`newscoder analyze` for rule work: the parse of each article is kept on disk and only the extraction
stages run again, so a rule change is measured on PolNeAR train in seconds rather than minutes.

    .venv/bin/python bench/analyze_cached.py IN.jsonl OUT.jsonl [--cache F] [--rules-only]

The cache (default: beside OUT, named after IN) holds each article's prepared record and its parse
(spaCy DocBin, with user data); it is made on the first run and reused while IN and the model are
unchanged. --rules-only switches both learned quote models off, as bench/train_quote_filter.py does (its
--pred reads the output). Records equal `newscoder analyze`'s (tests/test_bench_cached.py compares them); a change to
text repair or to the model needs a fresh cache (delete the file).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import sys
from pathlib import Path

from spacy.tokens import DocBin

from newscoder import pipeline
from newscoder.inputs import read_inputs
from newscoder.nlp import load
from newscoder.settings import Settings


def build(inp: Path, settings: Settings) -> tuple[list, list]:
    """Prepared records (or error records) and the parses of those that parse, in input order."""
    nlp = load(settings)
    prepared = [pipeline.prepare_safely(a, settings) for a in read_inputs([str(inp)], settings)]
    todo = [p for p in prepared if p.parse]
    docs = pipeline.parse_all(nlp, [p.record.text for p in todo], settings)
    return prepared, docs


def save(path: Path, prepared: list, docs: list) -> None:
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    path.write_bytes(pickle.dumps(([(p.record, p.parse) for p in prepared], db.to_bytes())))


def restore(path: Path, settings: Settings) -> tuple[list, list]:
    records, data = pickle.loads(path.read_bytes())
    docs = list(DocBin().from_bytes(data).get_docs(load(settings).vocab))
    return [pipeline.Prepared(r, parse=p) for r, p in records], docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inp", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--rules-only", action="store_true", help="both learned quote models off")
    args = ap.parse_args()
    if args.rules_only:
        from newscoder import quote_filter, reported_model
        quote_filter.load = lambda: None      # the stage reads these through the module at call time
        reported_model.load = lambda: None
    settings = Settings()
    digest = hashlib.sha1(args.inp.read_bytes()).hexdigest()[:12]
    cache = args.cache or args.out.with_name(f"{args.inp.stem}.{digest}.parses")
    if cache.exists():
        prepared, docs = restore(cache, settings)
    else:
        prepared, docs = build(args.inp, settings)
        save(cache, prepared, docs)
        print(f"parses kept in {cache}", file=sys.stderr)
    parsed = iter(docs)
    with args.out.open("w", encoding="utf-8") as fh:
        for p in prepared:
            rec = copy.deepcopy(p.record)
            if p.parse:
                rec = pipeline.extract_safely(rec, next(parsed))
            fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
