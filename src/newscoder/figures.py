"""Figures: the counts of people the news reports killed, injured, displaced, taken hostage, arrested,
missing or otherwise affected, each with its qualifier, victims, place and source.

    amounts in the text (numbers.find)          "at least 34", "dozens", "between 20 and 30"
      -> what they count (the parse)            the noun they modify, "of" + noun, or the number alone
      -> what happened to them                  the governing word on the dependency parse:
                                                "34 people were killed", "killing 34", "34 dead",
                                                "the death toll rose to 34", "the bodies of 4 men"
      -> where, and on whose word               a place of the sentence; "according to X", "X said",
                                                the speaker of the quote the figure is in

People counted without a number count too: "a man was shot dead" (1), "both victims died" (2), "his
body was found" (1); and "no one was killed", "no fatalities" are figures of 0. A number that counts no
people (ships, drones, houses, dates, ages, money, percentages, "Resolution 2334") is not a figure; a
count of people that no kind word governs is `other` only when its noun names people ("thousands of
protesters"). The word lists are in data/figures.json; everything is compiled once, at import.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from . import coref, dictionary, figure_context, numbers
from .actors import ActorTable
from .doccache import attrs, doc_text, ents, line_starts, sentence, sentence_starts
from .figure_kinds import (ABSTRACT, BODIES, BODY_VERBS, COLLECTIVE, DATE_WORDS, INTENT, NOUN_KIND, PEOPLE,
    SKIP_ENTS, STATE_KIND, STATE_VERBS, SUBJ, TOLL_VERBS, VAGUE_WORDS, VERB_KIND, kind_of, kind_sentences,
    lemma, negated, people_noun)
from .record import Figure

def extract(doc: Doc, table: ActorTable, published: str | None = None) -> list[Figure]:
    """The figures of a parsed article, in text order."""
    ctx = _Context(doc, table, published)
    if not ctx.text.strip():
        return []
    out: list[Figure] = []
    for amount in numbers.find(ctx.text):
        f = _numbered(ctx, amount)
        if f is not None:
            out.append(f)
    out += _unnumbered(ctx, out)
    out.sort(key=lambda f: (f.start, f.end))
    return out


class _Context:
    def __init__(self, doc: Doc, table: ActorTable, published: str | None):
        self.doc, self.table, self.published = doc, table, published
        self.dict = dictionary.load()
        self.text = doc_text(doc)
        self.quoted = coref.quoted_ranges(self.text)
        self.quote_starts = [s for s, _ in self.quoted]
        self.para_starts = line_starts(doc)
        self.used: set[int] = set()          # tokens already counted by a figure
        self.ents = list(ents(doc))


# ------------------------------------------------------------------ numbered figures

def _numbered(ctx: _Context, amount: numbers.Amount) -> Figure | None:
    doc = ctx.doc
    span = doc.char_span(amount.num_start, amount.end, alignment_mode="expand")
    if span is None or not len(span) or _not_a_count(ctx, amount, span):
        return None
    prev = doc[span.start - 1] if span.start else None
    if span.text.lower() == "one" and prev is not None:
        if prev.lower_ == "no":          # "no one was killed"
            amount = numbers.Amount(prev.idx, amount.end, prev.idx, 0, "exact")
        elif prev.lower_ in ("the", "this", "that", "which", "each", "any", "every") and span[0].dep_ != "nummod":
            return None
    start = amount.start
    if amount.start < amount.num_start and not _qualifier_ok(doc, amount, span):
        start, amount = amount.num_start, numbers.Amount(amount.num_start, amount.end, amount.num_start,
                                                         amount.value, "exact", amount.vague)
    top = _top(span)
    noun, node = _counted(span, top)
    if noun is not None and noun.i in ctx.used:
        return None
    people = people_noun(noun) if noun is not None else None
    if people is False:
        return None
    kind, kind_toks = kind_of(node, noun, span)
    if kind is None and noun is not None and amount.value == 1 and _partitive(noun):
        return None                          # "one of the victims was ...": a member of a group counted
    if kind is None:
        if not people or amount.value == 0 or node.dep_ == "pobj" and node.head.lower_ == "of" \
                and people_noun(node.head.head) is not True and lemma(node.head.head) not in COLLECTIVE:
            return None                      # "the feelings of millions of people": no count of its own
        kind, kind_toks = "other", []
    elif kind == "casualty":
        kind = "other"
    if negated(kind_toks) or _subset(node) or _irrealis(kind_toks):
        return None
    if node.dep_ == "appos" and node.head.i in ctx.used:
        return None                          # "four people, two of them border guards, ...": a part
    if noun is not None:
        ctx.used.add(noun.i)
    ctx.used.update(t.i for t in span)
    return _figure(ctx, kind, amount.value, amount.qualifier, start, amount.end, span, noun, kind_toks)


def _not_a_count(ctx: _Context, amount: numbers.Amount, span: Span) -> bool:
    """Dates, times, money, percentages, ages, labels ("Flight 17"), units ("5 km"), years."""
    text = ctx.text
    for t in span:
        if t.ent_type_ in SKIP_ENTS and (t.ent_type_ != "DATE" or _date_like(ctx, t)):
            return True
    if numbers.not_a_count(text, amount):
        return True
    before, after = text[max(0, amount.start - 24):amount.start], text[amount.end:amount.end + 24]
    last = span[-1]
    if (re.fullmatch(r"(?:1[89]|20)\d\d", span.text) and not _followed_by_noun(span)):
        return True                          # a year
    # "Ahmed Ali, 45, was killed": an age in apposition
    if before.rstrip().endswith(",") and after.lstrip().startswith(",") and span.start > 1 \
            and ctx.doc[span.start - 2].ent_type_ == "PERSON":
        return True
    return last.i + 1 < len(ctx.doc) and ctx.doc[last.i + 1].text in ("%", "th", "st", "nd", "rd")


def _date_like(ctx: _Context, t: Token) -> bool:
    """spaCy calls 'between 20 and 30' a DATE: only a date with a date word (or a year) is one."""
    ent = next((e for e in ctx.ents if e.start <= t.i < e.end), None)
    return ent is None or bool(DATE_WORDS.search(ent.text))


def _followed_by_noun(span: Span) -> bool:
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.pos_ in ("NOUN", "ADJ") and nxt.head.i in (nxt.i, span[-1].i) or \
        any(t.dep_ == "nummod" and t.head.pos_ == "NOUN" for t in span)


def _qualifier_ok(doc: Doc, amount: numbers.Amount, span: Span) -> bool:
    """'over 7,000 people' is a qualifier; 'handed over 5 prisoners', 'talked about 5 men' are not."""
    q = doc.char_span(amount.start, amount.num_start, alignment_mode="expand")
    if q is None or not len(q):
        return True
    first = q[0]
    if first.dep_ == "prt":
        return False
    if len(q) == 1 and first.dep_ == "prep" and first.i > 0:
        prev = doc[first.i - 1]         # "fought over 2 villages", "talked about 5 men"
        if prev.pos_ == "VERB" and lemma(prev) not in VERB_KIND and lemma(prev) not in TOLL_VERBS:
            return False
    return True


def _top(span: Span) -> Token:
    """The token of the number phrase whose head lies outside it."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    return next((t for t in outside if t.like_num or t.lower_ in VAGUE_WORDS), outside[0] if outside else span[-1])


