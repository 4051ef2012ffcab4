"""Actors: every mention resolved to who it is (country, sector, code), and the mentions of one actor linked.

    mentions (named, role phrases, pronouns)  ->  coreference links  ->  actors with all their mentions

"President Vladimir Putin" / "Putin" / "the Russian president" / "he" become one actor RUS GOV; "US",
"U.S." and "the United States" one actor USA. The stage returns plain data: the actors of the contract,
and which actor each mentioned token belongs to (for the quote, event and figure stages).
"""

# No `from __future__ import annotations` here: spaCy checks factory signatures at run time.
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import coref, dictionary
from .mentions import Mention, code_of, named_mentions, role_mentions
from .record import Actor

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM_DOTS = re.compile(r"\b((?:[A-Z]\.){2,})")


@dataclass
class ActorTable:
    actors: list[Actor] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)   # head token index of a mention -> actor id
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    _by_head: dict | None = field(default=None, repr=False)
    _indexed: int = field(default=-1, repr=False)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def mention_at(self, tok: Token) -> tuple[Mention, str] | None:
        """The mention whose head is the token, else the shortest one covering it (a name's last word)."""
        if self._by_head is None or self._indexed != len(self.mentions):
            self._by_head = {}
            for m, actor_id in self.mentions:
                self._by_head.setdefault(m.head, (m, actor_id))
            self._indexed = len(self.mentions)
        found = self._by_head.get(tok.i)
        if found is not None:
            return found
        # (a scan: an index of every character of every mention cost more than all the look-ups it served)
        char, best = tok.idx, None
        for m, actor_id in self.mentions:    # the shortest covering the character; of equal ones, the last
            if m.start <= char < m.end and (best is None or m.end - m.start <= best[0].end - best[0].start):
                best = (m, actor_id)
        return best


@lru_cache(maxsize=8192)      # every entity's text, most of them many times in an article
def clean_name(text: str) -> str:
    """The name as a reader would write it alone: no article, no possessive, no acronym dots."""
    name = _LEADING.sub("", text.strip())
    name = _POSSESSIVE.sub("", name).strip(" ,.;:-—")
    return _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), name)


def extract(doc: Doc, published: str | None = None) -> ActorTable:
    """The actors of a parsed article, in order of first mention, ids A1, A2, ..."""
    d = dictionary.load()
    mentions = sorted(named_mentions(doc, d, published) + role_mentions(doc, d, published)
                      + coref.pronoun_mentions(doc), key=lambda m: (m.start, -m.end))
    links = coref.resolve(mentions, doc)
    groups: dict[tuple, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.pronoun and i not in links:
            continue
        groups.setdefault(_group_key(mentions, links, i), []).append(i)
    _merge_surnames(groups, mentions)
    table = ActorTable()
    for members in sorted(groups.values(), key=lambda ms: mentions[ms[0]].start):
        actor = _actor(f"A{len(table.actors) + 1}", [mentions[i] for i in members])
        table.actors.append(actor)
        for i in members:
            table.token_actor.setdefault(mentions[i].head, actor.id)
            table.mentions.append((mentions[i], actor.id))
    return table


def _group_key(mentions: list[Mention], links: dict[int, int], i: int) -> tuple:
    m = mentions[links.get(i, i)]
    if m.entry:
        return ("entry", m.entry, m.country, m.sector)
    return ("text", m.kind, m.country, m.sector, m.text_key)


def _merge_surnames(groups: dict[tuple, list[int]], mentions: list[Mention]) -> None:
    """Fold a one-word unknown person ("Osmonaliev") into the one full name that ends with it."""
    people = {k: v for k, v in groups.items() if k[0] == "text" and k[1] == "person"}
    full = [k for k in people if len(k[-1].split()) > 1]
    for k in list(people):
        name = k[-1]
        if " " in name:
            continue
        owners = [f for f in full if f[-1].split()[-1] == name]
        if len(owners) == 1 and k in groups:
            groups[owners[0]] = sorted(groups[owners[0]] + groups.pop(k), key=lambda i: mentions[i].start)


def _actor(actor_id: str, ms: list[Mention]) -> Actor:
    named = [m for m in ms if not m.pronoun]
    best = max(named, key=lambda m: (m.entry is not None, not m.definite, len(m.name.split()), -m.start))
    country = best.country or next((m.country for m in named if m.country), None)
    sector = best.sector or next((m.sector for m in named if m.sector and m.country == country), None)
    code = best.code if best.entry and best.code else code_of(country, sector)
    spans = sorted({(m.start, m.end) for m in ms})
    return Actor(id=actor_id, name=best.name, kind=best.kind, country=country, sector=sector, code=code,
                 mentions=spans)


@Language.factory("newscoder_actors")
def make_actors_component(nlp: Language, name: str):
    """spaCy component wrapper: sets doc._.actors (without a publication date)."""
    def component(doc: Doc) -> Doc:
        doc._.actors = extract(doc).actors
        return doc
    return component
