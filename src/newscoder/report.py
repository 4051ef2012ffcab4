"""A readable terminal report of one record (`newscoder analyze --pretty`), drawn with rich."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .record import Record

PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")


def render(rec: Record, console: Console, max_text: int = 4000) -> None:
    if rec.error:
        console.print(Panel(Text(rec.error, style="bold red"), title=f"[bold]{rec.id}[/] — error", border_style="red"))
        return
    parts = [_header(rec), _annotated_text(rec, max_text)]
    for table in (_embeds(rec), _actors(rec), _quotes(rec), _events(rec), _figures(rec)):
        if table is not None:
            parts.append(table)
    console.print(Panel(Group(*parts), title=f"[bold]{rec.id}[/]", border_style="blue"))


def _header(rec: Record) -> Table:
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    if rec.title:
        t.add_row("title", rec.title)
    pub = rec.published or "unknown"
    t.add_row("published", pub + (" (inferred from the text)" if rec.published_inferred else ""))
    t.add_row("language", rec.language or "undetermined")
    if rec.dateline:
        t.add_row("dateline", rec.dateline)
    t.add_row("credits", ", ".join(rec.credits) or "none")
    if rec.removed:
        t.add_row("removed", f"{len(rec.removed)} credit/boilerplate line(s) kept out of the analysed text")
    if rec.flags:
        t.add_row("flags", ", ".join(rec.flags))
    return t


def _annotated_text(rec: Record, max_text: int) -> Text:
    """The analysed text with actor mentions coloured per actor and embeds set in italics."""
    text = Text(rec.text[:max_text])
    for e in rec.embeds:
        text.stylize("italic dim", e.start, e.end)
    for i, actor in enumerate(rec.actors):
        for start, end in actor.mentions:
            text.stylize(f"bold {PALETTE[i % len(PALETTE)]}", start, end)
    if len(rec.text) > max_text:
        text.append(f"\n… ({len(rec.text) - max_text:,} more characters)", style="dim")
    return text


def _table(title: str, *columns: str) -> Table:
    t = Table(title=title, title_justify="left", expand=False, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _embeds(rec: Record) -> Table | None:
    if not rec.embeds:
        return None
    t = _table("Embedded posts", "author", "name", "date", "url", "span")
    for e in rec.embeds:
        t.add_row(e.author or "?", e.name or "", e.date or "", e.url or "", f"{e.start}-{e.end}")
    return t


def _actors(rec: Record) -> Table | None:
    if not rec.actors:
        return None
    t = _table("Actors", "id", "name", "kind", "code", "mentions")
    for i, a in enumerate(rec.actors):
        t.add_row(Text(a.id, style=PALETTE[i % len(PALETTE)]), a.name, a.kind, a.code or "", str(len(a.mentions)))
    return t


def _name(rec: Record, actor_id: str | None) -> str:
    for a in rec.actors:
        if a.id == actor_id:
            return a.name
    return actor_id or "?"


def _quotes(rec: Record) -> Table | None:
    if not rec.quotes:
        return None
    t = _table("Quotes", "speaker", "cue", "kind", "text", "via")
    for q in rec.quotes:
        who = _name(rec, q.speaker) if q.speaker else (q.speaker_text or "?")
        t.add_row(who, q.cue or "", q.kind, q.text, q.via or "")
    return t


def _events(rec: Record) -> Table | None:
    if not rec.events:
        return None
    t = _table("Events", "source", "type", "target", "trigger", "date", "place")
    for e in rec.events:
        names = lambda ids: ", ".join(_name(rec, i) for i in ids) or "?"  # noqa: E731
        place = e.location.name if e.location else ""
        t.add_row(names(e.source), e.type, names(e.target), e.trigger, e.date or "", place)
    return t


def _figures(rec: Record) -> Table | None:
    if not rec.figures:
        return None
    t = _table("Figures", "kind", "value", "qualifier", "victims", "according to")
    for f in rec.figures:
        t.add_row(f.kind, f"{f.value:,}", f.qualifier, f.victims or "", _name(rec, f.according_to) if f.according_to else "")
    return t
