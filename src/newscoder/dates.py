"""Dates: the temporal expressions of an article, each resolved once against the publication date.

    DATE entities of the parse (+ forms the NER misses: "Oct.7", a bare "Wednesday")
      -> one value each: a day (YYYY-MM-DD), historical background, anaphoric ("the same day"), or none

Rules, in order (`resolve`):
- anaphoric phrases ("the same day", "that day") take the date of the clause they refer to (the caller
  decides which: `DocDates.governing`);
- weekdays: the most recent such day on or before the publication date ("Wednesday" in an article of
  Friday 2023-10-27 is 2023-10-25; "Friday" is the day itself; "last Friday" a week before);
- "today", "tonight", "this morning" = the publication date; "yesterday", "last night" = the day before;
- month and day without a year ("Oct.7", "September 29", "7 October"): the latest such day on or before
  the publication date; with a year, that day;
- everything else goes to dateparser 1.5 one expression at a time (RELATIVE_BASE = publication date,
  PREFER_DATES_FROM = past): a day or a week ("last week") gives a date; a month or a year does not;
- historical background: a year, month or period before the article's time ("in 2003", "since 2015",
  "in prior years", "last year", "decades ago") is flagged `historical` and gets no date;
- future expressions ("tomorrow", "next week") and durations ("for 10 days") get no date.
Without a publication date only expressions with a year resolve.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from .doccache import doc_text, ents, line_starts, sentence

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12}
_MONTH_NAMES = ("Jan(?:uary)?", "Feb(?:ruary)?", "Mar(?:ch)?", "Apr(?:il)?", "May", "June?", "July?", "Aug(?:ust)?",
                "Sept?(?:ember)?", "Oct(?:ober)?", "Nov(?:ember)?", "Dec(?:ember)?")


def _word_start(name: str) -> str:
    """`\bname` for a name that starts with a letter, written so that the pattern starts with that letter:
    the word boundary is a lookbehind past it. Python's re then scans for the first letters only; a pattern
    that starts with \b is tried at every character."""
    return f"{name[0]}(?<!\\w{name[0]}){name[1:]}"


_MONTH = rf"(?P<month>{'|'.join(_MONTH_NAMES)})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
# \b{_MONTH}\s?{_DAY}\b{_YEAR} and \b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}, each starting with its first character
_MONTH_DAY = re.compile(rf"(?P<month>{'|'.join(map(_word_start, _MONTH_NAMES))})\.?\s?{_DAY}\b{_YEAR}")
_DAY_MONTH = re.compile(rf"(?P<day>\d(?<!\w\d)(?:(?<=[0-3])\d)?)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b{_YEAR}")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MODIFIERS = r"(?:on|last|this|this past|past|early|late|earlier|later|by|since|until|from)"
_WEEKDAY = re.compile(rf"^(?:{_MODIFIERS}\s+)*(?P<wd>{'|'.join(WEEKDAYS)})s?"
                      r"(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_NEXT = re.compile(r"\b(?:next|tomorrow|coming|upcoming|later this|from now)\b", re.I)
_ANAPHORIC = re.compile(r"^(?:on\s+|by\s+)?(?:the\s+same\s+(?:day|date|night|morning|afternoon|evening)|"
                        r"that\s+(?:day|night|morning|afternoon|evening)|later\s+that\s+day|"
                        r"earlier\s+that\s+day|the\s+day)$", re.I)
_TODAY = re.compile(r"^(?:(?:on|earlier|later|early|late)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))$", re.I)
_YESTERDAY = re.compile(r"^(?:(?:on|late|early)\s+)?(?:yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)$", re.I)
_HISTORICAL = re.compile(r"\b(?:(?:prior|past|previous|earlier|former|preceding)\s+(?:years?|decades?|centur(?:y|ies))|"
                         r"years?\s+ago|decades?\s+ago|centur(?:y|ies)\s+ago|last\s+(?:year|decade|century)|"
                         r"(?:19|20)\d0s|in\s+the\s+past|for\s+(?:years|decades)|the\s+(?:cold\s+war|war)\s+years)\b", re.I)
_DURATION = re.compile(r"^(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|up\s+to\s+|the\s+)?"
                       r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a\s+few|many|"
                       r"twenty|thirty|\d+-)[-\s]*(?:hour|day|week|month|year|decade)s?(?:-long|\s+long)?$", re.I)
_YEAR_ONLY = re.compile(r"^(?:(?:in|since|by|until|from|during|the\s+year)\s+)*(?P<y>(?:19|20)\d\d)$", re.I)


@dataclass(frozen=True)
class DateValue:
    date: str | None = None           # YYYY-MM-DD when the expression names one day (or a week: "last week")
    historical: bool = False          # background before the article's time
    anaphoric: bool = False           # "the same day": the date of the clause it refers to


@dataclass
class Expr:
    """One temporal expression of the text: token range [start, end), characters, its value."""
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    value: DateValue
    private: bool = False             # belongs to one event ("Hamas' Oct.7 attack"): does not govern others


def _published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None) -> DateValue:
    """The value of one temporal expression, against the publication date (ISO) or None."""
    t = " ".join(text.replace("’", "'").split()).strip(" ,.;:()")
    base = _published(published)
    if not t:
        return DateValue()
    if _ANAPHORIC.match(t):
        return DateValue(anaphoric=True)
    if _HISTORICAL.search(t):
        return DateValue(historical=True)
    m = _ISO.search(t)
    if m:
        return _day(int(m["y"]), int(m["m"]), int(m["d"]), base)
    m = _MONTH_DAY.search(t) or _DAY_MONTH.search(t)
    if m:
        return _month_day(m, base)
    if _NEXT.search(t):
        return DateValue()
    m = _YEAR_ONLY.match(t)
    if m:
        return DateValue(historical=base is None or int(m["y"]) < base.year)
    if base is None or _DURATION.match(t):
        return DateValue()
    if _TODAY.match(t):
        return DateValue(base.isoformat())
    if _YESTERDAY.match(t):
        return DateValue((base - dt.timedelta(days=1)).isoformat())
    m = _WEEKDAY.match(t)
    if m:
        back = (base.weekday() - WEEKDAYS.index(m["wd"].lower())) % 7
        if back == 0 and re.match(r"^(?:last|this past|past)\b", t, re.I):
            back = 7
        return DateValue((base - dt.timedelta(days=back)).isoformat())
    return _dateparser(t, base)


def _day(y: int, m: int, d: int, base: dt.date | None) -> DateValue:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return DateValue()
    if base is not None and day > base:
        return DateValue()            # a day after publication: planned, not happened
    return DateValue(day.isoformat())


def _month_day(m: re.Match, base: dt.date | None) -> DateValue:
    month = _MONTHS[m["month"][:3].lower()]
    day = int(m["day"])
    if m["year"]:
        return _day(int(m["year"]), month, day, base)
    if base is None:
        return DateValue()
    for year in (base.year, base.year - 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            return DateValue()
        if cand <= base:
            return DateValue(cand.isoformat())
    return DateValue()


@lru_cache(maxsize=64)
def _parser(base: dt.date):
    from dateparser.date import DateDataParser
    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(t: str, base: dt.date) -> DateValue:
    if not re.search(r"\d|ago|last|week|month|year|" + "|".join(WEEKDAYS), t, re.I):
        return DateValue()
    try:
        data = _parser(base).get_date_data(t)
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return DateValue()
    if data is None or data.date_obj is None:
        return DateValue()
    day = data.date_obj.date()
    if day > base:
        return DateValue()
    period = data.period or "day"
    if period == "week" and not re.search(r"\b(?:last|past|ago)\b", t, re.I):
        return DateValue()            # "this week": no day
    if period in ("day", "time", "week"):
        return DateValue(day.isoformat())
    if period == "month":
        months = (base.year - day.year) * 12 + base.month - day.month
        return DateValue(historical=months > 2)
    return DateValue(historical=day.year < base.year)


# ---- the expressions of a document ------------------------------------------------------------------
_BARE_WEEKDAY = re.compile(rf"(?:{'|'.join(_word_start(w.capitalize()) for w in WEEKDAYS)})\b")
_EXTRA = (_MONTH_DAY, _DAY_MONTH, _BARE_WEEKDAY)   # forms the NER misses ("Oct.7" is a NOUN to it)


@dataclass
class DocDates:
    """Every temporal expression of a document, resolved once, and lookups by token."""
    doc: Doc
    published: str | None
    exprs: list[Expr] = field(default_factory=list)
    by_token: dict[int, Expr] = field(default_factory=dict)
    para_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc, published: str | None) -> "DocDates":
        self = cls(doc, published)
        text = doc_text(doc)
        spans = [(e.start, e.end) for e in ents(doc) if e.label_ in ("DATE", "TIME")]
        for m in (m for rx in _EXTRA for m in rx.finditer(text)):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            over = [x for x in spans if x[0] < span.end and span.start < x[1]]
            if over and all(x[0] <= span.start and span.end <= x[1] for x in over):
                continue             # the NER's entity already holds it
            for x in over:           # "7 May 2020" where the NER saw only "May 2020": the longer reading
                spans.remove(x)
            spans.append((min([span.start] + [x[0] for x in over]), max([span.end] + [x[1] for x in over])))
        for s, e in sorted(spans):
            span = doc[s:e]
            value = resolve(span.text, published)
            if span.label_ == "TIME" and value == DateValue():
                continue   # "the hours", "10 p.m.": no day of their own
            expr = Expr(s, e, span.start_char, span.end_char, span.text, value)
            self.exprs.append(expr)
            for i in range(s, e):
                self.by_token[i] = expr
        self.para_starts = line_starts(doc)
        self._fix_anaphora()
        return self

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def _fix_anaphora(self) -> None:
        """ "On the same day that ..., X said": the nearest day before it in the article, or, in a lead
        paragraph with none before it, the first day of the next paragraph (the lead's news day)."""
        for k, e in enumerate(self.exprs):
            if not e.value.anaphoric:
                continue
            before = [x for x in self.exprs[:k] if x.value.date and not x.private]
            if before:
                e.value = DateValue(before[-1].value.date)
                continue
            para = self.paragraph(e.start_char)
            after = [x for x in self.exprs[k + 1:] if x.value.date and self.paragraph(x.start_char) <= para + 1]
            e.value = DateValue(after[0].value.date) if after else DateValue()

    def governing(self, tok_i: int, exclude: set[int] = frozenset()) -> Expr | None:
        """The date that governs a position: a narrative (not event-private) expression with a day in the
        same sentence, else the latest one before it in the same paragraph."""
        doc = self.doc
        tok = doc[tok_i]
        sent = sentence(tok)
        para = self.paragraph(tok.idx)
        same = [e for e in self.exprs if sent.start <= e.start < sent.end and not e.private
                and id(e) not in exclude and (e.value.date or e.value.historical)]
        if same:
            best = min(same, key=lambda e: abs(e.start - tok_i))
            return best if best.value.date else None
        before = [e for e in self.exprs if e.end <= tok_i and not e.private and id(e) not in exclude
                  and self.paragraph(e.start_char) == para and (e.value.date or e.value.historical)]
        if before and before[-1].value.date:
            return before[-1]
        return None
