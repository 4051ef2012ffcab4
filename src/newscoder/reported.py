"""Reported speech without quote marks, and attitudes: "X warned that ...", "according to X, ...",
"the study shows that ...", "Lee plans to ...", "endorsed Cruz", "her claim that ...". PolNeAR counts
statements, beliefs, intentions, stances and decrees as attributions; only the outermost is kept.
Used by newscoder.quotes after the direct and mixed quotes are found.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from .actors import ActorTable
from .doccache import doc_text, heads_of, sentence
from .record import Actor, Quote
from .quotemarks import DOUBLE_MARK
from .reported_model import learned
from .speakers import attribute, set_speaker
from .speech import Lexicon, aside_content, char_span, content_span, first_person, is_cue, subject

# Cues of a direct quote only: "“...,” Putin continued." reports speech; "Moscow continued to ..." does not.
DIRECT_ONLY = frozenset({"continue"})
# Stance verbs whose object may be a bare name: "endorsed Cruz".
_STANCE = frozenset({"endorse", "back", "support", "oppose", "favor", "favour", "reject", "prefer", "praise", "criticize",
                     "criticise", "defend", "champion", "welcome", "applaud", "hail", "dismiss"})
_NOT_ATTITUDE = frozenset({"be", "have", "do", "get", "make", "mean", "seem", "appear", "ensure"})
# A line a name opens with a colon: a transcript turn ("TAPPER: Do you think ...") or a headline that
# hands its claim to someone ("Sanders: Clinton must ..."). One to four capitalised words.
_COLON_LINE = re.compile(r"(?m)^((?:[A-Z][\w.’'-]*)(?: [A-Z][\w.’'-]*){0,3}) ?: +(?=\S)")
_COLON_KINDS = frozenset({"person", "group", "igo", "state", "media"})
# the dependencies by which a clause hangs on the verb that reports it
_CLAUSAL = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis"})


def indirect(doc: Doc, table: ActorTable, lex: Lexicon, used: set[int], quoted, direct: list[Quote]) -> list[Quote]:
    out = []
    # Only these tokens can start a statement: the lexicon's words, and verbs with a clausal complement
    candidates = sorted(set(lex.words.tokens(doc)).union(heads_of(doc, "ccomp")))
    for tok in map(doc.__getitem__, candidates):
        if tok.idx in used or inside(quoted, tok.idx):
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            q = according_to(doc, tok, table)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            q = noun_claim(doc, tok, table)
        elif (is_cue(tok, lex) or takes_that_clause(tok)) and tok.lemma_.lower() not in DIRECT_ONLY \
                and subject(tok) is not None and not first_person(subject(tok)):
            q = reported(doc, tok, lex, table)
        else:
            q = None
        if q is not None and not overlaps_direct(q, direct, tok):
            out.append(q)
    out += colon_lines(doc, table, quoted, direct + out)
    # the long tail of cues ("discussed the plan", "pushed for a vote"): a learned model's, where it is sure
    taken = used | {q.cue_start for q in out if q.cue_start is not None}
    return out + learned(doc, table, lambda i: i in taken or inside(quoted, i), direct + out)


def colon_lines(doc: Doc, table: ActorTable, quoted, found: list[Quote]) -> list[Quote]:
    """ 'BLAKE: We never agreed to that.' / 'Sanders: Clinton must explain her speeches': the rest of the
    line is the named speaker's. Only a name the actor table knows (a person, a party, a state...) speaks:
    'Contributing: ...', 'The Latest: ...', 'BREAKING: ...' are the paper's labels."""
    text = doc_text(doc)
    out = []
    for m in _COLON_LINE.finditer(text):
        start = m.end()
        if inside(quoted, start) or any(q.start <= start < q.end for q in found):
            continue  # a quote mark opens it: the direct quotes' case
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1] in " \t.":
            end -= 1
        if len(text[start:end].split()) < 3:
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if name is None:
            continue
        mention = table.mention_at(name[-1])
        actor = table.actor(mention[1]) if mention is not None else _by_surname(table, m.group(1))
        if actor is None or actor.kind not in _COLON_KINDS:
            continue
        quote = Quote(text=text[start:end], start=start, end=end, kind="indirect", cue=":",
                      cue_start=m.end(1), cue_end=m.end(1) + 1)
        if mention is not None:
            set_speaker(quote, doc, name[-1], table)
        else:  # 'HARPER:' in a transcript: the Ann Harper named in the article
            quote.speaker, quote.speaker_text = actor.id, m.group(1)
            quote.speaker_start, quote.speaker_end = m.start(1), m.end(1)
        out.append(quote)
    return out


