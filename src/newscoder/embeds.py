"""Embedded social posts in scraped text: their byline lines, their links, and the spans they cover.

A tweet embedded in a page usually reaches us as its text, a link, and a byline line:

    The ferry queue already goes round the block. pic.twitter.com/Fe55Ry
    — Harbour Notes (@harbour_notes) May 4, 2024

Scrapers also split a post around its byline (text, byline, more text ending in the link). An embed
here is the byline paragraph plus the post paragraphs attached to it: the paragraph just before the
byline (when short and not already another post's), and the paragraph just after it when that one
carries a post link and no byline of its own. A paragraph that ends in a byline of its own
("Post text pic.twitter.com/x — Name (@handle) Date") is an embed by itself, and one with a post link and
no byline near it is an embed with no known author (or the author named in a ".../status/..." URL).

The text stays in the analysed text; only the span is recorded (offsets into the cleaned text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .credits import DATE, parse_date
from .record import Embed

KIND = "social_post"
MAX_POST_CHARS = 600        # a paragraph before a byline longer than this is prose, not the post
MAX_BYLINE_CHARS = 300

_BYLINE_BODY = (r"(?P<name>[^()<>—–\n]{0,100}?) ?\(@(?P<handle>\w[\w.\-]{0,63})\)"
                r"(?: on (?P<platform>[A-Z]\w{0,15}))?"
                rf"(?:,? (?:on )?(?P<date>{DATE}))?[ .]*")
_BYLINE_RE = re.compile(rf"[—–-]{{1,2}} ?{_BYLINE_BODY}")
_INLINE_BYLINE_RE = re.compile(rf"(?<=\S) ?(?P<dash>[—–]) ?{_BYLINE_BODY}$")   # on a paragraph's last 300 chars
LINK_RE = re.compile(
    r"(?<![\w./@])(?:https?://)?(?:(?:www|mobile)\.)?"
    r"(?:pic\.twitter\.com/\w+|t\.co/\w+|(?:twitter|x)\.com/(?P<user>\w{1,30})/status(?:es)?/\d+)")
_NOT_USERS = frozenset({"i", "intent", "share", "home"})


@dataclass
class Byline:
    """A byline such as "— Display Name (@handle) October 27, 2023": name, "@handle", date as YYYY-MM-DD."""
    name: str | None
    handle: str
    date: str | None


@dataclass
class Para:
    """One paragraph of the cleaned text: its span, its text, and its byline if it is one."""
    start: int
    end: int
    text: str
    byline: Byline | None = None


def _byline(m: re.Match[str] | None) -> Byline | None:
    if not m or m["name"].lstrip().startswith("Follow "):      # "— Follow Jane (@jane) on Twitter": a plug
        return None
    return Byline(m["name"].strip() or None, "@" + m["handle"], parse_date(m["date"]) if m["date"] else None)


def match_byline(line: str) -> Byline | None:
    """The embed byline that `line` is in full, if it is one."""
    if len(line) > MAX_BYLINE_CHARS or line[:1] not in "—–-":
        return None
    return _byline(_BYLINE_RE.fullmatch(line))


def _inline(text: str) -> tuple[Byline | None, int]:
    """The byline ending `text`, and its length."""
    m = _INLINE_BYLINE_RE.search(text[-MAX_BYLINE_CHARS:])
    return _byline(m), (m.end() - m.start("dash") if m else 0)


def inline_byline(text: str) -> Byline | None:
    """An embed byline ending a paragraph of post text: "Post text pic.twitter.com/x — Name (@handle) Date"."""
    return _inline(text)[0]


def has_link(text: str) -> bool:
    """Whether `text` holds a post link (a substring test first: the regex has no literal prefix)."""
    return ("t.co/" in text or ".com/" in text) and LINK_RE.search(text) is not None


def _links(paras: list[Para]) -> list[re.Match[str]]:
    return [m for p in paras if has_link(p.text) for m in LINK_RE.finditer(p.text)]


def _url(links: list[re.Match[str]]) -> str | None:
    """The post's URL: a ".../status/..." link if there is one, else the first link, as written."""
    for m in links:
        if m["user"]:
            return m.group()
    return links[0].group() if links else None


def _span_of(paras: list[Para], i: int, claimed: list[bool]) -> tuple[int, int]:
    """Indices of the first and last paragraph of the embed whose byline is paras[i]."""
    first = last = i
    before = paras[i - 1] if i > 0 else None
    if (before and not claimed[i - 1] and before.byline is None and len(before.text) <= MAX_POST_CHARS
            and not inline_byline(before.text)):
        first = i - 1
    after = paras[i + 1] if i + 1 < len(paras) else None
    owns_byline = i + 2 < len(paras) and paras[i + 2].byline is not None
    if (after and after.byline is None and not owns_byline and has_link(after.text)
            and not inline_byline(after.text)):
        last = i + 1
    return first, last


def find_embeds(paras: list[Para]) -> list[Embed]:
    """The embedded posts among the paragraphs, in text order."""
    claimed = [False] * len(paras)
    out: list[Embed] = []
    for i, p in enumerate(paras):
        if p.byline is None:
            continue
        first, last = _span_of(paras, i, claimed)
        claimed[first:last + 1] = [True] * (last + 1 - first)
        out.append(Embed(KIND, p.byline.handle, p.byline.date, _url(_links(paras[first:last + 1])),
                         paras[first].start, paras[last].end, p.byline.name))
    for i, p in enumerate(paras):
        if not claimed[i]:
            out.extend(_lone_embed(p))
    return sorted(out, key=lambda e: e.start)


def _lone_embed(p: Para) -> list[Embed]:
    """A paragraph that is a post by itself: it ends in a byline, or it holds a post link.

    When a paragraph ending in a byline is too long to be one post, the span is the byline alone.
    """
    links = _links([p])
    byline, size = _inline(p.text)
    if byline:
        start = p.start if len(p.text) <= MAX_POST_CHARS + size else p.end - size
        return [Embed(KIND, byline.handle, byline.date, _url(links), start, p.end, byline.name)]
    if not links:
        return []
    user = next((m["user"] for m in links if m["user"] and m["user"].lower() not in _NOT_USERS), None)
    return [Embed(KIND, "@" + user if user else None, None, _url(links), p.start, p.end)]
