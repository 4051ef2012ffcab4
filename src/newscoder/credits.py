"""Wire credits, boilerplate lines, datelines and dates: the line-level knowledge of the repair stage.

`newscoder.repair` calls these on one normalised line at a time; nothing here sees offsets. The agency
names and boilerplate phrases live in ``data/boilerplate.json`` (read once, at import) so the lists can
grow without code changes.

Only whole short lines are ever classified (a credit line, a "Subscribe to ..." line, a "Published: ..."
line) plus the dateline prefix at the start of a paragraph ("WASHINGTON (Reuters) - "). An agency named
inside prose ("Reuters reported that ...") is prose and is left alone.

Every pattern is compiled once, and is either anchored with bounded repetition or applied only to short
lines, so no input can make one backtrack catastrophically.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources

LONGEST_LINE = 400          # longer lines are prose, never credits or boilerplate
_CREDIT_LINE = 120          # a photo/source credit line is at most this long
_BOILERPLATE_LINE = 160     # a "Subscribe to ..." style line is at most this long


def _load() -> dict:
    return json.loads(resources.files("newscoder").joinpath("data/boilerplate.json").read_text("utf-8"))


_DATA = _load()


def _alternation(words: list[str], flags: str = "") -> str:
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return f"(?{flags}:{alts})" if flags else f"(?:{alts})"


# ---- agencies ----------------------------------------------------------------------------------------
_ALIAS: dict[str, str] = {}
for _canon, _names in _DATA["agencies"].items():
    for _n in (*_names, _canon):
        _ALIAS.setdefault(_n, _canon)
        _ALIAS.setdefault(_n.upper(), _canon)
_AGENCY = _alternation(list(_ALIAS))
_AGENCY_RE = re.compile(rf"(?<!\w){_AGENCY}(?!\w)")
_UPPER_AGENCY = _alternation([a for a in _ALIAS if a.isupper()])


def agencies_in(text: str) -> list[str]:
    """Canonical names of the agencies named in `text`, in order, each once."""
    seen: dict[str, None] = {}
    for m in _AGENCY_RE.finditer(text):
        seen.setdefault(_ALIAS[m.group()], None)
    return list(seen)


# ---- dates -------------------------------------------------------------------------------------------
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORD = r"(?:st|nd|rd|th)?"
#: A full date as written: "October 27, 2023", "Oct. 27 2023", "27 October 2023", "2023-10-27".
DATE = (rf"(?:{MONTH}\.? \d{{1,2}}{_ORD},? \d{{4}}|\d{{1,2}}{_ORD} {MONTH}\.?,? \d{{4}}"
        r"|\d{4}-\d{2}-\d{2})(?!\d)")
_MDY_RE = re.compile(rf"(?P<m>{MONTH})\.? (?P<d>\d{{1,2}}){_ORD},? (?P<y>\d{{4}})")
_DMY_RE = re.compile(rf"(?P<d>\d{{1,2}}){_ORD} (?P<m>{MONTH})\.?,? (?P<y>\d{{4}})")
_WEEKDAY = r"(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?"
_TIME = r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?(?i:[ap]\.?m\.?))?(?: [A-Z]{2,5})?)"


def parse_date(text: str) -> str | None:
    """YYYY-MM-DD for one full date in any of the forms `DATE` matches; None if unreadable or impossible."""
    s = " ".join(text.split())
    try:
        if m := _MDY_RE.fullmatch(s) or _DMY_RE.fullmatch(s):
            return dt.date(int(m["y"]), _MONTHS[m["m"][:3].lower()], int(m["d"])).isoformat()
        return dt.date.fromisoformat(s).isoformat() if len(s) == 10 else None
    except ValueError:
        return None


# ---- whole-line classification -----------------------------------------------------------------------
@dataclass
class LineVerdict:
    """A line to take out of the text: kind "credit" or "boilerplate"; agencies it credits; a date it gives."""
    kind: str
    agencies: list[str] = field(default_factory=list)
    published: str | None = None
    rank: int = 9            # for published dates: 1 "Published:", 2 "Updated:", 3 a bare date line


_PUB_LABEL = r"(?i:first published|published|originally published|last updated|last modified|updated|posted|date)"
_PUBLISHED_RE = re.compile(
    rf"{_PUB_LABEL}(?: on| at)?(?: ?:)? ?(?:{_WEEKDAY},? )?(?P<date>{DATE})(?P<rest>[^\n]{{0,80}})")
_DATE_LINE_RE = re.compile(rf"(?:{_WEEKDAY},? )?(?P<date>{DATE}){_TIME}?")
_REPORTING_RE = re.compile(r"(?i:(?:additional |further )?(?:reporting|writing|editing|compiled|"
                           r"produced|contributing)(?: and \w+)? by)\b")
_COPYRIGHT_RE = re.compile(r"(?i:copyright|©|\(c\))(?: ?©)? ?\d{4}\b|(?i:all rights reserved)")
_RIGHTS_END_RE = re.compile(r"(?i:all rights reserved)\.?$")    # "... republished under licence. All rights reserved."
_PHOTO_RE = re.compile(rf"{_AGENCY} (?:Photos?|Images?|Video|Pictures?)\b(?: ?/.*)?")
_WIRE_SLASH_RE = re.compile(rf"{_UPPER_AGENCY} ?/ ?[A-Z]")
_CREDIT_PREFIX_RE = re.compile(rf"{_alternation(_DATA['credit_prefixes'], 'i')}(?!\w) ?:? ?")
_SOURCE_PREFIX_RE = re.compile(rf"{_alternation(_DATA['source_prefixes'], 'i')}(?!\w) ?:? ?")
_BOILER_PREFIX_RE = re.compile(rf"{_alternation(_DATA['boilerplate_prefixes'], 'i')}(?!\w)")
_FOLLOW_RE = re.compile(r"[-–—>» ]*Follow [^\n]{1,80} on (?:Twitter|X|Facebook|Instagram|Threads|TikTok|Bluesky"
                        r"|LinkedIn|YouTube|Telegram|Mastodon)[.!]?")
_BOILER_LINES = frozenset(s.casefold() for s in _DATA["boilerplate_lines"])
_EDGE_PUNCT = " |:.,;-–—•·»›>*…"


def _few_lowercase(text: str) -> bool:
    """True when no three words in a row are lowercase: a name list, not a sentence."""
    run = 0
    for word in text.split():
        run = run + 1 if word[0].islower() else 0
        if run >= 3:
            return False
    return True


def _published(text: str, near_top: bool) -> LineVerdict | None:
    if len(text) > _CREDIT_LINE:
        return None
    if (m := _PUBLISHED_RE.fullmatch(text)) and _few_lowercase(m["rest"]):
        rank = 2 if text[:1] in "uUlL" else 1
        return LineVerdict("boilerplate", published=parse_date(m["date"]), rank=rank)
    if near_top and (m := _DATE_LINE_RE.fullmatch(text)):
        return LineVerdict("boilerplate", published=parse_date(m["date"]), rank=3)
    return None


def _credit(line: str) -> LineVerdict | None:
    inner = line[1:-1].strip() if line[:1] == "(" and line[-1:] == ")" else line
    if _REPORTING_RE.match(inner):
        return LineVerdict("credit", agencies_in(inner))
    if len(line) <= 200 and (_COPYRIGHT_RE.match(inner) or _RIGHTS_END_RE.search(inner)
                             or _COPYRIGHT_RE.search(inner) and len(line) <= 80):
        agencies = agencies_in(inner)
        return LineVerdict("credit" if agencies else "boilerplate", agencies)
    if len(line) > _CREDIT_LINE:
        return None
    if _PHOTO_RE.fullmatch(inner) or (_WIRE_SLASH_RE.match(inner) and _few_lowercase(inner)):
        return LineVerdict("credit", agencies_in(inner))
    if (m := _CREDIT_PREFIX_RE.match(inner)) and _few_lowercase(inner[m.end():]):
        return LineVerdict("credit", agencies_in(inner[m.end():]))
    if (m := _SOURCE_PREFIX_RE.match(inner)) and _few_lowercase(inner[m.end():]):
        agencies = agencies_in(inner[m.end():])
        return LineVerdict("credit", agencies) if agencies else None
    return None


def classify_line(line: str, near_top: bool = False) -> LineVerdict | None:
    """What to do with one whole normalised line: None to keep it, else why it leaves the text.

    `near_top`: the line is among the first few of the article, where a bare date line is the
    publication date; elsewhere a bare date line is kept.
    """
    if not line or len(line) > LONGEST_LINE or line[0].islower():   # lowercase: a wrapped line's tail
        return None
    verdict = _published(line, near_top) or _credit(line)
    if verdict or len(line) > _BOILERPLATE_LINE:
        return verdict
    if (_BOILER_PREFIX_RE.match(line) or line.strip(_EDGE_PUNCT).casefold() in _BOILER_LINES
            or _FOLLOW_RE.fullmatch(line)):
        return LineVerdict("boilerplate")
    return None


# ---- datelines ---------------------------------------------------------------------------------------
@dataclass
class Dateline:
    """A dateline opening a paragraph: "GAZA CITY, Oct 27 (Reuters) — ". Offsets are into the line."""
    place: str | None
    agency: str | None       # canonical agency name, None for a bare "BISHKEK — " dateline
    prefix_end: int          # end of the dateline proper, without the spaces after its dash
    end: int                 # where the paragraph's prose starts


_PLACE = r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}"            # all caps: "GAZA CITY"
_WIRE_PLACE = r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,3}"          # "Washington" too, before "(Reuters)"
_REGION = r"[A-Z][A-Za-z'’.\-]+(?: [A-Z][A-Za-z'’.\-]+){0,2}"
_WIRE_DATELINE_RE = re.compile(
    r"(?:By [A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3} (?=[A-Z]{2}))?"          # "By Jane Roe ABUJA, ..."
    rf"(?:(?P<place>{_WIRE_PLACE})(?:, {_REGION})?(?:,? {MONTH}\.? \d{{1,2}})? ?)?"
    rf"\((?P<agency>{_AGENCY})\) ?[-–—]{{1,2}}(?P<sp> ?)")
_BARE_DATELINE_RE = re.compile(                                                 # "ROTTERDAM, May 21 - Dock ..."
    rf"(?P<place>{_PLACE})(?:, {_REGION})?(?:,? {MONTH}\.? \d{{1,2}})?(?: ?[–—]| -(?= ))(?P<sp> ?)(?=[A-Z“\"‘'])")
_NOT_PLACES = frozenset(_DATA["not_places"])


def match_dateline(line: str, bare_ok: bool = False) -> Dateline | None:
    """The dateline at the start of `line`, if any. A bare one (no agency) only when `bare_ok`."""
    if m := _WIRE_DATELINE_RE.match(line, 0, 300):
        place = None if (m["place"] or "By ").startswith("By ") else m["place"]
        return Dateline(place, _ALIAS[m["agency"]], m.start("sp"), m.end())
    if bare_ok and (m := _BARE_DATELINE_RE.match(line, 0, 300)):
        place = m["place"]
        if len(place) >= 3 and place not in _NOT_PLACES:
            return Dateline(place, None, m.start("sp"), m.end())
    return None
