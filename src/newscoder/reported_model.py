"""Learned unquoted attributions: the long tail of cues the rules in `reported` leave alone.

PolNeAR-style attributions come with hundreds of cue verbs ("discussed the plan", "pointed to the
deficit", "offered condolences", "pushed for a vote"), most of them seen a handful of times, and the same
verb is a statement in one sentence and an ordinary act in the next ("attacked the plan" / "attacked the
village"). A word list cannot draw that line; a classifier over the verb, what its complement is and who
its subject is can. Each verb with a named or nominal subject offers a few content spans (its clause, its
object, its infinitive, the object of a preposition, everything after it); the model scores each span and
the best one above THRESHOLD becomes an indirect quote with the verb as cue and its subject as speaker.

Binary logistic regression over hashed features, trained on PolNeAR train only (bench/train_reported.py)
and shipped as data/reported_model.npz in event_model's format, with two word lists learned beside it: the
cue lemmas (a verb never seen reporting anything is no candidate) and the common nouns seen speaking
("officials", "the poll"; not "the rain"). Accuse and naming verbs stay with the rules. Inference is numpy
only: a sum of a few dozen weight rows per candidate span.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from .actors import ActorTable
from .doccache import attrs, doc_text
from .event_model import Model, feature_crc, model_from
from .record import Quote
from .speakers import attribute
from .speech import without_trailing_aside, char_span, first_person, lexicon, subject

MODEL_PATH = "data/reported_model.npz"
THRESHOLD = 0.5         # the probability a span must reach; chosen on held-out train documents
MIN_POSITIVE = 3        # a verb is a candidate only if its lemma was a cue this often in training: the model
                        # must not guess at verbs it never saw report anything ("flung her arms")
MIN_SPEAKER = 2         # likewise a common noun as speaker: "officials", "the poll" may; "the rain" may not
MAX_WORDS = 80          # longer spans are whole passages, not what one verb reports
_PREPS = frozenset({"about", "on", "for", "against", "to", "of", "with", "at", "over", "in", "as"})
_DROP_EDGE = frozenset({"that"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "PERCENT"})   # "44 percent say ..."
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "AUX"})   # a span without one says nothing
_REST_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "dative", "oprd", "advcl", "acomp", "attr", "prt"})


@dataclass
class Candidate:
    verb: Token
    option: str             # which span: ccomp, xcomp, dobj, prep:<word>, rest
    toks: list[Token]


def _trim(toks: list[Token]) -> list[Token]:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ in _DROP_EDGE):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _pronoun_topic(toks: list[Token]) -> bool:
    """ "argued about it online for a week": the topic is a pronoun; what follows it is when and where."""
    return toks[0].pos_ == "ADP" and any(c.dep_ == "pobj" and c.pos_ == "PRON" for c in toks[0].children)


def options(verb: Token) -> list[Candidate]:
    """The spans a verb may report, after it (a clause before its verb is the rules' case)."""
    out: list[Candidate] = []
    rest: list[Token] = []
    for c in verb.children:
        if c.i < verb.i:
            continue
        dep = c.dep_
        if dep not in _REST_DEPS:
            continue
        subtree = list(c.subtree)           # (once: for its own span and for the rest)
        if dep in ("ccomp", "xcomp", "dobj"):
            out.append(Candidate(verb, dep, _trim(subtree)))
        elif dep == "prep" and c.lower_ in _PREPS:
            out.append(Candidate(verb, f"prep:{c.lower_}", _trim([t for t in subtree if t.i != c.i])))
        rest.extend(subtree)                 # everything after the verb up to a second verb of its own or
                                             # the sentence's end
    out.append(Candidate(verb, "rest", _trim(rest)))
    # each span also without a comma-set aside that ends it (", who converted ...", ", citing ...")
    for cand in list(out):
        cut = _trim(without_trailing_aside(cand.toks))
        if cut and len(cut) < len(cand.toks):
            out.append(Candidate(verb, cand.option + "/cut", cut))
    seen: set[tuple[int, int]] = set()
    kept = []
    for cand in out:
        if not cand.toks or len(cand.toks) > MAX_WORDS:
            continue
        key = (cand.toks[0].i, cand.toks[-1].i)
        if key not in seen:
            seen.add(key)
            kept.append(cand)
    return kept


def speaker_noun(subj: Token) -> str | None:
    """The lemma of a common-noun speaker ("officials", "the poll"); None for names, groups and pronouns
    ("Four days of rain pushed ..." is a noun too: a date is no speaker)."""
    return subj.lemma_.lower() if subj.pos_ == "NOUN" and subj.ent_type_ not in _SPEAKER_ENTS else None


def _kind(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.pos_ == "PRON":
        return "pron:" + tok.lower_
    if tok.ent_type_:
        return "ent:" + tok.ent_type_
    return tok.pos_


def _bucket(n: int) -> str:
    return next(f"<={b}" for b in (1, 2, 4, 8, 16, 32, 1000) if n <= b)


def features(c: Candidate, subj: Token | None) -> list[str]:
    """The candidate's verb, span and speaker as feature strings."""
    return verb_features(c.verb, subj) + span_features(c, subj)


def verb_features(v: Token, subj: Token | None) -> list[str]:
    """What all of a verb's candidate spans share: the verb, its modifiers and its speaker."""
    lem = v.lemma_.lower()
    sk = _kind(subj)
    sk_broad = sk.split(":")[0]
    out = ["bias", f"l={lem}", f"s={sk}", f"sb={sk_broad}", f"ls={lem}|{sk_broad}", f"t={v.tag_}", f"d={v.dep_}",
           f"ld={lem}|{v.dep_}"]
    for ch in v.children:
        if ch.dep_ in ("neg", "auxpass", "prt", "dative"):
            out.append(f"m={ch.dep_}")
            out.append(f"lm={lem}|{ch.dep_}|{ch.lower_}")
        elif ch.dep_ == "aux":
            out.append(f"aux={ch.lemma_.lower()}")
    kids = sorted(ch.dep_ for ch in v.children if ch.i > v.i and ch.dep_ in ("ccomp", "xcomp", "dobj", "prep"))
    out.append("k=" + "|".join(kids))
    out.append(f"hl={v.head.lemma_.lower()}|{v.dep_}" if v.head.i != v.i else "hl=root")
    if subj is not None and not subj.ent_type_ and subj.pos_ != "PRON":
        out.append(f"sl={subj.lemma_.lower()}")      # "the poll shows", "critics say"
    return out


def span_features(c: Candidate, subj: Token | None) -> list[str]:
    """What sets one candidate span apart: which complement, how long, how it starts."""
    v = c.verb
    lem = v.lemma_.lower()
    opt = c.option.split(":")[0]
    inside = {x.i for x in c.toks}
    head = c.toks[0] if len(c.toks) == 1 else next((t for t in c.toks if t.head.i == v.i or t.head.i not in
                                                    inside), c.toks[0])
    sk_broad = _kind(subj).split(":")[0]
    n = _bucket(len(c.toks))
    first = c.toks[0].lower_
    return [f"o={c.option}", f"lo={lem}|{c.option}", f"os={c.option}|{sk_broad}", f"n={n}", f"on={opt}|{n}",
            f"lon={lem}|{opt}|{n}", f"hp={head.pos_}", f"ohp={c.option}|{head.pos_}",
            f"ol={c.option}|{head.lemma_.lower()}", f"f={first}", f"of={opt}|{first}", f"lf={lem}|{first}",
            f"do={v.dep_}|{c.option}"]


def eligible(verb: Token) -> Token | None:
    """A verb that may start a learned attribution, with its subject (the speaker-to-be), else None."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _ruled():
        return None
    subj = subject(verb)
    if subj is None or first_person(subj) or subj.lower_ in ("it", "there", "this", "that", "what", "which"):
        return None
    return subj


@lru_cache(maxsize=1)
def _ruled() -> frozenset[str]:
    """Accuse and naming verbs: the rules read their object and charge ("blamed the West for ...") or the
    name they give; where they found no statement there is an act ("denounced the raid as terrorism" is an
    accusation, an event), and the model must not second-guess them."""
    lex = lexicon()
    return lex.accuse | lex.naming


def learned(doc: Doc, table: ActorTable, skip: Callable[[int], bool], found: list[Quote]) -> list[Quote]:
    """Quotes for verbs the rules left alone, where the model is sure enough. `skip(i)` says whether a
    character offset is taken (a cue already used, inside quote marks); spans that would repeat a quote
    already found are dropped."""
    loaded = load()
    if loaded is None:
        return []
    scorer, lemma_ids, speakers = loaded
    out: list[Quote] = []
    spans = [(q.start, q.end) for q in found]
    # the verbs of a cue lemma, from the parse arrays: no Token object for the other words
    a = attrs(doc)
    verbs = np.flatnonzero(a.hashes(POS) == VERB)
    lemmas = a.hashes(LEMMA)[verbs]
    at = np.minimum(np.searchsorted(lemma_ids, lemmas), len(lemma_ids) - 1)
    ruled = _ruled()
    for i in verbs[lemma_ids[at] == lemmas].tolist():
        # the checks `eligible` would make first, on the arrays: most verbs fail them, without a Token
        idx = a.idx[i]
        if skip(idx) or any(s <= idx < e for s, e in spans) or a.lemma[i].lower() in ruled:
            continue
        verb = doc[i]
        subj = eligible(verb)
        if subj is None or speaker_noun(subj) not in speakers and speaker_noun(subj) is not None:
            continue
        shared = scorer.indices(verb_features(verb, subj))   # hashed once for all the verb's spans
        best, best_p = None, THRESHOLD
        for cand in options(verb):
            if not any(a.pos[t.i] in _CONTENT_POS for t in cand.toks) or _pronoun_topic(cand.toks):
                continue    # "argued about it": a pronoun alone tells an analyst nothing
            p = scorer.prob_of(shared + scorer.indices(span_features(cand, subj)))
            if p >= best_p:
                best, best_p = cand, p
        if best is None:
            continue
        start, end = char_span(best.toks)
        if any(_overlap(start, end, s, e) >= 0.5 for s, e in spans):
            continue
        quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="indirect")
        attribute(quote, doc, verb, table)
        if quote.speaker_text is None:
            continue
        out.append(quote)
        spans.append((start, end))
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> float:
    inter = max(0, min(a1, b1) - max(a0, b0))
    return inter / max(1, max(a1, b1) - min(a0, b0))


class Scorer:
    """P(yes) of the two-class model as one weight column (yes minus no): a sum and a sigmoid."""

    def __init__(self, model: Model) -> None:
        self.w = (model.weights[:, 1] - model.weights[:, 0]).astype(np.float64)
        self._w = self.w.tolist()   # Python floats: the same float64 sums, without a numpy scalar per index
        self.b = float(model.bias[1] - model.bias[0])
        self.mask = (1 << model.bits) - 1

    def indices(self, feats: list[str]) -> list[int]:
        """The features' weight indices, in order."""
        mask = self.mask
        return [feature_crc(f) & mask for f in feats]

    def prob_of(self, indices: list[int]) -> float:
        # one weight per feature index, as in training (event_model.train counts an index once); summed
        # one by one in the set's order from 0, then the bias added: the float64 arithmetic of a numpy sum
        # of scalars, bit for bit (the builtin sum() may compensate rounding in later Pythons)
        w, total = self._w, 0.0
        for i in set(indices):
            total += w[i]
        z = self.b + total
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load() -> tuple[Scorer, np.ndarray, frozenset[str]] | None:
    """The shipped model, its cue lemmas (as spaCy string ids) and speaker nouns, or None when the package
    has none (the rules then work alone)."""
    ref = resources.files("newscoder").joinpath(MODEL_PATH)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh:
        z = np.load(fh, allow_pickle=False)
        model = model_from(z)
        lemma_ids = np.array(sorted(get_string_id(str(x)) for x in z["lemmas"]), dtype=np.uint64)
        return Scorer(model), lemma_ids, frozenset(str(x) for x in z["speakers"])
