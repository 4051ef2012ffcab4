"""What the corpus table pages (/events, /quotes, /figures, /actors, /articles) show: each row as cells of
text pieces (text, CSS class, link), which templates/table.html draws with autoescaping; and which filter
fields and columns each page has."""
from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from . import corpus

def date_or_none(value: str | None, problems: list[str], name: str) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD); ignored")
        return None


def _article_href(row: dict[str, Any], anchor: str) -> str:
    return f"/article/{row['article_key']}#{anchor}-{row['idx']}"


def _piece(text: Any, cls: str = "", href: str | None = None) -> dict[str, Any]:
    return {"text": "" if text is None else str(text), "cls": cls, "href": href}


def _article_cell(row: dict[str, Any], anchor: str) -> dict[str, Any]:
    title = (row.get("article_title") or row.get("article_id") or "").replace("\n", " ")
    return {"parts": [_piece(title[:80] + ("…" if len(title) > 80 else ""), "", _article_href(row, anchor)),
                      _piece(row.get("outlet") or "", "muted block")]}


def _context_cell(row: dict[str, Any]) -> dict[str, Any]:
    before, hit, after = (row.get(k) or "" for k in ("before", "hit", "after"))
    return {"parts": [_piece("…" + before.replace("\n", " ")), _piece(hit, "hit"), _piece(after.replace("\n", " ") + "…")],
            "cls": "context"}


def _events_row(r: dict[str, Any]) -> list[dict[str, Any]]:
    src, tgt = r.get("source") or "?", r.get("target") or "?"
    flags = (" (negated)" if r.get("negated") else "") + (f" (claimed by {r['claimed_by']})" if r.get("claimed_by") else "")
    return [{"parts": [_piece(r.get("date") or "")]},
            {"parts": [_piece(src), _piece(" → "), _piece(r.get("type"), f"badge quad{r.get('quad_class') or 0}",
                                                          f"/events?type={quote(r.get('type') or '')}"),
                       _piece(" → "), _piece(tgt), _piece(flags, "muted")]},
            _context_cell(r),
            {"parts": [_piece(r.get("location") or "", "", f"/events?place={quote(r['location'])}" if r.get("location") else None),
                       _piece(f" {r['country']}" if r.get("country") else "", "muted")]},
            _article_cell(r, "e")]


def _quotes_row(r: dict[str, Any]) -> list[dict[str, Any]]:
    said = r.get("quote") or ""
    cue = " · ".join(x for x in (r.get("cue"), f"via {r['via']}" if r.get("via") else None) if x)
    return [{"parts": [_piece(r.get("date") or "")]},
            {"parts": [_piece(r.get("speaker") or "(unknown)", "", f"/quotes?actor={quote(r['speaker'])}" if r.get("speaker") else None),
                       _piece(r.get("speaker_code") or "", "muted block")]},
            {"parts": [_piece(r.get("kind"))]},
            {"parts": [_piece(said[:400] + ("…" if len(said) > 400 else ""), "said")], "cls": "quote"},
            {"parts": [_piece(cue, "muted")]},
            _article_cell(r, "q")]


def _figures_row(r: dict[str, Any]) -> list[dict[str, Any]]:
    value = f"{r['value']:,}" if isinstance(r.get("value"), int) else str(r.get("value"))
    qual = {"exact": "", "over": "over ", "under": "under ", "about": "about ", "at_least": "at least ",
            "up_to": "up to "}.get(r.get("qualifier") or "", "")
    return [{"parts": [_piece(r.get("date") or "")]},
            {"parts": [_piece(r.get("kind"), "badge fig", f"/figures?type={quote(r.get('kind') or '')}")]},
            {"parts": [_piece(qual + value)], "cls": "num"},
            {"parts": [_piece(r.get("victims") or "")]},
            {"parts": [_piece(r.get("location") or ""), _piece(f" {r['country']}" if r.get("country") else "", "muted")]},
            {"parts": [_piece(r.get("according_to") or "")]},
            _context_cell(r),
            _article_cell(r, "f")]


def _actors_row(r: dict[str, Any]) -> list[dict[str, Any]]:
    name = r.get("name") or ""
    return [{"parts": [_piece(name, "", f"/events?actor={quote(name)}")]},
            {"parts": [_piece(r.get("kind"))]},
            {"parts": [_piece(r.get("code") or "")]},
            {"parts": [_piece(r.get("country") or "")]},
            {"parts": [_piece(r.get("sector") or "")]},
            {"parts": [_piece(f"{r.get('articles', 0):,}")], "cls": "num"},
            {"parts": [_piece(r.get("first_published") or ""), _piece(" – "), _piece(r.get("last_published") or "")]},
            {"parts": [_piece("events", "", f"/events?actor={quote(name)}"), _piece(" · "),
                       _piece("quotes", "", f"/quotes?actor={quote(name)}"), _piece(" · "),
                       _piece("figures", "", f"/figures?actor={quote(name)}")]}]


def _articles_row(r: dict[str, Any]) -> list[dict[str, Any]]:
    title = (r.get("title") or r.get("id") or "").replace("\n", " ")
    copies = r.get("story_articles") or 1
    return [{"parts": [_piece(r.get("date") or "")]},
            {"parts": [_piece(title, "", f"/article/{r['key']}"), _piece(r.get("id") or "", "muted block")]},
            {"parts": [_piece(r.get("outlet") or "")]},
            {"parts": [_piece(r.get("language") or "")]},
            {"parts": [_piece(f"{r.get('events', 0)} / {r.get('quotes', 0)} / {r.get('figures', 0)}")], "cls": "num"},
            {"parts": [_piece(f"{copies - 1} other" if copies > 1 else "")]}]


FIELD_LABELS = {"actor": "actor (name or code)", "type": "type", "country": "country (ISO3)", "place": "place",
                "since": "since", "until": "until", "text": "article text", "about": "what was said"}
TABLE_PAGES: dict[str, dict[str, Any]] = {
    "events": {"title": "Events", "fetch": corpus.events, "row": _events_row,
               "fields": ["actor", "type", "country", "place", "since", "until", "text"],
               "type_hint": "ACCUSE, ASSAULT, or a CAMEO prefix (19)",
               "columns": ["date", "source → type → target", "evidence", "place", "article"]},
    "quotes": {"title": "Quotes: who said what", "fetch": corpus.quotes, "row": _quotes_row,
               "fields": ["actor", "about", "type", "country", "since", "until", "text"],
               "type_hint": "direct, mixed, indirect",
               "columns": ["date", "speaker", "kind", "what was said", "cue", "article"]},
    "figures": {"title": "Figures", "fetch": corpus.figures, "row": _figures_row,
                "fields": ["type", "actor", "country", "place", "since", "until", "text"],
                "type_hint": "killed, injured, displaced…",
                "columns": ["date", "kind", "value", "victims", "place", "according to", "evidence", "article"]},
    "actors": {"title": "Actors", "fetch": corpus.actors, "row": _actors_row,
               "fields": ["actor", "type", "country", "since", "until", "text"],
               "type_hint": "person, state, organization, group, igo, media",
               "columns": ["name", "kind", "code", "country", "sector", "articles", "published", "see"]},
    "articles": {"title": "Articles", "fetch": corpus.articles, "row": _articles_row,
                 "fields": ["text", "since", "until"], "type_hint": "",
                 "columns": ["date", "title", "outlet", "lang", "events / quotes / figures", "story copies"]},
}
