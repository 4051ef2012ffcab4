"""Reading articles from files, folders and stdin, one `Article` per input article, in input order.

An input that cannot be read becomes an `Article` with `error` set: it still yields one output
record (with an id), and the inputs after it are read as usual. Nothing here raises for bad content;
only a missing path (a usage error) raises.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import InputError
from .settings import Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FIELDS = ("title", "published", "url", "outlet")


@dataclass
class Article:
    id: str
    text: str | None = None
    html: str | bytes | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    where: str = ""                 # the input location, for error messages and rejects
    flags: list[str] = field(default_factory=list)
    error: str | None = None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252, flagged. Binary raises InputError."""
    head = data[:65536]
    if b"\x00" in head:
        raise InputError("binary content (NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        raise InputError("binary content (control bytes), not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["decoded_cp1252"]
    except UnicodeDecodeError:
        raise InputError("text is neither UTF-8 nor Windows-1252") from None


def from_mapping(obj: object, default_id: str, where: str) -> Article:
    """An Article from one parsed JSON value of the batch-input form."""
    if not isinstance(obj, dict):
        return Article(id=default_id, where=where, error=f"expected a JSON object, got {type(obj).__name__}")
    raw_id = obj.get("id")
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()) or isinstance(raw_id, (dict, list)):
        return Article(id=default_id, where=where, error="record has no 'id'")
    art = Article(id=str(raw_id), where=where)
    for name in FIELDS:
        value = obj.get(name)
        setattr(art, name, value if isinstance(value, str) and value.strip() else None)
    text, html = obj.get("text"), obj.get("html")
    if text is not None and not isinstance(text, str):
        art.error = f"'text' must be a string, got {type(text).__name__}"
    elif html is not None and not isinstance(html, str):
        art.error = f"'html' must be a string, got {type(html).__name__}"
    elif not (text or html):
        art.error = "record has no 'text' or 'html'"
    else:
        art.text, art.html = text or None, (html or None) if not text else None
    return art


def read_jsonl(stream: BinaryIO, name: str, settings: Settings) -> Iterator[Article]:
    """One Article per non-blank line. Over-long, non-UTF-8 and non-JSON lines become error Articles."""
    limit = settings.max_line_bytes
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line) + _skip_rest_of_line(stream)
            yield Article(id=where, where=where, error=f"line is {size:,} bytes, over the limit of {limit:,}")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield Article(id=where, where=where, error="line is not UTF-8 text")
            continue
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield Article(id=where, where=where, error=f"line is not valid JSON: {reason}")
            continue
        yield from_mapping(obj, where, where)


def _skip_rest_of_line(stream: BinaryIO, chunk: int = 1 << 20) -> int:
    skipped = 0
    while True:
        part = stream.readline(chunk)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def kind_of(path: Path) -> tuple[str, bool]:
    """The suffix that says what a file holds, and whether it is gzip-compressed ("a.html.gz")."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[0] if len(suffixes) == 2 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def _open(path: Path, gz: bool) -> BinaryIO:
    return gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[return-value]


def read_file(path: Path, settings: Settings) -> Iterator[Article]:
    suffix, gz = kind_of(path)
    if suffix in JSONL_SUFFIXES:
        try:
            with _open(path, gz) as fh:
                yield from read_jsonl(fh, str(path), settings)
        except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt file: keep what was read
            yield Article(id=f"{path}:unreadable", where=str(path), error=f"cannot read the rest of the file: {exc}")
        return
    art = Article(id=path.name, where=str(path))
    try:
        # UTF-8 text is at most 4 bytes a character; HTML carries markup, so allow it more.
        cap = settings.max_chars * (20 if suffix in HTML_SUFFIXES else 4)
        with _open(path, gz) as fh:
            data = fh.read(cap + 1)  # never more than the cap, even from a gzip bomb
        if len(data) > cap:
            raise InputError(f"file is over the limit of {cap:,} bytes")
        if suffix in HTML_SUFFIXES:
            art.html = data  # trafilatura reads the page's own charset declaration
        else:
            art.text, art.flags = decode(data)
    except (InputError, OSError, EOFError, zlib.error) as exc:
        art.error = str(exc) if isinstance(exc, InputError) else f"cannot read file: {exc}"
    yield art


def read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Article]:
    """JSON Lines when the input starts with '{', else one plain-text article with id 'stdin'."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]  (peek without consuming)
    first = stream.peek(64)
    if first.lstrip()[:1] == b"{":
        yield from read_jsonl(stream, "stdin", settings)
        return
    data = stream.read(settings.max_chars * 4 + 1)
    art = Article(id="stdin", where="stdin")
    if len(data) > settings.max_chars * 4:
        _drain(stream)
        art.error = f"stdin is over the limit of {settings.max_chars * 4:,} bytes"
    else:
        try:
            art.text, art.flags = decode(data)
        except InputError as exc:
            art.error = str(exc)
    yield art


def _drain(stream: BinaryIO) -> None:
    while stream.read(1 << 20):
        pass


def expand(paths: list[str]) -> list[str]:
    """Folders become their readable files, sorted; '-' stays. A missing path is a usage error."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            wanted = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and kind_of(f)[0] in wanted)
        elif path.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def read_inputs(paths: list[str], settings: Settings, stdin: BinaryIO | None = None) -> Iterator[Article]:
    for p in expand(paths):
        if p == "-":
            yield from read_stdin(stdin or sys.stdin.buffer, settings)
        else:
            yield from read_file(Path(p), settings)
