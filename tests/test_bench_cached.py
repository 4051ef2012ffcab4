"""bench/analyze_cached.py: the records it makes from kept parses equal `analyze_many`'s, first run and
second (rule work is measured with it, so a difference would mislead every figure taken that way)."""
import json
import subprocess
import sys

from conftest import EXAMPLES, ROOT

from newscoder.inputs import read_inputs
from newscoder.pipeline import analyze_many
from newscoder.settings import Settings

SCRIPT = ROOT / "bench" / "analyze_cached.py"


def test_cached_records_equal_the_pipelines(tmp_path):
    src = EXAMPLES / "04_jsonl_batch.jsonl"
    settings = Settings()
    want = [json.dumps(r.to_dict(), ensure_ascii=False) for r in analyze_many(read_inputs([str(src)], settings), settings)]
    cache = tmp_path / "parses.bin"
    for run in ("made", "reused"):
        out = tmp_path / f"{run}.jsonl"
        subprocess.run([sys.executable, str(SCRIPT), str(src), str(out), "--cache", str(cache)], check=True)
        assert cache.exists()
        assert out.read_text(encoding="utf-8").splitlines() == want, run
