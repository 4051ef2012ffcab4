"""Arguments of event triggers, from the dependency parse: who acts (source), on whom (target), and which
actor a phrase denotes.

- subjects: nsubj; the agent of a passive ("Gaza was bombed by Israel"); inherited along conj, xcomp
  (object control: "urged Israel to halt" -> Israel), participles ("..., killing one person") and
  relative clauses ("forces, which shelled ...");
- objects and prepositional objects per event type (`TARGET_PREPS`);
- a phrase's actor: the actor table's mention at its head token (and at each conjunct), else the nearest
  actor mention inside the phrase ("southern Israeli communities" -> Israel, "Haiti's efforts" -> Haiti),
  else a nationality word ("an Indian proposal" -> India), else, for a proper name the actor stage did
  not know ("the West"), a new actor added to the table the way the quote stage adds speakers.
"""
from __future__ import annotations

from collections import deque

from spacy.tokens import Doc, Token

from . import dictionary
from .actors import ActorTable
from .doccache import doc_text, sentence
from .event_lexicon import OFFICIAL_SECTORS, Cond, Row, lemma
from .speakers import new_actor

SUBJ = ("nsubj", "nsubjpass", "csubj")
OBJ = ("dobj", "dative", "attr", "oprd")
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "csubjpass",
                     "cc", "punct", "appos", "mark", "preconj"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
# Prepositions that introduce the target, by event type (in order of preference).
TARGET_PREPS = {
    "ASSAULT": ("on", "against", "upon", "at", "into", "toward", "towards", "with"),
    "COERCE": ("against", "on", "upon", "of"),
    "PROTEST": ("against", "over"),
    "ACCUSE": ("against", "about", "over", "to"),
    "REQUEST": ("on", "upon", "from", "to", "of"),
    "REJECT": ("from", "by", "of", "to"),
    "THREATEN": ("against", "to", "with", "on"),
    "SANCTION": ("on", "against", "to", "for", "from", "with", "of"),
    "SUPPORT": ("to", "with", "for", "of"),
    "CONSULT": ("with", "to", "between"),
    "AGREE": ("with", "to", "between"),
    "AID": ("to", "for"),
    "COOPERATE": ("with", "to"),
    "CONCEDE": ("to", "on", "for"),
    "RETREAT": ("from", "to", "of"),
    "MOBILIZE": ("to", "against", "on", "near", "along"),
}
# Types whose place is also a fallback target: "lifted a curfew in Montenegro", "troops remained on alert
# in the West Bank".
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "CONCEDE", "RETREAT",
                                "SANCTION", "AGREE", "THREATEN"})
