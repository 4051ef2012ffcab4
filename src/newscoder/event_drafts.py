"""The event stage's working records: a trigger found in the text (`Cand`), an event being built from it
(`Draft`), how sure we are of it, and the folding of one action reported several times into one record."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from .actors import ActorTable
from .dictionary import load as load_dictionary
from .doccache import sentence
from .event_lexicon import Row, lemma
from .record import Location


@dataclass
class Cand:
    tok: Token
    row: Row
    pos: str
    head: Token                      # the token whose arguments count (a noun's head in "bombing campaign")
    light: Token | None = None       # "launched" of "launched airstrikes"
    complement: "Cand | None" = None
    absorbed: bool = False           # framed by another trigger ("threatened to [strike]") or part of it


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


def confidence(d: Draft) -> float:
    """Higher for a verb with both sides named; lower for nouns, missing or guessed sides, intentions and
    claims."""
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


def merge(drafts: list[Draft], table: ActorTable) -> list[Draft]:
    """One record per action: same-sentence repeats ("launched airstrikes ... the strikes killed") and later
    reports of the same action (same type and actors, compatible dates) are folded into the first."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.cand.tok.i):
        same = next((o for o in out if _same(o, d, table)), None)
        if same is None:
            out.append(d)
            continue
        same.source += [s for s in d.source if s not in same.source]
        same.target += [t for t in d.target if t not in same.target and t not in same.source]
        same.date = same.date or d.date
        same.location = same.location or d.location
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
    """Actors as comparable keys: the country when known (Moscow = Russia for this purpose; "the Russian
    side" = RUS), else the id."""
    d = load_dictionary()
    out = set()
    for i in ids:
        a = table.actor(i)
        iso = a.country if a else None
        if a is not None and iso is None:
            iso = next((d.demonym(w) for w in a.name.split() if d.demonym(w)), None)
        out.add(iso or i)
    return frozenset(out)
