"""Golden records: each example article's whole record, compared field by field with the one on file.

When a stage changes its output on purpose, regenerate and review the diff:
    NEWSCODER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""
import json
import os

import pytest
from conftest import EXAMPLES, ROOT, assert_valid

from newscoder.inputs import read_inputs
from newscoder.pipeline import analyze_many
from newscoder.settings import Settings

GOLDEN = ROOT / "tests" / "golden"
INPUTS = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".jsonl"})


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_example_matches_its_golden_record(path):
    settings = Settings()
    records = [r.to_dict() for r in analyze_many(read_inputs([str(path)], settings), settings)]
    for rec in records:
        assert_valid(rec)
    golden = GOLDEN / f"{path.name}.json"
    if os.environ.get("NEWSCODER_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert len(records) == len(expected)
    for got, want in zip(records, expected):
        for key in sorted(set(got) | set(want)):
            assert got.get(key) == want.get(key), f"{path.name} [{want.get('id')}] field {key!r} changed"
