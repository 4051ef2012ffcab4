"""The pipeline on one screen.

    raw input (text | html, metadata)
      -> prepare: HTML to text, checks, repaired text (+ embeds, credits), language, published date
      -> spaCy parse
      -> actors
      -> quotes, events, figures          (their own stages, as they land)
      -> dates and places resolved
      -> Record (the contract of ../shared/spec/contract.md)

`analyze()` is the one entry point for a single text; `analyze_many()` streams articles in input order
and is what the CLI (and later the HTTP server and Spark job) call. No I/O happens here.
"""
from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.tokens import Doc

from . import actors, doccache, events, figures, htmltext, language, quotes
from .errors import InputError
from .inputs import Article
from .nlp import load
from .record import Record, error_record
from .repair import repair
from .settings import Settings


@dataclass
class Prepared:
    record: Record      # text, credits, embeds, published... filled; extraction fields still empty
    parse: bool         # False for error records and for text the English stages must not read


def analyze(text: str, published: str | None = None, *, id: str = "doc", title: str | None = None,
            url: str | None = None, outlet: str | None = None, settings: Settings | None = None) -> Record:
    """Analyse one article's raw text. Bad input gives a Record with `error` set, never an exception."""
    article = Article(id=id, text=text, published=published, title=title, url=url, outlet=outlet)
    return next(analyze_many([article], settings or Settings()))


def analyze_many(articles: Iterable[Article], settings: Settings) -> Iterator[Record]:
    """One Record per Article, in order. One bad article never costs another."""
    nlp = load(settings)
    for chunk in _batches((prepare_safely(a, settings) for a in articles), settings):
        todo = [p for p in chunk if p.parse]
        for p, doc in zip(todo, parse_all(nlp, [p.record.text for p in todo], settings)):
            p.record = extract_safely(p.record, doc)
        yield from (p.record for p in chunk)
        _settle()


_settled = False


def _settle() -> None:
    """Once per process, after a first batch has loaded what the stages load on first use (gazetteer,
    lexicons, dateparser): a full collection, then gc.freeze() of what is left. Those hundreds of
    thousands of long-lived objects are then not walked again by every full collection (one every few
    hundred articles, 0.1 s each: some 3% of the extraction stages). Collected first: nothing dead is kept."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def _batches(prepared: Iterator[Prepared], settings: Settings) -> Iterator[list[Prepared]]:
    """Batches for the parser: at most `batch_size` articles and `batch_chars` characters of text to parse
    (spaCy's memory grows with the tokens of a batch: 16 long articles together took 1.6 GB), but always
    at least one article."""
    batch: list[Prepared] = []
    chars = 0
    for p in prepared:
        size = len(p.record.text) if p.parse else 0
        if batch and (len(batch) >= settings.batch_size or chars + size > settings.batch_chars):
            yield batch
            batch, chars = [], 0
        batch.append(p)
        chars += size
    if batch:
        yield batch


def prepare(article: Article, settings: Settings) -> Prepared:
    """Everything before the parse: raises InputError for input that cannot be analysed."""
    if article.error:
        raise InputError(article.error)
    rec = Record(id=article.id, title=article.title, url=article.url, outlet=article.outlet,
                 flags=list(article.flags))
    text, page_date = article.text or "", None
    if article.html is not None:
        text, page_date = _from_html(article.html, rec)
    elif htmltext.looks_like_html(text):
        rec.flags.append("html_as_text")
        text, page_date = _from_html(text, rec)
    if not text.strip():
        raise InputError("empty text")
    if len(text) > settings.max_chars:
        raise InputError(f"article is {len(text):,} characters, over the limit of {settings.max_chars:,}")
    fixed = repair(text)
    if not fixed.text.strip():
        raise InputError("no article text left after removing credits and boilerplate")
    rec.text, rec.embeds, rec.credits = fixed.text, fixed.embeds, fixed.credits
    rec.removed, rec.dateline = fixed.removed, fixed.dateline
    _set_published(rec, article.published or page_date, fixed.published)
    rec.language = language.detect(rec.text)
    english = rec.language in (None, "en")
    if not english:
        rec.flags.append("not_english")
    return Prepared(rec, parse=english)


def prepare_safely(article: Article, settings: Settings) -> Prepared:
    try:
        return prepare(article, settings)
    except InputError as exc:
        return Prepared(error_record(article.id, str(exc)), parse=False)
    except Exception as exc:  # a bug must cost one article, not the run
        return Prepared(error_record(article.id, f"internal error: {type(exc).__name__}: {exc}"), parse=False)


def parse_all(nlp, texts: list[str], settings: Settings) -> list[Doc | Exception]:
    """Parse a batch; if the batch fails, parse one by one so only the bad text is lost."""
    try:
        return list(nlp.pipe(texts, batch_size=settings.batch_size))
    except Exception:
        out: list[Doc | Exception] = []
        for t in texts:
            try:
                out.append(nlp(t))
            except Exception as exc:
                out.append(exc)
        return out


def extract(rec: Record, doc: Doc) -> Record:
    """The extraction stages over one parsed article (`doc` parsed from `rec.text`)."""
    doccache.remember_text(doc, rec.text)
    try:
        table = actors.extract(doc, rec.published)
        rec.quotes, rec.unattributed_quotes = quotes.split_unattributed(quotes.extract(doc, table, rec.embeds))
        rec.events = events.extract(doc, table, rec)
        rec.figures = figures.extract(doc, table, rec.published)
        rec.actors = table.actors  # read last: the quote stage adds unnamed speakers ("a curious journalist")
    finally:
        doccache.release(doc)
    return rec


def extract_safely(rec: Record, doc: Doc | Exception) -> Record:
    if isinstance(doc, Exception):
        return error_record(rec.id, f"parse failed: {type(doc).__name__}: {doc}")
    try:
        return extract(rec, doc)
    except Exception as exc:
        return error_record(rec.id, f"internal error: {type(exc).__name__}: {exc}")


def _from_html(html: str | bytes, rec: Record) -> tuple[str, str | None]:
    """The page's article text and declared date; title, url and outlet fill what the input lacked."""
    page = htmltext.extract(html)
    rec.title = rec.title or page.title
    rec.url = rec.url or page.url
    rec.outlet = rec.outlet or page.outlet
    return page.text, page.published


def _set_published(rec: Record, given: str | None, inferred: str | None) -> None:
    """The input's (or HTML page's) date when readable; else one inferred from the text."""
    date = normalise_date(given)
    if given and date is None:
        rec.flags.append("published_unreadable")
    if date is None and inferred:
        date, rec.published_inferred = inferred, True
    rec.published = date


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; None when absent or unreadable."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()
    try:
        return dt.date.fromisoformat(v[:10]).isoformat() if len(v) == 10 else \
            dt.datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None
