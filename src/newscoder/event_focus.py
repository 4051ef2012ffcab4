"""The countries an article is about, for placing its events: those whose places, regions or big cities
it names (`prefer`), the one it names most (`focus`), and its actors' countries (`weak`, which only
break ties between same-named towns). Read once per article by event_context."""
from __future__ import annotations

from spacy.tokens import Doc

from . import places
from .actors import ActorTable
from .doccache import attrs, ents
from .event_args import CLASSIFIED

_NAME_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")


def countries(doc: Doc, table: ActorTable) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """(prefer, focus, weak). National classifiers ("the US dollar exchange rate") name no place."""
    a = attrs(doc)

    def classifier(i: int) -> bool:          # "the US dollar", "Iranian oil" (event_context._classifier)
        return a.dep[i] in ("compound", "amod") and a.lemma[a.head[i]].lower() in CLASSIFIED

    counts: dict[str, int] = {}
    names = [(e.text, e.label_ != "PERSON") for e in ents(doc)        # (name, may be a province)
             if e.label_ in _NAME_LABELS and not classifier(e.root.i)]
    run: list[int] = []
    for i in [*range(a.n), None]:            # and every run of proper nouns: "(Mumbai Suburban, Maharashtra)"
        if i is not None and a.pos[i] == "PROPN" and not classifier(i):
            run.append(i)
            continue
        if run:
            names.append((" ".join(a.text[x] for x in run), any(a.ent_type[x] != "PERSON" for x in run)))
        if len(run) > 1:                     # a word of a longer name is no province ("Duarte Exemplo")
            names.extend((a.text[x], False) for x in run)
        run = []
    for name, area_ok in names:
        loc = places.known(name, areas=area_ok)
        country = loc.country if loc is not None else places.operation_country(name)
        if country:                          # ("OSCE SMM" says where too: UKR)
            counts[country] = counts.get(country, 0) + 1
    prefer = tuple(sorted(counts))
    ranked = sorted(counts.items(), key=lambda x: -x[1])
    focus = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    weak = tuple(sorted({act.country for act in table.actors if act.country}))
    return prefer, focus, weak
