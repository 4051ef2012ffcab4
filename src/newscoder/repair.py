"""The scraped-text repair stage: raw article text in, the clean text everything downstream analyses out.

`repair(raw)` is the one entry point. It is pure (no I/O) and linear in the input; every pattern is
compiled once at import and none can backtrack catastrophically. What it does, line by line:

1. **Whitespace.** "\\r\\n", "\\r", U+2028 and U+2029 end lines. Inside a line every run of spaces, tabs,
   NBSP and other Unicode spaces becomes one space, zero-width characters, soft hyphens and C0 control
   characters (other than tab and newline) are dropped, and the line is stripped at both ends.
   Quotation marks are never touched: curly and straight quotes stay exactly as they were.
2. **Credits and boilerplate** (`newscoder.credits`, lists in ``data/boilerplate.json``). Whole short
   lines such as "Via Reuters |", "REUTERS/John Smith", "(Reporting by ...)", "Subscribe to ...",
   "Published: <date>" leave the text, and so does a dateline opening a paragraph
   ("WASHINGTON (Reuters) - "). Each is kept in `removed` with its raw offsets; the agencies they name
   go to `credits`, the dateline's place to `dateline`. An agency named in prose stays prose.
3. **Hard wraps.** A line break inside a paragraph becomes one space (none after a word-final hyphen):
   when the next line starts in lowercase, when the line ends in a word or mark that cannot end a
   sentence ("in", "the", a comma ...), or when the paragraph was wrapped at a fixed width (3+ lines of
   near-equal length, most breaks already wraps by the first two rules, the paragraph ending in terminal
   punctuation, and the next word would not have fitted on the line). A line ending in terminal
   punctuation (. ! ? : … or a closing quote after one) ends its paragraph ("Mr." and "U.S." before a
   lowercase word excepted); so do headline-like lines followed by a capitalised line, lines of dashes,
   embed bylines; a list item, a web address or a dateline always starts a new paragraph.
4. **Embedded posts** (`newscoder.embeds`): recorded as spans of the cleaned text; their text stays.
5. **Publication date**: the latest of the "Published:"/"Updated:" lines and the embed byline dates;
   else a bare date line near the top; else None. Dates in prose are never used.

Conventions of the cleaned text: paragraphs are its non-empty lines. A paragraph break is "\\n", or
"\\n\\n" where the input had one or more blank lines there (so a blank-line layout is kept, and longer
runs of blank lines collapse to one); the text has no leading or trailing whitespace, no line has
leading or trailing spaces, and no line is blank except as that one-line separator.

Offsets: `Repaired.offsets` maps every offset of the cleaned text to the raw input. A kept character
maps to itself (``raw[r.raw_offset(i)] == r.text[i]``); a space that replaced a run of whitespace maps
to the run's first whitespace character; a space or "\\n" that replaced a line break maps to the "\\n" of that break.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator

from . import credits
from .embeds import Byline, Para, find_embeds, match_byline
from .record import Embed, Removed

Segment = tuple[int, int, int, int]     # (clean_start, raw_start, clean_length, raw_length)

_SPACES = " \t\x0b\x0c\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_DROPS = "".join(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F))) + "\u200b\u200c\u200d\u2060\ufeff\xad"
_STRIP = _SPACES + _DROPS


def _char_class(chars: str) -> str:
    return "[" + "".join(f"\\u{ord(c):04x}" for c in chars) + "]"


_EOL_RE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_DEBRIS_RE = re.compile(f"{_char_class(_STRIP)}{{2,}}|{_char_class(_STRIP.replace(' ', ''))}")
_WORD_RE = re.compile(r"\w")
_DASH_LINES = frozenset({"—", "–", "-", "--"})
_LIST_ITEM_RE = re.compile(r"(?:[-–—•*·▪►■]|\d{1,3}[.)]) ")
_URL_START_RE = re.compile(r"(?:https?://|www\.|[\w\-]{1,60}\.(?:com|org|net|co|io|gov|edu|info)\b)")
_URL_END_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.co/)\S*")
_TITLE_END_RE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Maj|Adm|Prof|Rev|Hon)\.$")
_INITIALS_END_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")       # used on a 12-character tail only
_CLOSERS = "\"”’')]»"
_HARD_END = ".!?…:"
_CONNECTIVES = frozenset("""a an the that of in on at to for with by from as into onto over under
    about after before between during against among through without within upon via and or but nor than which
    who whom whose where when while if because although though its their his her our your my is are was were be
    been being has have had will would could should may might can must not also""".split())
HARD, SOFT, OPEN, LINK = "hard", "soft", "open", "link"


class OffsetMap:
    """Cleaned-text offsets to raw-input offsets: sorted segments (clean_start, raw_start, length, raw_length).

    A segment whose two lengths are equal was copied verbatim (offset k in it maps to raw_start + k);
    otherwise it is one character that replaced `raw_length` raw ones and maps to raw_start.
    """
    __slots__ = ("segments", "_starts")

    def __init__(self, segments: list[Segment] | None = None) -> None:
        self.segments: list[Segment] = list(segments or [])
        self._starts = [s[0] for s in self.segments]

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.segments)} segments, length {self.length})"

    @property
    def length(self) -> int:
        """Length of the cleaned text."""
        return self.segments[-1][0] + self.segments[-1][2] if self.segments else 0

    def _segment(self, i: int) -> Segment:
        if not 0 <= i < self.length:
            raise IndexError(f"offset {i} outside the cleaned text (length {self.length})")
        return self.segments[bisect_right(self._starts, i) - 1]

    def to_raw(self, i: int) -> int:
        """Raw offset of cleaned offset i; i == length maps to the end of the last mapped raw character."""
        if i == self.length:
            return self.segments[-1][1] + self.segments[-1][3] if self.segments else 0
        cs, rs, _, rn = self._segment(i)
        return rs + min(i - cs, rn - 1)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span covering the cleaned span [start, end)."""
        if end <= start:
            return self.to_raw(start), self.to_raw(start)
        cs, rs, n, rn = self._segment(end - 1)
        return self.to_raw(start), (rs + end - cs if n == rn else rs + rn)


