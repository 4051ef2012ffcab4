"""Speech verbs: which verbs report speech, what they report, and who does the reporting.

The lexicon lives in data/speech.json (speech, cognition, accuse, object and naming verbs, the channels
and platforms a statement can come through), read once. `content_span` finds what a cue verb reports:
its clausal complement ("said [that the US ...]"), an accuse verb's object and charge ("blamed [the West
for ...]"), an object verb's object ("called for [a ceasefire]"); `subject` finds who speaks.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from .doccache import WordSet, sentence
from .quotemarks import CLOSING_MARKS

_SUBJ = ("nsubj", "nsubjpass", "csubj")
# Subordinators of a clause a participle after it may still belong to: 'as the guard walked in, saying ...'
_SIMULTANEOUS = frozenset({"as", "while", "though", "although", "whereas"})
# Accuse verbs whose object alone is what they say ("criticized the plan"); "charged the man" is no statement.
_OBJECT_ALONE = frozenset({"criticize", "criticise", "praise", "fault"})
# Verbs whose infinitive complement is what was said: "urged Israel to halt", "vowed to respond".
_XCOMP_CUES = frozenset({"urge", "ask", "tell", "warn", "vow", "promise", "pledge", "threaten", "call", "demand",
                         "agree", "claim", "deny", "plan", "hope", "want", "intend", "aim", "seek", "expect",
                         "refuse", "decline", "decide", "wish"})


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    cognition: frozenset[str]
    accuse: frozenset[str]
    naming: frozenset[str]
    objects: frozenset[str]
    via_res: tuple[re.Pattern, ...]
    nouns: frozenset[str] = frozenset()  # "her claim that ...", "his decision to ..."
    words: WordSet | None = None         # all of the above and "according", "make": where statements start
    occasions: frozenset[str] = frozenset()  # where a statement was made: channels, platforms, shows, rallies


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("newscoder").joinpath("data/speech.json").read_text("utf-8"))
    channels = "|".join(re.escape(c) for c in sorted(data["media_channels"], key=len, reverse=True))
    platforms = "|".join(re.escape(p) for p in data["platforms"])
    via_res = (
        re.compile(r"\bas (?:cited|quoted|reported|published|broadcast) (?:from|by|in|on) (?:an? |the )?"
                   r"(?P<via>[\w’' -]{2,40}?)\s*(?=[.,;:]|$)"),
        re.compile(r"\b(?:as|according to) (?P<via>[A-Z][\w.&’' -]{1,40}?) (?:reports?|reported|said|says)\b"),
        re.compile(rf"\bin (?:an? |the |his |her |their |its )?(?:[\w-]+ ){{0,2}}(?P<via>{channels})\b"),
        re.compile(rf"\b(?:on|via) (?P<via>{platforms})\b"),
    )
    words = WordSet([*data["speech"], *data["cognition"], *data["accuse"], *data["object"], *data.get("nouns", ()),
                     "according", "make"])
    return Lexicon(frozenset(data["speech"]), frozenset(data["cognition"]), frozenset(data["accuse"]),
                   frozenset(data["naming"]), frozenset(data["object"]), via_res, frozenset(data.get("nouns", ())),
                   words, frozenset(o.lower() for o in (*data["media_channels"], *data["platforms"], *data["occasions"])))


def is_cue(tok: Token, lex: Lexicon, cognition: bool = True, objects: bool = True) -> bool:
    """Does this verb report speech? Direct quotes take speech verbs only (cognition=objects=False)."""
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_ == "VBZ"):
        return False
    if tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "so":
        return False  # "so-called"
    lemma = tok.lemma_.lower()
    return (lemma in lex.speech or lemma in lex.accuse or (objects and lemma in lex.objects)
            or (cognition and lemma in lex.cognition) or made_clear(tok))


def made_clear(tok: Token) -> bool:
    return tok.lemma_.lower() == "make" and any(c.lower_ == "clear" for c in tok.children)


def aside_content(cue: Token) -> tuple[int, int] | None:
    """ "The plan is vague, experts say, and ...": the sentence without the aside is what was said."""
    aside = {t.i for t in cue.subtree}
    toks = [t for t in sentence(cue) if t.i not in aside and not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return char_span(toks) if len(toks) >= 3 else None


def content_span(cue: Token) -> tuple[int, int] | None:
    """What a speech verb reports: its clausal complement ("said [that the US ...]"), or for accuse-type
    verbs its object and the charge ("blamed [the West for sowing ...]")."""
    lemma = cue.lemma_.lower()
    deps = ("ccomp", "xcomp") if lemma in _XCOMP_CUES else ("ccomp",)
    if made_clear(cue):  # "made it clear (that) ...": the clause after "clear", however it is attached
        clear = next(c for c in cue.children if c.lower_ == "clear")
        comps = [c for h in (cue, clear) for c in h.children
                 if c.dep_ in ("ccomp", "advcl") and c.i > clear.i]
    else:
        comps = [c for c in cue.children if c.dep_ in deps and c.i > cue.i]
    if not comps and lemma in lexicon().objects and lemma not in lexicon().accuse:
        return object_content(cue)
    if not comps and cue.lemma_.lower() in lexicon().accuse:
        obj = [c for c in cue.children if c.dep_ == "dobj"]
        prep = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "with")]
        if obj and not prep and lemma in _OBJECT_ALONE:  # "criticized the plan": the object alone
            return object_content(cue)
        if not (obj and prep):
            return None
        # The object and every charge: "blamed [the West for sowing ..., and for turning ...]".
        parts = [c for c in cue.children if c.i >= obj[0].i and c.dep_ in ("dobj", "prep", "cc", "conj")
                 and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
        toks = [t for c in parts for t in c.subtree]
        doc = cue.doc
        if any(c.dep_ == "cc" and c.i + 1 < len(doc) and doc[c.i + 1].lower_ in ("for", "of", "with") for c in parts):
            toks = list(doc[obj[0].left_edge.i:sentence(cue).end])  # "..., and for turning ...": the parse drops it
        while toks and max(toks, key=lambda t: t.i).is_punct:
            toks.remove(max(toks, key=lambda t: t.i))
        return char_span(toks)
    if not comps:
        comps = [c for c in cue.children if c.dep_ == "ccomp"]
        if not comps or comps[0].i > cue.i:
            return None
    toks = [t for t in comps[0].subtree]
    if comps[0].i > cue.i:  # a clause after its cue; one before it ("..., killing 34, officials said") is whole
        toks = from_complementizer(comps[0], without_trailing_aside(toks))
    while toks and (toks[0].lower_ in ("that", "though") and toks[0].dep_ in ("mark", "dobj", "nsubj", "advmod")
                    or toks[0].is_punct and not (toks[0].text in "“\"" and len(toks) > 1)):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in CLOSING_MARKS:
        toks = toks[:-1]
    return char_span(toks) if toks else None


def from_complementizer(clause: Token, toks: list[Token]) -> list[Token]:
    """ 'told the radio show on Sunday that she was “ready”' parsed with the show inside the clause: a
    reported clause starts at its "that"; what the parse hangs on it before that word is the cue's."""
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is None or not toks or mark.i <= toks[0].i:
        return toks
    return [t for t in toks if t.i >= mark.i]


