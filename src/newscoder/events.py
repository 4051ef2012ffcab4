"""Events: each action the article reports, as a PLOVER record (who did what to whom, when, where).

    triggers   verbs and nouns of data/events/triggers.tsv ("decried", "airstrikes", "visit"), each row
               with its conditions ("lifted + curfew" CONCEDE, "lifted + sanctions" RETREAT)
    frames     an action inside "agreed to", "threatened to", "refused to", "demanded that", "will",
               "is ready to" did not happen: the statement is coded instead (AGREE, THREATEN, REJECT,
               REQUEST), the action refining its code and giving its target; "could", "may", "if",
               questions and near misses ("came close to clashing") are not coded at all
    arguments  source and target from the parse (event_args): subject / agent -> source, object or the
               type's prepositions -> target; nouns take their possessor, modifiers and light verb's
               subject ("the Pentagon launched airstrikes against ..."); compound actors are one record
               with lists; reciprocal actions ("charged each other") one record each way
    claims     an action inside a quote or the clause of a speech verb carries `claimed_by`
    when/where dates and places (event_context); historical background is flagged, not dated
    merging    one action reported twice in a sentence ("imposed sanctions") or again later in the
               article with the same actors and type is one record

Design choices: hypothetical actions are dropped rather than kept with a flag, so every record in
`events` is something the text reports as done or said; announced intentions are kept as their
AGREE/THREATEN/REJECT/REQUEST statement with `modality: "intent"`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .actors import ActorTable
from .doccache import sentence
from .event_args import PLACE_TARGET_TYPES, TARGET_PREPS, ArgFinder, governor, is_infinitive, row_matches
from .event_context import Context
from .event_lexicon import Row, lemma, load, quad_class
from .record import Event, Location, Record
from .speech import is_cue, lexicon as speech_lexicon

VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"})
STATEMENTS = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})
_COMPOUND_HEADS = frozenset({"campaign", "operation", "spree", "wave", "mission", "offensive", "raid"})
_PROTEST_HEADS = frozenset({"in", "sit", "march", "rally", "action", "vigil", "camp", "caravan", "motorcade",
                            "demonstration", "strike", "walk", "gathering", "meeting"})
# Who a crowd is: violence by residents, villagers or a mob is a riot (PLOVER PROTEST, mode riot), not an
# armed group's assault.
_CROWD = frozenset({"mob", "crowd", "rioter", "protester", "protestor", "demonstrator", "resident", "villager",
                    "local", "people", "community", "inhabitant", "youth", "student", "worker", "farmer", "fan",
                    "supporter", "citizen", "passenger", "trader", "vendor", "villager", "neighbour", "neighbor",
                    "family", "relative", "prisoner", "inmate", "driver", "member"})
_ARMED = frozenset({"gunman", "militant", "force", "soldier", "police", "policeman", "army", "rebel", "militia",
                    "militiaman", "fighter", "insurgent", "troop", "jihadist", "terrorist", "gang", "cartel",
                    "assailant", "attacker", "man", "men", "guard", "officer", "military", "commando"})
_NOUN_HYPOTHETICAL = frozenset({"planned", "possible", "potential", "proposed", "future", "upcoming",
                                "expected", "imminent", "threatened", "feared", "prospective", "new"})
_NOUN_ATTEMPT = frozenset({"attempted", "failed", "foiled", "thwarted", "botched"})
_BACKGROUND_PREPS = frozenset({"after", "before", "since", "following", "amid", "despite", "during", "over",
                               "because", "like", "than", "without"})
_ANY_TARGET_PREPS = ("to", "against", "on", "upon", "with", "from", "at", "into", "for")
_SKIP_ENTS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "GPE", "EVENT", "PRODUCT"})


@dataclass
class Cand:
    tok: Token
    row: Row
    pos: str
    head: Token                      # the token whose arguments count (a noun's head in "bombing campaign")
    light: Token | None = None       # "launched" of "launched airstrikes"
    complement: "Cand | None" = None
    absorbed: bool = False


@dataclass
class Draft:
    cand: Cand
    type: str
    mode: str | None
    cameo: str | None
    source: list[str]
    target: list[str]
    negated: bool = False
    modality: str | None = None
    claimed_by: str | None = None
    confidence: float = 0.5
    date: str | None = None
    historical: bool = False
    location: Location | None = None
    fallback_target: bool = False
    tokens: list[Token] = field(default_factory=list)   # trigger (+ light verb) for dates and places


def extract(doc: Doc, table: ActorTable, rec: Record) -> list[Event]:
    """The events of a parsed article, in text order."""
    return _Stage(doc, table, rec).run()


class _Stage:
    def __init__(self, doc: Doc, table: ActorTable, rec: Record) -> None:
        self.doc, self.table, self.rec = doc, table, rec
        self.lex = load()
        self.fr = self.lex.frames
        self.quotes = [(q.start, q.end, q.speaker) for q in rec.quotes if q.speaker]
        self.args = ArgFinder(doc, table, set(), self._quote_speaker)
        self.cands: list[Cand] = []

    def _quote_speaker(self, char: int) -> str | None:
        inside = [q for q in self.quotes if q[0] <= char < q[1]]
        return min(inside, key=lambda q: q[1] - q[0])[2] if inside else None

    def run(self) -> list[Event]:
        self._find()
        self.args.triggers = {c.tok.i for c in self.cands} | {c.head.i for c in self.cands}
        self._link_frames()
        drafts = [d for c in self.cands if not c.absorbed for d in self._drafts(c)]
        drafts += self._reported_obligations()
        ctx = Context(self.doc, self.table, self.rec, self.args, self.lex)
        ctx.place_and_time(drafts, self.cands)
        # an action with no actor is worth a record only when the text says when or where it happened
        drafts = [d for d in drafts if d.source or d.target or d.date or d.location]
        return [self._event(d) for d in _merge(drafts, self.table)]

    def _reported_obligations(self) -> list[Draft]:
        """ "The Bush administration declared that China must drop barriers": a demand (REQUEST) of the
        speaker on the subject of the clause, whatever the clause's verb."""
        lex, out = speech_lexicon(), []
        must = set(self.fr["obligation_aux"])
        for say in self.doc:
            if not is_cue(say, lex):
                continue
            for comp in (c for c in say.children if c.dep_ == "ccomp" and c.i > say.i):
                if not any(a.dep_ == "aux" and a.lower_ in must for a in comp.children):
                    continue
                if any(c.tok.i == comp.i for c in self.cands):
                    continue                 # a known action: its own candidate makes the REQUEST
                speaker = self.args.actors(self.args.subject(say)[0])
                subj, passive = self.args.subject(comp)
                targets = [t for t in self.args.actors(None if passive else subj) if t not in speaker]
                if not speaker or not targets:
                    continue
                row = Row("must", "V", (), "REQUEST", None, None, "100", "100", frozenset())
                d = Draft(Cand(say, row, "V", say), "REQUEST", None, "100", speaker, targets, modality="intent",
                          tokens=[say])
                d.confidence = _confidence(d)
                out.append(d)
        return out

    # ---- triggers --------------------------------------------------------------------------------------
    def _find(self) -> None:
        for tok in self.doc:
            pos = "V" if tok.pos_ == "VERB" else "N" if tok.pos_ in ("NOUN", "PROPN") else None
            if pos is None or (pos == "N" and tok.ent_type_ in _SKIP_ENTS and tok.pos_ == "PROPN"):
                continue
            row = self._row(tok, pos)
            if row is None:
                continue
            head = tok
            if pos == "N" and tok.dep_ == "compound":
                if lemma(tok.head) not in _COMPOUND_HEADS and not (
                        row.type == "PROTEST" and lemma(tok.head) in _PROTEST_HEADS):
                    continue                 # "attack helicopters", "aid workers", "protest movement"
                head = tok.head
            if pos == "N" and "self" in row.flags and not _is_subject(tok):
                continue
            if pos == "V" and (tok.dep_ == "amod" or _nominal_verb(tok) or any(c.dep_ == "det" for c in tok.children)):
                continue                     # "the besieged town", "evacuated the wounded", "the decision of sending"
            cand = Cand(tok, row, pos, head)
            if pos == "N":
                gov = governor(head)
                via = head.head.lower_ if head.dep_ == "pobj" else None
                if gov is not None and (lemma(gov) in self.fr["light_verbs"] or via in ("for", "on") or
                                        via == "in" and row.type == "PROTEST"):   # "gathered in a protest"
                    cand.light = gov         # "launched airstrikes", "converged for a rally", "went on strike"
            self.cands.append(cand)

    def _row(self, tok: Token, pos: str) -> Row | None:
        for key in dict.fromkeys([(tok.lower_, pos), (lemma(tok), pos)]):
            for row in self.lex.rows.get(key, ()):
                if row_matches(row, tok, self.args):
                    return row if row.type else None
        return None

    def _link_frames(self) -> None:
        by_tok = {c.tok.i: c for c in self.cands}
        by_head = {c.head.i: c for c in self.cands}
        for c in self.cands:
            gov = c.light or (governor(c.head) if c.pos == "N" else None)
            owner = by_tok.get(gov.i) if gov is not None else None
            if owner is not None and owner is not c and owner.pos == "V" and (
                    owner.row.type == c.row.type or _names_object(owner.row, c.head)):
                c.absorbed = True            # "imposed sanctions", "lodged a protest": one action, the verb's
                continue
            if "frame" not in c.row.flags:
                continue
            comps = _complements(c.head)
            for comp in comps:
                inner = by_tok.get(comp.i) or by_head.get(comp.i)
                if inner is not None and inner is not c:
                    c.complement, inner.absorbed = inner, True
                    break
            # nothing inside what is agreed, demanded, refused or threatened has happened yet
            inside = {t.i for comp in comps for t in comp.subtree}
            for other in self.cands:
                if other is not c and other.tok.i in inside and other.tok.i > c.tok.i:
                    other.absorbed = True
        # Protests that make demands are protests: "staged rallies ... to demand X's resignation", "a hunger
        # strike in protest of the government's refusal" (PLOVER codes them PROTEST, the demand its target).
        for c in self.cands:
            if c.row.type != "PROTEST" or c.complement is not None:
                continue
            for t in _purpose(c):
                inner = by_tok.get(t.i) or by_head.get(t.i)
                if inner is not None and inner is not c and inner.row.type in ("REQUEST", "ACCUSE", "REJECT", "PROTEST"):
                    inner.absorbed = True
                    c.complement = c.complement or inner

    # ---- one candidate -> drafts -------------------------------------------------------------------------
    def _drafts(self, c: Cand) -> list[Draft]:
        anchor = c.light or c.tok
        mod = self._modality(c, anchor)
        if mod in ("possible", "question", "conditional", "near"):
            return []
        row = c.row
        comp_type = _type_of(c.complement) if c.complement else None
        coop = self.fr["cooperative_types"]
        kind, cameo, mode = row.type, row.cameo, row.mode
        if row.alt_type and comp_type and comp_type not in coop:
            kind, cameo = row.alt_type, row.alt_cameo
        if c.complement is not None and comp_type:
            table = {"AGREE": "agree_codes", "THREATEN": "threaten_codes", "REQUEST": "request_codes",
                     "REJECT": "reject_codes", "COERCE": "coerce_codes"}.get(kind)
            code, m = self.fr.get(table, {}).get(comp_type, [None, None]) if table else (None, None)
            cameo, mode = code or cameo, mode or m or (c.complement.row.mode if kind == comp_type else None)
        negated = self._negated(anchor)
        modality = None
        arg_kind = kind                      # arguments follow the action: "will withdraw ... [from Chad]"
        if mod == "attempt" and kind not in ("ASSAULT", "COERCE"):
            return []
        if mod == "obligation":
            return self._obligation(c, kind)
        if mod == "ready":                   # "the army prepared to resume shelling": a show of force
            mod = "intent"
            if kind == "ASSAULT":
                kind, cameo, mode, mod = "MOBILIZE", "150", "troops", "fact"
        if mod == "intent" and kind not in STATEMENTS:
            base = kind
            if negated:
                if base not in coop:
                    return []
                kind, negated = "REJECT", False
                cameo, mode = self.fr["reject_codes"].get(base, ["120", None])
            elif base in coop:
                kind = "AGREE"
                cameo, mode = self.fr["agree_codes"].get(base, ["030", None])
            else:
                kind = "THREATEN"
                cameo, mode = self.fr["threaten_codes"].get(base, ["130", None])
            modality = "intent"
        elif kind in ("AGREE", "THREATEN") and row.type != kind or "frame" in row.flags and kind in (
                "AGREE", "THREATEN") and c.complement is not None:
            modality = "intent"
        sources, targets, reciprocal, fallback = self._arguments(c, arg_kind)
        if kind == "ASSAULT" and self._crowd(c, sources):
            kind, mode, cameo = "PROTEST", "riot", "145"
        if "needs_target" in row.flags and not targets or "needs_actor" in row.flags and not (sources or targets):
            return []
        if "actor_obj" in row.flags and (not targets or fallback) and (
                c.pos == "N" or any(o.dep_ in ("dobj", "dative") for o in c.tok.children) or row.pos == "V"
                and kind in VERBAL):
            return []                        # "fought corruption", "called it": an object, but no actor
        if not sources and not targets and not self._may_stand_alone(c, kind):
            return []
        if kind == "CONSULT" and not targets and len(sources) < 2:
            return []                        # "the cabinet met": a meeting needs two sides
        if kind in VERBAL and not sources and not (c.pos == "V" and self.args.subject(c.tok)[1]):
            return []                        # a statement needs who made it (unless passive: "X was accused")
        claimed = self._claimed_by(c)
        drafts = []
        pairs = [([s], [t]) for s in sources for t in sources if s != t] if reciprocal else [(sources, targets)]
        for src, tgt in pairs:
            d = Draft(c, kind, mode, cameo, src, [t for t in tgt if t not in src], negated, modality,
                      None if claimed in src else claimed, fallback_target=fallback,
                      tokens=[t for t in (c.tok, c.head, c.light) if t is not None])
            d.confidence = _confidence(d)
            drafts.append(d)
        return drafts

    def _obligation(self, c: Cand, kind: str) -> list[Draft]:
        """ "X said Y must withdraw": X demands it of Y (REQUEST)."""
        say = self._say_verb(c.tok)
        if say is None:
            return []
        speaker = self.args.actors(self.args.subject(say)[0])
        subj, passive = self.args.subject(c.tok)
        targets = [t for t in self.args.actors(subj if not passive else None) if t not in speaker]
        if not speaker:
            return []
        cameo, mode = self.fr["request_codes"].get(kind, ["100", None])
        d = Draft(c, "REQUEST", mode, cameo, speaker, targets, modality="intent",
                  tokens=[t for t in (c.tok, c.light) if t is not None])
        d.confidence = _confidence(d)
        return [d]

    def _crowd(self, c: Cand, sources: list[str]) -> bool:
        """Is the actor a crowd of civilians ("a group of people attacked a media office", "residents beat up
        a thief", "a clash between demonstrators and police")?"""
        words: set[str] = set()
        verb = c.tok if c.pos == "V" else c.light
        subj = self.args.subject(verb)[0] if verb is not None and not self.args.subject(verb)[1] else None
        if subj is not None:
            words |= {lemma(t) for t in subj.subtree if t.i - subj.i < 6}
        for aid in sources:
            actor = self.table.actor(aid)
            if actor is not None and actor.kind in ("unknown", "group"):
                words |= {w.lower().rstrip("s") for w in actor.name.split()}
        if c.pos == "N":
            words |= {lemma(t) for p in c.head.children if p.lower_ == "between" for t in p.subtree}
        return bool(words & _CROWD) and not words & _ARMED

    def _may_stand_alone(self, c: Cand, kind: str) -> bool:
        """An action with no actor at all is kept only for fighting and protest reported as a clause of
        its own ("Clashes erupted in ...", "an explosion hit ...", "residents protested")."""
        if kind not in ("ASSAULT", "PROTEST", "COERCE"):
            return False
        if c.pos == "V":
            return True
        t = c.head
        while t.dep_ == "conj":
            t = t.head
        while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            t = t.head.head                  # "a total of 9 explosions", "hundreds of protesters"
        if t.dep_ == "pobj" and t.head.lower_ in _BACKGROUND_PREPS:
            return False                     # "after two days of fierce fighting": background
        return True

    # ---- modality ------------------------------------------------------------------------------------
    def _modality(self, c: Cand, t: Token) -> str:
        fr = self.fr
        if sentence(t).text.rstrip().endswith("?"):
            return "question"
        if c.pos == "N" and c.light is None:
            mods = {lemma(m) for m in c.head.children if m.dep_ in ("amod", "compound")} | \
                   {m.lower_ for m in c.head.children if m.dep_ in ("amod", "compound")}
            if mods & _NOUN_ATTEMPT:
                return "attempt"
            if mods & _NOUN_HYPOTHETICAL:
                return "possible"
            verb = c.head.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX") and verb is not c.head:   # "unless the fighting stops"
                clause = self._modality(Cand(verb, c.row, "V", verb), verb)
                return clause if clause in ("possible", "conditional", "near") else "fact"
            return "fact"
        for _ in range(4):
            aux = {a.lower_ for a in t.children if a.dep_ in ("aux", "auxpass")}
            if any(m.dep_ == "mark" and m.lower_ in fr["hypothetical_words"] for m in t.children):
                return "conditional"
            if aux & set(fr["possible_aux"]):
                return "possible"
            if aux & set(fr["future_aux"]) or "going" in aux:
                return "intent"
            if aux & set(fr["obligation_aux"]):
                return "obligation"
            h = t.head
            if t.dep_ == "conj" and h is not t and h.pos_ in ("VERB", "AUX") and not aux:
                t = h                        # "will tighten sanctions and [impose] a blockade"
                continue
            if is_infinitive(t) and h is not t:
                hl = lemma(h)
                if hl in fr["attempt_verbs"]:
                    return "attempt"
                if hl in fr["obligation_verbs"] and any(a.lower_ == "to" for a in t.children):
                    return "obligation"
                if hl in fr["readiness_words"] or h.lower_ in fr["readiness_words"]:
                    return "ready"
                if hl in fr["intent_verbs"] or hl in fr["intent_adjectives"] or h.lower_ in fr["intent_adjectives"]:
                    return "intent"
                t = h
                continue
            if t.dep_ in ("pcomp", "pobj") and h.lower_ == "to" and lemma(h.head) in fr["near_miss"]:
                return "near"
            if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in fr["hypothetical_words"]
                                         for m in t.children):
                return "conditional"
            break
        return "fact"

    def _negated(self, t: Token) -> bool:
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in t.children):
            return True
        h = t.head
        return t.dep_ == "xcomp" and lemma(h) in self.fr["stop_verbs"]

    # ---- arguments -------------------------------------------------------------------------------------
    def _arguments(self, c: Cand, kind: str) -> tuple[list[str], list[str], bool, bool]:
        a = self.args
        preps = TARGET_PREPS.get(kind, ())
        if c.absorbed:                       # a framed action: "threatened to cut off electricity [to X]"
            preps = tuple(dict.fromkeys(preps + _ANY_TARGET_PREPS))
        src_toks: list[Token] = []
        tgt_toks: list[Token] = []
        verb = c.tok if c.pos == "V" else c.light
        if c.pos == "N":
            h = c.head
            if "self" in c.row.flags:
                src_toks.append(c.tok)
            src_toks += [x for x in h.children if x.dep_ == "poss"]
            src_toks += a.prep_objects(h, ("by",))
            src_toks += [x for x in [a.governor_agent(h)] if x is not None]
            if "patient_source" in c.row.flags:
                src_toks += a.prep_objects(h, ("of",))
            src_toks += [x for x in h.children if x.dep_ in ("compound", "amod", "nmod") and x.i != c.tok.i]
            if kind in ("REQUEST", "AGREE", "REJECT", "THREATEN"):
                src_toks += a.prep_objects(h, ("from",))
            between = a.prep_objects(h, ("between", "among"))
            if between and kind in ("CONSULT", "ASSAULT", "AGREE", "COOPERATE"):
                src_toks = src_toks or between
            tgt_toks += a.prep_objects(h, [p for p in preps if p != "of" or "patient_source" not in c.row.flags])
            if kind in ("ASSAULT", "COERCE") or "release" == c.row.mode:
                tgt_toks += a.prep_objects(h, ("of",))
        if verb is not None:
            subj, passive = a.subject(verb)
            agent = a.agent(verb)
            if "patient_source" in c.row.flags and passive:
                src_toks.insert(0, subj)
            elif passive:
                src_toks.insert(0, agent) if agent is not None else None
                if c.pos == "V" or subj is not c.head:
                    tgt_toks.insert(0, subj)
            elif subj is not None and subj is not c.head:
                src_toks.insert(0, subj)
            objs = [o for o in a.objects(verb) if o is not c.head]
            first_preps = c.row.mode in ("withdraw", "expel") or kind == "RETREAT"
            own = objs if c.pos == "V" else []
            tgt_toks += ([] if first_preps else own) + a.prep_objects(verb, preps) + (own if first_preps else [])
            tgt_toks += [p for o in objs for x in (o, *o.conjuncts) for p in a.prep_objects(x, preps)]
            if c.pos == "N":
                tgt_toks += objs
        comp_targets: list[str] = []
        if c.complement is not None:
            comp_src, comp_tgt = self._complement_args(c.complement)
            comp_targets = comp_src if kind == "COERCE" else comp_tgt
        elif "frame" in c.row.flags:
            tgt_toks += self._clause_targets(c.head)
        reciprocal = any(a.reciprocal(t) for t in tgt_toks[:2])
        sources = _first_actors(a, src_toks) or (a.orphan_subject(verb) if verb is not None else [])
        targets = [] if reciprocal else _first_actors(a, tgt_toks, exclude=sources)
        if not targets and not reciprocal:
            targets = [t for t in comp_targets if t not in sources]
        fallback = False
        if not targets and not reciprocal and (kind in PLACE_TARGET_TYPES or c.row.mode == "visit"):
            base = [t for t in (c.head, verb) if t is not None]
            base += [o for t in base for o in a.objects(t)]
            places = [o for t in base for o in a.prep_objects(t, ("in", "inside", "near", "across", "throughout"))]
            targets = _first_actors(a, places, states_only=True, exclude=sources)
            fallback = bool(targets)
        return sources, targets, reciprocal and len(sources) > 1, fallback

    def _complement_args(self, comp: Cand) -> tuple[list[str], list[str]]:
        """Source and target of a framed action ("threatened to [cut off electricity to X]"); a reported
        clause's subject is its target ("demanded that [the US] cancel ...")."""
        src, tgt, _, _ = self._arguments(comp, comp.row.type or "")
        if comp.pos == "V" and comp.tok.dep_ == "ccomp":
            subj = self.args.actors(self.args.subject(comp.tok)[0])
            tgt = subj or tgt
        return src, tgt

    def _clause_targets(self, t: Token) -> list[Token]:
        """A framed action the lexicon does not know ("offered to [hand over to Great Britain] ...",
        "demanded that [the US] cancel"): its subject (a reported clause), objects and prepositions."""
        a = self.args
        out: list[Token] = []
        for comp in (x for x in t.children if x.dep_ in ("xcomp", "ccomp") and x.i > t.i):
            if comp.dep_ == "ccomp":
                subj, passive = a.subject(comp)
                out += [subj] if subj is not None and not passive else []
            out += a.objects(comp) + a.prep_objects(comp, _ANY_TARGET_PREPS)
        for p in (x for x in t.children if x.dep_ == "prep" and x.lower_ in ("to", "for")):
            out += [g for g in p.children if g.dep_ == "pobj"]
        return out

    # ---- claims ------------------------------------------------------------------------------------------
    def _claimed_by(self, c: Cand) -> str | None:
        speaker = self._quote_speaker(c.tok.idx)
        if speaker:
            return speaker
        say = self._say_verb(c.tok)
        if say is None:
            return None
        found = self.args.actors(self.args.subject(say)[0])
        return found[0] if found else None

    def _say_verb(self, tok: Token) -> Token | None:
        """The speech verb whose reported clause holds tok ("X said [Y attacked]"; "Y attacked, X said")."""
        lex = speech_lexicon()
        for ch in tok.children:
            if ch.dep_ == "parataxis" and is_cue(ch, lex):
                return ch
        t = tok
        for _ in range(6):
            if t.head.i == t.i:
                break
            h = t.head
            if t.dep_ in ("ccomp", "xcomp") and is_cue(h, lex) and h is not tok and h.i < t.i:
                return h if t.dep_ == "ccomp" or lemma(h) in ("say", "claim", "announce") else None
            if t.dep_ in ("relcl", "advcl", "acl") or "frame" in getattr(self._cand(h), "row", Row(
                    "", "", (), None, None, None, None, None, frozenset())).flags:
                break
            t = h
        return None

    def _cand(self, tok: Token) -> Cand | None:
        return next((c for c in self.cands if c.tok.i == tok.i), None)

    # ---- output ------------------------------------------------------------------------------------------
    def _event(self, d: Draft) -> Event:
        c = d.cand
        start, end = c.tok.idx, c.tok.idx + len(c.tok.text)
        prt = next((x for x in c.tok.children if x.dep_ == "prt" and x.i == c.tok.i + 1), None)
        if prt is not None:
            end = prt.idx + len(prt.text)
        return Event(type=d.type, mode=d.mode, cameo=d.cameo, quad_class=quad_class(d.cameo),
                     source=d.source, target=d.target, trigger=self.doc.text[start:end], date=d.date,
                     location=d.location, start=start, end=end, negated=d.negated, claimed_by=d.claimed_by,
                     confidence=round(d.confidence, 2), goldstein=self.lex.score(d.cameo),
                     historical=d.historical, modality=d.modality)


