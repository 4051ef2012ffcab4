"""What happened to the people a figure counts: killed, injured, displaced, hostages, arrested, missing,
affected. The word lists (data/figures.json, read once by `numbers`) and the rules that find the
governing word on the dependency parse: the verb the counted noun is subject or object of, a state
("34 dead"), a toll noun ("the death toll rose to 34"), a modifier, or a nearby word when the parse
breaks.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from . import dictionary, numbers
from .doccache import WordSet, sentence, sentence_starts, sentences

D = numbers.DATA


def _index(groups: dict[str, list[str]]) -> dict[str, str]:
    return {w: kind for kind, words in groups.items() for w in words}


VERB_KIND = _index(D["kind_verbs"])
INTRANS_KIND = _index(D["intransitive"])
STATE_KIND = _index(D["states"])
NOUN_KIND = _index(D["kind_nouns"])
PHRASE_KIND = {(v, w): kind for kind, pairs in D["verb_phrases"].items() for v, w in pairs}
ABSTRACT = frozenset(D["abstract_nouns"])
TOLLS = frozenset(D["toll_nouns"])
PEOPLE = frozenset(D["people"])
NOT_PEOPLE = frozenset(D["not_people"])
SPEECH = frozenset(D["speech_verbs"])
PLACE_PREPS = frozenset(D["place_preps"])
CASUALTY = frozenset({"casualty"})
SKIP_ENTS = frozenset({"DATE", "MONEY", "PERCENT", "ORDINAL"})
DATE_WORDS = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
                         r"|year|month|week|day|decade|centur|ago|today|yesterday|tomorrow|night|morning|evening"
                         r"|afternoon|spring|summer|autumn|fall|winter|season|quarter|era|period|time|hour"
                         r"|(?:1[89]|20)\d\d\b)|\d+/\d+|'s\b")
INTENT = frozenset({"try", "attempt", "plan", "threaten", "want", "seek", "vow", "intend", "aim", "fail",
                     "refuse", "plot", "conspire", "order", "urge", "call", "demand", "hope", "promise", "decide"})
COLLECTIVE = frozenset({"family", "group", "crowd", "party", "band", "gang", "team", "unit", "total", "couple"})
BODIES = frozenset({"body", "corpse"})
BODY_VERBS = frozenset({"find", "discover", "recover", "dump", "retrieve", "pull", "wash", "identify", "exhume",
                         "lie", "leave", "throw", "burn", "locate", "bury", "abandon", "spot", "see", "hang"})
VAGUE_WORDS = frozenset(w for phrase in numbers.VAGUE for w in phrase.split()) - {"a", "of"}
STATE_VERBS = frozenset({"find", "report", "confirm", "declare", "pronounce", "leave", "lie", "shoot", "beat",
                          "stab", "burn", "hack", "stone", "be", "get", "remain", "go", "believe", "feared",
                          "fear", "presume", "say"})
PLACE_NOUNS = frozenset({"province", "district", "city", "town", "village", "region", "governorate", "state",
                          "county", "area", "camp", "neighborhood", "neighbourhood", "strip", "valley", "municipality",
                          "prefecture", "division", "department", "sub-district", "subdistrict", "island", "port",
                          "outskirts", "countryside", "capital", "suburb", "suburbs", "center", "centre", "part",
                          "east", "west", "north", "south", "vicinity", "heart", "border", "coast", "town"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SUBJ = frozenset({"nsubj", "nsubjpass"})
OWN_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "npadvmod", "attr", "oprd"})
PREDICATE = frozenset({"oprd", "acomp", "xcomp", "advcl", "ccomp", "attr", "dobj", "conj"})
TOLL_VERBS = frozenset({"rise", "climb", "reach", "stand", "hit", "jump", "increase", "top", "exceed", "pass",
                         "surpass", "be", "include", "grow", "soar", "mount", "near", "approach", "stay",
                         "remain", "put", "raise", "bring", "take", "push", "reach"})


# Every word that can make `kind_of` answer: a sentence with none of them has no figure without a number.
KIND_WORDS = WordSet([*VERB_KIND, *INTRANS_KIND, *STATE_KIND, *NOUN_KIND, *TOLLS, *CASUALTY, "fatally",
                     *(w or v for v, w in PHRASE_KIND)])   # a phrase needs its second word


def kind_sentences(doc) -> set[int]:
    """The start of every sentence that holds a kind word (or whose next sentence does: `_window_kind`
    reads on into it)."""
    sents = sentences(doc)
    index = {s.start: k for k, s in enumerate(sents)}
    starts = sentence_starts(doc)
    has = {index[starts[i]] for i in KIND_WORDS.tokens(doc)}
    return {s.start for k, s in enumerate(sents) if k in has or k + 1 in has}


def lemma(t: Token) -> str:
    return t.lemma_.lower()


def people_noun(noun: Token) -> bool | None:
    """True: the noun names people; False: it names things; None: cannot tell."""
    lem, low = lemma(noun), noun.lower_
    if lem in NOT_PEOPLE or low in NOT_PEOPLE:
        return False
    if lem in PEOPLE or low in PEOPLE or lem in NOUN_KIND or low in NOUN_KIND or lem in CASUALTY:
        return True
    if noun.ent_type_ == "NORP" or noun.pos_ == "PROPN" and noun.ent_type_ in ("ORG", "NORP"):
        return True
    agent = dictionary.load().agents.get(lem)
    if agent is not None:
        return agent.kind == "person" or lem in ("police", "military", "security")
    return None


# ------------------------------------------------------------------ the kind

def kind_of(node: Token, noun: Token | None, span: Span | None) -> tuple[str | None, list[Token]]:
    """What happened to the people counted, and the words that say it."""
    own = noun if noun is not None else node
    k = NOUN_KIND.get(lemma(own)) or NOUN_KIND.get(own.lower_)
    if k and own.pos_ != "NUM":
        return k, [own]
    if lemma(own) in CASUALTY:
        return "casualty", [own]
    k = _modifier_kind(own, after=True)      # "people dead", "civilians killed", "people who died"
    if k[0]:
        return k
    if node.dep_ not in ("conj", "appos"):
        k = _head_kind(node)
        if k[0]:
            return k
    for t in (own,) if node.i == own.i else (own, node):   # the number's own word first, in a fixed order
        k = _modifier_kind(t)
        if k[0]:
            return k
    k = _window_kind(own)
    if k[0]:
        return k
    for c in own.children:
        if c.dep_ == "conj" and NOUN_KIND.get(lemma(c)) and lemma(c) in ABSTRACT:
            return NOUN_KIND[lemma(c)], [c]
    x = node
    while x.dep_ in ("conj", "appos") and x.head.i != x.i and x.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        x = x.head
        k = NOUN_KIND.get(lemma(x))
        if k:
            return k, [x]
    if x is not node:
        k = _head_kind(x)
        if k[0]:
            return k
    return _before_kind(span if span is not None else node.doc[node.i:node.i + 1])


def _modifier_kind(t: Token, after: bool = False) -> tuple[str | None, list[Token]]:
    """'5 wounded soldiers', 'civilians killed', 'people who died', '5 injured' (a participle on the number);
    with `after`, only the modifiers that follow the word."""
    for c in t.children:
        if after and c.i < t.i:
            continue
        lem, low = lemma(c), c.lower_
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
    """A kind word shortly after the counted words, over a parse that went astray: '3 killed', '5 people
    dead', '2 men died', '56 BH/IS fighters were killed', '2 IS militants dead'."""
    doc = own.doc
    end = sentence(own).end
    if own.like_num and own.dep_ == "ROOT" and len(sentence(own)) <= 2 and end < len(doc):
        end = sentence(doc[end]).end              # "14" split off as a sentence of its own
    i, steps = own.i + 1, 0
    while i < end and steps < 6:
        t = doc[i]
        i, steps = i + 1, steps + 1
        if t.text == "(":                    # "3 TMF fighters (including the director) dead"
            close = next((j for j in range(i, min(i + 15, end)) if doc[j].text == ")"), None)
            if close is None:
                break
            i = close + 1
            continue
        if t.like_num or t.text in (",", ";", ":", ".", "—", "–"):
            break
        if t.dep_ == "prep" and t.lower_ in ("of", "from") and t.head.i == own.i:
            i = max(g.i for g in t.subtree) + 1      # "three members of the RF (Rebel Front) died"
            continue
        lem, low = lemma(t), t.lower_
        if t.pos_ == "VERB" and lem in STATE_VERBS and not any(g.dep_ == "dobj" for g in t.children):
            k = _state_of(t)
            if k[0]:
                return k
        k = STATE_KIND.get(low) if t.pos_ in ("ADJ", "VERB", "NOUN") else None
        if k is None and t.pos_ == "VERB":
            k = INTRANS_KIND.get(lem) or (VERB_KIND.get(lem) if t.tag_ == "VBN" else None)
        if k and not any(g.dep_ == "dobj" for g in t.children):
            return k, [t]
        if t.pos_ in ("ADV", "AUX", "PART", "PROPN", "SYM") or t.ent_type_ in ("ORG", "NORP") or t.is_upper \
                or t.pos_ == "VERB" and lem in STATE_VERBS \
                or t.text in ("/", "-") or t.pos_ == "NOUN" and own.like_num and people_noun(t):
            continue
        break
    return None, []