def _counted(span: Span, top: Token) -> tuple[Token | None, Token]:
    """The noun the number counts (None when the number stands alone) and the node whose place in the
    parse says what happened: the noun for '34 people were killed', the number for 'dozens of people
    were killed' and 'killing 34'."""
    head = top.head
    if top.dep_ == "pobj" and head.lower_ == "of" and lemma(head.head) in COLLECTIVE:
        return head.head, head.head          # "a family of three"
    if top.dep_ in ("nummod", "quantmod", "amod", "compound", "det", "nmod") and head.i != top.i \
            and head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON") and not head.like_num:
        return head, head
    for t in reversed(span):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of" and c.i >= span.end:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj, top
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.tag_ in ("NNS", "NNPS") \
            and nxt.head.i == top.i:
        return nxt, top
    if nxt is not None and top.dep_ == "ROOT" and len(sentence(top)) <= 2 and sentence(nxt) != sentence(top):
        while nxt.dep_ == "compound" and nxt.head.i > nxt.i:
            nxt = nxt.head                   # the parser cut "14 | Al shabaab militants were killed"
        if nxt.pos_ == "NOUN" and nxt.tag_ == "NNS":
            return nxt, nxt
    return None, top


def _partitive(noun: Token) -> bool:
    return noun.head.lower_ == "of" and any(c.dep_ in ("det", "poss") for c in noun.children)


