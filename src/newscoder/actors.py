"""Actors, first cut: the parse's named entities, grouped so that one actor holds all its mentions.

"President Vladimir Putin" ... "Putin" is one person; "the UN Security Council" and "The U.N.
Security Council" are one body. Country/sector codes and pronoun resolution are a later stage's job;
this stage gives every named actor an id that quotes, events and figures can point at.
"""

# No `from __future__ import annotations` here: spaCy checks factory signatures at run time.
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .record import Actor

KIND_BY_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "group"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM_DOTS = re.compile(r"\b((?:[A-Z]\.){2,})")


def clean_name(text: str) -> str:
    """The name as a reader would write it alone: no article, no possessive, no acronym dots."""
    name = _LEADING.sub("", text.strip())
    name = _POSSESSIVE.sub("", name).strip(" ,.;:-—")
    return _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), name)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _entity_spans(doc: Doc) -> list[Span]:
    return [e for e in doc.ents if e.label_ in KIND_BY_LABEL and clean_name(e.text)]


def extract(doc: Doc) -> list[Actor]:
    """Named actors of a parsed article, in order of first mention, ids A1, A2, ..."""
    groups: dict[str, dict] = {}   # key -> {"label", "names", "mentions"}
    order: list[str] = []
    for ent in _entity_spans(doc):
        name = clean_name(ent.text)
        key = (ent.label_, _key(name))
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"label": ent.label_, "names": [], "mentions": []}
            order.append(key)
        g["names"].append(name)
        g["mentions"].append((ent.start_char, ent.end_char))
    _merge_surnames(groups, order)
    actors = []
    # Listed in order of first mention, whichever form came first.
    for g in sorted(groups.values(), key=lambda g: min(g["mentions"])):
        name = max(g["names"], key=lambda n: (len(n.split()), g["names"].count(n)))
        actors.append(Actor(id=f"A{len(actors) + 1}", name=name, kind=KIND_BY_LABEL[g["label"]],
                            mentions=sorted(set(g["mentions"])), label=g["label"]))
    return actors


def _merge_surnames(groups: dict, order: list) -> None:
    """Fold a one-word PERSON ("Putin") into the one full name that ends with it ("Vladimir Putin")."""
    full = [k for k in order if k[0] == "PERSON" and len(k[1].split()) > 1]
    for key in order:
        label, name = key
        if label != "PERSON" or " " in name or key not in groups:
            continue
        owners = [k for k in full if k[1].split()[-1] == name and k in groups]
        if len(owners) == 1:
            owner = groups[owners[0]]
            owner["names"] += groups[key]["names"]
            owner["mentions"] += groups.pop(key)["mentions"]


@Language.factory("newscoder_actors")
def make_actors_component(nlp: Language, name: str):
    """spaCy component wrapper: sets doc._.actors."""
    def component(doc: Doc) -> Doc:
        doc._.actors = extract(doc)
        return doc
    return component
