"""The per-document caches must give exactly what spaCy's own (uncached) accessors give."""
from __future__ import annotations

import pytest

from newscoder import doccache
from newscoder.nlp import load
from newscoder.settings import Settings

TEXT = ("Russian forces shelled the town of Kupiansk on Tuesday, Ukraine's army said. \"We will not leave,\" "
        "Mayor Andriy Besedin told Reuters.\n\nIn Kyiv, protesters gathered outside the parliament; police "
        "detained 12 of them. Was it planned?  Nobody knows.")


@pytest.fixture(scope="module")
def doc():
    return load(Settings())(TEXT)


def test_attrs_are_the_tokens_attributes(doc):
    a = doccache.attrs(doc)
    assert a.n == len(doc)
    for t in doc:
        assert (a.text[t.i], a.lower[t.i], a.lemma[t.i], a.pos[t.i], a.tag[t.i], a.dep[t.i], a.ent_type[t.i],
                a.head[t.i], a.idx[t.i]) == \
            (t.text, t.lower_, t.lemma_, t.pos_, t.tag_, t.dep_, t.ent_type_, t.head.i, t.idx)
        assert a.children(t.i) == [c.i for c in t.children]
    assert doccache.attrs(doc) is a                          # read once per doc


def test_attrs_follow_a_changed_doc():
    nlp = load(Settings())
    one, two = nlp("Troops withdrew."), nlp("Police arrested three protesters in Lagos.")
    assert doccache.attrs(one).text == ["Troops", "withdrew", "."]
    assert doccache.attrs(two).text == [t.text for t in two]   # no value leaks from one doc to another


def test_empty_doc():
    doc = load(Settings()).make_doc("")
    assert doccache.attrs(doc).pos == [] and doccache.attrs(doc).head == []
    assert doccache.WordSet(["police"]).tokens(doc) == []


def test_wordset_finds_lower_forms_and_lemmas(doc):
    words = doccache.WordSet(["shell", "police", "gather", "nobody", "kyiv"])
    want = [t.i for t in doc if t.lower_ in words or t.lemma_ in words]
    assert want and doccache.WordSet(["shell", "police", "gather", "nobody", "kyiv"]).tokens(doc) == want
    assert doccache.WordSet(["airstrike"]).tokens(doc) == []
    assert doccache.WordSet(["said"]).tokens(doc) == [t.i for t in doc if t.lower_ == "said"]


def test_sentences_and_their_starts(doc):
    sents = list(doc.sents)
    assert [s.start for s in doccache.sentences(doc)] == [s.start for s in sents]
    assert doccache.sentence_starts(doc) == [t.sent.start for t in doc]
    assert all(doccache.sentence(t).start == t.sent.start for t in doc)


def test_text_ents_and_span_text(doc):
    assert doccache.doc_text(doc) == doc.text == TEXT
    assert [(e.start, e.end, e.label_) for e in doccache.ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    for s in doc.sents:
        assert doccache.span_text(s) == s.text
    assert doccache.span_text(doc[3:7]) == doc[3:7].text


def test_heads_of(doc):
    assert doccache.heads_of(doc, "nsubj") == sorted({t.head.i for t in doc if t.dep_ == "nsubj"})


def test_release_drops_the_caches_only():
    doc = load(Settings())("Police arrested three protesters in Lagos. They were freed.")
    doc.user_data["other"] = 1
    doccache.attrs(doc), doccache.sentences(doc), doccache.ents(doc), doccache.doc_text(doc)
    doccache.release(doc)
    assert doc.user_data == {"other": 1}
    assert doccache.attrs(doc).text == [t.text for t in doc]     # and they are rebuilt when asked again
