"""The countries an article is about, for placing its events: those whose places, regions or big cities
it names (`prefer`), the one it names most (`focus`), and its actors' countries (`weak`, which only
break ties between same-named towns). Read once per article by event_context."""
from __future__ import annotations

import numpy
from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc

from . import places
from .actors import ActorTable
from .doccache import attrs, ents, span_text
from .event_args import CLASSIFIED

_NAME_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")


def countries(doc: Doc, table: ActorTable) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """(prefer, focus, weak). National classifiers ("the US dollar exchange rate") name no place."""
    a = attrs(doc)

    def classifier(i: int) -> bool:          # "the US dollar", "Iranian oil" (event_context._classifier)
        return a.dep[i] in ("compound", "amod") and a.lemma[a.head[i]].lower() in CLASSIFIED

    counts: dict[str, int] = {}
    names = [(span_text(e), e.label_ != "PERSON") for e in ents(doc)   # (name, may be a province)
             if e.label_ in _NAME_LABELS and not classifier(e.root.i)]
    # and every run of proper nouns: "(Mumbai Suburban, Maharashtra)" (found on the POS column: the
    # loop over every word was the most of this function)
    propn = [i for i in numpy.flatnonzero(a.hashes(POS) == PROPN).tolist() if not classifier(i)]
    for run in _runs(propn):
        names.append((" ".join(a.text[x] for x in run), any(a.ent_type[x] != "PERSON" for x in run)))
        if len(run) > 1:                     # a word of a longer name is no province ("Duarte Exemplo")
            names.extend((a.text[x], False) for x in run)
    for name, area_ok in names:
        country = places.known_country(name, areas=area_ok)
        if country:                          # ("OSCE SMM" says where too: UKR)
            counts[country] = counts.get(country, 0) + 1
    prefer = tuple(sorted(counts))
    ranked = sorted(counts.items(), key=lambda x: -x[1])
    focus = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    weak = tuple(sorted({act.country for act in table.actors if act.country}))
    return prefer, focus, weak


def _runs(ids: list[int]) -> list[list[int]]:
    """Increasing indices split where they stop being consecutive: [3, 4, 9] -> [[3, 4], [9]]."""
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out
