"""Mentions of actors in a parsed article, each resolved to who it is as far as the phrase itself tells.

Three sources: named entities ("Vladimir Putin", "the Kremlin", "Hamas"), looked up in the actor
dictionary on the article's date; role phrases ("Russian religious leaders", "Iran-linked militants",
"the Assad government", "a curious journalist"), whose head word gives the sector and whose modifiers
give the country; and pronouns, which `coref` links to an earlier mention. Titles and appositions
("President Vladimir Putin", "Jane Roe, a spokeswoman for the UN") inform the named person instead of
making a second actor.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .dictionary import Dictionary, Entry
from .doccache import attrs, ents, span_text

ACTOR_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "group", "FAC": "organization",
                "LOC": "state"}
GENDER_WORDS = {"m": frozenset("""mr mr. sir spokesman chairman congressman businessman king prince father man
                                  boy husband son brother uncle grandfather monk""".split()),
                "f": frozenset("""mrs mrs. ms ms. miss madam dame spokeswoman chairwoman congresswoman businesswoman
                                  queen princess mother woman girl wife daughter sister aunt grandmother nun
                                  actress""".split())}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PRONOUNS = {"he": ("person", False), "him": ("person", False), "his": ("person", False),
            "she": ("person", False), "her": ("person", False), "hers": ("person", False),
            "they": ("group", True), "them": ("group", True), "their": ("group", True), "its": ("group", False)}
BACKING = frozenset({"linked", "backed", "affiliated", "aligned", "allied", "supported", "sponsored", "funded",
                     "armed", "led", "run", "controlled", "based"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})
_OF_PREPS = frozenset({"of", "for", "from"})
_EDGE_DEPS = frozenset({"det", "nummod", "quantmod", "advmod", "predet", "punct", "case"})
# Role words that say nothing of their own about a sector: a group's "delegation" or "officials" are the
# group's (Hamas officials -> PSE REB), where a "ministry" or "army" keeps its own sector.
GENERIC_ROLES = frozenset({"delegation", "official", "officials", "leader", "leaders", "leadership", "member",
                           "members", "spokesman", "spokeswoman", "spokesperson", "representative",
                           "representatives", "envoy", "negotiator", "negotiators", "commander", "chief"})


@dataclass
class Mention:
    start: int                  # character offsets in doc.text
    end: int
    head: int                   # token index of the head word
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    entry: str | None = None    # dictionary name, when the dictionary knows it
    plural: bool = False
    pronoun: bool = False
    definite: bool = False      # "the Russian president": may denote an actor named earlier
    role: str | None = None     # the role word of a role phrase or title ("president")
    gender: str | None = None   # m or f when the text or the dictionary says

    @property
    def text_key(self) -> str:
        return " ".join(self.name.casefold().split())


def code_of(country: str | None, sector: str | None) -> str | None:
    return (country or "") + (sector or "") or None


def named_mentions(doc: Doc, d: Dictionary, date: str | None) -> list[Mention]:
    out = []
    for ent in ents(doc):
        if ent.label_ not in ACTOR_LABELS:
            continue
        m = _named(ent, d, date)
        if m is not None:
            _apply_titles(m, ent, d)
            out.append(m)
    return out


def _named(ent: Span, d: Dictionary, date: str | None) -> Mention | None:
    from .actors import clean_name  # one name-cleaning rule for the whole stage
    name = clean_name(span_text(ent))
    if not name:
        return None
    label, root = ent.label_, ent.root
    m = Mention(_start_without_det(ent), ent.end_char, root.i, ACTOR_LABELS[label], name)
    if label == "NORP":
        iso = d.demonym(name) or d.demonym(name.rstrip("s"))
        if iso is None and not name[:1].isupper():
            return None  # the model's NORP on a common noun ("jerrycan")
        if root.dep_ in ("amod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            return None  # "Russian religious leaders": the role phrase carries it
        m.country, m.plural = iso, name.endswith("s")
        m.name = (d.countries[iso].name + " (people)") if iso in d.countries and m.plural else name
        m.code = iso
        return m
    entry = d.lookup(name, date)
    if entry is None and label in ("LOC", "FAC"):
        return None  # "the Middle East", a bridge: places, not actors, unless the dictionary says so
    if entry is None and is_role_entity(ent, d):
        return None  # "the Palestinian health ministry": a role phrase the NER took for a name
    if entry is not None:
        _take_entry(m, entry)
    if m.kind == "person":
        m.gender = m.gender or _person_gender(ent, d)
    if entry is None and label == "ORG":
        # An unknown body that names its country: "Tajikistan's State Committee for National Security".
        m.country = next((c for c in (_word_country(t, d, date)[1] for t in ent) if c), None)
        m.code = m.country
    return m


def gender_of_word(word: str) -> str | None:
    w = word.lower()
    return next((g for g, words in GENDER_WORDS.items() if w in words), None)


def _person_gender(ent: Span, d: Dictionary) -> str | None:
    """From a title just before the name ("Mrs", "spokeswoman") or from the first name."""
    words = attrs(ent.doc).text
    for i in reversed(range(max(0, ent.start - 3), ent.start)):
        g = gender_of_word(words[i])
        if g:
            return g
    return d.given_names.get(words[ent.start].casefold())


def _take_entry(m: Mention, e: Entry) -> None:
    m.entry, m.name, m.kind = e.name, e.name, e.kind
    m.gender = e.gender or m.gender
    m.country, m.sector, m.code = e.country, e.sector, e.code or code_of(e.country, e.sector)
    m.role = m.role or e.role


def _start_without_det(span: Span) -> int:
    """Where the span starts without a leading "the"/"a" (mentions name the actor, not the article): a
    character offset, read on the attribute arrays (no Span made for it)."""
    a = attrs(span.doc)
    start, lower = span.start, a.lower
    while start < span.end - 1 and lower[start] in ("the", "a", "an"):
        start += 1
    return a.idx[start]


def _apply_titles(m: Mention, ent: Span, d: Dictionary) -> None:
    """Role words around a person's name give an unknown person a sector and country:
    "Kyrgyz foreign ministry spokesperson Temir Osmonaliev", "Jane Roe, a spokeswoman for the UN"."""
    if ent.label_ != "PERSON":
        return
    words = [t for t in ent.root.children if t.dep_ in ("compound", "appos", "amod") and t.i < ent.start
             or t.dep_ == "appos" and t.i >= ent.end]
    for w in words:
        found = _agent_of(w, d)
        if found is None:
            continue
        agent, _ = found
        m.role = m.role or agent.word
        if m.sector is None and m.entry is None:
            m.sector = agent.sector
        if m.country is None:
            country, sector = _country_of(w, d, None, skip=set(range(ent.start, ent.end)))
            m.country = country
            if sector and m.sector is None:
                m.sector = sector
        m.code = m.code or code_of(m.country, m.sector)
        if m.entry is None:
            m.code = code_of(m.country, m.sector)


def _agent_of(tok: Token, d: Dictionary):
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    own = tok.ent_type_
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and (c.ent_type_ == "" or own and c.ent_type_ == own)]
    words = [c.lemma_.lower() for c in mods] + [tok.lemma_.lower()]
    return d.agent(words) or d.agent(words[:-1] + [tok.lower_])


def is_role_entity(ent: Span, d: Dictionary) -> bool:
    """An ORG/NORP entity the dictionary does not know, headed by a role word ("Defence Ministry")."""
    return ent.label_ in ("ORG", "NORP", "FAC") and d.lookup(span_text(ent)) is None and _agent_of(ent.root, d) is not None


def role_mentions(doc: Doc, d: Dictionary, date: str | None) -> list[Mention]:
    """Role phrases headed by a role word from the dictionary, not inside a name, not a person's title."""
    out = []
    for tok in map(doc.__getitem__, d.agent_words.tokens(doc)):   # every other token has no role word
        if tok.ent_type_:
            ent = _entity_of(tok)
            if ent is None or ent.root.i != tok.i or not is_role_entity(ent, d):
                continue
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue  # "hostage-taking", "police station": a modifier, not the phrase's head
        found = _agent_of(tok, d)
        if found is None or _is_title(tok):
            continue
        agent, _ = found
        plural = tok.tag_ in ("NNS", "NNPS")
        country, sector = _country_of(tok, d, date)
        person = agent.kind == "person" and not plural
        if country is None and sector is None and not person and tok.dep_ not in ("nsubj", "nsubjpass"):
            continue  # "significant airstrikes", "civilians" as objects: not an actor of their own
        span = _phrase_span(tok)
        m = Mention(span.start_char, span.end_char, tok.i, "person" if person else "group",
                    _phrase_name(span), country=country, plural=plural, role=agent.word,
                    sector=sector if sector and (person or agent.word in GENERIC_ROLES or sector == "IGO")
                    else agent.sector or sector)
        if m.sector == "IGO":
            m.kind = "igo"
        m.gender = gender_of_word(tok.lemma_) or gender_of_word(tok.text)
        m.definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not _has_named_modifier(tok)
        m.code = code_of(m.country, m.sector)
        out.append(m)
    return out


