"""Pass rate of the actor mention table (tests/data/actor_cases.tsv) and the list of failures.

    .venv/bin/python bench/actor_cases.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_actor_cases import results  # noqa: E402

res = results()
ok = sum(r[-1] for r in res)
print(f"cases: {len(res)}  passed: {ok}  pass rate: {ok / len(res):.3f}")
for case, country, sector, good in res:
    if not good:
        print(f"  {case['mention']!r}: got {country}/{sector}, want {case['country'] or None}/{case['sector'] or None}")
