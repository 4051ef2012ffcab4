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

from spacy.tokens import Doc, Token

from . import event_model
from .actors import ActorTable
from .event_args import PLACE_TARGET_TYPES, TARGET_PREPS, ArgFinder, governor, row_matches
from .event_context import Context
from .event_drafts import Cand, Draft, confidence, merge
from .event_frames import (Frames, complements, is_subject, may_stand_alone, names_object, nominal_verb,
                           purpose)
from .doccache import doc_text
from .event_lexicon import Row, lemma, load, quad_class
from .record import Event, Record
from .speech import is_cue, lexicon as speech_lexicon

VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"})
STATEMENTS = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})
_COMPOUND_HEADS = frozenset({"campaign", "operation", "spree", "wave", "mission", "offensive", "raid"})
_PROTEST_HEADS = frozenset({"in", "sit", "march", "rally", "action", "vigil", "camp", "caravan", "motorcade",
                            "demonstration", "strike", "walk", "gathering", "meeting"})
_STATE_VERBS = frozenset({"go", "remain", "be", "stay", "put", "place", "keep", "continue"})
_MOTION_VERBS = frozenset({"arrive", "converge", "gather", "meet", "travel", "come", "fly", "head", "leave",
                           "return", "assemble", "march", "rally", "go"})
