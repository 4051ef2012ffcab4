"""`newscoder analyze` as the contract states it: inputs, order, ids, error records, exit codes 0/3/2."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, SEED, assert_valid, needs_shared

from newscoder.cli import main

ARTICLE = ("The foreign ministers of Kenya and Ethiopia met in Nairobi on Tuesday to discuss the drought. "
           "\"We agreed to share the data from our weather stations,\" said Kenyan Foreign Minister Amina Example.")


def run(args, input=None):
    result = CliRunner().invoke(main, ["analyze", *args], input=input)
    lines = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{")]
    return result.exit_code, lines, result


def test_jsonl_in_order_with_error_records_and_exit_3(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([
        json.dumps({"id": "first", "text": ARTICLE, "published": "2024-02-06"}).encode(),
        b"{broken json",
        json.dumps({"text": "no id"}).encode(),
        json.dumps({"id": "empty", "text": "   "}).encode(),
        json.dumps({"id": "last", "text": ARTICLE}).encode(),
    ]) + b"\n")
    code, recs, _ = run([str(src)])
    assert code == 3
    assert [r["id"] for r in recs] == ["first", f"{src}:2", f"{src}:3", "empty", "last"]
    assert [r["error"] is None for r in recs] == [True, False, False, False, True]
    for r in recs:
        assert_valid(r)
        assert r["error"] is None or "\n" not in r["error"]
    assert recs[0]["published"] == "2024-02-06" and recs[0]["published_inferred"] is False
    assert any(a["name"] == "Nairobi" for a in recs[0]["actors"])


def test_all_good_exits_0_and_writes_output_file(tmp_path):
    src, out = tmp_path / "story.txt", tmp_path / "out.jsonl"
    src.write_text(ARTICLE, encoding="utf-8")
    code, _, result = run([str(src), "-o", str(out)])
    assert code == 0, result.output
    (rec,) = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert rec["id"] == "story.txt" and rec["text"] == ARTICLE
    assert_valid(rec)


def test_stdin_plain_text_and_jsonl():
    code, (rec,), _ = run(["-"], input=ARTICLE)
    assert code == 0 and rec["id"] == "stdin"
    code, recs, _ = run(["-"], input='{"id": "x", "text": "%s"}\n{"id": "y", "text": "Short one."}\n' % "A story.")
    assert code == 0 and [r["id"] for r in recs] == ["x", "y"]


@pytest.mark.parametrize("args", [["missing-file.txt"], [], ["--no-such-option", "x.txt"]])
def test_usage_errors_exit_2(args):
    code, recs, _ = run(args)
    assert code == 2 and recs == []


def test_output_may_not_overwrite_input(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    code, _, result = run([str(src), "-o", str(src)])
    assert code == 2 and src.read_text(encoding="utf-8") == '{"id": "a", "text": "x"}\n'


def test_bad_inputs_each_give_a_record_and_the_run_goes_on(tmp_path):
    (tmp_path / "1_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "2_blank.txt").write_text(" \n\t\n ", encoding="utf-8")
    (tmp_path / "3_binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "4_latin1.txt").write_bytes(("Officials in Bogotá said the talks had resumed on Monday, "
                                             "and that they would continue.").encode("cp1252"))
    (tmp_path / "5_page.txt").write_text("<html><body><article><p>" + ARTICLE + "</p><p>" + ARTICLE
                                         + "</p></article></body></html>", encoding="utf-8")
    (tmp_path / "6_spanish.txt").write_text("El ministro de Colombia dijo el lunes que las conversaciones con los "
                                            "sindicatos se reanudarán en la capital, según la agencia.", encoding="utf-8")
    (tmp_path / "7_good.txt").write_text(ARTICLE, encoding="utf-8")
    code, recs, _ = run([str(tmp_path)])
    assert code == 3
    by_id = {r["id"]: r for r in recs}
    assert list(by_id) == sorted(by_id)
    assert by_id["1_empty.txt"]["error"] == "empty text"
    assert by_id["2_blank.txt"]["error"] == "empty text"
    assert "binary" in by_id["3_binary.txt"]["error"]
    assert by_id["4_latin1.txt"]["error"] is None and "Bogotá" in by_id["4_latin1.txt"]["text"]
    assert "decoded_cp1252" in by_id["4_latin1.txt"]["flags"]
    page = by_id["5_page.txt"]
    assert page["error"] is None and "html_as_text" in page["flags"] and "<p>" not in page["text"]
    spanish = by_id["6_spanish.txt"]
    assert spanish["error"] is None and spanish["language"] == "es" and "not_english" in spanish["flags"]
    assert spanish["actors"] == spanish["events"] == spanish["quotes"] == []
    assert by_id["7_good.txt"]["error"] is None and by_id["7_good.txt"]["actors"]
    for r in recs:
        assert_valid(r)


def test_article_over_the_length_limit(tmp_path):
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps({"id": "long", "text": "word " * 300_000}) + "\n"
                   + json.dumps({"id": "ok", "text": ARTICLE}) + "\n", encoding="utf-8")
    code, recs, _ = run([str(src)])
    assert code == 3 and "over the limit" in recs[0]["error"] and recs[1]["error"] is None


def test_pretty_report_shows_actors(tmp_path):
    src = tmp_path / "story.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, _, result = run([str(src), "--pretty"])
    assert code == 0
    assert "story.txt" in result.stdout and "Actors" in result.stdout and "Nairobi" in result.stdout


def test_examples_folder_analyses_cleanly():
    code, recs, result = run([str(EXAMPLES)])
    assert code == 0, result.output
    assert len(recs) >= 7
    for r in recs:
        assert_valid(r)


@needs_shared
def test_seed_through_the_real_command(tmp_path):
    """The foundation's acceptance check, as a user runs it: a separate process, the real entry point."""
    out = tmp_path / "seed.jsonl"
    proc = subprocess.run([sys.executable, "-m", "newscoder", "analyze", str(SEED), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (rec,) = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert_valid(rec)
    assert rec["id"] == SEED.name
    assert "In the hours after Putin's remarks, the Pentagon launched significant airstrikes against" in rec["text"]
    assert "Via Reuters" not in rec["text"] and rec["credits"] == ["Reuters"]
    assert rec["published"] == "2023-10-27" and rec["published_inferred"] is True
    (embed,) = rec["embeds"]
    assert embed["author"] == "@ivan_8848" and embed["date"] == "2023-10-27"
    inside = rec["text"][embed["start"]:embed["end"]]
    assert "A curious journalist asks" in inside and "The State Department spokesman responds" in inside
    assert "“Russia was striking civilians”" in rec["text"]  # curly marks kept as written
    putin = next(a for a in rec["actors"] if a["name"] == "Vladimir Putin")
    assert len(putin["mentions"]) >= 8


def test_50mb_line_with_default_limits(tmp_path):
    src = tmp_path / "huge.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "huge", "text": "All quiet. " * (50 * 2**20 // 11)}) + "\n")
        fh.write(json.dumps({"id": "after", "text": ARTICLE}) + "\n")
    code, recs, _ = run([str(src)])
    assert code == 3
    assert recs[0]["id"] == "huge" and "over the limit" in recs[0]["error"]
    assert recs[1]["id"] == "after" and recs[1]["error"] is None


def test_progress_bar_goes_to_stderr(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": ARTICLE}) + "\n" for i in range(3)), encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(src), "--progress"])
    assert result.exit_code == 0
    assert "analysing" in result.stderr and "3/3" in result.stderr
    assert "analysing" not in result.stdout and len(result.stdout.splitlines()) == 3
