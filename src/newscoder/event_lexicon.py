"""The event stage's data, read once: trigger rows (data/events/triggers.tsv), CAMEO scores (cameo.tsv) and
the frame words (frames.json). See the header of triggers.tsv for the row format."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from .doccache import WordSet

QUAD_BY_ROOT = {**{f"{i:02d}": 1 for i in range(1, 6)}, **{f"{i:02d}": 2 for i in range(6, 9)},
                **{f"{i:02d}": 3 for i in range(9, 14)}, **{f"{i:02d}": 4 for i in range(14, 21)}}
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "IGO"})


@dataclass(frozen=True)
class Cond:
    kind: str                    # obj, prt, prep, mod, subj, official, civil, gov, lower, xcomp
    words: frozenset[str] = frozenset()
    any: bool = False            # obj=*
    none: bool = False           # obj=-


@dataclass(frozen=True)
class Row:
    lemma: str
    pos: str                     # V or N
    conds: tuple[Cond, ...]
    type: str | None             # None: "-", not an event
    alt_type: str | None         # the conflictual branch of "AGREE|THREATEN"
    mode: str | None
    cameo: str | None
    alt_cameo: str | None
    flags: frozenset[str]


@dataclass
class Lexicon:
    rows: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    frames: dict = field(default_factory=dict)
    words: WordSet | None = None       # every trigger word: the tokens worth looking up
    obligations: WordSet | None = None  # "must", "should": a reported clause with one is a demand


    def score(self, cameo: str | None) -> float | None:
        code = cameo or ""
        while code:
            if code in self.goldstein:
                return self.goldstein[code]
            code = code[:-1]
        return None

    def words(self, key: str) -> frozenset[str]:
        return frozenset(self.frames.get(key, ()))


def quad_class(cameo: str | None) -> int | None:
    return QUAD_BY_ROOT.get((cameo or "")[:2])


def _lines(name: str) -> list[str]:
    text = resources.files("newscoder").joinpath(f"data/events/{name}").read_text("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _cond(item: str, classes: dict[str, frozenset[str]]) -> Cond:
    kind, _, value = item.partition("=")
    if not value:
        return Cond(kind)
    if value == "*":
        return Cond(kind, any=True)
    if value == "-":
        return Cond(kind, none=True)
    words: set[str] = set()
    for w in value.split("|"):
        words |= classes[w[1:]] if w.startswith("@") else {w}
    return Cond(kind, frozenset(words))


def _pair(cell: str) -> tuple[str | None, str | None]:
    first, _, second = cell.partition("|")
    return (first.strip() or None), (second.strip() or None)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    lex = Lexicon()
    lines = _lines("triggers.tsv")
    classes = {ln.split("\t")[0][1:]: frozenset(ln.split("\t")[1].split("|")) for ln in lines if ln.startswith("@")}
    table = [ln for ln in lines if not ln.startswith("@")]
    for row in csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE):
        kind, alt = _pair(row["type"] or "-")
        cameo, alt_cameo = _pair(row.get("cameo") or "")
        r = Row(row["lemma"].strip(), row["pos"].strip(),
                tuple(_cond(c, classes) for c in (row.get("when") or "").split()),
                None if kind == "-" else kind, alt, (row.get("mode") or "").strip() or None,
                cameo, alt_cameo or cameo, frozenset((row.get("flags") or "").split()))
        lex.rows.setdefault((r.lemma, r.pos), []).append(r)
    for row in csv.DictReader(_lines("cameo.tsv"), delimiter="\t", quoting=csv.QUOTE_NONE):
        lex.goldstein[row["code"]] = float(row["goldstein"])
    lex.frames = json.loads(resources.files("newscoder").joinpath("data/events/frames.json").read_text("utf-8"))
    lex.words = WordSet(word for word, _ in lex.rows)
    lex.obligations = WordSet(lex.frames["obligation_aux"])
    return lex


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()