@dataclass
class Repaired:
    """The repaired article. Embeds' offsets are into `text`; removed items' offsets are into the raw input."""
    text: str
    embeds: list[Embed]
    credits: list[str]
    removed: list[Removed]
    dateline: str | None
    published: str | None
    offsets: OffsetMap

    def raw_offset(self, i: int) -> int:
        """The raw-input offset of cleaned-text offset i (0 <= i <= len(text))."""
        return self.offsets.to_raw(i)


# ---- one line ------------------------------------------------------------------------------------------
def _push(segs: list[Segment], cs: int, rs: int, n: int, rn: int) -> None:
    """Append a segment, merging it into the last one when both are verbatim and contiguous."""
    if segs:
        pcs, prs, pn, prn = segs[-1]
        if pn == prn and n == rn and pcs + pn == cs and prs + prn == rs:
            segs[-1] = (pcs, prs, pn + n, prn + rn)
            return
    segs.append((cs, rs, n, rn))


@dataclass
class _Buf:
    """A piece of cleaned text with its segments (clean offsets relative to this piece)."""
    text: str
    segs: list[Segment]

    def raw_at(self, i: int) -> int:
        cs, rs, _, rn = next(s for s in reversed(self.segs) if s[0] <= i)
        return rs + min(i - cs, rn - 1)

    def raw_end(self, j: int) -> int:
        cs, rs, n, rn = next(s for s in reversed(self.segs) if s[0] < j)
        return rs + j - cs if n == rn else rs + rn

    def tail(self, k: int) -> _Buf:
        segs = [(cs - k, rs, n, rn) if cs >= k else (0, rs + k - cs, n - k + cs, rn - k + cs)
                for cs, rs, n, rn in self.segs if cs + n > k]
        return _Buf(self.text[k:], segs)


def _normalise(raw: str, start: int, end: int) -> _Buf:
    """Line raw[start:end] cleaned: stripped, whitespace runs to one space, invisible characters dropped."""
    line = raw[start:end]
    body = line.lstrip(_STRIP)
    base = start + len(line) - len(body)
    body = body.rstrip(_STRIP)
    parts: list[str] = []
    segs: list[Segment] = []
    pos = clean = 0
    for m in _DEBRIS_RE.finditer(body):
        if m.start() > pos:
            parts.append(body[pos:m.start()])
            _push(segs, clean, base + pos, m.start() - pos, m.start() - pos)
            clean += m.start() - pos
        skip = len(m.group()) - len(m.group().lstrip(_DROPS))
        if skip < len(m.group()):            # the run holds whitespace: one space, mapped to the first
            parts.append(" ")
            _push(segs, clean, base + m.start() + skip, 1, m.end() - m.start() - skip)
            clean += 1
        pos = m.end()
    if pos < len(body):
        parts.append(body[pos:])
        _push(segs, clean, base + pos, len(body) - pos, len(body) - pos)
    return _Buf("".join(parts), segs)