_PHRASE_PREPS = frozenset({"of", "from", "by", "for", "at", "in", "between", "among", "with", "under"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Nouns whose national modifier classifies the thing rather than naming an actor.
CLASSIFIED = frozenset({"dollar", "euro", "pound", "yen", "ruble", "rouble", "lira", "currency", "exchange",
                        "rate", "price", "market", "stock", "economy", "export", "import", "product", "goods",
                        "oil", "gas", "brand", "time", "language", "food", "cuisine", "style"})
NOT_ACTORS = frozenset({"agreement", "treaty", "accord", "deal", "pact", "plan", "law", "act", "resolution",
                        "convention", "protocol", "bridge", "road", "highway", "street", "square", "river",
                        "sea", "ocean", "mountain", "airport", "port", "program", "programme", "initiative"})


class ArgFinder:
    def __init__(self, doc: Doc, table: ActorTable, triggers: set[int], quote_speaker) -> None:
        self.doc, self.table, self.triggers = doc, table, triggers
        self.d = dictionary.load()
        self.quote_speaker = quote_speaker        # char offset -> speaker actor id of an enclosing quote
        self._cache: dict[int, str | None] = {}

    # ---- actors of phrases ----------------------------------------------------------------------------
    def actors(self, tok: Token | None) -> list[str]:
        """The actors a phrase denotes, its conjuncts included ("Moscow and Washington")."""
        if tok is None:
            return []
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            a = self.actor(t)
            if a and a not in out:
                out.append(a)
        return out

    def actor(self, tok: Token) -> str | None:
        if tok.i not in self._cache:
            self._cache[tok.i] = self._actor(tok)
        return self._cache[tok.i]

    def _actor(self, tok: Token) -> str | None:
        if tok.lower_ in RELATIVE and tok.head.dep_ in ("relcl", "acl") and tok.head.head.i != tok.i:
            ante = tok.head.head                 # "forces, which shelled": the antecedent must be an actor
            return self.table.token_actor.get(ante.i) if ante.i not in self.triggers else None
        if tok.lower_ in ("i", "we", "me", "us", "our", "my") and tok.pos_ == "PRON":
            return self.quote_speaker(tok.idx)
        if tok.pos_ == "PRON" and tok.lower_ in ("it", "they", "he", "she", "its", "their", "his", "her") \
                and self.table.token_actor.get(tok.i) is None:
            return self._sayer(tok)
        seen = 0
        queue = deque([(tok, 0)])
        while queue:
            t, depth = queue.popleft()
            seen += 1
            if seen > 40:
                break
            if t.i not in self.triggers:
                aid = self.table.token_actor.get(t.i)
                if aid is not None:
                    return aid
            iso = self._demonym(t)
            if iso:
                return self.country_actor(iso, t)
            # a possessive pronoun names the owner ("his Jordanian counterpart" is not him): other modifiers first
            for c in sorted(t.children, key=lambda c: c.dep_ == "poss" and c.pos_ == "PRON"):
                if (c.dep_ in CLAUSES and c.dep_ != "appos") or (c.dep_ == "prep" and c.lower_ not in _PHRASE_PREPS):
                    continue
                if c.dep_ in ("compound", "amod") and lemma(t) in CLASSIFIED:
                    continue                        # "the US dollar", "Iranian oil": a kind of thing
                if c.dep_ == "prep" and depth >= 2 and (depth >= 4 or c.lower_ not in ("of", "for", "to")):
                    continue
                queue.append((c, depth + 1))
        return self._named_actor(tok)

    def _sayer(self, pron: Token) -> str | None:
        """ "Iraq said it would allow ...": a pronoun subject of a reported clause is the speaker."""
        t = pron
        for _ in range(5):
            if t.head.i == t.i:
                return None
            if t.dep_ == "ccomp" and t.head.pos_ in ("VERB", "AUX") and t.head.i < t.i:
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj is not pron and subj.pos_ != "PRON":
                    return self.actor(subj)
                return None
            t = t.head
        return None

    def _demonym(self, t: Token) -> str | None:
        if t.pos_ not in ("ADJ", "PROPN", "NOUN") or not t.text[:1].isupper():
            return None
        if t.ent_type_ not in ("NORP", "") and t.ent_type_ != "GPE":
            return None
        return self.d.demonym(t.text) or (self.d.demonym(t.text.rstrip("s")) if t.tag_ == "NNPS" else None)

    def country_actor(self, iso: str, tok: Token) -> str:
        """The article's actor for a country named by a nationality word; added when there is none."""
        for a in self.table.actors:
            if a.country == iso and a.kind == "state" and a.sector is None:
                return a.id
        entry = self.d.countries.get(iso)
        name = entry.name if entry else iso
        aid = new_actor(self.table, name, tok.idx, tok.idx + len(tok.text), tok)
        actor = self.table.actor(aid)
        if actor is not None and actor.kind == "unknown":
            actor.kind, actor.country, actor.code = "state", iso, iso
        return aid

    def _named_actor(self, tok: Token) -> str | None:
        """A proper name the actor stage left alone ("the West"): an actor of its own."""
        if tok.pos_ != "PROPN" and tok.ent_type_ not in _NAMED or tok.ent_type_ == "FAC":
            return None
        if tok.i in self.triggers or tok.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "LAW"):
            return None
        if lemma(tok) in NOT_ACTORS:
            return None                             # "the Free Trade Agreement", "the Europe Bridge"
        toks = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in ("compound", "amod", "det", "poss")
                or t.i == tok.i]
        toks = [t for t in toks if t.dep_ != "det" and not t.is_punct]
        if not toks:
            return None                             # a punctuation mark tagged as a name ("&")
        start, end = toks[0].idx, tok.idx + len(tok.text)
        return new_actor(self.table, doc_text(self.doc)[start:end], start, end, tok)

    # ---- roles -----------------------------------------------------------------------------------------
    def subject(self, v: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """(subject token, passive?): for a passive the token is the patient; the agent is `agent`."""
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        for aux in v.children:                  # the parser sometimes hangs the subject on the auxiliary
            if aux.dep_ in ("aux", "auxpass"):
                for c in aux.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        return c, c.dep_ == "nsubjpass"
        if depth > 4 or v.head.i == v.i:
            return None, False
        h = v.head
        if v.dep_ == "conj":
            return self.subject(h, depth + 1)
        if v.dep_ == "xcomp":
            obj = next((c for c in h.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None and lemma(h) not in ("want", "need", "try", "seek", "plan", "prepare", "decide",
                                                    "agree", "refuse", "promise", "threaten", "vow", "continue"):
                return obj, False
            if h.pos_ in ("ADJ",) and h.dep_ in ("acomp", "amod"):
                return self.subject(h.head, depth + 1)[0], False
            return self.subject(h, depth + 1)[0], False   # "he is set [to visit]": the visitor, not a patient
        if v.dep_ in ("advcl", "pcomp") and v.tag_ in ("VBG", "VBN", "VB"):
            base = h.head if v.dep_ == "pcomp" else h
            return self.subject(base, depth + 1) if base.pos_ in ("VERB", "AUX") else (None, False)
        if v.dep_ == "acl" and v.tag_ in ("VBG", "VB"):
            if self.actor(h) is not None:
                return h, False
            if h.dep_ in OBJ and h.head.pos_ in ("VERB", "AUX"):
                return self.subject(h.head, depth + 1)
        if v.dep_ == "relcl":
            return h, False
        return None, False

    def orphan_subject(self, v: Token) -> list[str]:
        """A main verb the parser left without a subject, right after a run of actor names: "..., Moscow
        and Washington charged each other" (the names taken for conjuncts of an earlier phrase)."""
        if v.dep_ != "ROOT" or any(c.dep_ in SUBJ for c in v.children):
            return []
        found: list[str] = []
        i = v.i - 1
        while i >= sentence(v).start:
            t = self.doc[i]
            if t.lower_ in ("and", ",") and found:
                i -= 1
                continue
            aid = self.table.token_actor.get(t.i)
            if aid is None or t.dep_ in ("pobj", "dobj", "poss"):   # the head of another phrase: stop
                if aid is None and (t.dep_ == "compound" or t.lower_ == "the"):
                    i -= 1
                    continue
                break
            if aid not in found:
                found.insert(0, aid)
            i -= 1
        return found

    def agent(self, v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ == "agent":
                return next((o for o in c.children if o.dep_ == "pobj"), None)
        return None

    def objects(self, v: Token) -> list[Token]:
        return [c for c in v.children if c.dep_ in OBJ and c.lower_ not in ("themselves", "itself", "himself")]

    def governor_agent(self, noun: Token) -> Token | None:
        """ "the demonstration staged by students": the agent of a participle describing the noun."""
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                return self.agent(c)
        return None

    def prep_objects(self, t: Token, preps) -> list[Token]:
        """Objects of the given prepositions hanging on t, in the order of `preps`."""
        found = []
        kids = [c for c in t.children if c.dep_ in ("prep", "agent", "dative")]   # (each pass made new Tokens)
        for p in preps:
            for c in kids:
                if c.lower_ == p:
                    for o in c.children:
                        if o.dep_ == "pobj":
                            found.append(o)
                        elif o.dep_ == "pcomp":
                            found.extend(self.objects(o) or [o])
        return found

    @staticmethod
    def reciprocal(tok: Token | None) -> bool:
        """ "each other", "each others' resolutions", "one another" """
        if tok is None:
            return False
        for t in tok.subtree:
            if t.lower_ in ("other", "others", "another") and any(
                    c.lower_ in ("each", "one") for c in [*t.children, t.doc[max(0, t.i - 1)]]):
                return True
        return False

    def is_official(self, tok: Token | None, sectors=OFFICIAL_SECTORS) -> bool:
        a = self.table.actor(self.actor(tok)) if tok is not None else None
        return a is not None and (a.kind in ("state", "igo") or (a.sector or "") in sectors)


# ---- lexicon conditions ---------------------------------------------------------------------------------
def row_matches(row: Row, tok: Token, args: ArgFinder) -> bool:
    return all(_holds(c, row, tok, args) for c in row.conds)


def _holds(c: Cond, row: Row, tok: Token, args: ArgFinder) -> bool:
    if c.kind == "obj":
        objs = _object_words(tok, row.pos, direct=c.any or c.none)
        if c.none:
            return not objs
        return bool(objs) if c.any else bool(objs & c.words)
    if c.kind == "prt":
        return any(ch.dep_ == "prt" and ch.lower_ in c.words for ch in tok.children)
    if c.kind == "prep":
        return any(ch.dep_ in ("prep", "agent", "dative") and ch.lower_ in c.words for ch in tok.children)
    if c.kind == "mod":
        heads = [tok] if row.pos == "N" else [o for o in tok.children if o.dep_ in OBJ + ("nsubjpass",)]
        return any(lemma(m) in c.words or m.lower_ in c.words for h in heads for m in h.children
                   if m.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss", "nummod"))
    if c.kind == "subj":
        subj, passive = args.subject(tok)
        return subj is not None and not passive and (lemma(subj) in c.words or
                                                      any(lemma(t) in c.words for t in subj.children
                                                          if t.dep_ in ("compound", "amod")))
    if c.kind in ("official", "civil", "government"):
        subj, passive = args.subject(tok)
        if c.kind == "government":               # "Russia protested the expulsion" (not "students protested")
            return not passive and args.is_official(subj, ("GOV", "LEG", "IGO"))
        official = not passive and args.is_official(subj)
        return official if c.kind == "official" else subj is not None and not official
    if c.kind == "gov":
        gov = governor(tok)
        return gov is not None and lemma(gov) in c.words
    if c.kind == "purpose":                      # "gathered [to demand] ...", "met [to protest]"
        return any(ch.dep_ in ("advcl", "xcomp", "acl") and lemma(ch) in c.words for ch in tok.children)
    if c.kind == "pred":                         # "a man was found [dead]"
        return any(ch.dep_ in ("oprd", "acomp", "xcomp", "advcl", "ccomp") and lemma(ch) in c.words for ch in tok.children)
    if c.kind == "oprd":                         # "what the US has called 'militants'": naming
        return any(ch.dep_ == "oprd" for ch in tok.children)
    if c.kind == "lower":
        return tok.text.islower()
    if c.kind == "xcomp":
        return any(ch.i > tok.i and is_infinitive(ch) for ch in tok.children)
    if c.kind == "comp":                         # "declined [to comment]"
        return any(ch.i > tok.i and is_infinitive(ch) and lemma(ch) in c.words for ch in tok.children)
    return False


def is_infinitive(t: Token) -> bool:
    """A to-infinitive complement: "refused [to deploy]", "sworn [to fight]" (parsed xcomp or advcl)."""
    return t.dep_ == "xcomp" or t.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)


def _object_words(tok: Token, pos: str, direct: bool = False) -> set[str]:
    """Lemmas of the object phrase (head, its compounds and its 'of' object; for nouns their 'of' object
    and compounds before them). `direct`: objects proper only, no prepositional ones."""
    if pos == "N":
        heads = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                 if g.dep_ == "pobj"]
        heads += [c for c in tok.children if c.dep_ == "compound"]
    else:
        heads = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":     # "shells [fired] by LNA forces": the noun is the object
            heads.append(tok.head)
        for p in tok.children if not direct else ():   # "withdrew from the treaty", "agreed to a deal"
            if p.dep_ == "prep" and p.lower_ in ("from", "to", "into"):
                heads += [g for g in p.children if g.dep_ == "pobj"]
        heads += [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "NOUN"]
    words: set[str] = set()
    for h in heads:
        words.add(lemma(h))
        words.add(h.lower_)
        for c in h.children:
            if c.dep_ == "compound":
                words.add(lemma(c))
            if c.dep_ == "prep" and c.lower_ == "of":
                words.update(lemma(g) for g in c.children if g.dep_ == "pobj")
        for c in h.conjuncts:
            words.add(lemma(c))
    return words


def governor(tok: Token) -> Token | None:
    """The verb a noun is the object of: "staged [a rally]", "went on [strike]", "took part in [talks]"."""
    h = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and h.pos_ in ("VERB", "AUX"):
        return h
    if tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "nsubjpass"):
        return governor(tok.head)
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX"):
        if h.lower_ in ("on", "for", "in", "into", "under"):
            return h.head
        if h.lower_ == "of" and h.head.dep_ == "dobj":
            return governor(h.head)
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "in" and h.head.lower_ == "part":
        return governor(h.head)
    return None
