"""Per-document caches of things spaCy recomputes on every access.

`Doc.text` joins every token's text on each call, and `Token.sent` scans the document for sentence
starts on each call; both made the extraction stages quadratic in article length. Here each is computed
once per doc and kept in `doc.user_data`.
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

_KEY = "newscoder.sentences"
_TEXT = "newscoder.text"
_LINES = "newscoder.line_starts"
_NEWLINE = re.compile("\n")


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def line_starts(doc: Doc) -> list[int]:
    """The character offset where each line (paragraph) of the text starts, the first at 0."""
    starts = doc.user_data.get(_LINES)
    if starts is None:
        starts = doc.user_data[_LINES] = [0] + [m.end() for m in _NEWLINE.finditer(doc_text(doc))]
    return starts


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


class WordSet:
    """A set of lowercase words, with the hashes spaCy gives them, to find the tokens that may be one of
    them without building a Token per word of the document (the stages' hot loops)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.ids = numpy.array(sorted(get_string_id(w) for w in self.words), dtype=numpy.uint64)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def tokens(self, doc: Doc) -> list[int]:
        """Indices of the tokens whose lowercase form or lemma is in the set (a superset of those whose
        `lemma_.lower()` is: a lemma with capitals is a proper noun's text, whose lowercase form is LOWER)."""
        if not len(doc):
            return []
        arr = doc.to_array([LOWER, LEMMA])
        return numpy.flatnonzero(numpy.isin(arr[:, 0], self.ids) | numpy.isin(arr[:, 1], self.ids)).tolist()


def heads_of(doc: Doc, dep: str) -> list[int]:
    """Indices of the tokens that have a dependent with this label, from the parse arrays."""
    if not len(doc):
        return []
    arr = doc.to_array([DEP, HEAD])
    rows = numpy.flatnonzero(arr[:, 0] == get_string_id(dep))
    return sorted({int(i) + int(arr[i, 1].astype(numpy.int64)) for i in rows})   # HEAD is a relative offset