# ---- classifying lines ---------------------------------------------------------------------------------
@dataclass
class _Line:
    buf: _Buf
    start: int                  # raw offset where the line starts (before stripping)
    eol: int | None             # raw offset of the "\n" (last character) of its line break; None at the end
    blank_before: bool          # blank lines separate it from the kept line before
    byline: Byline | None = None
    hard_start: bool = False    # it opens a paragraph whatever precedes it (a dateline was there)
    after_dash: bool = False    # an embed byline whose dash is alone on the line before


@dataclass
class _Found:
    removed: list[Removed] = field(default_factory=list)
    hits: list[tuple[int, str]] = field(default_factory=list)      # (raw offset, agency)
    dates: list[tuple[int, int, str]] = field(default_factory=list)  # (rank, raw offset, YYYY-MM-DD)
    dateline: str | None = None

    def remove(self, raw: str, kind: str, rs: int, re_: int, agencies: list[str]) -> None:
        self.removed.append(Removed(kind, raw[rs:re_], rs, re_))
        self.hits.extend((rs, a) for a in agencies)


def _split_lines(raw: str) -> Iterator[tuple[int, int, int | None]]:
    """(start, end, eol) of every line; eol is the offset of the line break's last character, or None."""
    pos = 0
    for m in _EOL_RE.finditer(raw):
        yield pos, m.start(), m.end() - 1
        pos = m.end()
    if pos < len(raw):
        yield pos, len(raw), None


def _take_dateline(raw: str, line: _Line, found: _Found, bare_ok: bool) -> None:
    dl = credits.match_dateline(line.buf.text, bare_ok)
    if dl is None:
        return
    buf = line.buf
    found.remove(raw, "credit" if dl.agency else "dateline", buf.raw_at(0), buf.raw_end(dl.prefix_end),
                 [dl.agency] if dl.agency else [])
    found.dateline = found.dateline or dl.place
    line.buf, line.hard_start = buf.tail(dl.end), True


def _classify(raw: str) -> tuple[list[_Line], _Found]:
    """The kept lines of `raw`, and what was taken out of them."""
    kept: list[_Line] = []
    found = _Found()
    blank = False
    seen = 0
    for start, end, eol in _split_lines(raw):
        buf = _normalise(raw, start, end)
        if not buf.text:
            blank = True
            continue
        seen += 1
        line = _Line(buf, start, eol, blank)
        line.byline = match_byline(buf.text)
        if not line.byline and not blank and kept and kept[-1].buf.text in _DASH_LINES:
            line.byline = match_byline("— " + buf.text)
            line.after_dash = line.byline is not None
        verdict = None if line.byline else credits.classify_line(buf.text, near_top=seen <= 5)
        if verdict:
            found.remove(raw, verdict.kind, buf.raw_at(0), buf.raw_end(len(buf.text)), verdict.agencies)
            if verdict.published:
                found.dates.append((verdict.rank, buf.raw_at(0), verdict.published))
            continue
        if not line.byline:
            _take_dateline(raw, line, found, bare_ok=found.dateline is None and len(kept) < 3)
        if line.buf.text:
            kept.append(line)
            blank = False
    return kept, found


# ---- hard wraps ----------------------------------------------------------------------------------------
def _end_kind(text: str) -> str:
    """How a line ends: HARD (a sentence end), SOFT (a closing quote/bracket), LINK (a URL), OPEN (else)."""
    tail = text[-300:]
    bare = tail.rstrip(_CLOSERS)
    if not bare or bare[-1] in _HARD_END:
        return HARD
    if _URL_END_RE.search(tail.rsplit(None, 1)[-1]):
        return LINK
    if bare != tail:
        return OPEN if bare[-1] in ",;" else SOFT
    return OPEN


def _starts_lower(text: str) -> bool:
    """Starts with a lowercase word ("the", "(since"), not "iPhone" or a web address."""
    word = text[1:3] if text[:1] in "([{\"'“‘" else text[:2]
    return word[:1].islower() and not word[1:].isupper() and not _URL_START_RE.match(text)


def _connective_end(text: str) -> bool:
    if text[-1] in ",&":
        return True
    word = text[-20:].rsplit(None, 1)[-1]
    return word.lower() in _CONNECTIVES


def _abbreviation_end(text: str, lower_next: bool) -> bool:
    """The line ends in "Mr." (never a sentence end), or in "U.S." with a lowercase line next."""
    tail = text[-12:]
    return bool(_TITLE_END_RE.search(tail) or lower_next and _INITIALS_END_RE.search(tail))


