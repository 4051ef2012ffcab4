"""Per-document caches of things spaCy recomputes on every access.

`Doc.text` joins every token's text on each call, and `Token.sent` scans the document for sentence
starts on each call; both made the extraction stages quadratic in article length. Here each is computed
once per doc and kept in `doc.user_data`.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "newscoder.sentences"
_TEXT = "newscoder.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def _index(doc: Doc) -> tuple[list[Span], list[int]]:
    cached = doc.user_data.get(_KEY)
    if cached is None or len(cached[1]) != len(doc):
        spans = list(doc.sents)
        owner = [0] * len(doc)
        for k, s in enumerate(spans):
            for i in range(s.start, s.end):
                owner[i] = k
        cached = doc.user_data[_KEY] = (spans, owner)
    return cached


def sentence(tok: Token) -> Span:
    spans, owner = _index(tok.doc)
    return spans[owner[tok.i]]


def sentences(doc: Doc) -> list[Span]:
    return _index(doc)[0]