def without_trailing_aside(toks: list[Token]) -> list[Token]:
    """The reported clause without a comma-set clause that ends it: a non-restrictive relative clause
    (", which is spread by mosquitoes") or a participle clause (", citing ...") is the writer's, not the
    speaker's, when in doubt."""
    if not toks:
        return toks
    last = toks[-1].i
    for t in toks:
        if t.dep_ in ("relcl", "advcl", "acl") and t.i > toks[0].i and t.left_edge.i >= 1 \
                and t.doc[t.left_edge.i - 1].text == "," and t.right_edge.i >= last - 1 \
                and (t.dep_ == "relcl" and t.left_edge.lower_ in ("which", "who") or t.tag_ == "VBG"):
            cut = t.left_edge.i - 1
            return [x for x in toks if x.i < cut]
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.i > toks[0].i + 2 and is_cue(t, lexicon()) \
                and not any(c.dep_ in _SUBJ for c in t.children) and not shares_to(t):
            # 'believe the rights can be settled and have been calling on the council to ...': a second statement
            cc = next((c for c in t.head.children if c.dep_ == "cc" and c.i < t.i), None)
            cut = cc.i if cc is not None and cc.i > toks[0].i else t.i
            kept = [x for x in toks if x.i < cut]
            while kept and kept[-1].is_punct:
                kept = kept[:-1]
            return kept or toks
    return toks


