"""Per-document caches of things spaCy recomputes on every access.

`Doc.text` joins every token's text on each call, and `Token.sent` scans the document for sentence
starts on each call; both made the extraction stages quadratic in article length. Here each is computed
once per doc and kept in `doc.user_data`. `attrs` reads the token attributes the stages filter on into
plain lists once, so a loop over every token need not build a Token object per word (`doc[i]` and
iterating a Doc each make a new one, the largest cost of the stages after the parse).
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, ORTH, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

_KEY = "newscoder.sentences"
_TEXT = "newscoder.text"
_LINES = "newscoder.line_starts"
_ATTRS = "newscoder.attrs"
_ENTS = "newscoder.ents"
_STARTS = "newscoder.sentence_starts"
_NEWLINE = re.compile("\n")


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def release(doc: Doc) -> None:
    """Drop this module's caches from a doc whose stages are done. The cached Spans point back at their
    doc, a cycle only the garbage collector frees: released, a doc goes as soon as it is unused."""
    for key in (_KEY, _TEXT, _LINES, _ATTRS, _ENTS, _STARTS):
        doc.user_data.pop(key, None)


def remember_text(doc: Doc, text: str) -> None:
    """Take `text`, the string the doc was parsed from, as its text: spaCy's tokenizer keeps every
    character, so the two are equal (the length is checked), and joining the tokens again is saved."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_data[_TEXT] = text


def span_text(span: Span) -> str:
    """`span.text`, cut from the cached document text (Span.text joins its tokens' texts anew)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


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


class Attrs:
    """A doc's token attributes as lists indexed by token, each read on first use: `pos[i]` is
    `doc[i].pos_`, `head[i]` is `doc[i].head.i`, `lemma[i]` is `doc[i].lemma_` (not lowered), `text`,
    `lower`, `tag`, `dep`, `ent_type` and `idx` likewise; `tokens_with` finds tokens by the hashes of
    their LOWER or LEMMA, for WordSet."""

    _COLS = (ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, HEAD, IDX)

    def __init__(self, doc: Doc) -> None:
        self.n = len(doc)
        self._strings = doc.vocab.strings
        self._arr = doc.to_array(list(self._COLS)) if self.n else \
            numpy.zeros((0, len(self._COLS)), dtype=numpy.uint64)
        # the distinct LOWER and LEMMA hashes, and which of them each token has (for WordSet)
        uniq, inv = numpy.unique(self._arr[:, 1:3], return_inverse=True)
        self._hashes = {h: k for k, h in enumerate(uniq.tolist())}
        self._which = inv.reshape(self.n, 2)

    def _names(self, k: int) -> list[str]:
        # one subscript per token of the process-wide table: cheaper than going through the column's
        # distinct values (numpy.unique sorts), and a word new to the process is rare after a few articles
        hashes = self._arr[:, k].tolist()
        try:
            return [_NAMES[h] for h in hashes]
        except KeyError:                     # words new to the process: learnt all at once, then the same
            _learn(set(hashes).difference(_NAMES), self._strings)
            return [_NAMES[h] for h in hashes]

    def hashes(self, attr: int) -> numpy.ndarray:
        """The column of one of _COLS's attributes (a spacy.attrs id), as spaCy stores it: string hashes
        for ORTH ... ENT_TYPE, a relative offset for HEAD, a character offset for IDX."""
        return self._arr[:, self._COLS.index(attr)]

    def tokens_with(self, ids: frozenset[int]) -> list[int]:
        """Indices of the tokens whose LOWER or LEMMA hash is one of `ids`, in order."""
        found = ids.intersection(self._hashes)
        if not found:
            return []
        hit = numpy.zeros(len(self._hashes), dtype=bool)
        hit[[self._hashes[h] for h in found]] = True
        rows = hit[self._which]
        return numpy.flatnonzero(rows[:, 0] | rows[:, 1]).tolist()

    @cached_property
    def text(self) -> list[str]:
        return self._names(0)

    @cached_property
    def lower(self) -> list[str]:
        return self._names(1)

    @cached_property
    def lemma(self) -> list[str]:
        return self._names(2)

    @cached_property
    def pos(self) -> list[str]:
        return self._names(3)

    @cached_property
    def tag(self) -> list[str]:
        return self._names(4)

    @cached_property
    def dep(self) -> list[str]:
        return self._names(5)

    @cached_property
    def ent_type(self) -> list[str]:
        return self._names(6)

    @cached_property
    def head(self) -> list[int]:
        # HEAD is an offset from the token, stored unsigned: back to signed, then absolute
        return (self._arr[:, 7].astype(numpy.int64) + numpy.arange(self.n)).tolist()

    def children(self, i: int) -> list[int]:
        """`[c.i for c in doc[i].children]`: the tokens whose head is i (not i itself), in order."""
        order, starts = self._by_head
        return [c for c in order[starts[i]:starts[i + 1]] if c != i]

    @cached_property
    def _by_head(self) -> tuple[list[int], list[int]]:
        # the tokens grouped by head, in order within each group, and where each group starts (one list
        # per token instead cost more in allocation and garbage collection than the walks it served)
        heads = numpy.asarray(self.head, dtype=numpy.int64)
        order = numpy.argsort(heads, kind="stable")
        starts = numpy.concatenate(([0], numpy.cumsum(numpy.bincount(heads, minlength=self.n))))
        return order.tolist(), starts.tolist()

    @cached_property
    def idx(self) -> list[int]:
        return self._arr[:, 8].tolist()


_NAMES: dict[int, str] = {0: ""}   # hash -> string, for every vocabulary: a hash is of its string
_NAMES_MAX = 100_000               # (a long run meets ever more words: start over rather than grow)


def _learn(hashes: set[int], strings) -> None:
    """Add these hashes' strings to _NAMES (emptied first if they would take it over its size)."""
    if len(_NAMES) + len(hashes) > _NAMES_MAX:
        _NAMES.clear()
        _NAMES[0] = ""
    for h in hashes:
        _NAMES[h] = strings[h]


def attrs(doc: Doc) -> Attrs:
    cached = doc.user_data.get(_ATTRS)
    if cached is None or cached.n != len(doc):
        cached = doc.user_data[_ATTRS] = Attrs(doc)
    return cached


def ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, which builds every entity Span anew on each access."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        cached = doc.user_data[_ENTS] = tuple(doc.ents)
    return cached


def sentence_starts(doc: Doc) -> list[int]:
    """For each token, the index of the first token of its sentence (`sentence(doc[i]).start`)."""
    cached = doc.user_data.get(_STARTS)
    if cached is None or len(cached) != len(doc):
        spans, owner = _index(doc)
        starts = [s.start for s in spans]
        cached = doc.user_data[_STARTS] = [starts[k] for k in owner]
    return cached


class WordSet:
    """A set of lowercase words, with the hashes spaCy gives them, to find the tokens that may be one of
    them without building a Token per word of the document (the stages' hot loops)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.ids = frozenset(get_string_id(w) for w in self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def tokens(self, doc: Doc) -> list[int]:
        """Indices of the tokens whose lowercase form or lemma is in the set (a superset of those whose
        `lemma_.lower()` is: a lemma with capitals is a proper noun's text, whose lowercase form is LOWER)."""
        return attrs(doc).tokens_with(self.ids)


def heads_of(doc: Doc, dep: str) -> list[int]:
    """Indices of the tokens that have a dependent with this label, from the parse arrays."""
    a = attrs(doc)
    head = a.head
    return sorted({head[i] for i in numpy.flatnonzero(a.hashes(DEP) == get_string_id(dep)).tolist()})
