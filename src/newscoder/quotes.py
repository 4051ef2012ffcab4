"""Quotes and attribution: who said what, citing whom.

    quotation marks (quotemarks)  -> direct and mixed quotes, each with its cue (quote_cues) and speaker;
                                     a mixed quote's content is its reported clause (quote_spans)
    speech verbs with a clause    -> indirect (and mixed) quotes: "X warned that ...", "according to X"
    speakers                      -> actor ids through the actor table; unnamed speakers become actors
    via                           -> the outlet or document credited ("as cited from an official transcript")

A direct quote's cue is the nearest speech verb after it in its sentence (",” said Putin") or before it
in its paragraph ("Putin said: “"). A quote with no cue of its own continues the speaker of a quote in
the paragraph just before. Short quotes with no cue are scare quotes and titles, not speech, unless a
naming verb gives them an owner ("what the US has called 'Iran-linked militants'").
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from . import quote_filter, quotemarks
from .actors import ActorTable
from .doccache import doc_text, sentence
from .quote_cues import (according_outside, according_quote, closing_tag, colon_quote, cue_after, cue_before,
                         cue_just_before, possessed_statement, reporting, statement_before,
                         dash_byline, governing_cue, inverted_tag, naming_cue, outside_relative, para_end,
                         second_statement, tag_cue, tokens_between, trim_end)
from .quote_spans import (around_aside, aside_lead, before_complement, before_participle, clause_after,
                          clause_before_quote, clause_on, clause_resumed, covers, handed_over, heads_clause,
                          lead_before, mixed_clause, named_statement, right_of, sentence_has_unquoted_clause)
from .record import Embed, Quote
from .reported import indirect
from .speakers import attribute, credit_embeds, cue_text, mention_at, set_speaker
from .speech import Lexicon, content_span, is_cue, lexicon, subject

SCARE_MAX_WORDS = 5          # a cue-less quote this short is a scare quote or a title
UNATTRIBUTED_MIN_WORDS = 8   # a cue-less quote this long is kept, speaker unknown
TITLE_MAX_WORDS = 6          # a quote this short, all in title case, is a title ('“Meet the Press”')
JOIN_MAX_WORDS = 60          # at most this much attribution between two pieces of one statement
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "is", "by", "from"})
_PARA_BREAK = re.compile(r"\n+")
_SENTENCE_END = re.compile(r"[.!?][”\"’']*\s")


def extract(doc: Doc, table: ActorTable, embeds: list[Embed] | None = None) -> list[Quote]:
    """The quotes of a parsed article, in text order."""
    lex = lexicon()
    marks = quotemarks.find(doc_text(doc))
    doubles = [q for q in quotemarks.outermost(marks, doc_text(doc)) if not q.single]
    spans = doubles + [q for q in marks if q.single and not _inside(q, doubles)]
    quotes: list[Quote] = []
    used_cues: set[int] = set()
    last_by_para: dict[int, Quote] = {}
    # continuation -> the statement it took its speaker from; the entry holds the quote itself, so its id is
    # not reused by a later Quote while the map lives (a joined continuation is discarded)
    origin: dict[int, tuple[Quote, Quote | None]] = {}
    for q in sorted(spans, key=lambda q: q.start):
        if quotes and quotes[-1].kind == "mixed" and quotes[-1].start <= q.open_mark < quotes[-1].end:
            continue  # 'said Lee was “a lightweight” and Park “a liar”': the second piece is in the first
        quote = _direct(doc, q, table, lex, last_by_para)
        if quote is None:
            continue
        para = _para_index(doc_text(doc), q.start)
        same = last_by_para.get(para)
        if quote.cue is None and quote.speaker_text:  # a continuation: the statement whose speaker it takes
            origin[id(quote)] = (quote, same if same is not None and same.speaker_text else last_by_para.get(para - 1))
        same_cue = quote.cue is None or (same is not None and quote.cue_start == same.cue_start)
        if same is not None and quote.cue is not None and same_cue and _in_tag(same, quote, q) \
                and _title(doc_text(doc)[q.start:q.end], min_words=1):
            continue  # '“A,” Lee said on Channel Nine’s “Town Hall Tonight.” “B.”': a title in A's attribution
        if quotes and _widens(doc, quotes[-1], quote, lex):
            _replace(quotes, last_by_para, quote)  # 'tweeted that Lee is a “liar” and a “cheat”': one statement
            continue
        if same_cue and same is not None and quote.cue is not None:
            quote = _after_tag(doc, same, quote, q)
            if quote is None:
                continue  # '“A,” said Lee, who waited in a “long line” ...': the marks describe the speaker
        if same_cue and same is not None and quote.speaker_text == same.speaker_text \
                and same.kind in ("direct", "mixed") and quote.speaker_text and _only_attribution_between(doc_text(doc), same, q) \
                and not _own_complement(same, quote):
            _join(same, quote)  # '“A,” Putin said. “B.”' is one statement in two parts
            continue
        if quote.cue_start is not None and quote.cue_start in used_cues and quote.kind == "direct":
            continue  # '“A,” Lee, wearing “Cruz” pins, said': the cue is the first quote's, the name no quote
        prev = last_by_para.get(para - 1)
        if quote.cue is None and prev is not None and prev.kind in ("direct", "mixed") and prev.speaker_text \
                and quote.speaker_text == prev.speaker_text and _whole_paragraph(doc_text(doc), q) \
                and _only_attribution_between(doc_text(doc), prev, q):
            _join(prev, quote)  # a paragraph that is all quote goes on the statement of the paragraph before
            last_by_para[para] = prev
            continue
        quotes.append(quote)
        if quote.cue_start is not None:
            used_cues.add(quote.cue_start)
        if same is None or not _in_tag_sentence(doc_text(doc), same, quote, q):
            last_by_para[para] = quote  # a fragment in a statement's tag leaves the statement open to go on
    quoted = sorted((q.open_mark, q.outer_end) for q in spans if not q.single)
    found = indirect(doc, table, lex, used_cues, quoted, quotes)
    # 'projects that “imposing a tax ...” would raise': the quote is in an attributed clause
    quotes = [q for q in quotes if q.speaker_text or not any(f.start <= q.start and q.end <= f.end + 1 for f in found)]
    quotes += found
    quotes.sort(key=lambda x: x.start)
    quotes = _after_reported(doc_text(doc), quotes, origin, table)
    credit_embeds(quotes, embeds or [])
    # the learned check drops direct and mixed quotes that read like titles, chants or scare quotes; what
    # it keeps decides which statements hold others
    kept = _drop_nested([q for q in quotes if q.speaker_text is None
                         or quote_filter.keep(q, doc_text(doc), _actor_kind(table, q.speaker))])
    return _without_orphans(kept, origin)


def _after_reported(text: str, quotes: list[Quote], origin: dict[int, tuple[Quote, Quote | None]],
                    table: ActorTable) -> list[Quote]:
    """A quote with no cue after a person's statement goes on it (the direct quotes' own pass sees only
    quoted statements): right after a reported statement in its paragraph it is more of that statement
    ('Lee argues that the plan failed. “It never had the money.”' is one, now mixed); opening the next
    paragraph it is a statement of its own by the same speaker, on the same cue."""
    out: list[Quote] = []
    last: Quote | None = None
    for q in quotes:
        if q.speaker_text is None and q.cue is None and q.kind == "direct" and last is not None \
                and _actor_kind(table, last.speaker) == "person" and quote_filter.cue_class(last.cue) == "speech":
            para, before = _para_index(text, q.start), _para_index(text, last.start)
            opens = q.start == 0 or not text[text.rfind("\n", 0, q.start) + 1:q.start].strip(" “\"'‘")
            if para == before and last.kind == "indirect" and not text[last.end:q.start].strip(" .“\"'‘"):
                _join(last, q)
                last.kind = "mixed"
                continue
            if para == before or para == before + 1 and opens:
                _take_speaker(q, last)
                q.cue, q.cue_start, q.cue_end = last.cue, last.cue_start, last.cue_end  # one statement, one cue
                origin[id(q)] = (q, last)
        out.append(q)
        # a report inside the last statement ('Lee said critics were predicting a pullout') is part of it,
        # not the statement a quote after it goes on
        if q.speaker_text is not None and not (last is not None and last.start <= q.start and q.end <= last.end):
            last = q
    return out


def _without_orphans(quotes: list[Quote], origin: dict[int, tuple[Quote, Quote | None]]) -> list[Quote]:
    """A continuation takes its speaker from the statement before it; when that statement is dropped (a
    title or scare quote the last check removed, a fragment nested in another's words), the continuation
    has no speaker to take and goes too."""
    kept: set[int] = set()
    out = []
    for q in quotes:
        entry = origin.get(id(q))
        if entry is not None and entry[0] is q and (entry[1] is None or id(entry[1]) not in kept):
            continue
        kept.add(id(q))
        out.append(q)
    return out


def _inside(q: quotemarks.Quoted, outer: list[quotemarks.Quoted]) -> bool:
    """A quote within a quote ('"He called it 'a hoax,' and we disagree," Lee said') is part of the outer
    speaker's words, no statement of its own."""
    return any(o.open_mark < q.open_mark and q.end <= o.end for o in outer)


def _actor_kind(table: ActorTable, actor_id: str | None) -> str | None:
    actor = table.actor(actor_id)
    return actor.kind if actor is not None else None


def split_unattributed(found: list[Quote]) -> tuple[list[Quote], list[Quote]]:
    """Attributed statements, and quoted passages whose speaker the text does not let us see. The record
    keeps the second kind apart (`unattributed_quotes`): who-said-what needs a who."""
    said = [q for q in found if q.speaker_text is not None]
    return said, [q for q in found if q.speaker_text is None]


def _only_attribution_between(text: str, first: Quote, q: quotemarks.Quoted) -> bool:
    """Between the two pieces stands nothing but the first piece's attribution ("Clinton said.")."""
    between = text[first.end:q.open_mark]
    if not between.strip(" ,.;:—-\"“”\n"):
        return True
    return first.cue_start is not None and first.end <= first.cue_start < q.open_mark and len(between.split()) <= JOIN_MAX_WORDS


def _own_complement(first: Quote, quote: Quote) -> bool:
    """ 'hailed it as “fantastic,” telling reporters that it is “a great thing”': after a mixed quote, a
    mixed quote that starts after the cue is what that cue itself reports, a statement of its own, not the
    first going on. (After a direct quote it goes on: '“A,” Lee told us, “and B.”')"""
    return first.kind == quote.kind == "mixed" and quote.cue_start is not None and quote.start > quote.cue_start


def _in_tag(first: Quote, quote: Quote, q: quotemarks.Quoted) -> bool:
    """The marks stand after the cue that follows the first quote, inside what the cue governs: in its
    attribution, not its words."""
    return first.kind == "direct" and quote.kind == "mixed" and first.cue_start is not None \
        and first.end <= first.cue_start < quote.start < q.open_mark


def _after_tag(doc: Doc, first: Quote, quote: Quote, q: quotemarks.Quoted) -> Quote | None:
    """Marks after the first quote's tag (cue and speaker), read as a mixed quote: inside a clause of the
    tag's own they are no statement (None); right after the tag's comma they are the statement's next piece,
    the marks alone ('“A,” Lee wrote on Monday, “B,” after ...' is A and B, not the writer's words around B)."""
    if not _in_tag(first, quote, q) or first.speaker_start is None or not first.end <= first.speaker_start < q.open_mark:
        return quote
    before = doc_text(doc)[:q.open_mark].rstrip()[-1:]
    if before.isalnum() and _tag_clause(doc, first, q):
        return None
    return _marks_only(doc, quote, q) if before == "," else quote


def _tag_clause(doc: Doc, first: Quote, q: quotemarks.Quoted) -> bool:
    """Between the first quote's cue and the marks stands a verb of the tag's own ('said Lee, who waited in
    a “long line”'): the marks are in a clause about the speaker, not more of what was said."""
    between = tokens_between(doc, first.cue_end or first.cue_start + 1, q.open_mark)
    return any(t.pos_ in ("VERB", "AUX") for t in between)


def _marks_only(doc: Doc, quote: Quote, q: quotemarks.Quoted) -> Quote:
    """The quote read as the words in its marks alone, direct: after a tag the marks go on the statement
    its first piece began, and the words of the writer's around them are no part of it."""
    text = doc_text(doc)
    end = trim_end(text, q.start, q.end)
    quote.kind, quote.start, quote.end, quote.parts, quote.text = "direct", q.start, end, None, text[q.start:end]
    return quote


def _in_tag_sentence(text: str, first: Quote, quote: Quote, q: quotemarks.Quoted) -> bool:
    """ '“A,” Lee said, recalling the “dark years” of the strike. “B.”': a mixed quote in the sentence of the
    first quote's tag belongs to the tag; B still goes on Lee's statement."""
    return _in_tag(first, quote, q) and not _SENTENCE_END.search(text, first.cue_start, q.open_mark)


def _widens(doc: Doc, first: Quote, quote: Quote, lex: Lexicon) -> bool:
    """The mixed quote of a later pair of marks is the earlier quote's statement read further: the same cue,
    and its content holds the earlier one ('tweeted that Lee is a “liar” and a “cheat”' ends at “liar”
    for the first marks, at “cheat” for the second). Not when what it adds holds a statement of its own
    ('said he would “X” and insisted that “Y”', '“X” despite the claim that “Y”'), its own speaker ('“A,”
    Lee, wearing a “Vote Park” pin, said'), or follows a naming verb, whose complement ends the earlier
    quote ('calls it “a game” — playing for “the headlines”')."""
    if quote.kind != "mixed" or first.kind not in ("direct", "mixed") or quote.cue_start is None \
            or quote.cue_start != first.cue_start or quote.speaker_text != first.speaker_text \
            or not (quote.start <= first.start and first.end <= quote.end):
        return False
    if quote.speaker_start is not None and quote.start <= quote.speaker_start < quote.end:
        return False
    cue = tokens_between(doc, quote.cue_start, quote.cue_end or quote.cue_start + 1)
    if len(cue) and cue[0].lemma_.lower() in lex.naming:
        return False
    return not any(_states(t, lex) for t in tokens_between(doc, first.end, quote.end))


def _states(tok: Token, lex: Lexicon) -> bool:
    """A speech verb, or a statement noun with its clause ('the suggestion that ...'): a statement of its own."""
    return is_cue(tok, lex, cognition=False, objects=False) or tok.lemma_.lower() in lex.nouns \
        and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "that"


def _replace(quotes: list[Quote], last_by_para: dict[int, Quote], quote: Quote) -> None:
    """The wider reading of the same statement takes the earlier quote's place."""
    old = quotes.pop()
    quotes.append(quote)
    for para, q in last_by_para.items():
        if q is old:
            last_by_para[para] = quote


def _join(first: Quote, more: Quote) -> None:
    parts = first.parts or [[first.start, first.end]]
    parts.append([more.start, more.end])
    first.parts, first.end = parts, more.end
    first.text = first.text + " " + more.text


# ---- direct and mixed ------------------------------------------------------------------------------------
def _direct(doc: Doc, q: quotemarks.Quoted, table: ActorTable, lex: Lexicon, last_by_para) -> Quote | None:
    start, end = q.start, trim_end(doc_text(doc), q.start, q.end)
    text = doc_text(doc)[start:end]
    if not text.strip():
        return None
    quote = _direct_attributed(doc, q, table, lex, last_by_para, start, end)
    if quote is not None and quote.kind == "direct" and not q.parts and _title(text):
        return None  # a title in marks near a speech verb, not what was said
    if quote is not None and q.parts and quote.kind == "direct":
        quote.parts = [list(p) for p in q.parts]
        quote.text = " ".join(doc_text(doc)[a:b] for a, b in q.parts)
    if quote is not None or q.parts:
        return quote
    n_words = len(text.split())
    if q.single or n_words <= SCARE_MAX_WORDS:
        return _named_or_fragment(doc, q, lex, table, start, end)
    if not _starts_sentence(doc, q):  # 'Lee called the fair “a showcase of ...”'
        found = _named_or_fragment(doc, q, lex, table, start, end)
        if found is not None:
            return found
    if n_words < UNATTRIBUTED_MIN_WORDS:
        return None
    return Quote(text=text, start=start, end=end, kind="direct")  # a real quote whose speaker we cannot see


def _named_or_fragment(doc: Doc, q: quotemarks.Quoted, lex: Lexicon, table: ActorTable, start: int,
                       end: int) -> Quote | None:
    """A quote that is no statement of its own: a naming verb's phrase ('called him a “loser”'), else a
    fragment of the clause around it."""
    naming = naming_cue(doc, q, lex)
    return _cued(doc, q, naming, table, start, end) if naming is not None else _fragment(doc, q, lex, table)


def _title(text: str, min_words: int = 2) -> bool:
    """ 'on “Meet the Press”', 'her blog “Orange Is the New Black”': a short quote in title case names a
    show, a book or a slogan's title, and says nothing."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    if not min_words <= len(words) <= TITLE_MAX_WORDS or text.rstrip(" ,.”\"’").endswith(("?", "!")):
        return False
    return all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words) and words[0][0].isupper() \
        and not any(w.lower() in ("i", "we", "you", "i’m", "i'm") for w in words)


def _starts_sentence(doc: Doc, q: quotemarks.Quoted) -> bool:
    span = doc.char_span(q.open_mark, q.open_mark + 1, alignment_mode="expand")
    if span is None:
        return True
    sent = sentence(span[0])
    return not re.search(r"\w", doc_text(doc)[sent.start_char:q.open_mark])


def _direct_attributed(doc: Doc, q: quotemarks.Quoted, table: ActorTable, lex: Lexicon, last_by_para,
                       start: int, end: int) -> Quote | None:
    """A quote with a speaker: by its cue, 'according to X', a dash byline, or the statement it goes on."""
    outer = None if q.single else according_outside(doc, q, table)
    if outer is not None:
        return outer
    cue = None if q.single else (cue_just_before(doc, q, lex) or governing_cue(doc, q, lex)
                                 or cue_after(doc, q, lex) or tag_cue(doc, q) or inverted_tag(doc, q)
                                 or reporting(cue_before(doc, q, lex), lex) or closing_tag(doc, q, lex)
                                 or statement_before(doc, q, lex))
    if cue is not None:
        cue = outside_relative(cue, q, lex)
    if cue is not None and cue.idx < q.open_mark:
        named = naming_cue(doc, q, lex)  # 'attacked Trump, ..., calling him a “loser.”': the naming verb's
        first = tokens_between(doc, q.start, q.end)
        if named is not None and named.i > cue.i and len(first) and any(a.i == named.i for a in first[0].ancestors) \
                and (named.head.i == cue.i and named.dep_ in ("conj", "advcl", "xcomp") or second_statement(named)
                     or not any(a.i == cue.i for a in named.ancestors)):
            cue = named  # but not a naming verb in the cue's own clause ('says she ... what she calls a “war”')
    inner = doc_text(doc)[start:end].strip()
    # A short quote is a scare quote unless it reads as an utterance: a capital first letter, or a comma,
    # question or exclamation mark closing it ('“We will rebuild,” said ...').
    short = len(inner.split()) <= SCARE_MAX_WORDS and not (inner[:1].isupper() or inner.endswith((",", "?", "!")))
    if cue is not None:
        quote = _cued(doc, q, cue, table, start, end)
        # A word or two in quotes near a speech verb but outside what it reports is a scare quote
        # ('Trump says his rival is “depleted”' is caught as mixed above; a lone “disgrace” is not).
        return None if short and quote.kind == "direct" and not q.parts else quote
    if q.single:
        return None
    found = according_quote(doc, q, table, start, end) or dash_byline(doc, q, table, start, end) \
        or colon_quote(doc, q, table, start, end)
    if found is not None or short:
        return found
    cont = _continued(doc, q, last_by_para, start, end)
    verb = _clause_verb(doc, q) if cont is not None else None
    return cont if verb is None else _cued(doc, q, verb, table, start, end)


def _possessed(doc: Doc, q: quotemarks.Quoted, owned: tuple[Token, Token, Token], table: ActorTable) -> Quote:
    """The that-clause of a possessed statement noun, from 'that' to the clause's end or the closing mark,
    said by the possessor with the noun for its cue."""
    noun, poss, mark = owned
    clause = mark.head
    end = max(clause.right_edge.idx + len(clause.right_edge.text), trim_end(doc_text(doc), q.start, q.outer_end))
    quote = Quote(text=doc_text(doc)[mark.idx:end], start=mark.idx, end=end, kind="mixed")
    quote.cue, quote.cue_start, quote.cue_end = cue_text(doc, noun)
    set_speaker(quote, doc, poss, table)
    return quote


def _clause_verb(doc: Doc, q: quotemarks.Quoted) -> Token | None:
    """A quote inside a sentence of its own that no speech verb governs ('He cited the delays as “...”')
    is no continuation of the statement before: the verb of the sentence it stands in, with a subject
    before it, says it."""
    first = tokens_between(doc, q.start, q.end)
    if not len(first):
        return None
    sent = sentence(first[0])
    root = sent.root
    if not re.search(r"\w", doc_text(doc)[sent.start_char:q.open_mark]) or root.pos_ != "VERB" \
            or root.idx >= q.open_mark or not any(a.i == root.i for a in first[0].ancestors):
        return None
    subj = subject(root)
    return root if subj is not None and subj.i < root.i and is_cue(root, lexicon()) else None


def _cued(doc: Doc, q: quotemarks.Quoted, cue: Token, table: ActorTable, start: int, end: int) -> Quote:
    """A quote with its cue: direct, or mixed when the cue's clause holds more than the quote."""
    if cue.idx < q.open_mark and not q.single and (owned := possessed_statement(doc, q, cue, lexicon())) is not None:
        return _possessed(doc, q, owned, table)
    kind, pieces = "direct", None
    content = content_span(cue)
    if content is not None and cue.idx < q.open_mark and q.open_mark < content[0] <= q.start:
        content = (q.open_mark, content[1])  # 'says “the tide has turned” despite ...': the mark hangs on the cue
    lost_lead = content is not None and content[0] >= q.open_mark and clause_before_quote(doc, cue, q)
    if (not covers(doc_text(doc), content, q) or lost_lead) and cue.idx < q.open_mark and not before_complement(cue, q):
        # the parse lost the clause: read it off the sentence; or 'called Clinton a “champion” for its members'
        clause = clause_after(doc, cue, q) if not q.single and heads_clause(cue) else None
        content = clause or right_of(cue) or content
    if content is not None and content[1] <= q.open_mark and cue.idx < q.open_mark \
            and not doc_text(doc)[content[1]:q.open_mark].strip(" :,") and content[1] > content[0]:
        content = (content[0], trim_end(doc_text(doc), q.start, q.outer_end))  # 'said she has ...: “Steadiness”'
    if not q.single and (named := named_statement(doc, cue, q)) is not None:  # 'called the bridge “a folly” ...'
        start, end, kind = named[0], before_participle(doc, (named[0], max(named[1], q.outer_end)), q, cue), "mixed"
    elif covers(doc_text(doc), content, q) and mixed_clause(doc_text(doc), content, q) and not handed_over(doc, cue, q):
        start, end, kind = content[0], before_participle(doc, (content[0], max(content[1], q.outer_end)), q, cue), "mixed"
    elif q.single or sentence_has_unquoted_clause(doc, q, cue):
        kind = "mixed"
        pieces = None if q.single else around_aside(doc, q, cue)
    elif (around := aside_lead(doc, q, cue)) is not None:
        kind, pieces = "mixed", around
    elif not q.single and (resumed := clause_resumed(doc, q, cue)) is not None:
        kind, pieces = "mixed", resumed
    elif (lead := lead_before(doc, q, cue) or (None if q.single else clause_on(doc, q, cue))) is not None:
        (start, end), kind = lead, "mixed"
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind=kind)
    if pieces:  # 'But, Ortiz added, she did not back closures “across the board.”': the sentence around the aside
        quote = Quote(text=" ".join(doc_text(doc)[a:b] for a, b in pieces), start=pieces[0][0], end=pieces[-1][1],
                      kind=kind, parts=[list(p) for p in pieces])
    attribute(quote, doc, cue, table)
    return quote


