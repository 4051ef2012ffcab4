"""When and where each event happened.

Date, in order:
1. the event's own temporal expression (in its clause, not inside another event's argument):
   "In a Wednesday meeting ..., he decried" -> Wednesday; "Hamas' Oct.7 attack" -> Oct 7. A historical
   one ("in prior years", "since 2015") flags the event `historical` and leaves the date empty;
2. its own anchor: "after/following X's remarks", "the day after the meeting" -> the date of that earlier
   event (the latest dated statement of X, or of the last dated mention of the noun); "the day after",
   "in the hours after" give the following day;
3. the date that governs its sentence or paragraph: a date in the sentence, else the latest one before
   it in its paragraph; a definite mention of an earlier dated occasion ("The meeting involved ...", "In
   the remarks ...") counts as one. Dates that belong to one event ("Hamas' Oct.7 attack") govern
   nothing else; an action that is only an argument of another ("decried Israel's airstrikes") takes
   its own date only;
4. else none: the publication date is never filled in silently.

Place, in order: the event's own locative phrase ("at the Kremlin", "in Syria", "in Muaja (Ancuabe,
Cabo Delgado)"); for physical actions, the target when it is a place ("airstrikes on the Gaza Strip",
"a visit to Moscow", "attack on southern Israeli communities" -> Israel); a locative phrase of the
sentence's main clause; the place of the previous event in the paragraph; for physical actions, last,
the country the article names most (its "focus": places, provinces, single-country missions such as
the OSCE SMM; a country-level guess, never a town). Names go through `places`, preferring towns in the
countries the article is about; a province named after a town ("Rafah (Rafah, North Sinai)", "San
Antonio, Valparaiso") chooses the town's country. National classifiers ("the US dollar exchange rate")
and capitalised modifiers of common nouns ("Molotov cocktails") are not taken for places.
"""
from __future__ import annotations

import bisect
import datetime as dt

from spacy.tokens import Doc, Span, Token

from . import event_focus, places
from .actors import ActorTable
from .dates import DateValue, DocDates, Expr
from .doccache import attrs, doc_text, ents, sentence, sentences, span_text
from .event_args import CLASSIFIED, ArgFinder
from .event_lexicon import Lexicon, lemma
from .record import Location, Record

REGION_SKIP = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "nsubj",
                         "nsubjpass", "csubjpass", "punct", "cc"})
ADJUNCT_PREPS = frozenset({"in", "at", "during", "on", "after", "before", "since", "following", "by", "until", "amid"})
ARG_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
STATEMENT_NOUNS = frozenset({"remark", "remarks", "speech", "statement", "comment", "comments", "address",
                             "announcement", "interview", "briefing", "conference", "declaration", "words"})
ANCHOR_PREPS = frozenset({"after", "following"})
NEXT_DAY_HEADS = frozenset({"hour", "hours", "day"})
LOC_PREPS = ("in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "into")
PLACE_NOUNS = frozenset({"town", "city", "village", "area", "region", "province", "district", "capital",
                         "governorate", "county", "neighborhood", "neighbourhood", "state", "country",
                         "municipality", "locality", "camp", "community", "suburb", "outskirts", "countryside",
                         "front", "vicinity", "centre", "center", "heart", "edge", "side", "direction", "part",
                         "north", "south", "east", "west", "outskirt", "environs", "surroundings", "border",
                         "township", "commune", "subdistrict", "sub-district", "division", "prefecture", "zone"})
ROUTE_NOUNS = frozenset({"road", "highway", "street", "bridge", "roundabout", "intersection", "junction", "crossing",
                         "checkpoint", "square", "entrance", "axis", "frontline", "airport", "port", "market"})
SPATIAL = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "RETREAT", "CONCEDE", "SANCTION",
                     "CONSULT", "COOPERATE"})
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT", "CONCEDE"})   # hit where the target is
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG"})
DATE_DEPTH = 3            # "decried ... [In] [a Wednesday] meeting": trigger -> prep -> noun -> its date
PLACE_DEPTH_VERBAL = 4    # "decried ... In a meeting [at the Kremlin]"; physical actions search deeper