def _by_surname(table: ActorTable, name: str) -> Actor | None:
    """The person of the article whose surname this is ('HARPER', 'Harper'), if exactly one."""
    found = [a for a in table.actors if a.kind == "person" and a.name.split()[-1].lower() == name.lower()]
    return found[0] if len(found) == 1 else None


def takes_that_clause(tok: Token) -> bool:
    """A verb outside the lexicon with a that-clause reports an attitude ('the study shows that ...',
    'Lee hopes that ...'); its subject must be someone or something that can hold one."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in _NOT_ATTITUDE:
        return False
    comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if comp is None:
        return False
    subj = subject(tok)
    if subj is None or subj.lower_ in ("it", "there", "this", "that", "which"):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children) \
        or subj.pos_ == "PROPN" or subj.lower_ in ("he", "she", "they")


def noun_claim(doc: Doc, noun: Token, table: ActorTable) -> Quote | None:
    """ 'her claim that the mayor lied', 'his decision to leave': the owner says (or holds) the clause."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i and c.pos_ in ("VERB", "AUX")
                   and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)), None)
    if owner is None or clause is None or first_person(owner) or owner.lower_ in ("my", "our", "your", "its"):
        return None
    toks = [t for t in clause.subtree if not (t.i == clause.left_edge.i and t.lower_ == "that")]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if len(toks) < 3:
        return None
    start, end = char_span(toks)
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="indirect", cue=noun.text,
                  cue_start=noun.idx, cue_end=noun.idx + len(noun.text))
    set_speaker(quote, doc, owner, table)
    return quote


def reported(doc: Doc, cue: Token, lex: Lexicon, table: ActorTable) -> Quote | None:
    span = aside_content(cue) if cue.dep_ == "parataxis" else content_span(cue)
    if span is None:
        return None
    start, end = span
    text = doc_text(doc)[start:end]
    # "endorsed Cruz", "backs the plan": a stance verb's object may be a name alone
    if len(text.split()) < (1 if cue.lemma_.lower() in _STANCE else 3):
        return None
    kind = "mixed" if DOUBLE_MARK.search(text) else "indirect"
    quote = Quote(text=text, start=start, end=end, kind=kind)
    attribute(quote, doc, cue, table)
    return quote


def according_to(doc: Doc, tok: Token, table: ActorTable) -> Quote | None:
    """ "..., according to the Gaza health ministry": the rest of the sentence is what the source says."""
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    sent = sentence(tok)
    phrase = set(t.i for t in tok.subtree)
    toks = [t for t in sent if t.i not in phrase and not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    right = [t for t in toks if t.i > max(phrase)]
    while right and right[0].is_punct:
        right = right[1:]
    if len(right) >= 3 and len(right) < len(toks) and right[0].pos_ != "CCONJ" \
            and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in right):  # a clause, not '..., and said ...'
        toks = right  # 'While most were “confidential,” according to an official, [two were “Secret”]'
    if len(toks) < 3:
        return None
    start, end = char_span(toks)
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="indirect",
                  cue="according to", cue_start=tok.idx, cue_end=to.idx + len(to.text))
    set_speaker(quote, doc, objs[0], table)
    return quote


def inside(ranges, i: int) -> bool:
    """Is offset i inside one of the (sorted, non-overlapping) ranges?"""
    k = bisect.bisect_right(ranges, (i, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= i < ranges[k][1]


def overlaps_direct(q: Quote, direct: list[Quote], cue: Token | None = None) -> bool:
    """Overlaps a quote already attributed (a quote with no speaker yet may be part of this one). A direct
    quote whose cue this statement reports ('Lee said his mother told him: “...”') is nested in it: the
    outer statement stands, and `quotes._drop_nested` drops the inner one."""
    return any(d.start < q.end and q.start < d.end and d.speaker_text
               and not (cue is not None and d.speaker_text != q.speaker_text and _reports(cue, d))
               for d in direct)


def _reports(cue: Token, inner: Quote) -> bool:
    """The inner quote's cue sits in the clause the cue reports, through clauses only (not a relative
    clause: 'backed Lund, who says “...”' is Lund's)."""
    if inner.cue_start is None:
        return False
    span = cue.doc.char_span(inner.cue_start, inner.cue_end or inner.cue_start + 1, alignment_mode="expand")
    tok = span.root if span is not None and len(span) else None
    for _ in range(6):
        if tok is None or tok.dep_ not in _CLAUSAL or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == cue.i:
            return True
    return False