_ANY_TARGET_PREPS = ("to", "against", "on", "upon", "with", "from", "at", "into", "for")
_SKIP_ENTS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "GPE", "EVENT", "PRODUCT"})


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
        self._frame_toks: set[int] = set()
        self.frames = Frames(self.fr, self.args, table, self._is_frame, self._quote_speaker)

    def _is_frame(self, tok: Token) -> bool:
        return tok.i in self._frame_toks

    def _quote_speaker(self, char: int) -> str | None:
        inside = [q for q in self.quotes if q[0] <= char < q[1]]
        return min(inside, key=lambda q: q[1] - q[0])[2] if inside else None

    def run(self) -> list[Event]:
        self._find()
        event_model.retype(self.cands, self.lex, self.args)
        self.args.triggers = {c.tok.i for c in self.cands} | {c.head.i for c in self.cands}
        self._frame_toks = {c.tok.i for c in self.cands if "frame" in c.row.flags}
        self._link_frames()
        drafts = [d for c in self.cands if not c.absorbed for d in self._drafts(c)]
        drafts += self._reported_obligations()
        ctx = Context(self.doc, self.table, self.rec, self.args, self.lex)
        ctx.place_and_time(drafts, self.cands)
        # an action with no actor is worth a record only when the text says when or where it happened
        drafts = [d for d in drafts if d.source or d.target or d.date or d.location]
        return [self._event(d) for d in merge(drafts, self.table)]

    def _reported_obligations(self) -> list[Draft]:
        """ "The Bush administration declared that China must drop barriers": a demand (REQUEST) of the
        speaker on the subject of the clause, whatever the clause's verb."""
        lex, out = speech_lexicon(), []
        must = self.lex.obligations
        comps = {a.head.i: a.head for a in map(self.doc.__getitem__, must.tokens(self.doc))
                 if a.dep_ == "aux" and a.lower_ in must and a.head.dep_ == "ccomp" and a.head.i > a.head.head.i}
        for comp in sorted(comps.values(), key=lambda c: (c.head.i, c.i)):   # clauses with "must" ...
            say = comp.head                                                    # ... reported by a speech verb
            if not is_cue(say, lex) or any(c.tok.i == comp.i for c in self.cands):
                continue                     # a known action: its own candidate makes the REQUEST
            speaker = self.args.actors(self.args.subject(say)[0])
            subj, passive = self.args.subject(comp)
            targets = [t for t in self.args.actors(None if passive else subj) if t not in speaker]
            if not speaker or not targets:
                continue
            row = Row("must", "V", (), "REQUEST", None, None, "100", "100", frozenset())
            d = Draft(Cand(say, row, "V", say), "REQUEST", None, "100", speaker, targets, modality="intent",
                      tokens=[say])
            d.confidence = confidence(d)
            out.append(d)
        return out

    # ---- triggers --------------------------------------------------------------------------------------
    def _find(self) -> None:
        for tok in map(self.doc.__getitem__, self.lex.words.tokens(self.doc)):
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
            if pos == "N" and "self" in row.flags and not is_subject(tok):
                continue
            if pos == "V" and (tok.dep_ == "amod" or nominal_verb(tok)):
                continue                     # "the besieged town", "evacuated the wounded", "the decision of sending"
            cand = Cand(tok, row, pos, head)
            if pos == "N":
                gov = governor(head)
                via = head.head.lower_ if head.dep_ == "pobj" else None
                if gov is not None and (lemma(gov) in self.fr["light_verbs"] or
                                        via == "on" and lemma(gov) in _STATE_VERBS or       # "went on strike"
                                        via == "for" and lemma(gov) in _MOTION_VERBS or     # "arrived for talks"
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
                    owner.row.type == c.row.type or names_object(owner.row, c.head)):
                c.absorbed = True            # "imposed sanctions", "lodged a protest": one action, the verb's
                continue
            if "frame" not in c.row.flags:
                continue
            comps = complements(c.head)
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
            for t in purpose([t for t in (c.tok, c.head, c.light) if t is not None]):
                inner = by_tok.get(t.i) or by_head.get(t.i)
                if inner is not None and inner is not c and inner.row.type in ("REQUEST", "ACCUSE", "REJECT", "PROTEST"):
                    inner.absorbed = True
                    c.complement = c.complement or inner

    # ---- one candidate -> drafts -------------------------------------------------------------------------
    def _drafts(self, c: Cand) -> list[Draft]:
        anchor = c.light or c.tok
        mod = self.frames.modality(anchor, c.head if c.pos == "N" and c.light is None else None)
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
        negated = self.frames.negated(anchor)
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
        if kind == "ASSAULT" and self.frames.crowd(c.tok, c.tok if c.pos == "V" else c.light,
                                                    c.head if c.pos == "N" else None, sources):
            kind, mode, cameo = "PROTEST", "riot", "145"
        if "needs_target" in row.flags and not targets or "needs_actor" in row.flags and not (sources or targets):
            return []
        if "actor_obj" in row.flags and (not targets or fallback) and (
                c.pos == "N" or any(o.dep_ in ("dobj", "dative") for o in c.tok.children) or row.pos == "V"
                and kind in VERBAL):
            return []                        # "fought corruption", "called it": an object, but no actor
        if not sources and not targets and not may_stand_alone(kind, c.pos == "V", c.head):
            return []
        if kind == "CONSULT" and not targets and len(sources) < 2:
            return []                        # "the cabinet met": a meeting needs two sides
        if kind in VERBAL and not sources and not (c.pos == "V" and self.args.subject(c.tok)[1]):
            return []                        # a statement needs who made it (unless passive: "X was accused")
        claimed = self.frames.claimed_by(c.tok)
        drafts = []
        pairs = [([s], [t]) for s in sources for t in sources if s != t] if reciprocal else [(sources, targets)]
        for src, tgt in pairs:
            d = Draft(c, kind, mode, cameo, src, [t for t in tgt if t not in src], negated, modality,
                      None if claimed in src else claimed, fallback_target=fallback,
                      tokens=[t for t in (c.tok, c.head, c.light) if t is not None])
            d.confidence = confidence(d)
            drafts.append(d)
        return drafts

    def _obligation(self, c: Cand, kind: str) -> list[Draft]:
        """ "X said Y must withdraw": X demands it of Y (REQUEST)."""
        say = self.frames.say_verb(c.tok)
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
        d.confidence = confidence(d)
        return [d]

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

    # ---- output ------------------------------------------------------------------------------------------
    def _event(self, d: Draft) -> Event:
        c = d.cand
        start, end = c.tok.idx, c.tok.idx + len(c.tok.text)
        prt = next((x for x in c.tok.children if x.dep_ == "prt" and x.i == c.tok.i + 1), None)
        if prt is not None:
            end = prt.idx + len(prt.text)
        return Event(type=d.type, mode=d.mode, cameo=d.cameo, quad_class=quad_class(d.cameo),
                     source=d.source, target=d.target, trigger=doc_text(self.doc)[start:end], date=d.date,
                     location=d.location, start=start, end=end, negated=d.negated, claimed_by=d.claimed_by,
                     confidence=round(d.confidence, 2), goldstein=self.lex.score(d.cameo),
                     historical=d.historical, modality=d.modality)


def _type_of(c: Cand) -> str | None:
    return c.row.type


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


