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

import bisect
import re

from spacy.tokens import Doc, Span, Token

from . import coref, dictionary, numbers
from .actors import ActorTable, clean_name
from .record import Figure, Location

D = numbers.DATA


def _index(groups: dict[str, list[str]]) -> dict[str, str]:
    return {w: kind for kind, words in groups.items() for w in words}


VERB_KIND = _index(D["kind_verbs"])
INTRANS_KIND = _index(D["intransitive"])
STATE_KIND = _index(D["states"])
NOUN_KIND = _index(D["kind_nouns"])
PHRASE_KIND = {(v, w): kind for kind, pairs in D["verb_phrases"].items() for v, w in pairs}
PHRASE_VERBS = {v for v, _ in PHRASE_KIND}
ABSTRACT = frozenset(D["abstract_nouns"])
TOLLS = frozenset(D["toll_nouns"])
PEOPLE = frozenset(D["people"])
NOT_PEOPLE = frozenset(D["not_people"])
SPEECH = frozenset(D["speech_verbs"])
PLACE_PREPS = frozenset(D["place_preps"])
CASUALTY = frozenset({"casualty"})
_SKIP_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_LABEL_BEFORE = re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(w) for w in sorted(D["label_words"], key=len,
                           reverse=True)) + r")\s*[-.:#]?\s*$", re.I)
_UNIT_AFTER = re.compile(r"^\s*-?\s*(?:" + "|".join(re.escape(w) for w in sorted(D["after_words"], key=len,
                         reverse=True)) + r")(?![\w])", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:US|USD|EUR|GBP|Rs|R|N|KSh|Sh)\.?\s*)$")
_DATE_WORDS = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
                         r"|year|month|week|day|decade|centur|ago|today|yesterday|tomorrow|night|morning|evening"
                         r"|afternoon|spring|summer|autumn|fall|winter|season|quarter|era|period|time|hour"
                         r"|(?:1[89]|20)\d\d\b)|\d+/\d+|'s\b")