class Context:
    def __init__(self, doc: Doc, table: ActorTable, rec: Record, args: ArgFinder, lex: Lexicon) -> None:
        self.doc, self.table, self.rec, self.args = doc, table, rec, args
        self.dates = DocDates.of(doc, rec.published)
        self.anchors: list[tuple[int, object, str]] = []      # (token index, key, date), in text order
        self._tok_starts = attrs(doc).idx
        self._para_place: dict[int, Location | None] = {}
        self._prefer: tuple[str, ...] | None = None
        self.weak: tuple[str, ...] = ()
        self.focus: str | None = None        # the country the article names most (a strict first), set by `prefer`

    # ---- entry point -------------------------------------------------------------------------------------
    def place_and_time(self, drafts: list, cands: list) -> None:
        triggers = {c.tok.i for c in cands} | {c.head.i for c in cands}
        arg_heads = {c.head.i for c in cands if c.pos == "N" and c.light is None and _is_argument(c.head)
                     and _governing_token(c.head) in triggers}
        nominal = {c.head.i for c in cands if c.pos == "N"}
        own = {id(d): self._own_exprs(d, nominal) for d in drafts}
        for c in cands:                      # dates inside one event's own phrase govern nothing else
            if c.pos == "N" and c.head.i in arg_heads:
                for e in self._region_exprs([c.head], nominal - {c.head.i}):
                    e.private = True
        for c in cands:                      # "a Wednesday meeting": later "the meeting" means that day
            if c.pos == "N":
                dated = [e for e in self._region_exprs([c.head], nominal - {c.head.i}) if e.value.date]
                if dated:
                    self._anchor(c.head.i, lemma(c.head), dated[0].value.date)
        last_place: dict[int, Location] = {}
        for d in sorted(drafts, key=lambda d: d.cand.tok.i):
            self._date(d, own[id(d)], d.cand.head.i in arg_heads)
            if d.date:
                self._anchor(d.cand.tok.i, lemma(d.cand.head), d.date)
                if d.type in VERBAL:
                    self._anchor(d.cand.tok.i, "@statement", d.date)
                    for s in d.source:
                        self._anchor(d.cand.tok.i, ("@statement", s), d.date)
            para = self.dates.paragraph(d.cand.tok.idx)
            d.location = self._place(d) or (last_place.get(para) or self._paragraph_place(para)
                                             or self._actor_country(d)
                                             if d.type in SPATIAL and d.cand.head.i not in arg_heads else None)
            if d.location is not None:
                last_place[para] = d.location
            elif d.type in SPATIAL and self.prefer and self.focus:   # (`prefer` sets `focus`)
                d.location = places.country_location(self.focus)   # inferred: the country the article names most

    # ---- dates -------------------------------------------------------------------------------------------
    def _date(self, d, own: list[Expr], is_argument: bool) -> None:
        if any(e.value.historical for e in own):
            d.historical, d.date = True, None
            return
        dated = [e for e in own if e.value.date]
        if dated:
            d.date = min(dated, key=lambda e: abs(e.start - d.cand.tok.i)).value.date
            return
        anchored = self._prep_anchor(d)
        if anchored:
            d.date = anchored
            return
        if is_argument:
            return
        d.date = self._governing(d.cand.tok)

    def _own_exprs(self, d, nominal: set[int]) -> list[Expr]:
        roots = [t for t in (d.cand.head, d.cand.tok, d.cand.light) if t is not None]
        return self._region_exprs(roots, nominal - {d.cand.head.i, d.cand.tok.i})

    def _region_exprs(self, roots: list[Token], stop: set[int]) -> list[Expr]:
        found: list[Expr] = []
        for i in self._region_ids(roots, stop, DATE_DEPTH):
            e = self.dates.by_token.get(i)
            if e is not None and e not in found:
                found.append(e)
        return found

    def _region_ids(self, roots: list[Token], stop: set[int], depth: int = 99) -> list[int]:
        """The tokens (indices) of the roots' own phrase, up to `depth` links down: modifiers and adjuncts,
        not clauses, not subjects, not the phrase of another event that is an argument ("denounced [Hamas'
        Oct.7 attack]"). Walked on doccache.attrs: no Token per word visited."""
        a = attrs(self.doc)
        kids = a.children
        out, todo, seen = [], [(r.i, 0) for r in roots], set()
        while todo:
            i, k = todo.pop(0)
            if i in seen:
                continue
            seen.add(i)
            out.append(i)
            if k >= depth:
                continue
            for c in kids(i):
                dep = a.dep[c]
                if c in seen or dep in REGION_SKIP and not (dep == "punct" and kids(c)) \
                        and not (dep == "conj" and a.pos[c] in ("NOUN", "PROPN")):
                    continue                 # (the parser hangs phrases on commas at times: go through them)
                if c in stop and (dep in ARG_DEPS or dep == "pobj" and a.lower[i] not in ADJUNCT_PREPS):
                    continue
                todo.append((c, k + 1))
        return out

    def _prep_anchor(self, d) -> str | None:
        roots = [t for t in (d.cand.tok, d.cand.light) if t is not None]
        a = attrs(self.doc)
        for t in (self.doc[i] for i in self._region_ids(roots, set(), DATE_DEPTH + 1)
                  if a.dep[i] == "prep" and a.lower[i] in ANCHOR_PREPS):
            obj = next((o for o in t.children if o.dep_ == "pobj"), None)
            date = self._anchor_date(obj, t.i) if obj is not None else None
            if date:
                if lemma(t.head) in NEXT_DAY_HEADS or t.head.lower_ in NEXT_DAY_HEADS:
                    date = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
                return date
        return None

    def _anchor(self, i: int, key, date: str) -> None:
        bisect.insort(self.anchors, (i, _sortable(key), date))

    def _anchor_date(self, noun: Token, before: int) -> str | None:
        """The date of an earlier occasion a noun refers to: "Putin's remarks", "the meeting"."""
        keys = []
        if lemma(noun) in STATEMENT_NOUNS or noun.lower_ in STATEMENT_NOUNS:
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            for a in self.args.actors(owner) if owner is not None else []:
                keys.append(_sortable(("@statement", a)))
            keys.append(_sortable("@statement"))
        keys.append(_sortable(lemma(noun)))
        for key in keys:
            found = [x for x in self.anchors if x[1] == key and x[0] < before]
            if found:
                return found[-1][2]
        return None

    def _governing(self, tok: Token) -> str | None:
        """The sentence's date, else the paragraph's latest before the event; definite mentions of dated
        occasions ("The meeting", "In the remarks") count."""
        sent = sentence(tok)
        para = self.dates.paragraph(tok.idx)
        pseudo = []
        first = bisect.bisect_left(self._tok_starts, self.dates.para_starts[para])
        a = attrs(self.doc)
        for i in range(first, sent.end):     # (a Token only for the nouns of the paragraph)
            if a.pos[i] != "NOUN" or self.dates.paragraph(a.idx[i]) != para or i == tok.i:
                continue
            t = self.doc[i]
            if _definite(t):
                date = self._anchor_date(t, t.i)
                if date:
                    pseudo.append((t.i, date))
        same = [(e.start, e.value.date) for e in self.dates.exprs if sent.start <= e.start < sent.end
                and not e.private and (e.value.date or e.value.historical)]
        same += [p for p in pseudo if sent.start <= p[0] < sent.end]
        if same:
            return min(same, key=lambda p: abs(p[0] - tok.i))[1]
        before = [(e.start, e.value.date) for e in self.dates.exprs if e.end <= tok.i and not e.private
                  and self.dates.paragraph(e.start_char) == para and (e.value.date or e.value.historical)]
        before += [p for p in pseudo if p[0] < tok.i]
        return max(before)[1] if before else None

    # ---- places ------------------------------------------------------------------------------------------
    @property
    def prefer(self) -> tuple[str, ...]:
        """Countries whose places, regions or big cities the article names (its actors' countries are
        often not where things happened: they only break ties, `weak`). National classifiers ("the US
        dollar exchange rate") name no place."""
        if self._prefer is None:
            self._prefer, self.focus, self.weak = event_focus.countries(self.doc, self.table)
        return self._prefer

    def _place(self, d) -> Location | None:
        roots = [t for t in (d.cand.tok, d.cand.head, d.cand.light) if t is not None]
        region = self._region_ids(roots, set(), 99 if d.type in SPATIAL else PLACE_DEPTH_VERBAL)
        a = attrs(self.doc)
        for i in sorted(region, key=lambda i: abs(i - d.cand.tok.i)):
            if a.dep[i] == "prep" and (a.lower[i] in LOC_PREPS or a.lower[i] == "to" and d.mode == "visit"):
                loc = self._place_of_prep(self.doc[i])
                if loc is not None:
                    return loc
        if d.type in PLACE_TARGETS or d.mode == "visit":
            for aid in d.target:
                loc = self._actor_place(aid, d.cand.tok)
                if loc is not None:
                    return loc
            verb = d.cand.tok if d.cand.pos == "V" else d.cand.light
            for obj in (self.args.objects(verb) if verb is not None else []):
                if lemma(obj) in PLACE_NOUNS or obj.pos_ == "PROPN":   # "shelled the area of Jabal Yusuf"
                    loc = self._place_of(obj)
                    if loc is not None:
                        return loc
        sent = sentence(d.cand.tok)
        if d.type in SPATIAL:                # a physical action happened where its sentence says
            preps = sorted(map(self.doc.__getitem__, _loc_preps(self.doc, sent.start, sent.end)),
                           key=lambda t: abs(t.i - d.cand.tok.i))
        else:
            a = attrs(self.doc)
            preps = [self.doc[i] for i in self._region_ids([sent.root], set(), PLACE_DEPTH_VERBAL)
                     if a.dep[i] == "prep" and a.lower[i] in LOC_PREPS]
        for t in preps:
            loc = self._place_of_prep(t)
            if loc is not None:
                return loc
        if d.type in SPATIAL:                # last resort: any place name of the sentence, "(Bara district)"
            for name in _proper_runs(sent, d.cand.tok.i):
                loc = places.resolve(name, self.prefer, self.weak)
                if loc is not None and loc.country:
                    return loc
        return None

    def _actor_country(self, d) -> Location | None:
        """When the text names no place at all: the country of those who protest or are attacked
        ("Lebanese truck drivers blocked the highway"), never of an attacker."""
        ids = d.source if d.type in ("PROTEST", "COERCE", "MOBILIZE") else d.target
        countries = {a.country for a in (self.table.actor(i) for i in ids) if a is not None and a.country}
        return places.country_location(countries.pop()) if len(countries) == 1 else None

    def _paragraph_place(self, para: int) -> Location | None:
        """The first place a paragraph names in a locative phrase: where its physical events happened
        when their own sentence does not say ("In Guaymas, Sonora, armed men ... The victim was injured.")."""
        if para not in self._para_place:
            found = None
            sents = [x for x in sentences(self.doc) if self.dates.paragraph(x.start_char) == para]
            for i in (i for x in sents for i in _loc_preps(self.doc, x.start, x.end)):
                found = self._place_of_prep(self.doc[i])
                if found is not None:
                    break
            for name in (n for x in sents for n in _proper_runs(x, x.start)) if found is None else ():
                found = places.resolve(name, self.prefer, self.weak)
                if found is not None and found.country:
                    break
                found = None
            self._para_place[para] = found
        return self._para_place[para]

    def _place_of_prep(self, prep: Token) -> Location | None:
        for obj in (o for o in prep.children if o.dep_ in ("pobj", "pcomp")):
            loc = self._place_of(obj)
            if loc is not None:
                return loc
        return None

    def _place_of(self, tok: Token | None) -> Location | None:
        """The first name in a locative phrase that resolves: "Syria", "the town of Samarra", "Muaja
        (Ancuabe, Cabo Delgado)", "the Kremlin", "in front of the Ministry ... in Asuncion"."""
        if tok is None:
            return None
        queue, seen, found = [tok], set(), None
        while queue and len(seen) < 25:
            t = queue.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            for name in _names_of(t) if t.dep_ != "compound" else ():
                for part in [name, *name.split(",")] if "," in name else [name]:
                    loc = places.resolve(part.strip(), self.prefer, self.weak) if part.strip() else None
                    if loc is None:
                        continue
                    if found is None:
                        if loc.lat is None:
                            return loc       # a region or a country: nothing below it to refine
                        found = (part.strip(), loc)
                    elif loc.country and loc.country != found[1].country and t.dep_ in ("appos", "conj", "npadvmod"):
                        again = places.resolve(found[0], (loc.country,), self.weak)   # "Rafah (Rafah, North Sinai)"
                        if again is not None and again.country == loc.country:
                            return again
                        if loc.lat is None and found[1].country not in self.prefer:
                            return loc       # "Kuito (Kuito, Bie)": the province, when its town was a guess
            for c in t.children:
                if c.dep_ in ("appos", "conj", "npadvmod", "nmod", "pobj", "compound") or \
                        c.dep_ == "prep" and (c.lower_ in LOC_PREPS or c.lower_ == "of"):
                    queue.append(c)
        return found[1] if found is not None else None

    def _actor_place(self, aid: str, near: Token) -> Location | None:
        actor = self.table.actor(aid)
        if actor is None or actor.kind != "state" or not actor.country:
            return None
        spans = sorted(actor.mentions, key=lambda m: abs(m[0] - near.idx))
        for start, end in spans[:3]:
            loc = places.resolve(doc_text(self.doc)[start:end], self.prefer, self.weak)
            if loc is not None and loc.country == actor.country:
                return loc
        return places.country_location(actor.country)


