"""Shared test helpers: the schema validator, paths to the examples and to ../shared (when present)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_1a7beac0dd8a92b8.txt"

needs_shared = pytest.mark.skipif(not SEED.exists(), reason=f"{SHARED} is not present beside the project "
                                  "(the seed article and dev sets live there)")


@lru_cache(maxsize=1)
def validator() -> jsonschema.Validator:
    schema = json.loads(resources.files("newscoder").joinpath("schema/record.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(record: dict) -> None:
    errors = sorted(validator().iter_errors(record), key=str)
    assert not errors, "; ".join(e.message for e in errors[:5])
    text = record["text"]
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text)
    for item in record["embeds"] + record["quotes"] + record["events"] + record["figures"]:
        assert 0 <= item["start"] <= item["end"] <= len(text)