_PLACE_NOUNS = frozenset({"province", "district", "city", "town", "village", "region", "governorate", "state",
                          "county", "area", "camp", "neighborhood", "neighbourhood", "strip", "valley", "municipality",
                          "prefecture", "division", "department", "sub-district", "subdistrict", "island", "port"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_PREDICATE = frozenset({"oprd", "acomp", "xcomp", "advcl", "ccomp", "attr", "dobj", "conj"})
_TOLL_VERBS = frozenset({"rise", "climb", "reach", "stand", "hit", "jump", "increase", "top", "exceed", "pass",
                         "surpass", "be", "include", "grow", "soar", "mount", "near", "approach", "stay",
                         "remain", "put", "raise", "bring", "take", "push", "reach"})


def extract(doc: Doc, table: ActorTable, published: str | None = None) -> list[Figure]:
    """The figures of a parsed article, in text order."""
    if not doc.text.strip():
        return []
    ctx = _Context(doc, table, published)
    out: list[Figure] = []
    for amount in numbers.find(doc.text):
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
        self.quoted = coref.quoted_ranges(doc.text)
        self.quote_starts = [s for s, _ in self.quoted]
        self.para_starts = [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
        self.used: set[int] = set()          # tokens already counted by a figure


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
        elif prev.lower_ in ("the", "this", "that", "which", "each", "any", "every", "any", "someone"):
            return None
    start = amount.start
    if amount.start < amount.num_start and not _qualifier_ok(doc, amount, span):
        start, amount = amount.num_start, numbers.Amount(amount.num_start, amount.end, amount.num_start,
                                                         amount.value, "exact", amount.vague)
    top = _top(span)
    noun, node = _counted(span, top)
    if noun is not None and noun.i in ctx.used:
        return None
    if noun is not None and amount.value == 1 and _partitive(noun):
        return None                          # "one of the victims": a member of a group already counted
    people = _people(noun) if noun is not None else None
    if people is False:
        return None
    kind, kind_toks = _kind(node, noun, span)
    if kind is None:
        if not people or amount.value == 0:
            return None
        kind, kind_toks = "other", []
    elif kind == "casualty":
        kind = "other"
    if _negated(kind_toks) or _subset(node):
        return None
    if noun is not None:
        ctx.used.add(noun.i)
    ctx.used.update(t.i for t in span)
    return _figure(ctx, kind, amount.value, amount.qualifier, start, amount.end, span, noun, kind_toks)


def _not_a_count(ctx: _Context, amount: numbers.Amount, span: Span) -> bool:
    """Dates, times, money, percentages, ages, labels ("Flight 17"), units ("5 km"), years."""
    text = ctx.doc.text
    for t in span:
        if t.ent_type_ in _SKIP_ENTS and (t.ent_type_ != "DATE" or _date_like(ctx.doc, t)):
            return True
    before, after = text[max(0, amount.start - 24):amount.start], text[amount.end:amount.end + 24]
    if _LABEL_BEFORE.search(before) or _UNIT_AFTER.match(after) or _CURRENCY_BEFORE.search(before):
        return True
    if re.match(r"\s*(?:-|\s)?(?:years?|yrs?)[\s-]*(?:old|of age)", after, re.I):
        return True
    last = span[-1]
    if (re.fullmatch(r"(?:1[89]|20)\d\d", span.text) and not _followed_by_noun(span)):
        return True                          # a year
    # "Ahmed Ali, 45, was killed": an age in apposition
    if before.rstrip().endswith(",") and after.lstrip().startswith(",") and span.start > 1 \
            and ctx.doc[span.start - 2].ent_type_ == "PERSON":
        return True
    return last.i + 1 < len(ctx.doc) and ctx.doc[last.i + 1].text in ("%", "th", "st", "nd", "rd")


def _date_like(doc: Doc, t: Token) -> bool:
    """spaCy calls 'between 20 and 30' a DATE: only a date with a date word (or a year) is one."""
    ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
    return ent is None or bool(_DATE_WORDS.search(ent.text))


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
        if prev.pos_ == "VERB" and _lemma(prev) not in VERB_KIND and _lemma(prev) not in _TOLL_VERBS:
            return False
    return True


def _top(span: Span) -> Token:
    """The token of the number phrase whose head lies outside it."""
    for t in span:
        if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i:
            return t
    return span[-1]


def _counted(span: Span, top: Token) -> tuple[Token | None, Token]:
    """The noun the number counts (None when the number stands alone) and the node whose place in the
    parse says what happened: the noun for '34 people were killed', the number for 'dozens of people
    were killed' and 'killing 34'."""
    head = top.head
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
    return None, top


def _partitive(noun: Token) -> bool:
    return noun.head.lower_ == "of" and any(c.dep_ in ("det", "poss") for c in noun.children)


def _subset(node: Token) -> bool:
    """'..., including 5 children': a part of a count already made."""
    h = node.head
    return node.dep_ == "pobj" and (h.lower_ == "including" or h.lower_ == "among"
                                    and h.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"))


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _people(noun: Token) -> bool | None:
    """True: the noun names people; False: it names things; None: cannot tell."""
    lem, low = _lemma(noun), noun.lower_
    if lem in NOT_PEOPLE or low in NOT_PEOPLE:
        return False
    if lem in PEOPLE or low in PEOPLE or lem in NOUN_KIND or low in NOUN_KIND or lem in CASUALTY:
        return True
    if noun.ent_type_ == "NORP" or noun.pos_ == "PROPN" and noun.ent_type_ in ("ORG", "NORP"):
        return True
    agent = dictionary.load().agents.get(lem)
    if agent is not None:
        return agent.kind == "person" or lem in ("police", "military", "security")
    if noun.pos_ == "PRON":
        return None
    return None


# ------------------------------------------------------------------ the kind

def _kind(node: Token, noun: Token | None, span: Span | None) -> tuple[str | None, list[Token]]:
    """What happened to the people counted, and the words that say it."""
    own = noun if noun is not None else node
    k = NOUN_KIND.get(_lemma(own)) or NOUN_KIND.get(own.lower_)
    if k and own.pos_ != "NUM":
        return k, [own]
    if _lemma(own) in CASUALTY:
        return "casualty", [own]
    for t in {own, node}:
        k = _modifier_kind(t)
        if k[0]:
            return k
    k = _window_kind(own)
    if k[0]:
        return k
    x = node
    while x.dep_ in ("conj", "appos") and x.head.i != x.i and x.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        x = x.head
        k = NOUN_KIND.get(_lemma(x))
        if k:
            return k, [x]
    k = _head_kind(x)
    if k[0]:
        return k
    return _before_kind(span if span is not None else node.doc[node.i:node.i + 1])


def _modifier_kind(t: Token) -> tuple[str | None, list[Token]]:
    """'5 wounded soldiers', 'civilians killed', 'people who died', '5 injured' (a participle on the number)."""
    for c in t.children:
        lem, low = _lemma(c), c.lower_
        if c.dep_ in ("amod", "acl"):
            k = STATE_KIND.get(low) or (VERB_KIND.get(lem) if c.tag_ == "VBN" else None) or INTRANS_KIND.get(lem)
            if k and not any(g.dep_ == "dobj" for g in c.children):
                return k, [c]
        elif c.dep_ == "relcl":
            k = INTRANS_KIND.get(lem) or (VERB_KIND.get(lem) if any(g.dep_ == "auxpass" for g in c.children)
                                          else None)
            if k is None:
                k = _state_of(c)[0]
            if k:
                return k, [c]
    return None, []


def _window_kind(own: Token) -> tuple[str | None, list[Token]]:
    """A kind word right after the counted words: '3 killed', '5 people dead', '2 men died'."""
    doc = own.doc
    for t in doc[own.i + 1:min(own.i + 3, own.sent.end)]:
        if t.is_punct or t.like_num:
            break
        lem, low = _lemma(t), t.lower_
        k = STATE_KIND.get(low) or INTRANS_KIND.get(lem) if t.pos_ in ("ADJ", "VERB", "NOUN") else None
        if k is None and t.tag_ == "VBN" and lem in VERB_KIND:
            k = VERB_KIND[lem]
        if k and not any(g.dep_ == "dobj" for g in t.children):
            return k, [t]
        if t.pos_ not in ("ADV", "AUX", "PART"):
            break
    return None, []


def _head_kind(x: Token) -> tuple[str | None, list[Token]]:
    """The word governing the counted node: a verb it is subject or object of, a noun it depends on."""
    h, dep = x.head, x.dep_
    if h.i == x.i:
        return None, []
    lem = _lemma(h)
    if dep == "pobj":
        p, ph = h, h.head
        if p.lower_ == "of" and (NOUN_KIND.get(_lemma(ph)) or _lemma(ph) in CASUALTY):
            return NOUN_KIND.get(_lemma(ph), "casualty"), [ph]
        if p.lower_ == "of" and _lemma(ph) in TOLLS:
            return _toll_kind(ph)
        if p.lower_ in ("to", "at", "past", "above") and ph.pos_ in ("VERB", "AUX"):
            subj = next((c for c in ph.children if c.dep_ in _SUBJ), None)
            if subj is not None and (_lemma(subj) in TOLLS or _lemma(subj) in NOUN_KIND):
                return _toll_kind(subj) if _lemma(subj) in TOLLS else (NOUN_KIND[_lemma(subj)], [subj])
        if p.lower_ == "by" and ph.pos_ == "VERB":
            return None, []
        return None, []
    if dep == "appos" and (NOUN_KIND.get(lem) or lem in TOLLS):
        return (NOUN_KIND[lem], [h]) if lem in NOUN_KIND else _toll_kind(h)
    if h.pos_ not in ("VERB", "AUX", "ADJ"):
        return None, []
    if dep in ("dobj", "attr") and lem in _TOLL_VERBS:
        subj = next((c for c in h.children if c.dep_ in _SUBJ), None)
        if subj is not None and _lemma(subj) in TOLLS:
            return _toll_kind(subj)
        if subj is not None and NOUN_KIND.get(_lemma(subj)) and lem in ("be", "include", "reach", "rise"):
            return NOUN_KIND[_lemma(subj)], [subj]
    k = _verb_kind(h, dep)
    if k[0]:
        return k
    if dep in _SUBJ:      # "were shot and killed", "was attacked and died": verbs sharing the subject
        for c in h.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in _SUBJ for g in c.children):
                k = _verb_kind(c, "nsubjpass" if dep == "nsubjpass" or c.tag_ == "VBN" else dep)
                if k[0]:
                    return k
    if h.dep_ in ("xcomp", "ccomp") and dep in _SUBJ | {"dobj"} and _lemma(h.head) in VERB_KIND:
        return None, []
    return None, []


def _verb_kind(h: Token, dep: str) -> tuple[str | None, list[Token]]:
    lem = _lemma(h)
    passive = dep == "nsubjpass" or dep == "nsubj" and h.tag_ == "VBN" and \
        not any(c.dep_ == "aux" and _lemma(c) == "have" for c in h.children)
    if lem in VERB_KIND and (dep in ("dobj", "nsubjpass", "oprd") or passive):
        if _combined(h):
            return "casualty", [h]
        return VERB_KIND[lem], [h]
    if lem in INTRANS_KIND and dep in _SUBJ:
        return INTRANS_KIND[lem], [h]
    if dep in _SUBJ | {"dobj"}:
        return _state_of(h)
    return None, []


def _state_of(h: Token) -> tuple[str | None, list[Token]]:
    """'left 34 dead', 'were found dead', 'are missing', 'lost their lives', 'were taken hostage'."""
    lem = _lemma(h)
    for c in h.children:
        words = [c]
        if c.dep_ == "prep":
            words = [g for g in c.children if g.dep_ == "pobj"] + [c]
        for w in words:
            if (lem, _lemma(w)) in PHRASE_KIND or (lem, w.lower_) in PHRASE_KIND:
                return PHRASE_KIND.get((lem, _lemma(w))) or PHRASE_KIND[(lem, w.lower_)], [h, w]
        if c.dep_ in _PREDICATE - {"dobj", "conj"} and c.lower_ in STATE_KIND:
            return STATE_KIND[c.lower_], [c]
    if (lem, "") in PHRASE_KIND:
        return PHRASE_KIND[(lem, "")], [h]
    return None, []


def _combined(h: Token) -> bool:
    """'killing and injuring dozens': one count of dead and wounded together."""
    kinds = {VERB_KIND.get(_lemma(h))}
    for c in list(h.children) + ([h.head] if h.dep_ == "conj" else []):
        if (c.dep_ == "conj" or c is h.head) and c.pos_ == "VERB" and _lemma(c) in VERB_KIND \
                and not any(g.dep_ in ("dobj", "nsubjpass") for g in c.children):
            kinds.add(VERB_KIND[_lemma(c)])
    return len(kinds) > 1


def _toll_kind(toll: Token) -> tuple[str | None, list[Token]]:
    """'the death toll', 'the number of dead', 'the injury toll': the kind the toll counts."""
    for c in toll.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            k = NOUN_KIND.get(_lemma(c)) or STATE_KIND.get(c.lower_)
            if k:
                return k, [c, toll]
            if _lemma(c) in CASUALTY:
                return "killed", [c, toll]
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                k = NOUN_KIND.get(_lemma(g)) or STATE_KIND.get(g.lower_) or _modifier_kind(g)[0]
                if k:
                    return k, [toll, g]
    if _lemma(toll) == "toll":
        return "killed", [toll]
    return None, []


def _before_kind(span: Span) -> tuple[str | None, list[Token]]:
    """A kind verb right before the number: 'killing 2', 'killed at least 5' (when the parse missed it)."""
    i = span.start - 1
    while i >= span.sent.start and span.doc[i].pos_ == "ADV":
        i -= 1
    if i < span.sent.start:
        return None, []
    t = span.doc[i]
    if t.pos_ == "VERB" and _lemma(t) in VERB_KIND and t.tag_ in ("VBG", "VBD"):
        return VERB_KIND[_lemma(t)], [t]
    return None, []


def _negated(toks: list[Token]) -> bool:
    return any(c.dep_ == "neg" for t in toks for c in t.children)


# ------------------------------------------------------------------ figures without a number

def _unnumbered(ctx: _Context, found: list[Figure]) -> list[Figure]:
    """'a man was shot dead' (1), 'both victims died' (2), 'his body was found' (1), 'no one was killed' (0)."""
    out = []
    kinds_before = {f.kind for f in found}
    for tok in ctx.doc:
        if tok.i in ctx.used or tok.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        value = _implicit_value(tok)
        if value is None:
            continue
        people = _people(tok)
        if people is False or (people is None and value):
            continue
        kind, kind_toks = _kind(tok, tok, None)
        if kind in (None, "casualty") or _negated(kind_toks) or _subset(tok):
            continue
        if value == 1 and _definite(tok) and kind in kinds_before:
            continue
        ctx.used.add(tok.i)
        first = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("det", "poss", "predet", "amod",
                                                                        "compound") and c.i < tok.i])
        start = ctx.doc[first].idx
        out.append(_figure(ctx, kind, value, "exact", start, tok.idx + len(tok.text),
                           ctx.doc[first:tok.i + 1], tok, kind_toks))
        kinds_before.add(kind)
    return out


def _implicit_value(tok: Token) -> int | None:
    low = tok.lower_
    if low in ("nobody", "none") or low == "one" and tok.i and tok.doc[tok.i - 1].lower_ == "no":
        return 0
    dets = [c for c in tok.children if c.dep_ in ("det", "poss", "predet", "nummod", "quantmod")]
    words = {c.lower_ for c in dets}
    if any(c.like_num or c.dep_ == "nummod" for c in dets):
        return None
    if words & {"no", "neither", "nor"} or (tok.i and tok.doc[tok.i - 1].lower_ in ("neither", "nor", "no")):
        return 0 if (NOUN_KIND.get(_lemma(tok)) or tok.lower_ == "one") else None
    if tok.tag_ not in ("NN", "NNP") and not words & {"both"}:
        return None
    if words & {"both"}:
        return 2
    if words & {"a", "an", "another"}:
        return 1
    if tok.ent_type_ == "PERSON" and tok.dep_ in _SUBJ | {"dobj"} and tok.pos_ == "PROPN":
        return 1
    if words & {"his", "her"} and _lemma(tok) in ("body", "corpse"):
        return 1
    if words & {"the"} and tok.tag_ == "NN" and _lemma(tok) in ("victim", "body", "man", "woman", "boy", "girl",
                                                                "child", "person", "driver", "owner"):
        return 1
    return None


def _definite(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or any(c.lower_ in ("the", "his", "her") for c in tok.children)


# ------------------------------------------------------------------ the record

def _figure(ctx: _Context, kind: str, value: int, qualifier: str, start: int, end: int, span: Span,
            noun: Token | None, kind_toks: list[Token]) -> Figure:
    doc = ctx.doc
    victims = None
    if noun is not None and _lemma(noun) not in ABSTRACT and noun.pos_ != "PRON":
        vs, ve = _victims(noun, span)
        victims = doc.text[vs:ve]
        start, end = min(start, vs), max(end, ve)
    after = [t for t in kind_toks if t.i >= span.start]
    if after and len(after) < len(kind_toks):
        kind_toks = after                    # "left 7,000 people ... dead": number .. kind word
    for t in kind_toks:
        if t.sent.start != span.sent.start:
            continue
        left = min([t.i] + [c.i for c in t.children if c.dep_ == "compound" and c.i < t.i])
        start, end = min(start, doc[left].idx), max(end, t.idx + len(t.text))
    anchor = kind_toks[0] if kind_toks and kind_toks[0].sent.start == span.sent.start else span[0]
    return Figure(kind=kind, value=value, qualifier=qualifier, victims=victims, text=doc.text[start:end],
                  start=start, end=end, location=_location(ctx, span, anchor),
                  according_to=_source(ctx, span, anchor))


def _victims(noun: Token, span: Span) -> tuple[int, int]:
    """'people, mostly civilians', 'pro-Houthi fighters', 'members of the security forces'."""
    doc = noun.doc
    skip = set(range(span.start, span.end))
    first = noun.i
    for c in noun.children:
        if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.i not in skip \
                and not (c.lower_ in STATE_KIND or _lemma(c) in VERB_KIND):
            sub = [t.i for t in c.subtree if t.i not in skip]
            if sub and min(sub) > span.end - 1:
                first = min(first, min(sub))
    last = noun.i
    for c in noun.children:
        if c.i > noun.i and c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
            last = c.i
        elif c.i > noun.i and c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i == last + 1:
            sub = list(c.subtree)
            if len(sub) <= 6:
                last = sub[-1].i
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _location(ctx: _Context, span: Span, anchor: Token) -> Location | None:
    sent = anchor.sent
    ents = [e for e in ctx.doc.ents if e.label_ in _PLACE_LABELS and e.start >= sent.start and e.end <= sent.end]
    if not ents:
        return None

    def rank(e: Span) -> tuple:
        root = e.root
        placed = root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS
        owner = root.dep_ in ("poss",) or root.dep_ in _SUBJ
        return (not placed, owner, min(abs(e.start - span.start), abs(e.start - anchor.i)))

    best = min(ents, key=rank)
    if best.root.dep_ in ("poss",) or best.root.dep_ in _SUBJ:
        return None
    text, root = best.text, best.root
    if root.dep_ == "compound" and root.head.i == best.end and _lemma(root.head) in _PLACE_NOUNS:
        text = ctx.doc[best.start:best.end + 1].text         # "Idlib province"
    name = clean_name(text)
    return Location(name=name, country=_country(ctx, best, name)) if name else None


def _country(ctx: _Context, ent: Span, name: str) -> str | None:
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
    for e in ctx.doc.ents:
        if e.label_ == "GPE" and e != ent and (any(e.start <= t.i < e.end for t in near)
                                              or e.start in (ent.end + 1, ent.end + 2)
                                              and ctx.doc[ent.end].text in (",", "(")):
            other = ctx.dict.lookup(clean_name(e.text), ctx.published)
            if other is not None and other.country:
                return other.country
    return None


def _source(ctx: _Context, span: Span, anchor: Token) -> str | None:
    """Whose figure: 'according to X', 'X said' over the figure's clause, the speaker of its quote."""
    sent = anchor.sent
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and ctx.doc[t.i + 1].lower_ == "to":
            pobj = next((g for c in ctx.doc[t.i + 1:t.i + 2] for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _actor_of(ctx, pobj)
    x = anchor
    while True:
        for c in [x] + [c for c in x.children if c.dep_ in ("parataxis", "ccomp", "advcl")]:
            if _lemma(c) in SPEECH and c.pos_ == "VERB" and c is not anchor:
                subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
                if subj is not None:
                    return _actor_of(ctx, subj)
        if x.head.i == x.i:
            break
        x = x.head
    k = bisect.bisect_right(ctx.quote_starts, span.start_char) - 1
    if k >= 0 and ctx.quoted[k][0] <= span.start_char < ctx.quoted[k][1]:
        return _quote_speaker(ctx, ctx.quoted[k])
    return None


def _quote_speaker(ctx: _Context, quote: tuple[int, int]) -> str | None:
    """The subject of the speech verb nearest the quote, outside any quote, in its paragraph."""
    p = bisect.bisect_right(ctx.para_starts, quote[0]) - 1
    p_start = ctx.para_starts[p]
    p_end = ctx.para_starts[p + 1] - 1 if p + 1 < len(ctx.para_starts) else len(ctx.doc.text)
    best = None
    for t in ctx.doc:
        if t.idx < p_start or t.idx >= p_end or _lemma(t) not in SPEECH or t.pos_ != "VERB":
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


def _actor_of(ctx: _Context, tok: Token) -> str | None:
    """The actor a phrase names: its head's actor, else the first actor named inside it."""
    got = ctx.table.token_actor.get(tok.i)
    if got:
        return got
    for t in sorted(tok.subtree, key=lambda t: abs(t.i - tok.i)):
        got = ctx.table.token_actor.get(t.i)
        if got:
            return got
    return None
