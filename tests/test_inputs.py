"""Reading inputs: every bad input becomes one error Article with a reason; the inputs after it still arrive."""
import io
import json

import pytest

from newscoder.errors import InputError
from newscoder.inputs import decode, expand, read_file, read_inputs, read_jsonl, read_stdin
from newscoder.settings import Settings

S = Settings()


def jsonl(*lines: bytes, settings: Settings = S):
    return list(read_jsonl(io.BytesIO(b"\n".join(lines) + b"\n"), "in.jsonl", settings))


def test_good_lines_keep_order_and_fields():
    arts = jsonl(b'{"id": "a", "text": "one", "published": "2023-10-27", "outlet": "X"}',
                 b'{"id": 7, "html": "<p>two</p>"}')
    assert [a.id for a in arts] == ["a", "7"]
    assert arts[0].published == "2023-10-27" and arts[0].outlet == "X" and arts[0].error is None
    assert arts[1].html == "<p>two</p>" and arts[1].text is None


def test_blank_lines_are_not_articles():
    assert [a.id for a in jsonl(b'{"id": "a", "text": "x"}', b"", b"   ", b'{"id": "b", "text": "y"}')] == ["a", "b"]


@pytest.mark.parametrize("line,reason", [
    (b'{"id": "a", "text": ', "not valid JSON"),
    (b"not json at all", "not valid JSON"),
    (b'["id", "text"]', "expected a JSON object"),
    (b'{"text": "no id here"}', "no 'id'"),
    (b'{"id": "", "text": "empty id"}', "no 'id'"),
    (b'{"id": "a"}', "no 'text' or 'html'"),
    (b'{"id": "a", "text": ""}', "no 'text' or 'html'"),
    (b'{"id": "a", "text": 42}', "'text' must be a string"),
    (b'{"id": "a", "text": "caf\xe9"}', "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
])
def test_bad_line_is_an_error_article_and_the_next_line_survives(line, reason):
    bad, good = jsonl(line, b'{"id": "next", "text": "fine"}')
    assert reason in bad.error
    assert bad.id  # an id is always there: the record's own or the line's location
    assert good.id == "next" and good.error is None


def test_line_without_id_gets_its_location_as_id():
    (bad,) = jsonl(b'{"text": "x"}')
    assert bad.id == "in.jsonl:1"


def test_huge_line_is_skipped_without_reading_it_whole():
    settings = Settings(max_line_bytes=1000)
    huge = b'{"id": "big", "text": "' + b"x" * 50_000 + b'"}'
    bad, good = jsonl(huge, b'{"id": "after", "text": "fine"}', settings=settings)
    assert "over the limit" in bad.error and bad.id == "in.jsonl:1"
    assert good.id == "after" and good.error is None


def test_50mb_line_in_a_file(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"id": "big", "text": "' + b"word " * (10 * 2**20) + b'"}\n')
        fh.write(b'{"id": "after", "text": "fine"}\n')
    arts = list(read_file(path, Settings(max_line_bytes=8 * 2**20)))
    assert [a.id for a in arts] == [f"{path}:1", "after"]
    assert "over the limit" in arts[0].error


def test_decode_utf8_bom_cp1252_and_binary():
    assert decode("café".encode("utf-8-sig")) == ("café", [])
    assert decode("café “x”".encode("cp1252")) == ("café “x”", ["decoded_cp1252"])
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 32)) * 100)


def test_text_file_id_is_its_name(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Some text.", encoding="utf-8")
    (art,) = read_file(p, S)
    assert art.id == "story.txt" and art.text == "Some text." and art.error is None


def test_binary_and_oversized_files_are_error_articles(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "b.txt").write_text("x" * 5000, encoding="utf-8")
    settings = Settings(max_chars=1000)
    arts = list(read_inputs([str(tmp_path)], settings))
    assert "binary" in arts[0].error
    assert "over the limit" in arts[1].error


def test_html_file_is_passed_as_bytes(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(b"<html><body><p>Hello</p></body></html>")
    (art,) = read_file(p, S)
    assert art.html.startswith(b"<html>") and art.text is None


def test_expand_folder_sorted_and_missing_path(tmp_path):
    for name in ("b.txt", "a.jsonl", "c.pdf", "d.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.rsplit("/", 1)[1] for p in expand([str(tmp_path)])] == ["a.jsonl", "b.txt", "d.html"]
    with pytest.raises(FileNotFoundError):
        expand([str(tmp_path / "nope.txt")])


def test_stdin_jsonl_or_plain_text():
    stream = io.BufferedReader(io.BytesIO(b'  {"id": "s1", "text": "x"}\n{"id": "s2", "text": "y"}\n'))
    assert [a.id for a in read_stdin(stream, S)] == ["s1", "s2"]
    stream = io.BufferedReader(io.BytesIO("A plain “article”.".encode()))
    (art,) = read_stdin(stream, S)
    assert art.id == "stdin" and art.text == "A plain “article”."


def test_stdin_too_big_is_an_error():
    stream = io.BufferedReader(io.BytesIO(b"x" * 5000))
    (art,) = read_stdin(stream, Settings(max_chars=1000))
    assert "over the limit" in art.error


def test_hostile_json_values():
    arts = jsonl(json.dumps({"id": {"nested": 1}, "text": "x"}).encode(),
                 json.dumps({"id": "ok", "text": "x", "published": 20231027, "title": ["t"]}).encode())
    assert "no 'id'" in arts[0].error
    assert arts[1].error is None and arts[1].published is None and arts[1].title is None


def test_gzip_inputs(tmp_path):
    import gzip
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "x"}\n{"id": "g2", "text": "y"}\n'))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<html><body><p>Hi</p></body></html>"))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress("Plain “text”.".encode()))
    arts = list(read_inputs([str(tmp_path)], S))
    assert [a.id for a in arts] == ["g1", "g2", "b.html.gz", "c.txt.gz"]
    assert arts[2].html.startswith(b"<html>") and arts[3].text == "Plain “text”."


def test_gzip_bomb_and_corrupt_gzip(tmp_path):
    import gzip
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5_000_000))
    lines = b"".join(b'{"id": "ok%d", "text": "%d"}\n' % (i, i * 7919 % 10007) for i in range(5000))
    (tmp_path / "bad.jsonl.gz").write_bytes(gzip.compress(lines)[:-2000])
    (tmp_path / "junk.txt.gz").write_bytes(b"not gzip at all")
    arts = {a.id: a for a in read_inputs([str(tmp_path)], Settings(max_chars=1000))}
    assert "over the limit" in arts["bomb.txt.gz"].error
    assert "cannot read" in arts["junk.txt.gz"].error
    assert arts["ok0"].error is None and len(arts) > 1000
    assert "cannot read the rest" in arts[f"{tmp_path / 'bad.jsonl.gz'}:unreadable"].error
