"""How an action is framed: done, intended, hypothetical, negated, claimed by someone, done by a crowd.

- modality of a trigger: "fact"; "intent" ("will", "plans to", "is willing to"); "ready" ("prepared to
  resume shelling": a show of force); "obligation" ("must", "has to"); "attempt" ("tried to
  assassinate"); "possible" ("could", "may", "a possible attack"); "conditional" ("if", "unless",
  "until"); "near" ("came close to clashing"); "question" (a sentence ending in "?");
- negation: "not", "never" on the trigger, or "stopped [attacking]";
- claims: the trigger inside a quote (the quote's speaker) or in the clause a speech verb reports;
- crowds: violence by residents, villagers, a mob is a riot, not an armed group's assault;
- which words a framing verb frames, and what a protest is for (its demands).
The word lists live in data/events/frames.json.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Token

from .actors import ActorTable
from .doccache import sentence, span_text
from .event_args import ArgFinder, is_infinitive
from .event_lexicon import Row, lemma
from .speech import is_cue, lexicon as speech_lexicon

CROWD = frozenset({"mob", "crowd", "rioter", "protester", "protestor", "demonstrator", "resident", "villager",
                   "local", "people", "community", "inhabitant", "youth", "student", "worker", "farmer", "fan",
                   "supporter", "citizen", "passenger", "trader", "vendor", "neighbour", "neighbor", "family",
                   "relative", "prisoner", "inmate", "driver", "member"})
ARMED = frozenset({"gunman", "militant", "force", "soldier", "police", "policeman", "army", "rebel", "militia",
                   "militiaman", "fighter", "insurgent", "troop", "jihadist", "terrorist", "gang", "cartel",
                   "assailant", "attacker", "man", "men", "guard", "officer", "military", "commando"})
NOUN_HYPOTHETICAL = frozenset({"planned", "possible", "potential", "proposed", "future", "upcoming", "expected",
                               "imminent", "threatened", "feared", "prospective", "new"})
NOUN_ATTEMPT = frozenset({"attempted", "failed", "foiled", "thwarted", "botched"})
BACKGROUND_PREPS = frozenset({"after", "before", "since", "following", "amid", "despite", "during", "over",
                              "because", "like", "than", "without"})


class Frames:
    def __init__(self, fr: dict, args: ArgFinder, table: ActorTable, is_frame: Callable[[Token], bool],
                 quote_speaker: Callable[[int], str | None]) -> None:
        self.fr, self.args, self.table = fr, args, table
        self.is_frame, self.quote_speaker = is_frame, quote_speaker

    # ---- modality ------------------------------------------------------------------------------------
    def modality(self, t: Token, noun: Token | None = None) -> str:
        """The frame of the action at t (its verb, or its light verb); `noun` for a bare nominal trigger."""
        fr = self.fr
        if span_text(sentence(t)).rstrip().endswith("?"):
            return "question"
        if noun is not None:
            mods = {lemma(m) for m in noun.children if m.dep_ in ("amod", "compound")} | \
                   {m.lower_ for m in noun.children if m.dep_ in ("amod", "compound")}
            if mods & NOUN_ATTEMPT:
                return "attempt"
            if mods & NOUN_HYPOTHETICAL:
                return "possible"
            verb = noun.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX") and verb is not noun:   # "unless the fighting stops"
                clause = self.modality(verb)
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

    def negated(self, t: Token) -> bool:
        if any(c.dep_ == "neg" or c.lower_ == "never" for c in t.children):
            return True
        return t.dep_ == "xcomp" and lemma(t.head) in self.fr["stop_verbs"]

    # ---- claims ------------------------------------------------------------------------------------------
    def claimed_by(self, tok: Token) -> str | None:
        speaker = self.quote_speaker(tok.idx)
        if speaker:
            return speaker
        say = self.say_verb(tok)
        if say is None:
            return None
        found = self.args.actors(self.args.subject(say)[0])
        return found[0] if found else None

    def say_verb(self, tok: Token) -> Token | None:
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
            if t.dep_ in ("relcl", "advcl", "acl") or self.is_frame(h):
                break
            t = h
        return None

    # ---- crowds ------------------------------------------------------------------------------------------
    def crowd(self, tok: Token, verb: Token | None, noun: Token | None, sources: list[str]) -> bool:
        """Is the actor a crowd of civilians ("a group of people stormed a radio station", "residents beat up
        a thief", "a clash between demonstrators and police")?"""
        words: set[str] = set()
        subj, passive = self.args.subject(verb) if verb is not None else (None, False)
        if subj is not None and not passive:
            words |= {lemma(t) for t in subj.subtree if t.i - subj.i < 6}
        for aid in sources:
            actor = self.table.actor(aid)
            if actor is not None and actor.kind in ("unknown", "group"):
                words |= {w.lower().rstrip("s") for w in actor.name.split()}
        if noun is not None:
            words |= {lemma(t) for p in noun.children if p.lower_ == "between" for t in p.subtree}
        return bool(words & CROWD) and not words & ARMED


# ---- syntactic helpers --------------------------------------------------------------------------------------
def complements(t: Token) -> list[Token]:
    """What a framing word frames: its clause ("refused [to deploy]", "demanded [that the US cancel]"),
    its object ("demanded [the withdrawal]"), or the object of to/for/on ("agreed [to a ceasefire]")."""
    out = [c for c in t.children if (c.dep_ == "ccomp" or is_infinitive(c)) and c.i > t.i]
    out += [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    for p in t.children:
        if p.dep_ == "prep" and p.lower_ in ("to", "for", "on", "upon", "with"):
            out += [g for g in p.children if g.dep_ in ("pobj", "pcomp")]
    out += [c for c in t.children if c.dep_ == "acl"]
    deeper = [g for c in out if c.dep_ in ("dobj", "pobj") for g in c.children if g.dep_ in ("acl", "relcl", "prep")
              for g in ([g] if g.dep_ != "prep" else [x for x in g.children if x.dep_ == "pobj"])]
    return out + deeper


def purpose(tokens: list[Token]) -> list[Token]:
    """Clauses and phrases that say what a protest is for or against."""
    out: list[Token] = []
    for t in tokens:
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


def names_object(row: Row, noun: Token) -> bool:
    """The verb's own row names this noun as its object ("lodged [a protest]" ACCUSE, "called off [a
    strike]" CONCEDE): the noun is part of the verb's action, not an action of its own."""
    return any(cond.kind == "obj" and (lemma(noun) in cond.words or noun.lower_ in cond.words) for cond in row.conds)


def is_subject(tok: Token) -> bool:
    """ "protesters gathered", "hundreds of protesters gathered" (not "police dispersed protesters")."""
    t = tok
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "nsubj":
        t = t.head.head
    return t.dep_ == "nsubj" and lemma(t.head) != "be"


def nominal_verb(tok: Token) -> bool:
    """A participle used as a noun ("the wounded") or a gerund inside a noun's phrase ("the decision of
    sending troops"): not a reported action."""
    if any(c.dep_ == "det" for c in tok.children):
        return True
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux", "auxpass", "prep", "agent") for c in tok.children):
        return True
    return tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN") \
        and tok.head.lower_ in ("of", "about", "on", "for")


def may_stand_alone(kind: str, is_verb: bool, noun: Token) -> bool:
    """An action with no actor at all is kept only for fighting, protest and repression reported as a clause
    of its own ("Clashes erupted in ...", "an explosion hit ...", "residents protested"), not as background
    ("after two days of fierce fighting")."""
    if kind not in ("ASSAULT", "PROTEST", "COERCE"):
        return False
    if is_verb:
        return True
    t = noun
    while t.dep_ == "conj":
        t = t.head
    while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        t = t.head.head                      # "a total of 9 explosions", "hundreds of protesters"
    return not (t.dep_ == "pobj" and t.head.lower_ in BACKGROUND_PREPS)