def _head_kind(x: Token) -> tuple[str | None, list[Token]]:
    """The word governing the counted node: a verb it is subject or object of, a noun it depends on."""
    h, dep = x.head, x.dep_
    if h.i == x.i:
        return None, []
    lem = lemma(h)
    if dep == "pobj":
        p, ph = h, h.head
        if p.lower_ == "of" and (NOUN_KIND.get(lemma(ph)) or lemma(ph) in CASUALTY):
            return NOUN_KIND.get(lemma(ph), "casualty"), [ph]
        if p.lower_ == "of" and lemma(ph) in TOLLS:
            return _toll_kind(ph)
        if p.lower_ in ("to", "at", "past", "above") and ph.pos_ in ("VERB", "AUX"):
            subj = next((c for c in ph.children if c.dep_ in SUBJ), None)
            if subj is not None and (lemma(subj) in TOLLS or lemma(subj) in NOUN_KIND):
                return _toll_kind(subj) if lemma(subj) in TOLLS else (NOUN_KIND[lemma(subj)], [subj])
        return None, []
    if dep == "appos" and (NOUN_KIND.get(lem) or lem in TOLLS):
        return (NOUN_KIND[lem], [h]) if lem in NOUN_KIND else _toll_kind(h)
    if h.pos_ not in ("VERB", "AUX", "ADJ"):
        return None, []
    if dep == "dobj" and h.pos_ == "ADJ" and h.lower_ in STATE_KIND:
        return STATE_KIND[h.lower_], [h]
    if dep in ("dobj", "attr") and lem in TOLL_VERBS:
        subj = next((c for c in h.children if c.dep_ in SUBJ), None)
        if subj is not None and lemma(subj) in TOLLS:
            return _toll_kind(subj)
        if subj is not None and NOUN_KIND.get(lemma(subj)) and lem in ("be", "include", "reach", "rise"):
            return NOUN_KIND[lemma(subj)], [subj]
    found = [_verb_kind(h, dep, x)]
    if dep in SUBJ:      # "were shot and killed", "was kidnapped and later found dead": verbs sharing the subject
        for c in h.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in SUBJ | {"dobj"} for g in c.children):
                found.append(_verb_kind(c, "nsubjpass" if dep == "nsubjpass" or c.tag_ == "VBN" else dep, x))
    found = [k for k in found if k[0]]
    return next((k for k in found if k[0] == "killed"), found[0] if found else (None, []))