def _names_of(t: Token) -> list[str]:
    """The place names a token may stand for in a locative phrase, longest first: the name with its
    capitalised modifiers ("Lower Juba", "General Santos", "Mangaluru city"), then the NER's entity (whose
    label is ignored: in "at Munjuglu, Tovuz" it takes Tovuz for a person)."""
    out: list[str] = []
    left = [x for x in t.lefts if x.dep_ in ("compound", "amod", "nmod") and x.text[:1].isupper()]
    if left or t.pos_ == "PROPN" or lemma(t) in PLACE_NOUNS:
        first = min([x.left_edge.i for x in left] + [t.i])
        if t.pos_ == "PROPN" or any(x.pos_ == "PROPN" for x in left):
            out.append(span_text(t.doc[first:t.i + 1]))
    if t.ent_type_ in _PLACE_ENTS or t.ent_type_ in ("PERSON", "NORP") and t.pos_ == "PROPN":
        span = _entity(t)
        out.append(span_text(span) if span is not None else t.text)
    elif t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        out.append(t.text)
    return list(dict.fromkeys(n for n in out if n))


def _proper_runs(sent: Span, near: int) -> list[str]:
    """Runs of proper nouns in a sentence, nearest to a token first, without national classifiers ("the
    US dollar") and without the organisations and people the NER is sure of."""
    doc, a = sent.doc, attrs(sent.doc)
    runs, cur = [], []
    for i in [*range(sent.start, sent.end), None]:
        if i is not None and a.pos[i] == "PROPN" and a.ent_type[i] not in ("ORG", "DATE", "TIME", "MONEY"):
            cur.append(i)
            continue
        if i is not None and cur and a.text[i] == "-" and i + 1 < sent.end and a.pos[i + 1] == "PROPN":
            cur.append(i)                    # "Mayo-Sava", "Extreme-Nord"
            continue
        last = cur[-1] if cur else None
        head = a.lemma[a.head[last]].lower() if cur else None
        if cur and not (a.dep[last] in ("compound", "amod") and head in CLASSIFIED) \
                and not (a.dep[last] == "compound" and a.pos[a.head[last]] == "NOUN"      # "Police forces",
                         and head not in PLACE_NOUNS | ROUTE_NOUNS                          # "Molotov cocktails"
                         and places.known(span_text(doc[cur[0]:last + 1])) is None):
            runs.append(cur)
        cur = []
    runs.sort(key=lambda r: min(abs(x - near) for x in r))
    return [span_text(doc[r[0]:r[-1] + 1]) for r in runs]


