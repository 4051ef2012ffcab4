"""HTML in, article text and metadata out (trafilatura), for .html files, `html` fields and HTML pasted as text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

# A document that opens like HTML, or prose dense with block tags, is HTML whatever field it came in.
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|span|br|a|li|ul|h[1-6]|script|style|article|section|table|td|tr)\b[^>]{0,200}>", re.I)


@dataclass
class Extracted:
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None


def looks_like_html(text: str) -> bool:
    """True for a full page or for text with more than a few block-level tags per kilobyte."""
    head = text[:50_000]
    if _HTML_START.match(head):
        return True
    tags = len(_BLOCK_TAG.findall(head))
    return tags >= 5 and tags * 1000 / max(len(head), 1) >= 2


def extract(html: str | bytes) -> Extracted:
    """The main text of an HTML page, with what metadata the page declares. Raises InputError when none."""
    import trafilatura  # imported here: only HTML input pays for it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_recall=True)
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        raise InputError("HTML page has no extractable article text")
    return Extracted(text=text, title=doc.title, published=doc.date,
                     url=doc.url, outlet=doc.sitename or doc.hostname)