def _verb_kind(h: Token, dep: str, x: Token) -> tuple[str | None, list[Token]]:
    lem = lemma(h)
    passive = dep == "nsubjpass" or dep == "nsubj" and h.tag_ == "VBN" and \
        not any(c.dep_ == "aux" and lemma(c) == "have" for c in h.children)
    undergoer = dep in ("dobj", "nsubjpass", "oprd") or passive
    fatally = next((c for c in h.children if c.lower_ == "fatally"), None)
    if fatally is not None and undergoer and h.pos_ == "VERB":
        return "killed", [fatally, h]         # "fatally shot", "fatally wounded"
    if lem in VERB_KIND and undergoer:
        other = _combined(h, x)
        if other is not None:
            return "casualty", sorted([h, other], key=lambda t: t.i)
        return VERB_KIND[lem], [h]
    if lem in INTRANS_KIND and dep in SUBJ:
        return INTRANS_KIND[lem], [h]
    if dep in SUBJ | {"dobj"}:
        return _state_of(h)
    return None, []


def _state_of(h: Token) -> tuple[str | None, list[Token]]:
    """'left 34 dead', 'were found dead', 'are missing', 'lost their lives', 'were taken hostage'."""
    lem = lemma(h)
    for c in h.children:
        words = [c]
        if c.dep_ == "prep":
            words = [g for g in c.children if g.dep_ == "pobj"] + [c]
        for w in words:
            if (lem, lemma(w)) in PHRASE_KIND or (lem, w.lower_) in PHRASE_KIND:
                return PHRASE_KIND.get((lem, lemma(w))) or PHRASE_KIND[(lem, w.lower_)], [h, w]
        if c.dep_ in PREDICATE - {"dobj", "conj"} and c.lower_ in STATE_KIND \
                and not any(g.dep_ in ("dobj", "nsubj", "nsubjpass") for g in c.children):
            return STATE_KIND[c.lower_], [c]
    if (lem, "") in PHRASE_KIND:
        return PHRASE_KIND[(lem, "")], [h]
    return None, []


