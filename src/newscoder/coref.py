"""Which earlier mention does a pronoun or a definite description point to?

No offline coreference model exists on PyPI, so this is a rule-based resolver on the parse, in the
tradition of Hobbs and of the Stanford sieve: a candidate must be compatible (a person of the same gender, when known, for he/she, a
group, state or plural for they, a non-person for its; for "the Russian president", a person of that
country whose role fits), it must be close (pronouns: this paragraph or the two before; descriptions:
six paragraphs), and among the compatible ones the nearest sentence wins, with a preference for its
grammatical subject. Pronouns inside quotation marks are left alone: "we" and "they" in a quote belong
to the speaker's world, not the narrator's.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from .mentions import PRONOUN_GENDER, PRONOUNS, Mention
from .doccache import WordSet, doc_text, line_starts, sentence_starts

PRONOUN_PARAGRAPHS = 2       # a pronoun may reach back this many paragraphs
DESCRIPTION_PARAGRAPHS = 6
_QUOTE_MARK = re.compile(r"[\"“”]")
_PRONOUN_WORDS = WordSet(PRONOUNS)


def pronoun_mentions(doc: Doc) -> list[Mention]:
    quoted = quoted_ranges(doc_text(doc))
    starts = [s for s, _ in quoted]
    out = []
    for tok in map(doc.__getitem__, _PRONOUN_WORDS.tokens(doc)):
        spec = PRONOUNS.get(tok.lower_)
        if spec is None or tok.pos_ != "PRON" or _inside(quoted, starts, tok.idx):
            continue
        kind, plural = spec
        out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.i, kind, tok.text, plural=plural, pronoun=True,
                           gender=PRONOUN_GENDER.get(tok.lower_)))
    return out


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks, paragraph by paragraph; an unclosed quote runs to
    the end of its paragraph (a quote that continues in the next paragraph reopens there)."""
    out = []
    pos = 0
    for para in text.split("\n"):
        open_at = None
        for m in _QUOTE_MARK.finditer(para):
            mark = m.group()
            if open_at is None and mark != "”":
                open_at = pos + m.start()
            elif open_at is not None and mark != "“":
                out.append((open_at, pos + m.end()))
                open_at = None
        if open_at is not None:
            out.append((open_at, pos + len(para)))
        pos += len(para) + 1
    return out


def _inside(ranges: list[tuple[int, int]], starts: list[int], i: int) -> bool:
    k = bisect.bisect_right(starts, i) - 1
    return k >= 0 and ranges[k][0] <= i < ranges[k][1]


def resolve(mentions: list[Mention], doc: Doc) -> dict[int, int]:
    """Map each resolvable pronoun or definite description (by index in `mentions`, which is sorted by
    position) to the index of the mention it denotes (a named or role mention, never another pronoun)."""
    para_starts = line_starts(doc)
    para = [bisect.bisect_right(para_starts, m.start) - 1 for m in mentions]
    starts = sentence_starts(doc) if mentions else []   # (a doc without mentions may have no sentences)
    sent = [starts[m.head] for m in mentions]
    links: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if m.pronoun:
            target = _best(mentions, i, para, sent, PRONOUN_PARAGRAPHS, lambda c: _fits_pronoun(m, c), doc)
        elif m.definite and m.kind == "person":
            target = _best(mentions, i, para, sent, DESCRIPTION_PARAGRAPHS, lambda c: _fits_description(m, c), doc)
        else:
            continue
        if target is not None:
            links[i] = links.get(target, target)
    return links


def _best(mentions, i, para, sent, reach, fits, doc: Doc) -> int | None:
    """The nearest sentence with a compatible candidate; its subject if one fits, else its last fit."""
    chosen_sent, found = None, []
    for j in range(i - 1, -1, -1):
        c = mentions[j]
        if para[i] - para[j] > reach:
            break
        if c.pronoun or c.end > mentions[i].start or not fits(c):
            continue
        if chosen_sent is None:
            chosen_sent = sent[j]
        elif sent[j] != chosen_sent:
            break
        found.append(j)
    if not found:
        return None
    subjects = [j for j in found if doc[mentions[j].head].dep_ in ("nsubj", "nsubjpass")]
    return subjects[0] if subjects else found[0]


def _fits_pronoun(p: Mention, c: Mention) -> bool:
    if p.kind == "person":
        return c.kind == "person" and not c.plural and not (p.gender and c.gender and p.gender != c.gender)
    if p.plural:
        return c.plural or c.kind in ("state", "group", "organization", "igo", "media") and c.kind != "person"
    return c.kind != "person" and not c.plural      # "its"


def _fits_description(d: Mention, c: Mention) -> bool:
    if c.kind != "person" or c.plural or c.definite:
        return False
    if d.country and c.country and d.country != c.country:
        return False
    if d.country and not c.country:
        return False
    if d.sector and c.sector and d.sector != c.sector:
        return False
    if d.role and c.role and d.role not in c.role and c.role not in d.role:
        return False
    return True