def _subset(node: Token) -> bool:
    """'..., including 5 children': a part of a count already made."""
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    h = node.head
    return node.dep_ == "pobj" and (h.lower_ == "including" or h.lower_ == "among"
                                    and h.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"))


# ------------------------------------------------------------------ figures without a number

def _unnumbered(ctx: _Context, found: list[Figure]) -> list[Figure]:
    """'a man was shot dead' (1), 'both victims died' (2), 'his body was found' (1), 'no one was killed' (0).
    A definite one ('the victim died', 'Ahmed Ali was killed') counts only when no figure of its kind came
    before (it most likely names someone already counted), unless it is coordinated with another."""
    out = []
    kinds_before = {f.kind for f in found}
    live, a, starts = kind_sentences(ctx.doc), attrs(ctx.doc), sentence_starts(ctx.doc)
    determined = {a.head[j] for j in range(a.n) if a.dep[j] in _DET_DEPS and a.head[j] != j}
    for tok in (ctx.doc[i] for i in range(a.n) if i not in ctx.used and starts[i] in live and (  # a Token only
            a.pos[i] in ("NOUN", "PROPN", "PRON") or a.pos[i] == "ADJ" and a.dep[i] in SUBJ | {"dobj"}
            and a.lemma[i].lower() in PEOPLE)    # for a word that may count ("a civilian": ADJ at times)
            and _may_have_value(a, i, determined)):
        value = _implicit_value(tok)
        if value is None or value and not _singular_counts(tok):
            continue
        people = people_noun(tok)
        if people is False:
            continue
        kind, kind_toks = kind_of(tok, tok, None)
        if kind in (None, "casualty", "other") or negated(kind_toks) or _subset(tok) or _irrealis(kind_toks):
            continue
        if people is None and (value == 0 or kind not in ("killed", "injured")
                               or kind_toks[0].pos_ not in ("VERB", "ADJ")):
            continue                         # an unknown noun counts only as the object of a verb
        if value == 1 and _definite(tok) and kind in kinds_before and not _coordinated(tok):
            continue
        ctx.used.add(tok.i)
        first = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("det", "poss", "predet", "amod",
                                                                        "compound") and c.i < tok.i])
        first = min(t.i for t in ctx.doc[first].subtree) if ctx.doc[first].dep_ == "poss" else first
        if value == 0 and first and ctx.doc[first - 1].lower_ in ("no", "neither", "nor"):
            first -= 1                       # "neither injuries nor fatalities"
        start = ctx.doc[first].idx
        dets = [c for c in tok.children if c.dep_ in ("det", "predet", "poss") and c.i < tok.i]
        after = max((t.i for c in dets for t in c.subtree), default=first - 1) + 1
        out.append(_figure(ctx, kind, value, "exact", start, tok.idx + len(tok.text),
                           ctx.doc[first:first + 1], tok, kind_toks, after))
        kinds_before.add(kind)
    return out


_DET_DEPS = frozenset({"det", "poss", "predet", "nummod", "quantmod"})
_VALUED_WORDS = frozenset({"nobody", "none", "one", "he", "him", "she", "her"})


def _may_have_value(a, i: int, determined: set[int]) -> bool:
    """What `_implicit_value` needs to give a value, on the attribute arrays (most nouns fail it: no Token
    for them): a determiner-like child (`determined`: the heads of _DET_DEPS), a negator before it, one of
    _VALUED_WORDS, or a person's name."""
    return i in determined or a.lower[i] in _VALUED_WORDS or i > 0 and a.lower[i - 1] in ("neither", "nor", "no") \
        or a.pos[i] == "PROPN" and a.ent_type[i] == "PERSON"


def _implicit_value(tok: Token) -> int | None:
    low = tok.lower_
    if low in ("nobody", "none") or low == "one" and tok.i and tok.doc[tok.i - 1].lower_ == "no":
        return 0
    dets = [c for c in tok.children if c.dep_ in ("det", "poss", "predet", "nummod", "quantmod")]
    words = {c.lower_ for c in dets}
    if any(c.like_num or c.dep_ == "nummod" for c in dets):
        return None
    if words & {"no", "neither", "nor"} or (tok.i and tok.doc[tok.i - 1].lower_ in ("neither", "nor", "no")):
        return 0 if (NOUN_KIND.get(lemma(tok)) or tok.lower_ == "one") else None
    if words & {"both"}:
        return 2
    if low in ("he", "him", "she", "her") and tok.pos_ == "PRON" and tok.dep_ in SUBJ | {"dobj"}:
        return 1                             # "killing him": one person, counted unless counted before
    if tok.tag_ not in ("NN", "NNP", "JJ") or tok.pos_ == "PRON":
        return None
    if tok.pos_ == "PROPN":
        return 1 if tok.ent_type_ == "PERSON" and tok.dep_ in SUBJ | {"dobj", "conj"} else None
    if words & {"a", "an", "another", "the", "his", "her", "their", "its"} or \
            any(c.dep_ == "poss" for c in dets):
        return 1
    return None


