"""Every input the store reads, as a stream of `Article`s, and each article's content key.

Formats: .txt/.html/.jsonl (and their .gz, read by `newscoder.inputs`), .csv (a `text`, `content`,
`articleBody` or `html` column), .parquet (the same columns, read with DuckDB), WARC (.warc, .warc.gz:
HTML responses go to the pipeline's HTML path), folders of those, and `-` (stdin). Everything streams:
at most one article (or one read batch of a Parquet file) is held at a time. An input that cannot be
read becomes an `Article` with `error` (it lands in `rejects`); nothing here raises for bad content.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import re
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Iterator

from .. import inputs
from ..inputs import Article
from ..settings import Settings

CSV_SUFFIXES = {".csv", ".tsv"}
PARQUET_SUFFIXES = {".parquet"}
WARC_SUFFIXES = {".warc"}
READABLE = inputs.TEXT_SUFFIXES | inputs.HTML_SUFFIXES | inputs.JSONL_SUFFIXES | CSV_SUFFIXES | \
    PARQUET_SUFFIXES | WARC_SUFFIXES
# Column names (compared lower-case, letters and digits only) of tabular inputs.
TEXT_COLUMNS = ("text", "content", "articlebody")
HTML_COLUMNS = ("html",)
ID_COLUMNS = ("id", "articleid", "docid", "documentid", "bodyid", "uuid")
META_COLUMNS = {"title": ("title", "headline"), "url": ("url", "link"),
                "published": ("published", "publishedat", "publishdate", "pubdate", "date"),
                "outlet": ("outlet", "publisher", "source", "domain")}
MAX_CSV_ERRORS = 100
KEY_VERSION = b"newscoder-key-v1"


def article_key(art: Article) -> str:
    """sha256 (hex) of the article's id and normalised content (see docs/corpus.md, "The key").

    Text is NFC-normalised with whitespace runs collapsed; HTML bytes have whitespace runs collapsed.
    An article that could not be read has no content: its key is made of its location and the reason.
    """
    h = hashlib.sha256(KEY_VERSION + b"\0")
    if art.error is not None:
        h.update(b"unreadable\0" + art.where.encode("utf-8", "replace") + b"\0" + art.error.encode("utf-8", "replace"))
        return h.hexdigest()
    kind, body = ("html", art.html) if art.html is not None else ("text", art.text or "")
    if isinstance(body, str):
        data = " ".join(unicodedata.normalize("NFC", body).split()).encode("utf-8", "surrogatepass")
    else:
        data = b" ".join(body.split())
    h.update(art.id.encode("utf-8", "replace") + b"\0" + kind.encode() + b"\0" + data)
    return h.hexdigest()


def expand(paths: list[str]) -> list[str]:
    """Folders become their readable files, sorted; '-' stays. A missing path raises FileNotFoundError."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and inputs.kind_of(f)[0] in READABLE)
        elif p == "-" or path.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def read(paths: list[str], settings: Settings, ignored: Counter | None = None,
         stdin: BinaryIO | None = None) -> Iterator[Article]:
    """Every article of every input, in order. `ignored` counts WARC records that are not HTML pages."""
    ignored = ignored if ignored is not None else Counter()
    for p in expand(paths):
        if p == "-":
            yield from inputs.read_stdin(stdin or sys.stdin.buffer, settings)
            continue
        path = Path(p)
        suffix, gz = inputs.kind_of(path)
        if suffix in CSV_SUFFIXES:
            yield from read_csv(path, gz, settings, delimiter="\t" if suffix == ".tsv" else ",")
        elif suffix in PARQUET_SUFFIXES:
            yield from read_parquet(path, settings)
        elif suffix in WARC_SUFFIXES:
            yield from read_warc(path, settings, ignored)
        else:
            yield from inputs.read_file(path, settings)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _pick(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    by_norm = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    return next((by_norm[w] for w in wanted if w in by_norm), None)


def _from_row(row: dict, cols: dict[str, str | None], default_id: str, where: str, flags: list[str]) -> Article:
    def value(name: str) -> str | None:
        column = cols.get(name)
        v = row.get(column) if column else None
        return None if v is None else str(v)

    raw_id = value("id")
    art = Article(id=raw_id.strip() if raw_id and raw_id.strip() else default_id, where=where, flags=list(flags))
    for name in inputs.FIELDS:
        v = value(name)
        setattr(art, name, v.strip() if v and v.strip() else None)
    if cols.get("text") and value("text"):
        art.text = value("text")
    elif cols.get("html") and value("html"):
        art.html = value("html")
    else:
        art.text = ""  # the pipeline rejects it as "empty text"
    return art


def _columns(header: list[str]) -> dict[str, str | None]:
    cols = {"text": _pick(header, TEXT_COLUMNS), "html": _pick(header, HTML_COLUMNS), "id": _pick(header, ID_COLUMNS)}
    cols.update({k: _pick(header, v) for k, v in META_COLUMNS.items()})
    return cols


def _sniff_encoding(raw: BinaryIO) -> tuple[str, list[str]]:
    """UTF-8 when the first MiB decodes as UTF-8, else Windows-1252 (flagged); binary raises InputError."""
    head = raw.peek(1 << 20)[: 1 << 20] if hasattr(raw, "peek") else b""
    if b"\x00" in head[:65536]:
        raise inputs.InputError("binary content (NUL bytes), not a CSV file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig", []
    except UnicodeDecodeError:
        return "cp1252", ["decoded_cp1252"]


def read_csv(path: Path, gz: bool, settings: Settings, delimiter: str = ",") -> Iterator[Article]:
    """One Article per data row; id from an id column, else FILE:ROW (ROW = 1 for the first data row)."""
    csv.field_size_limit(max(settings.max_chars * 4, 131072))
    row_no, errors = 0, 0
    try:
        with (gzip.open(path, "rb") if gz else path.open("rb", buffering=1 << 20)) as fh:
            raw = io.BufferedReader(fh, 1 << 20) if gz else fh  # type: ignore[arg-type]
            encoding, flags = _sniff_encoding(raw)
            text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
            reader = csv.reader(text, delimiter=delimiter)
            header = next(reader, None)
            if not header:
                yield Article(id=f"{path}:header", where=str(path), error="CSV file is empty (no header row)")
                return
            cols = _columns(header)
            if not cols["text"] and not cols["html"]:
                yield Article(id=f"{path}:header", where=str(path),
                              error=f"CSV has no text column (one of text, content, articleBody, html); columns: "
                                    f"{', '.join(header[:12])[:300]}")
                return
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    row_no, errors = row_no + 1, errors + 1
                    where = f"{path}:{row_no}"
                    yield Article(id=where, where=where, error=f"malformed CSV row: {exc}")
                    if errors >= MAX_CSV_ERRORS:
                        yield Article(id=f"{path}:rest", where=str(path),
                                      error=f"gave up on the file after {errors} malformed rows")
                        return
                    continue
                row_no += 1
                if not any(v.strip() for v in values):
                    continue
                where = f"{path}:{row_no}"
                yield _from_row(dict(zip(header, values)), cols, where, where, flags)
    except (inputs.InputError, OSError, EOFError, zlib.error, UnicodeError) as exc:
        reason = str(exc) if isinstance(exc, inputs.InputError) else f"cannot read the file: {exc}"
        yield Article(id=f"{path}:unreadable", where=f"{path}:{row_no + 1}" if row_no else str(path), error=reason)


def read_parquet(path: Path, settings: Settings, batch: int = 256) -> Iterator[Article]:
    """One Article per row, read in batches with DuckDB (its own in-memory connection)."""
    import duckdb

    con = duckdb.connect()
    try:
        try:
            header = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
        except duckdb.Error as exc:
            yield Article(id=f"{path}:unreadable", where=str(path), error=f"cannot read Parquet: {_one_line(exc)}")
            return
        cols = _columns(header)
        if not cols["text"] and not cols["html"]:
            yield Article(id=f"{path}:header", where=str(path),
                          error="Parquet file has no text column (one of text, content, articleBody, html)")
            return
        wanted = sorted({c for c in cols.values() if c})
        sql = "SELECT " + ", ".join(f'CAST("{c}" AS VARCHAR)' for c in wanted) + " FROM read_parquet(?)"
        row_no = 0
        try:
            cur = con.execute(sql, [str(path)])
            while rows := cur.fetchmany(batch):
                for values in rows:
                    row_no += 1
                    where = f"{path}:{row_no}"
                    art = _from_row(dict(zip(wanted, values)), cols, where, where, [])
                    if len(art.text or art.html or "") > settings.max_chars * 4:
                        art = Article(id=art.id, where=where, error="row is over the size limit")
                    yield art
        except duckdb.Error as exc:
            yield Article(id=f"{path}:rest", where=f"{path}:{row_no + 1}", error=f"cannot read Parquet: {_one_line(exc)}")
    finally:
        con.close()


def read_warc(path: Path, settings: Settings, ignored: Counter) -> Iterator[Article]:
    """HTML response records as Articles (id and url: the WARC-Target-URI); other records are counted
    in `ignored`. A damaged archive yields one error Article for its unread rest."""
    from warcio.archiveiterator import ArchiveIterator

    cap = settings.max_chars * 20
    where = str(path)
    try:
        with path.open("rb") as fh:
            it = ArchiveIterator(fh)
            for n, rec in enumerate(it, 1):
                where = f"{path}#{n}"   # the record's position (its offset is known only once read)
                if not _is_html_response(rec):
                    ignored["warc_records"] += 1
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI") or where
                data = rec.content_stream().read(cap + 1)
                if len(data) > cap:
                    yield Article(id=uri, where=where, url=uri, error=f"page is over the limit of {cap:,} bytes")
                    continue
                yield Article(id=uri, where=where, url=uri, html=data)
    except Exception as exc:  # warcio raises its own, zlib's, OSError...: the rest of the archive is lost
        yield Article(id=f"{path}:unreadable", where=where, error=f"cannot read WARC: {_one_line(exc)}")


def _is_html_response(rec) -> bool:
    if rec.rec_type != "response" or rec.http_headers is None:
        return False
    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
    status = rec.http_headers.get_statuscode() or ""
    return ("html" in ctype) and status.startswith("2")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def count(paths: list[str], settings: Settings) -> int | None:
    """How many articles the inputs hold, counted cheaply, for the progress bar; None when unknowable."""
    n = 0
    for p in expand(paths):
        if p == "-":
            return None
        path = Path(p)
        suffix, gz = inputs.kind_of(path)
        try:
            if suffix in inputs.JSONL_SUFFIXES:
                with (gzip.open(path, "rb") if gz else path.open("rb")) as fh:
                    n += sum(1 for line in fh if line.strip())
            elif suffix in CSV_SUFFIXES:
                n += sum(1 for _ in read_csv(path, gz, settings, "\t" if suffix == ".tsv" else ","))
            elif suffix in PARQUET_SUFFIXES:
                import duckdb
                with duckdb.connect() as con:
                    n += con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
            elif suffix in WARC_SUFFIXES:
                n += _count_warc(path)
            else:
                n += 1
        except Exception:
            n += 1  # the reader reports the damage
    return n


def _count_warc(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        return sum(1 for rec in ArchiveIterator(fh) if _is_html_response(rec))