def shares_to(verb: Token) -> bool:
    """ 'urged them to stop and think again': a bare verb joined to a to-infinitive shares its "to" and is
    part of what the infinitive says, not a statement of its own."""
    head = verb.head
    return verb.tag_ == "VB" and head.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)


def coordinated_objects(verb: Token, obj: Token) -> list[Token]:
    """ 'doubted her plan and her judgment' parsed with the second noun joined to the verb: a noun
    cannot be a verb's conjunct, so it is a second object, and what was said goes on through it."""
    out: list[Token] = []
    for c in verb.children:
        if c.i > obj.i and c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            out += list(c.subtree)
    return out


def object_content(cue: Token) -> tuple[int, int] | None:
    """ "cited [her work after the attacks]", "called for [a ceasefire]", "wants [to cut taxes]",
    "called [the plan a disaster]" """
    if cue.lemma_.lower() in lexicon().naming:
        named = [c for c in cue.children if c.i > cue.i and (c.dep_ in ("dobj", "oprd", "xcomp", "ccomp")
                                                             or c.dep_ == "prep" and c.lower_ == "as")]
        if len(named) >= 2 and named[0].dep_ == "dobj":
            toks = [t for c in named for t in c.subtree]
            while toks and max(toks, key=lambda t: t.i).is_punct:
                toks.remove(max(toks, key=lambda t: t.i))
            return char_span(toks)
    for dep, preps in (("dobj", None), ("xcomp", None), ("prep", ("for", "on", "to", "about"))):
        for c in cue.children:
            if c.dep_ == dep and c.i > cue.i and (preps is None or c.lower_ in preps):
                toks = list(c.subtree) + (coordinated_objects(cue, c) if dep == "dobj" else [])
                cut = without_trailing_aside(toks)  # "cited [his rival], who ...": unless the aside quotes
                if not any(t.text in "“”\"" for t in toks[len(cut):]):
                    toks = cut
                if dep == "prep":
                    toks = toks[1:]  # "for a ceasefire" -> "a ceasefire"
                while toks and toks[-1].is_punct:
                    toks = toks[:-1]
                return char_span(toks) if toks else None
    return None


def naming_on_noun(verb: Token) -> bool:
    """A naming verb hung on the noun before it as a participle, with an object of its own after it ('one
    member called Lee “a liar”'): a finite verb whose subject is that noun. Not 'a show called “X”', where
    the marks follow the verb: that participle names, nobody speaks."""
    head = verb.head
    return verb.dep_ == "acl" and verb.lemma_.lower() in lexicon().naming and head.i < verb.i \
        and head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("appos", "nsubj", "nsubjpass") \
        and verb.tag_ in ("VBD", "VBN") and not verb.nbor(-1).is_punct \
        and verb.i + 1 < len(verb.doc) and verb.nbor(1).is_alpha \
        and verb.nbor(1).pos_ != "ADP"  # 'a group called for a boycott': a call for, no naming


def char_span(toks: list[Token]) -> tuple[int, int]:
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def subject(verb: Token) -> Token | None:
    """Who does the verb: its subject, the agent of a passive, or, for a participle or a second verb
    ("sings to Clinton before asking her", "said and added"), the subject of the verb it hangs from."""
    v, adjunct = verb, False
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        return verb.head  # 'One lawmaker called Trump “a prince.”' parsed as a noun with a participle: no verb else
    if naming_on_noun(verb):
        return verb.head  # '...; one council member called Lee “a liar.”': the same misparse inside a sentence
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.i >= 1 and verb.nbor(-1).text in ",”\"":
        head = verb.head  # '“...,” Lee added, saying ...': the speech verb it follows speaks
        doer = _doer(head)
        if head.i < verb.i and is_cue(head, lexicon(), cognition=False, objects=False) and doer is not None:
            return doer
        near = _clause_before(verb)  # 'protesters gathered at noon, chanting ...': the clause it follows
        if near is not None:
            return near
        root = sentence(verb).root  # '..., referring to the vote': the sentence's speaker, however it parses
        if root.i < verb.i and root.pos_ in ("VERB", "AUX") and any(a.i == root.i for a in verb.ancestors):
            subj = _doer(root)
            if subj is not None:
                return subj
    if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and not any(c.dep_ in _SUBJ for c in verb.children):
        v = verb.head.head  # 'farmers believe the rights can be settled and have been calling ...': the farmers
    for _ in range(6):  # 'turning her energy to fighting X and admitting ...': six steps up to the doer
        # 'the plan was praised by Lee': the agent speaks, not what was praised; but 'was booed by fans
        # after telling them' is told by the one booed
        agent = None if adjunct else _agent(v)
        if agent is not None:
            return agent
        subj = _own_subject(v)
        if subj is not None:
            return subj
        doer = _doer_of_object(v)
        if doer is not None:
            v = doer
        elif v.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep") and v.head.i != v.i:
            adjunct = adjunct or v.dep_ in ("advcl", "pcomp", "prep")
            v = v.head
        else:
            return None
    return None