def _loc_preps(doc: Doc, start: int, end: int) -> list[int]:
    """The locative prepositions among tokens start..end-1 ("in", "at", "near" ...), read off attrs."""
    a = attrs(doc)
    return [i for i in range(start, end) if a.dep[i] == "prep" and a.lower[i] in LOC_PREPS]


def _classifier(t: Token) -> bool:
    """ "the US dollar", "Iranian oil": a national word that names a kind of thing, not a place."""
    return t.dep_ in ("compound", "amod") and lemma(t.head) in CLASSIFIED


def _entity(t: Token) -> Span | None:
    return next((e for e in ents(t.doc) if e.start <= t.i < e.end), None)


def _definite(t: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and (c.dep_ == "poss" or c.lower_ in ("the", "that", "this", "those"))
               for c in t.children)


def _governing_token(t: Token) -> int:
    """The word a noun phrase is an argument of: the verb of its object or subject, the verb or noun of
    its preposition."""
    h = t.head
    return h.head.i if t.dep_ == "pobj" and h.dep_ == "prep" else h.i


def _is_argument(head: Token) -> bool:
    return head.dep_ in ARG_DEPS or head.dep_ == "pobj" and head.head.lower_ not in ADJUNCT_PREPS


def _sortable(key) -> str:
    return key if isinstance(key, str) else "\x00".join(key)


__all__ = ["Context", "DateValue"]
