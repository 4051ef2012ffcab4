"""Where are the quotations? Pairs of quotation marks in a text, robust to the way scraped text breaks them.

Rules, paragraph by paragraph (a paragraph is a line of the repaired text):
- Curly double marks nest: “ opens, ” closes the innermost open one. Straight double marks toggle.
  The two families are paired independently, so "… “inner” …" and “… "inner" …” both work.
- A mark left open at the end of its paragraph closes there (an unclosed quote never swallows the rest of
  the document: one bad mark costs at most its own paragraph). If the next paragraph opens with a quote
  mark, the quote continues into it (the newspaper convention for multi-paragraph quotes).
- Single curly marks ‘…’ are quotes only where they cannot be apostrophes: ‘ after a space or an opening
  bracket, and the closing ’ before a space or punctuation; straight single quotes likewise ('Iran-linked
  militants'). Such single-quoted spans are returned with `single=True`.
- A stray closing mark with nothing open is ignored.
- Scraped text mixes the families: a straight mark, or a second “, in a closing position (after a word or
  punctuation, before a space, punctuation or the paragraph's end) closes an open curly quote
  ('“... from Vermont," Clinton said', '“... in the future.“').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# a double mark, straight or curly, in a found quote's text (is a reported clause mixed? a cue past a mark?)
DOUBLE_MARK = re.compile(r"[“”\"]")
_DOUBLE = re.compile(r"[\"“”„]|''(?!')")  # two apostrophes stand for a straight double mark in some feeds
# a token that closes a quote: the parser reads the two-apostrophe mark ('' ... '') as one token
CLOSING_MARKS = frozenset({"”", '"', "’", "''"})
# Single marks: an opening one at the start or after a space or bracket, a closing one after a word or
# punctuation. Each pattern starts with the mark, its left context checked by a lookbehind over the mark
# and the character before it: a pattern that starts with a lookbehind is tried at every character.
_SINGLE_OPEN = re.compile(r"[‘'](?<![^\s(\[—–-][‘'])(?=\w)")
_SINGLE_CLOSE = re.compile(r"[’'](?<=[\w.,!?…][’'])(?=[\s.,;:!?)\]—–-]|$)")


@dataclass
class Quoted:
    start: int            # offset of the first character inside the marks
    end: int              # offset of the closing mark (exclusive end of the content)
    open_mark: int        # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when the paragraph ended first
    single: bool = False
    continues: bool = False  # this span continues the previous paragraph's quote
    parts: list[tuple[int, int]] | None = None  # pieces of adjacent quotes read as one ('“A,” “B”')

    @property
    def outer_end(self) -> int:
        return self.close_mark + 1 if self.close_mark is not None else self.end


def find(text: str) -> list[Quoted]:
    """All quoted spans, sorted by start; spans may nest (an inner quote lies inside an outer one)."""
    out: list[Quoted] = []
    pos = 0
    for para in text.split("\n"):
        out.extend(_in_paragraph(para, pos))
        pos += len(para) + 1
    out.sort(key=lambda q: (q.start, -q.end))
    _mark_continuations(text, out)
    return out


def _in_paragraph(para: str, base: int) -> list[Quoted]:
    found: list[Quoted] = []
    curly: list[int] = []
    straight: int | None = None
    width = 1  # of the open straight mark: 2 for ''
    for m in _DOUBLE.finditer(para):
        i, mark = m.start(), m.group()
        closing = _closing(para, i, len(mark))
        if mark in "“„" and not (closing and (curly or straight is not None)):
            curly.append(i)
        elif mark in "”“" or curly and straight is None and closing:
            if curly:
                o = curly.pop()
                found.append(Quoted(base + o + 1, base + i, base + o, base + i + len(mark) - 1))
            elif straight is not None:  # a straight opening closed by a curly mark: scraped mixtures
                found.append(Quoted(base + straight + width, base + i, base + straight, base + i))
                straight = None
        elif straight is None:
            straight, width = i, len(mark)
        else:  # an '' closes at its second apostrophe, so that the quote's outer end is past both
            found.append(Quoted(base + straight + width, base + i, base + straight, base + i + len(mark) - 1))
            straight = None
    end = len(para.rstrip())
    for o, w in [(c, 1) for c in curly] + ([(straight, width)] if straight is not None else []):
        if o + w < end:
            found.append(Quoted(base + o + w, base + end, base + o, None))
    found.extend(_single(para, base, found))
    return found


def _closing(para: str, i: int, width: int) -> bool:
    """A mark at i stands where a quote closes: after a word or punctuation, before a space or punctuation."""
    return i > 0 and not para[i - 1].isspace() and (i + width >= len(para) or para[i + width] in _AFTER_CLOSE)


_AFTER_CLOSE = frozenset(" \t,.;:!?)]—–-\u00a0")


def _single(para: str, base: int, doubles: list[Quoted]) -> list[Quoted]:
    out = []
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(para)]
    for m in _SINGLE_OPEN.finditer(para):
        o = m.start()
        close = next((c for c in closes if c > o + 1), None)
        if close is None or close - o > 200:
            continue
        out.append(Quoted(base + o + 1, base + close, base + o, base + close, single=True))
        closes = [c for c in closes if c > close]
    return out


def _mark_continuations(text: str, quotes: list[Quoted]) -> None:
    """A quote whose paragraph starts with its opening mark, right after a paragraph whose quote was left
    open (or which ended inside a quote), continues that quote."""
    by_open = {q.open_mark: q for q in quotes if not q.single}
    for q in quotes:
        if q.single or q.close_mark is not None:
            continue
        nxt = text.find("\n", q.end)
        if nxt < 0:
            continue
        follower = by_open.get(nxt + 1)
        if follower is not None:
            follower.continues = True


_BETWEEN = re.compile(r"[\s,;:.…—–-]*")


def outermost(quotes: list[Quoted], text: str = "") -> list[Quoted]:
    """The quotes not inside another (double-mark) quote; with `text`, adjacent quotes of one paragraph
    with nothing but punctuation between them ('“A,” “B.”') are joined into one, in parts."""
    out: list[Quoted] = []
    for q in quotes:
        if any(o.open_mark < q.open_mark and q.end <= o.end and not o.single for o in out):
            continue
        prev = out[-1] if out else None
        if text and prev is not None and not q.single and not prev.single and prev.close_mark is not None \
                and _BETWEEN.fullmatch(text, prev.outer_end, q.open_mark) and "\n" not in text[prev.outer_end:q.open_mark]:
            out[-1] = Quoted(prev.start, q.end, prev.open_mark, q.close_mark, continues=prev.continues,
                             parts=(prev.parts or [(prev.start, prev.end)]) + [(q.start, q.end)])
            continue
        out.append(q)
    return out