def _singular_counts(tok: Token) -> bool:
    """A singular noun stands for one person: not an event noun ('the killing', 'the death'), not 'her
    life', not a body that is 'the body of a man' (the man counts) or that no verb finds or leaves."""
    lem = lemma(tok)
    if lem == "death" and any(c.lower_ in ("his", "her") for c in tok.children):
        return True                          # "resulting in his death"
    if lem in ABSTRACT - BODIES or lem == "life" or tok.lower_.endswith("ing") or lem in VERB_KIND:
        return False
    if lem in BODIES:
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return False
        return tok.dep_ in SUBJ | {"dobj"} and lemma(tok.head) in BODY_VERBS
    return True


def _definite(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "PRON") or any(c.dep_ == "poss" or c.lower_ == "the" for c in tok.children)


def _coordinated(tok: Token) -> bool:
    """'a farmer and his brother': the second is someone else."""
    return tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN")


def _irrealis(kind_toks: list[Token]) -> bool:
    """'tried to kill', 'threatened to abduct': not done."""
    return any(t.dep_ == "xcomp" and lemma(t.head) in INTENT for t in kind_toks)


# ------------------------------------------------------------------ the record

def _figure(ctx: _Context, kind: str, value: int, qualifier: str, start: int, end: int, span: Span,
            noun: Token | None, kind_toks: list[Token], after: int | None = None) -> Figure:
    doc = ctx.doc
    victims = None
    if noun is not None and lemma(noun) not in ABSTRACT and noun.pos_ != "PRON":
        vs, ve = _victims(noun, span.end if after is None else after)
        victims = ctx.text[vs:ve]
        start, end = min(start, vs), max(end, ve)
    after = [t for t in kind_toks if t.i >= span.start or lemma(t) not in STATE_VERBS]
    if after and len(after) < len(kind_toks):
        kind_toks = after                    # "left 7,000 people ... dead": number .. kind word
    for t in kind_toks:
        if sentence(t).start != sentence(span[0]).start:
            continue
        left = min([t.i] + [c.i for c in t.children if c.dep_ == "compound" and c.i < t.i])
        start, end = min(start, doc[left].idx), max(end, t.idx + len(t.text))
    anchor = kind_toks[0] if kind_toks and sentence(kind_toks[0]).start == sentence(span[0]).start else span[0]
    return Figure(kind=kind, value=value, qualifier=qualifier, victims=victims, text=ctx.text[start:end],
                  start=start, end=end, location=figure_context.location(ctx, span, anchor),
                  according_to=figure_context.source(ctx, span, anchor))


def _victims(noun: Token, after: int) -> tuple[int, int]:
    """'people, mostly civilians', 'pro-Houthi fighters', 'members of the security forces': the noun with
    its modifiers from token `after` on (the number and determiners stay out)."""
    doc = noun.doc
    first = noun.i
    for c in noun.children:
        if after <= c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "npadvmod") \
                and not (c.lower_ in STATE_KIND or lemma(c) in VERB_KIND):
            sub = [t.i for t in c.subtree]
            if min(sub) >= after:
                first = min(first, min(sub))
    last = noun.i
    for c in noun.children:
        if c.i > noun.i and c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
            last = c.i
        elif c.i > noun.i and c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i == last + 1:
            sub = list(c.subtree)
            if len(sub) <= 6:
                last = sub[-1].i
    opened = [t.i for t in doc[first:last + 1] if t.text == "("]
    closed = [t.i for t in doc[first:last + 1] if t.text == ")"]
    if len(opened) > len(closed):            # "militants of the Liberation Organization (KLO" -> close it
        if last + 1 < len(doc) and doc[last + 1].text == ")":
            last += 1
        else:
            last = max(first, opened[-1] - 1)
    return doc[first].idx, doc[last].idx + len(doc[last].text)