def _fixed_width(lines: list[_Line]) -> set[int]:
    """Indices of lines that end where a fixed-width wrapper broke a paragraph."""
    out: set[int] = set()
    run: list[int] = []
    for k, line in enumerate(lines):
        if line.blank_before or line.hard_start or line.byline:
            run = []
        if line.byline:
            continue
        run.append(k)
        end = _end_kind(line.buf.text)
        if end != OPEN:
            if end == HARD:
                out |= _fixed_run(lines, run)
            run = []
    return out


def _fixed_run(lines: list[_Line], run: list[int]) -> set[int]:
    """The wrapped lines of one paragraph-candidate run, if it looks wrapped at a fixed width.

    It must: have 3+ lines, the longest 40-120 characters, 2+ of its non-final lines at 80% of that, and
    half its breaks wraps by the other rules (so stacked captions or headlines do not qualify).
    """
    if len(run) < 3:
        return set()
    texts = [lines[k].buf.text for k in run]
    width = max(map(len, texts))
    full = sum(len(t) >= 0.8 * width for t in texts[:-1])
    if not 40 <= width <= 120 or full < 2:
        return set()
    if 2 * sum(_joint(a, b, False) is not None for a, b in zip(texts, texts[1:])) < len(texts) - 1:
        return set()
    out = set()
    for k in run[:-1]:
        text, nxt = lines[k].buf.text, lines[k + 1].buf.text
        if len(text) >= 0.6 * width and len(text) + 1 + len(nxt.split(None, 1)[0]) > width:
            out.add(k)
    return out


def _joint(a: str, b: str, fixed: bool) -> str | None:
    """What joins line a to line b: None for a paragraph break, else " " (or "" after a hyphen)."""
    if _LIST_ITEM_RE.match(b) or not _WORD_RE.search(a):
        return None
    end, lower = _end_kind(a), _starts_lower(b)
    if end == HARD:
        return " " if _abbreviation_end(a, lower) else None
    if end != OPEN:
        return " " if lower else None
    if len(a) > 1 and a[-1] == "-" and a[-2].isalpha():
        return ""
    return " " if lower or fixed or _connective_end(a) else None


def _joints(lines: list[_Line]) -> list[str | None]:
    fixed = _fixed_width(lines)
    out: list[str | None] = []
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if b.after_dash:
            out.append(" ")
            continue
        blocked = b.blank_before or b.hard_start or a.byline or b.byline
        out.append(None if blocked else _joint(a.buf.text, b.buf.text, k in fixed))
    return out


# ---- assembling ----------------------------------------------------------------------------------------
def _assemble(lines: list[_Line]) -> tuple[str, list[Segment], list[Para]]:
    """The cleaned text, its segments, and its paragraphs."""
    joints = _joints(lines)
    parts: list[str] = []
    segs: list[Segment] = []
    bounds: list[tuple[int, int, Byline | None]] = []
    pos = para_start = 0

    def put(char: str, raw_at: int) -> None:
        nonlocal pos
        parts.append(char)
        _push(segs, pos, raw_at, 1, 1)
        pos += 1

    for k, line in enumerate(lines):
        if k:
            prev, joint = lines[k - 1], joints[k - 1]
            if joint is None:
                bounds.append((para_start, pos, prev.byline))
                put("\n", prev.eol)
                if line.blank_before:
                    put("\n", line.start - 1)
                para_start = pos
            elif joint:
                put(" ", prev.eol)
        parts.append(line.buf.text)
        for cs, rs, n, rn in line.buf.segs:
            _push(segs, pos + cs, rs, n, rn)
        pos += len(line.buf.text)
    if lines:
        bounds.append((para_start, pos, lines[-1].byline))
    text = "".join(parts)
    return text, segs, [Para(s, e, text[s:e], b) for s, e, b in bounds]


def _published(stated: list[tuple[int, int, str]], embed_dates: list[str]) -> str | None:
    """The latest of the page's "Published:"/"Updated:" dates and its embeds' dates (an article cannot be
    older than a post it embeds, and an embedded post may be older than the article); else a bare date
    line near the top."""
    known = [d[2] for d in stated if d[0] <= 2] + embed_dates
    if known:
        return max(known)
    return min(stated)[2] if stated else None


def repair(raw: str) -> Repaired:
    """Clean one scraped article's text; see the module docstring for what is done and the conventions."""
    lines, found = _classify(raw)
    text, segs, paras = _assemble(lines)
    embeds = find_embeds(paras)
    published = _published(found.dates, [e.date for e in embeds if e.date])
    agencies = dict.fromkeys(a for _, a in sorted(found.hits, key=lambda h: h[0]))
    return Repaired(text, embeds, list(agencies), found.removed, found.dateline, published, OffsetMap(segs))
