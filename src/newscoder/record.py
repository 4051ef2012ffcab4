"""The output record: the contract of ../shared/spec/contract.md as plain dataclasses.

Every field the contract names is here under the same name. Fields the contract does not name
are additions (allowed by the contract); they are marked "extra" below. `schema/record.schema.json`
describes the same record for validation; `tests/test_record.py` keeps the two in step.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

ACTOR_KINDS = ("person", "state", "organization", "group", "igo", "media", "unknown")
QUOTE_KINDS = ("direct", "mixed", "indirect")
FIGURE_KINDS = ("killed", "injured", "displaced", "hostages", "arrested", "missing", "affected", "other")
QUALIFIERS = ("exact", "over", "under", "about", "at_least", "up_to")
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass
class Embed:
    """An embedded post (tweet, etc.) found in the scraped text; span is in the record's text."""
    kind: str
    author: str | None
    date: str | None
    url: str | None
    start: int
    end: int
    name: str | None = None          # extra: display name shown in the byline


@dataclass
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: str | None = None
    # extra: a statement quoted in pieces ('“A,” she said. “B.”') lists its pieces here; `text` joins them
    # with a space and start/end cover them all (the attribution in between included)
    parts: list[list[int]] | None = None


@dataclass
class Event:
    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    source: list[str]
    target: list[str]
    trigger: str
    date: str | None
    location: Location | None
    start: int
    end: int
    negated: bool = False
    claimed_by: str | None = None
    confidence: float | None = None
    # extra: CAMEO-style intensity from -10 (most conflictual) to +10 (most cooperative), from the code
    goldstein: float | None = None
    # extra: background before the article's time ("Putin has in prior years condemned ..."); no date
    historical: bool = False
    # extra: null when the text reports the action as done; "intent" when it was only announced, offered
    # or threatened and is coded as the AGREE/THREATEN/REJECT/REQUEST statement ("will withdraw" -> AGREE)
    modality: str | None = None


@dataclass
class Figure:
    kind: str
    value: int
    qualifier: str
    victims: str | None
    text: str
    start: int
    end: int
    location: Location | None = None
    according_to: str | None = None


@dataclass
class Removed:
    """extra: a piece of the raw input kept out of the analysed text (credit, boilerplate)."""
    kind: str
    text: str
    raw_start: int
    raw_end: int


@dataclass
class Record:
    id: str
    text: str = ""
    published: str | None = None
    published_inferred: bool = False
    credits: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    error: str | None = None
    # extras
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None      # ISO 639-1 code of the text's language, when known
    dateline: str | None = None      # "WASHINGTON" of "WASHINGTON (Reuters) -"
    flags: list[str] = field(default_factory=list)   # e.g. "html_as_text", "not_english", "decoded_cp1252"
    removed: list[Removed] = field(default_factory=list)
    unattributed_quotes: list[Quote] = field(default_factory=list)  # quoted passages with no visible speaker

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for a in d["actors"]:
            a["mentions"] = [list(m) for m in a["mentions"]]
        return d


def error_record(id_: str, message: str, **extra: Any) -> Record:
    """A record for an article that could not be analysed: the id, and one line saying why."""
    one_line = " ".join(str(message).split()) or "unknown error"
    return Record(id=str(id_), error=one_line, **extra)