def _continued(doc: Doc, q: quotemarks.Quoted, last_by_para, start: int, end: int) -> Quote | None:
    """A cue-less quote goes on the statement before it: in its own paragraph, or in the paragraph just
    before when it opens its paragraph (the seed's "Otherwise, ..." after Putin's quote)."""
    para = _para_index(doc_text(doc), q.start)
    same = last_by_para.get(para)
    prev = same if same is not None and same.speaker_text else last_by_para.get(para - 1)
    starts_para = q.open_mark == 0 or doc_text(doc)[q.open_mark - 1] == "\n"
    if prev is None or not (starts_para or q.continues or prev is same):
        return None
    return _take_speaker(Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct"), prev)


def _take_speaker(quote: Quote, statement: Quote) -> Quote:
    """The quote goes on the statement: its speaker, as written and resolved, and the outlet it came through."""
    quote.speaker, quote.speaker_text, quote.via = statement.speaker, statement.speaker_text, statement.via
    quote.speaker_start, quote.speaker_end = statement.speaker_start, statement.speaker_end
    return quote


def _fragment(doc: Doc, q: quotemarks.Quoted, lex: Lexicon, table: ActorTable) -> Quote | None:
    """A short quoted fragment in someone's reported words: 'Kall compared Trump to a coach who is "working
    the referees"' is Kall's (mixed) statement; the content is what the governing verb says of its object.
    Fragments with no person or group behind them (titles, scare quotes of the narrator) are dropped."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    chain, tok = [], span.root
    for _ in range(7):
        if tok.pos_ in ("VERB", "AUX") and subject(tok) is not None:
            chain.append(tok)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if not chain:
        return None
    # The nearest speech verb up the tree owns the fragment ("saying anybody who complains ... “is not
    # having a good night”" is the sayer's); else the nearest verb with a subject.
    verb = next((v for v in chain if is_cue(v, lex)), chain[0])
    subj = subject(verb)
    if subj is None or subj.i > verb.i:
        return None
    if mention_at(table, subj) is None and subj.lower_ not in ("he", "she", "they"):
        return None  # a fragment in a sentence about things, not people: a title or a scare quote
    if verb.lemma_.lower() in ("be", "have") and not is_cue(verb, lex) or before_complement(verb, q):
        return None  # nor is a title in where it was said ('said on “Morning Edition” that ...')
    # what a speech verb reports holds the fragment ('said on “X” that the deal was “dead”'): that clause,
    # not all the verb governs
    said = content_span(verb) if is_cue(verb, lex) and not q.single \
        and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children) else None
    span = said if said is not None and said[0] <= q.open_mark and covers(doc_text(doc), said, q) else right_of(verb)
    if span is None:
        return None
    start, end = span
    if not (start <= q.open_mark and (q.outer_end <= end + 1 or covers(doc_text(doc), (start, end), q))):
        return None  # 'heralded the deal as a “breakthrough.”': the full stop and mark close the sentence too
    end = max(end, trim_end(doc_text(doc), q.start, q.outer_end))
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="mixed")
    attribute(quote, doc, verb, table)
    return quote if quote.speaker_text else None


# ---- bookkeeping ------------------------------------------------------------------------------------------
def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """An indirect quote whose cue lies inside another quote's content is part of that quote
    ("he made it clear that [he thought Israel was wrong ...]"). So is a direct or mixed one when the
    statement holding its cue has another speaker ('Lee said Park once told him: “...”' is Lee's): an
    attribution inside another's content is the outer speaker's, and only the outermost one counts."""
    out = []
    for q in quotes:
        if q.cue_start is not None and any(
                o is not q and _in_content(o, q.cue_start)
                and (q.kind == "indirect" or o.speaker_text is not None and o.speaker_text != q.speaker_text)
                for o in quotes):
            continue
        out.append(q)
    return out


def _in_content(quote: Quote, i: int) -> bool:
    """Offset i lies in the quote's words: in one of its parts, not in the tag between two parts."""
    return any(a <= i < b for a, b in quote.parts or [(quote.start, quote.end)])


def _para_index(text: str, i: int) -> int:
    """Which paragraph offset i is in; a blank line between paragraphs is not a paragraph of its own."""
    return bisect.bisect_right(_para_breaks(text), i)


@lru_cache(maxsize=8)
def _para_breaks(text: str) -> list[int]:
    """Where each paragraph break ends (a str caches its hash: one scan per article)."""
    return [m.end() for m in _PARA_BREAK.finditer(text)]


def _whole_paragraph(text: str, q: quotemarks.Quoted) -> bool:
    """The quote is all its paragraph holds."""
    start = text.rfind("\n", 0, q.open_mark) + 1
    return not text[start:q.open_mark].strip() and not text[q.outer_end:para_end(text, q.outer_end)].strip()