def _phrase_span(tok: Token) -> Span:
    """The role phrase from its first modifier to its head, without articles, numbers or punctuation at
    the edges ("over 7,000 people" -> "people", "'Iran-linked militants" -> "Iran-linked militants")."""
    first = min([c.i for c in tok.subtree if c.i <= tok.i and _in_np(c, tok)] + [tok.i])
    doc = tok.doc
    while first < tok.i and (doc[first].dep_ in _EDGE_DEPS or doc[first].is_punct):
        first += 1
    return doc[first:tok.i + 1]


def _in_np(c: Token, head: Token) -> bool:
    """Is c part of the noun phrase before its head (not a relative clause or a prepositional tail)?"""
    t = c
    while t.i != head.i:
        if t.dep_ not in _MODIFIER_DEPS and t.dep_ not in ("punct", "case", "det", "nummod", "advmod", "quantmod"):
            return False
        t = t.head
    return True


def _is_title(tok: Token) -> bool:
    """ "President" in "President Vladimir Putin", "spokeswoman" in "Jane Roe, a spokeswoman for ..." """
    return tok.dep_ in ("compound", "appos", "amod") and tok.head.ent_type_ == "PERSON"


def _has_named_modifier(tok: Token) -> bool:
    """ "the Assad government" names whose it is; "the Russian president" only says where from."""
    return any(c.ent_type_ in ("PERSON", "ORG") for c in tok.subtree if c.i < tok.i)