def _clause_before(verb: Token) -> Token | None:
    """The doer of the clause a comma-set participle follows: the first verb with a subject above the word
    before the comma ('Lee defended the plan, saying ...' -> Lee; 'protesters had gathered by noon,
    chanting ...' -> protesters), or, when that clause is what a speech verb reports ('Lee said the plan
    was dead, citing ...'), the speech verb's doer."""
    k = verb.i - 1
    while k >= 0 and verb.doc[k].is_punct:
        k -= 1
    if k < sentence(verb).start:
        return None
    clause = None
    for tok in (verb.doc[k], *verb.doc[k].ancestors):
        if tok.i == verb.i:
            return None  # the participle holds the clause before it: a misparse, left to the rest
        if tok.pos_ in ("VERB", "AUX") and _doer(tok) is not None:
            clause = tok
            break
    if clause is None or not _open_clause(clause):
        return None
    top, tok = clause, clause
    while tok.dep_ in ("ccomp", "xcomp", "conj") and tok.head.i != tok.i:
        tok = tok.head
        if tok.i < verb.i and is_cue(tok, lexicon(), cognition=False, objects=False) \
                and _doer(tok) is not None:
            top = tok
    return _doer(top)


def _open_clause(clause: Token) -> bool:
    """Can a participle after this clause go on it? Not when its subject is a relative pronoun for a thing
    ('a policy which was cruel, adding ...'), nor when it completes a noun or a preposition ('denied the
    claim that a merger is near, explaining ...'), nor when a subordinator other than one of
    simultaneity or contrast ties it to the main clause ('apologized after the notes leaked, saying ...',
    'called for him to quit, calling ...'): the participle then goes on the main clause."""
    doer = _doer(clause)
    if doer is None or doer.lower_ in ("which", "that") or clause.dep_ in ("acl", "pcomp"):
        return False
    return all(c.lower_ in _SIMULTANEOUS for c in clause.children if c.dep_ == "mark")


def _doer(verb: Token) -> Token | None:
    """Who does the verb itself: the agent of a passive, else its own subject (no climbing)."""
    return _agent(verb) or _own_subject(verb)


def _agent(verb: Token) -> Token | None:
    """The doer of a passive verb: the object of its 'by'."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return None if agent is None else next((c for c in agent.children if c.dep_ == "pobj"), None)


def _own_subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse: 'in Dayton, Ohio, Lee went after ...'), the one
    nearest the verb."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJ]
    return min(subjects, key=lambda c: abs(verb.i - c.i)) if subjects else None


def _doer_of_object(verb: Token) -> Token | None:
    """A speech verb hung on a noun that is another verb's object or time: the other verb's doer speaks.
    'issued a statement Tuesday saying ...', 'emailed supporters saying ...', 'adopted an accent and
    joked ...': the artifact or the day is part of how it was said, not who said it."""
    noun = verb.head
    if noun.i == verb.i or noun.pos_ not in ("NOUN", "PROPN") or _own_subject(verb) is not None:
        return None
    if not (verb.dep_ == "acl" and verb.tag_ == "VBG" or verb.dep_ == "conj" and verb.pos_ == "VERB"):
        return None
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ in ("dobj", "npadvmod", "dative", "pobj") and head.pos_ in ("VERB", "AUX") and head.i < verb.i:
        return head
    return None


def first_person(tok: Token) -> bool:
    return tok.lower_ in ("i", "we", "you")
