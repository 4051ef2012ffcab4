"""The actor dictionary: countries, seats of power, organisations, office holders and role words.

The knowledge lives in data/actors/*.tsv (see the README there); this module reads it once per process and
answers two questions: who does this name denote on this date (`lookup`), and which sector does this role
word give (`agent`). Keys are case-folded and free of acronym dots ("U.S." = "US"), except short all-caps
aliases of up to three letters ("AP", "IS", "US", "WHO"), which only match as written so that "us",
"is" and "who" stay words.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .doccache import WordSet

SECTORS = frozenset("""GOV MIL REB OPP PTY COP JUD LEG SPY REL MED EDU BUS CRM CVL HLH NGO IGO REF LAB AGR ENV
    ELI UAF MOD RAD""".split())
_DOTS = re.compile(r"(?<=\b[A-Za-z])\.")
_SPACE = re.compile(r"\s+")
_APOS = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Entry:
    """One thing a name can denote."""
    name: str                   # canonical name, e.g. "Vladimir Putin", "Russia", "Kremlin"
    kind: str                   # person, state, organization, group, igo, media
    country: str | None
    sector: str | None
    code: str | None
    role: str | None = None
    start: str | None = None    # ISO date the entry starts to hold (office holders)
    end: str | None = None
    gender: str | None = None   # m or f, for people (pronoun resolution)

    def holds_on(self, date: str | None) -> bool:
        if not date:
            return True
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)


@dataclass(frozen=True)
class Agent:
    word: str
    sector: str | None
    kind: str                   # person or group


@dataclass
class Dictionary:
    names: dict[str, list[Entry]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)       # key -> iso3
    countries: dict[str, Entry] = field(default_factory=dict)    # iso3 -> the country's own entry
    agents: dict[str, Agent] = field(default_factory=dict)       # lemma (one or more words) -> Agent
    agent_max_words: int = 1
    agent_words: WordSet | None = None   # the last word of every role: the tokens worth trying
    surfaces: dict[str, str] = field(default_factory=dict)       # name as written -> NER label
    given_names: dict[str, str] = field(default_factory=dict)    # casefolded first name -> m or f

    def lookup(self, text: str, date: str | None = None) -> Entry | None:
        """The entry a name denotes on `date` (None when unknown). People out of office on that date
        fall back to their entry with no sector (a former president is still a person of that country)."""
        entries = self.names.get(key(text)) or self.names.get(key(text, exact=False))
        if not entries:
            return None
        valid = [e for e in entries if e.holds_on(date)]
        if valid:
            return valid[0]
        former = entries[0]
        if former.kind == "person":
            return Entry(former.name, "person", former.country, None, former.country, former.role,
                         gender=former.gender)
        return None

    def demonym(self, text: str) -> str | None:
        return self.demonyms.get(key(text, exact=False))

    def agent(self, words: list[str]) -> tuple[Agent, int] | None:
        """The longest role word at the end of `words` (lemmas, lower case) and how many words it took."""
        for n in range(min(self.agent_max_words, len(words)), 0, -1):
            a = self.agents.get(" ".join(words[-n:]))
            if a:
                return a, n
        return None


@lru_cache(maxsize=16384)     # asked for every name of every article, most of them many times
def key(text: str, exact: bool = True) -> str:
    """Lookup key: dots out of acronyms, one space, curly apostrophes straight; case kept only for short
    all-caps aliases when `exact`."""
    t = _SPACE.sub(" ", _DOTS.sub("", text.translate(_APOS))).strip()
    if t.lower().startswith("the "):
        t = t[4:]
    if exact and t.isupper() and len(t) <= 3:
        return t
    return t.casefold()


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("newscoder").joinpath(f"data/actors/{name}").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _alts(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


LABELS = {"person": "PERSON", "state": "GPE", "organization": "ORG", "igo": "ORG", "group": "ORG", "media": "ORG"}


def _add(d: Dictionary, names: list[str], entry: Entry) -> None:
    for n in names:
        d.surfaces.setdefault(n, LABELS[entry.kind])
        bucket = d.names.setdefault(key(n), [])
        if entry not in bucket:
            bucket.append(entry)


def _code(country: str | None, sector: str | None) -> str | None:
    return (country or "") + (sector or "") or None


@lru_cache(maxsize=1)
def load() -> Dictionary:
    d = Dictionary()
    # Order matters where a name has several entries: people and organisations before places, so that
    # "Hamas" is the group and a person's surname beats a same-named town.
    for row in _rows("people.tsv"):
        e = Entry(row["name"], "person", row["country"] or None, row["sector"] or None,
                  _code(row["country"] or None, row["sector"] or None), row["role"] or None,
                  row["start"] or None, row["end"] or None, (row.get("gender") or None))
        _add(d, [row["name"], *_alts(row["aliases"])], e)
    for row in _rows("organizations.tsv"):
        e = Entry(row["name"], row["kind"], row["country"] or None, row["sector"] or None,
                  row["code"] or _code(row["country"] or None, row["sector"] or None))
        _add(d, [row["name"], *_alts(row["aliases"])], e)
    for row in _rows("metonyms.tsv"):
        forms = _alts(row["phrase"])
        e = Entry(forms[0], "organization", row["country"], row["sector"], _code(row["country"], row["sector"]))
        _add(d, forms, e)
    for row in _rows("countries.tsv"):
        iso = row["iso3"]
        country = Entry(row["name"], "state", iso, None, iso)
        d.countries[iso] = country
        _add(d, [row["name"], *_alts(row["aliases"])], country)
        for capital in _alts(row["capitals"]):
            _add(d, [capital], Entry(capital, "state", iso, "GOV", iso + "GOV"))
        for dem in _alts(row["demonyms"]):
            d.demonyms.setdefault(key(dem, exact=False), iso)
            d.surfaces.setdefault(dem, "NORP")
    for row in _rows("agents.tsv"):
        word = " ".join(row["word"].lower().split())
        d.agents[word] = Agent(word, row["sector"] or None, row["kind"] or "group")
    d.agent_max_words = max((len(w.split()) for w in d.agents), default=1)
    d.agent_words = WordSet(w.split()[-1] for w in d.agents)
    for row in _rows("given_names.tsv"):
        d.given_names[row["name"].casefold()] = row["gender"]
    return d