def _phrase_name(span: Span) -> str:
    words = [t.text for t in span if t.dep_ != "det" and not (t.is_punct and t.text not in "-–")]
    return " ".join(words).replace(" - ", "-").replace(" 's", "'s").replace(" ’s", "’s")


def _country_of(tok: Token, d: Dictionary, date: str | None, skip: set[int] | None = None) -> tuple[str | None, str | None]:
    """Country (and a sector, for IGO modifiers) from a role word's modifiers: a group it names ("Houthi
    rebels") beats a nationality or state ("Israeli forces", "Israel's military"), which beats a backer
    ("Iran-linked militants"), which beats an "of/for/from" phrase ("a spokeswoman for the UN")."""
    skip = skip or set()
    best: tuple[int, str | None, str | None] | None = None
    own = _entity_of(tok)
    for c in tok.subtree:
        if c.i >= tok.i or c.i in skip or not c.ent_type_:
            continue
        if own is not None and own.start <= c.i < own.end:
            rank, country, sector = _word_country(c, d, date)
        else:
            rank, country, sector = _modifier_country(c, d, date)
        if rank and (best is None or rank < best[0]):
            best = (rank, country, sector)
    if best is None:
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ in _OF_PREPS:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        rank, country, sector = _modifier_country(obj, d, date, allow_any=True)
                        if rank:
                            return country, sector
        return None, None
    return best[1], best[2]


def _word_country(c: Token, d: Dictionary, date: str | None) -> tuple[int, str | None, str | None]:
    """A single word inside an unknown name: "Russian" in "the Russian Defence Ministry"."""
    iso = d.demonym(c.text)
    if iso:
        return 2, iso, None
    entry = d.lookup(c.text, date)
    if entry is not None and entry.kind == "state":
        return 2, entry.country, None
    return 0, None, None


def _modifier_country(c: Token, d: Dictionary, date: str | None, allow_any: bool = False) -> tuple[int, str | None, str | None]:
    ent = _entity_of(c)
    if ent is None or (not allow_any and c.i != ent.end - 1):
        return 0, None, None
    from .actors import clean_name
    text = clean_name(ent.text)
    if ent.label_ == "NORP":
        return (2, d.demonym(text) or d.demonym(text.rstrip("s")), None) if d.demonym(text) or d.demonym(text.rstrip("s")) else (0, None, None)
    entry = d.lookup(text, date)
    if entry is None:
        return 0, None, None
    nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
    after = c.doc[c.i + 2] if c.i + 2 < len(c.doc) else None
    backed = nxt is not None and nxt.text in "-–" and after is not None and after.lower_ in BACKING
    if entry.kind == "igo":
        return 2, None, "IGO"
    if entry.kind == "group" and not backed:
        return 1, entry.country, entry.sector
    return (3 if backed else 2), entry.country, None


def _entity_of(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)
