"""Entity recognition: the statistical NER, corrected by the actor dictionary.

The small English model misses or mislabels names the dictionary knows ("Via Reuters" as a person,
"Oct.7" as a place, "the Kremlin" as nothing). This component matches every dictionary name in the text
and merges the matches with the model's entities: a dictionary match wins over an entity of the same or a
shorter extent, a longer model entity ("Michael Jordan") wins over a dictionary match inside it
("Jordan"), and entities that look like dates are dropped.
"""

# No `from __future__ import annotations` here: spaCy checks factory signatures at run time.
import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import dictionary

# Words that the model glues to the front of a name ("Via Reuters", "According Hamas").
_LEAD_JUNK = frozenset({"via", "according", "per", "by", "from", "said", "says", "told", "-", "—", "|"})
_DATE_LIKE = re.compile(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? ?\d{1,2}(?:st|nd|rd|th)?$")
KEEP_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


class EntityMerger:
    def __init__(self, nlp: Language):
        d = dictionary.load()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[Doc]] = {}
        for surface, label in d.surfaces.items():
            for variant in _variants(surface):
                by_label.setdefault(label, []).append(nlp.make_doc(variant))
        for label, docs in by_label.items():
            self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        model = [t for t in (_trim(ent) for ent in doc.ents) if t is not None]
        # Dictionary spans first: filter_spans keeps the longest, and on equal length the earlier listed.
        merged = filter_spans(found + model)
        doc.ents = sorted(merged, key=lambda s: s.start)
        return doc


def _variants(surface: str) -> set[str]:
    out = {surface}
    if surface[:1].islower():
        out.add(surface[:1].upper() + surface[1:])
    if surface.lower().startswith("the "):
        out.add(surface[4:])
    return {v for v in out if v.strip()}


def _trim(ent: Span) -> Span | None:
    """The model's entity without leading junk words; None when it is not worth keeping."""
    start = ent.start
    while start < ent.end and ent.doc[start].lower_ in _LEAD_JUNK:
        start += 1
    if start == ent.end:
        return None
    span = Span(ent.doc, start, ent.end, label=ent.label)
    if span.label_ in ("GPE", "LOC", "ORG", "PERSON") and _DATE_LIKE.match(span.text):
        return None
    return span


@Language.factory("newscoder_entities")
def make_entity_merger(nlp: Language, name: str):
    return EntityMerger(nlp)