def _combined(h: Token, node: Token) -> Token | None:
    """'killing and injuring dozens', 'were killed or wounded': one count of dead and wounded together."""
    others = [c for c in h.children if c.dep_ == "conj"] + ([h.head] if h.dep_ == "conj" else [])
    for v in others:
        if v.pos_ not in ("VERB", "ADJ") or VERB_KIND.get(lemma(v)) in (None, VERB_KIND.get(lemma(h))):
            continue
        own_args = SUBJ if node.dep_ in SUBJ else OWN_ARGS - SUBJ
        if any(g.dep_ in own_args or g.like_num for g in v.children):
            continue
        if node.dep_ in SUBJ or v.i < node.i:
            return v
    return None


def _toll_kind(toll: Token) -> tuple[str | None, list[Token]]:
    """'the death toll', 'the number of dead', 'the injury toll': the kind the toll counts."""
    for c in toll.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            k = NOUN_KIND.get(lemma(c)) or STATE_KIND.get(c.lower_)
            if k:
                return k, [c, toll]
            if lemma(c) in CASUALTY:
                return "killed", [c, toll]
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                k = NOUN_KIND.get(lemma(g)) or STATE_KIND.get(g.lower_) or _modifier_kind(g)[0]
                if k:
                    return k, [toll, g]
    if lemma(toll) == "toll":
        return "killed", [toll]
    return None, []


def _before_kind(span: Span) -> tuple[str | None, list[Token]]:
    """A kind verb right before the number: 'killing 2', 'killed at least 5' (when the parse missed it)."""
    i = span.start - 1
    while i >= sentence(span[0]).start and span.doc[i].pos_ == "ADV":
        i -= 1
    if i < sentence(span[0]).start:
        return None, []
    t = span.doc[i]
    if t.pos_ == "VERB" and lemma(t) in VERB_KIND and t.tag_ in ("VBG", "VBD"):
        return VERB_KIND[lemma(t)], [t]
    return None, []


def negated(toks: list[Token]) -> bool:
    return any(c.dep_ == "neg" for t in toks for c in t.children)
