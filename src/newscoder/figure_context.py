"""Where a figure happened and on whose word: a place of its sentence (with the place's country), and
its source ("according to X", "X said" over the figure's clause, the speaker of the quote it stands in).

Split from figures.py; `ctx` is figures' per-article context (the doc, the actor table, the dictionary,
the article's quotes and paragraph starts).
"""
from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Span, Token

from .actors import clean_name
from .doccache import sentence
from .figure_kinds import PLACE_LABELS, PLACE_NOUNS, PLACE_PREPS, SPEECH, SUBJ, lemma
from .record import Location

def location(ctx: Any, span: Span, anchor: Token) -> Location | None:
    sent = sentence(anchor)
    found = [e for e in ctx.ents if e.label_ in PLACE_LABELS and e.start >= sent.start and e.end <= sent.end]
    if not found:
        return None

    def rank(e: Span) -> tuple:
        root = e.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        placed = root.dep_ == "pobj" and (root.head.lower_ in PLACE_PREPS or root.head.lower_ == "of"
                                          and lemma(root.head.head) in PLACE_NOUNS)
        owner = root.dep_ in ("poss",) or root.dep_ in SUBJ or root.dep_ == "pobj" and not placed
        return (not placed, owner, min(abs(e.start - span.start), abs(e.start - anchor.i)))

    best = min(found, key=rank)
    if rank(best)[1]:
        return None                          # "Israel's airstrikes", "forces of India": actors, not places
    text, root = best.text, best.root
    if root.dep_ == "compound" and root.head.i == best.end and lemma(root.head) in PLACE_NOUNS:
        text = ctx.doc[best.start:best.end + 1].text         # "Idlib province"
    name = clean_name(text)
    return Location(name=name, country=_country(ctx, best, name)) if name else None


def _country(ctx: Any, ent: Span, name: str) -> str | None:
    entry = ctx.dict.lookup(name, ctx.published)
    if entry is not None and entry.country:
        return entry.country
    actor = ctx.table.actor(ctx.table.token_actor.get(ent.root.i))
    if actor is not None and actor.country:
        return actor.country
    # "Syria's Idlib province", "Idlib, Syria", "in Kunduz province of Afghanistan"
    root = ent.root.head if ent.root.dep_ == "compound" else ent.root
    near = [c for c in root.children if c.dep_ in ("poss", "appos", "conj", "prep", "npadvmod")]
    near += [g for c in near if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for e in ctx.ents:
        if e.label_ == "GPE" and e != ent and (any(e.start <= t.i < e.end for t in near)
                                              or e.start in (ent.end + 1, ent.end + 2)
                                              and ctx.doc[ent.end].text in (",", "(")):
            other = ctx.dict.lookup(clean_name(e.text), ctx.published)
            if other is not None and other.country:
                return other.country
    return None


def source(ctx: Any, span: Span, anchor: Token) -> str | None:
    """Whose figure: 'according to X', 'X said' over the figure's clause, the speaker of its quote; the
    first of these that names an actor of the table."""
    sent = sentence(anchor)
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and ctx.doc[t.i + 1].lower_ == "to":
            pobj = next((g for g in ctx.doc[t.i + 1].children if g.dep_ == "pobj"), None)
            got = _actor_of(ctx, pobj) if pobj is not None else None
            if got:
                return got
    x = anchor
    while True:
        for c in [x] + [c for c in x.children if c.dep_ in ("parataxis", "ccomp", "advcl")]:
            if lemma(c) in SPEECH and c.pos_ == "VERB" and c is not anchor:
                subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
                got = _actor_of(ctx, subj) if subj is not None else None
                if got:
                    return got
        if x.head.i == x.i:
            break
        x = x.head
    k = bisect.bisect_right(ctx.quote_starts, span.start_char) - 1
    if k >= 0 and ctx.quoted[k][0] <= span.start_char < ctx.quoted[k][1]:
        return _quote_speaker(ctx, ctx.quoted[k])
    return None


def _quote_speaker(ctx: Any, quote: tuple[int, int]) -> str | None:
    """The subject of the speech verb nearest the quote, outside any quote, in its paragraph."""
    p = bisect.bisect_right(ctx.para_starts, quote[0]) - 1
    p_start = ctx.para_starts[p]
    p_end = ctx.para_starts[p + 1] - 1 if p + 1 < len(ctx.para_starts) else len(ctx.text)
    best = None
    for t in ctx.doc:
        if t.idx < p_start or t.idx >= p_end or lemma(t) not in SPEECH or t.pos_ != "VERB":
            continue
        k = bisect.bisect_right(ctx.quote_starts, t.idx) - 1
        if k >= 0 and ctx.quoted[k][0] <= t.idx < ctx.quoted[k][1]:
            continue
        subj = next((g for g in t.children if g.dep_ == "nsubj"), None)
        if subj is None:
            continue
        dist = quote[0] - t.idx if t.idx < quote[0] else t.idx - quote[1]
        if best is None or dist < best[0]:
            best = (dist, subj)
    return _actor_of(ctx, best[1]) if best else None


def _actor_of(ctx: Any, tok: Token) -> str | None:
    """The actor a phrase names: its head's actor, else the first actor named inside it."""
    got = ctx.table.token_actor.get(tok.i)
    if got:
        return got
    for t in sorted(tok.subtree, key=lambda t: abs(t.i - tok.i)):
        got = ctx.table.token_actor.get(t.i)
        if got:
            return got
    return None