def _complements(t: Token) -> list[Token]:
    """What a framing word frames: its clause ("refused [to deploy]", "demanded [that the US cancel]"),
    its object ("demanded [the withdrawal]"), or the object of to/for/on ("agreed [to a ceasefire]")."""
    out = [c for c in t.children if (c.dep_ == "ccomp" or is_infinitive(c)) and c.i > t.i]
    out += [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    for p in t.children:
        if p.dep_ == "prep" and p.lower_ in ("to", "for", "on", "upon", "with"):
            out += [g for g in p.children if g.dep_ in ("pobj", "pcomp")]
    out += [c for c in t.children if c.dep_ in ("acl",)]
    deeper = [g for c in out if c.dep_ in ("dobj", "pobj") for g in c.children if g.dep_ in ("acl", "relcl", "prep")
              for g in ([g] if g.dep_ != "prep" else [x for x in g.children if x.dep_ == "pobj"])]
    return out + deeper


def _type_of(c: Cand) -> str | None:
    return c.row.type


def _names_object(row: Row, noun: Token) -> bool:
    """The verb's own row names this noun as its object ("lodged [a protest]" ACCUSE, "called off [a
    strike]" CONCEDE): the noun is part of the verb's action, not an action of its own."""
    return any(cond.kind == "obj" and (lemma(noun) in cond.words or noun.lower_ in cond.words) for cond in row.conds)


def _first_actors(a: ArgFinder, toks: list[Token], states_only: bool = False, exclude=()) -> list[str]:
    """The actors of the first phrase that names any (other than `exclude`)."""
    for t in toks:
        if t is None:
            continue
        found = [x for x in a.actors(t) if x not in exclude]
        if states_only:
            found = [x for x in found if a.table.actor(x) is not None and a.table.actor(x).kind == "state"]
        if found:
            return found
    return []


def _purpose(c: Cand) -> list[Token]:
    """Clauses and phrases that say what a protest is for or against."""
    out: list[Token] = []
    for t in (c.tok, c.head, c.light):
        if t is None:
            continue
        for x in t.children:
            if x.dep_ in ("advcl", "xcomp", "acl", "ccomp", "relcl") and x.pos_ in ("VERB", "AUX"):
                out.append(x)
                out += [y for y in x.children if y.dep_ in ("xcomp", "dobj", "ccomp")]
            if x.dep_ == "prep" and x.lower_ in ("in", "against", "over", "of"):
                for g in x.children:
                    out.append(g)
                    out += [y for p in g.children if p.dep_ == "prep" and p.lower_ in ("of", "against")
                            for y in p.children]
    return out


def _is_subject(tok: Token) -> bool:
    """ "protesters gathered", "hundreds of protesters gathered" (not "police dispersed protesters")."""
    t = tok
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "nsubj":
        t = t.head.head
    return t.dep_ == "nsubj" and lemma(t.head) != "be"


def _nominal_verb(tok: Token) -> bool:
    """A participle used as a noun ("the wounded") or a gerund inside a noun's phrase ("the decision of
    sending troops"): not a reported action."""
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux", "auxpass", "prep", "agent") for c in tok.children):
        return True
    return tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN") \
        and tok.head.lower_ in ("of", "about", "on", "for")


def _confidence(d: Draft) -> float:
    conf = 0.8 if d.cand.pos == "V" else 0.65 if d.cand.light is not None else 0.55
    if d.source and d.target:
        conf += 0.1
    if not d.source:
        conf -= 0.2
    if not d.target and d.type not in ("PROTEST", "RETREAT", "MOBILIZE", "AGREE", "CONCEDE"):
        conf -= 0.1
    if d.fallback_target:
        conf -= 0.1
    if d.modality:
        conf -= 0.05
    if d.claimed_by:
        conf -= 0.05
    return max(0.05, min(0.95, conf))


def _merge(drafts: list[Draft], table: ActorTable) -> list[Draft]:
    """One record per action: same-sentence repeats ("launched airstrikes ... the strikes killed") and later
    reports of the same action (same type and actors, compatible dates) are folded into the first."""
    out: list[Draft] = []
    drafts = sorted(drafts, key=lambda d: d.cand.tok.i)
    for d in drafts:
        same = next((o for o in out if _same(o, d, table)), None)
        if same is None:
            out.append(d)
            continue
        for s in d.source:
            if s not in same.source:
                same.source.append(s)
        for t in d.target:
            if t not in same.target and t not in same.source:
                same.target.append(t)
        same.date = same.date or d.date
        same.location = same.location or d.location
        if d.claimed_by is None:
            same.claimed_by = None
        same.confidence = max(same.confidence, d.confidence)
    return out


def _same(a: Draft, b: Draft, table: ActorTable) -> bool:
    if a.type != b.type or a.negated != b.negated or a.historical != b.historical or a.claimed_by != b.claimed_by:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    ka, kb = _keys(a.source, table), _keys(b.source, table)
    ta, tb = _keys(a.target, table), _keys(b.target, table)
    if sentence(a.cand.tok).start == sentence(b.cand.tok).start:
        return (not ka or not kb or bool(ka & kb)) and (not ta or not tb or bool(ta & tb))
    if not ka or ka != kb:
        return False
    if ta == tb:
        return bool(ta) or lemma(a.cand.tok) == lemma(b.cand.tok)
    return not ta or not tb        # "Israel's bombing campaign" adds nothing to "Israel's airstrikes on Gaza"


def _keys(ids: list[str], table: ActorTable) -> frozenset[str]:
    from .dictionary import load as load_dictionary
    d = load_dictionary()
    out = set()
    for i in ids:
        a = table.actor(i)
        iso = a.country if a else None
        if a is not None and iso is None:
            iso = next((d.demonym(w) for w in a.name.split() if d.demonym(w)), None)
        out.add(iso or i)
    return frozenset(out)
