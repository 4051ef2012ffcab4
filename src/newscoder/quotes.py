"""Quotes and attribution: who said what, citing whom.

    quotation marks (quotemarks)  -> direct and mixed quotes, each with its cue and speaker
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

from spacy.tokens import Doc, Span, Token

from . import quotemarks
from .actors import ActorTable
from .doccache import doc_text, sentence
from .record import Embed, Quote
from .speakers import attribute, credit_embeds, mention_at, set_speaker
from .speech import Lexicon, aside_content, char_span, content_span, first_person, is_cue, lexicon, subject

COLON_LEAD_WORDS = 14        # 'More from Jones:' -- a longer line before a colon is no name tag
NAMING_WINDOW = 8           # tokens before a short quote searched for a naming verb ('called the plan “...”')
SCARE_MAX_WORDS = 5          # a cue-less quote this short is a scare quote or a title
UNATTRIBUTED_MIN_WORDS = 8   # a cue-less quote this long is kept, speaker unknown
AFTER_WINDOW = 30            # tokens after a closing mark searched for ", said X, a spokesman for ..."
BEFORE_WINDOW = 60           # tokens before an opening mark searched for "X said:" (its sentence at most)
# Cues of a direct quote only: "“...,” Putin continued." reports speech; "Moscow continued to ..." does not.
_DIRECT_ONLY = frozenset({"continue"})
_DASH_BYLINE = re.compile(r"[ \t]*([―—–])[ \t]*(?=[A-Z])")
_STANCE = frozenset({"endorse", "back", "support", "oppose", "favor", "favour", "reject", "prefer", "praise", "criticize",
                     "criticise", "defend", "champion", "welcome", "applaud", "hail", "dismiss"})
_NOT_ATTITUDE = frozenset({"be", "have", "do", "get", "make", "mean", "seem", "appear", "ensure"})
_TOLD = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "brief"})
_PARA_BREAK = re.compile(r"\n+")
_URL_TAIL = re.compile(r"\s*(?:https?://|pic\.twitter\.com/|t\.co/|www\.)\S*\s*$")


def extract(doc: Doc, table: ActorTable, embeds: list[Embed] | None = None) -> list[Quote]:
    """The quotes of a parsed article, in text order."""
    lex = lexicon()
    marks = quotemarks.find(doc_text(doc))
    spans = [q for q in quotemarks.outermost(marks, doc_text(doc)) if not q.single] + [q for q in marks if q.single]
    quotes: list[Quote] = []
    used_cues: set[int] = set()
    last_by_para: dict[int, Quote] = {}
    for q in sorted(spans, key=lambda q: q.start):
        if quotes and quotes[-1].kind == "mixed" and quotes[-1].start <= q.open_mark < quotes[-1].end:
            continue  # 'said Lee was “a lightweight” and Park “a liar”': the second piece is in the first
        quote = _direct(doc, q, table, lex, last_by_para)
        if quote is None:
            continue
        para = _para_index(doc_text(doc), q.start)
        same = last_by_para.get(para)
        same_cue = quote.cue is None or (same is not None and quote.cue_start == same.cue_start)
        if same_cue and same is not None and quote.speaker_text == same.speaker_text \
                and same.kind == "direct" and quote.speaker_text and _only_attribution_between(doc_text(doc), same, q):
            _join(same, quote)  # '“A,” Putin said. “B.”' is one statement in two parts
            continue
        if quote.cue_start is not None and quote.cue_start in used_cues and quote.kind == "direct":
            continue  # '“A,” Lee, wearing “Cruz” pins, said': the cue is the first quote's, the name no quote
        prev = last_by_para.get(para - 1)
        if quote.cue is None and prev is not None and prev.kind == "direct" and prev.speaker_text \
                and quote.speaker_text == prev.speaker_text and _whole_paragraph(doc_text(doc), q) \
                and _only_attribution_between(doc_text(doc), prev, q):
            _join(prev, quote)  # a paragraph that is all quote goes on the statement of the paragraph before
            last_by_para[para] = prev
            continue
        quotes.append(quote)
        if quote.cue_start is not None:
            used_cues.add(quote.cue_start)
        last_by_para[_para_index(doc_text(doc), q.start)] = quote
    quoted = sorted((q.open_mark, q.outer_end) for q in spans if not q.single)
    quotes += _indirect(doc, table, lex, used_cues, quoted, quotes)
    quotes.sort(key=lambda x: x.start)
    credit_embeds(quotes, embeds or [])
    return _drop_nested(quotes)


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
    return first.cue_start is not None and first.end <= first.cue_start < q.open_mark and len(between.split()) <= 60


def _join(first: Quote, more: Quote) -> None:
    parts = first.parts or [[first.start, first.end]]
    parts.append([more.start, more.end])
    first.parts, first.end = parts, more.end
    first.text = first.text + " " + more.text


# ---- direct and mixed ------------------------------------------------------------------------------------
def _direct(doc: Doc, q: quotemarks.Quoted, table: ActorTable, lex: Lexicon, last_by_para) -> Quote | None:
    start, end = q.start, _trim_end(doc_text(doc), q.start, q.end)
    text = doc_text(doc)[start:end]
    if not text.strip():
        return None
    quote = _direct_attributed(doc, q, table, lex, last_by_para, start, end)
    if quote is not None and q.parts and quote.kind == "direct":
        quote.parts = [list(p) for p in q.parts]
        quote.text = " ".join(doc_text(doc)[a:b] for a, b in q.parts)
    if quote is not None or q.parts:
        return quote
    n_words = len(text.split())
    if q.single or n_words <= SCARE_MAX_WORDS:
        naming = _naming_cue(doc, q, lex)
        return _cued(doc, q, naming, table, start, end) if naming is not None else _fragment(doc, q, lex, table)
    if not _starts_sentence(doc, q):  # 'Obama called the holiday “a celebration of ...”'
        found = _fragment(doc, q, lex, table)
        if found is not None:
            return found
    if n_words < UNATTRIBUTED_MIN_WORDS:
        return None
    return Quote(text=text, start=start, end=end, kind="direct")  # a real quote whose speaker we cannot see


def _starts_sentence(doc: Doc, q: quotemarks.Quoted) -> bool:
    span = doc.char_span(q.open_mark, q.open_mark + 1, alignment_mode="expand")
    if span is None:
        return True
    sent = sentence(span[0])
    return not re.search(r"\w", doc_text(doc)[sent.start_char:q.open_mark])


def _direct_attributed(doc: Doc, q: quotemarks.Quoted, table: ActorTable, lex: Lexicon, last_by_para,
                       start: int, end: int) -> Quote | None:
    """A quote with a speaker: by its cue, 'according to X', a dash byline, or the statement it goes on."""
    outer = None if q.single else _according_outside(doc, q, table)
    if outer is not None:
        return outer
    cue = None if q.single else (_cue_just_before(doc, q, lex) or _governing_cue(doc, q, lex)
                                 or _cue_after(doc, q, lex) or _cue_before(doc, q, lex))
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
    found = _according_quote(doc, q, table, start, end) or _dash_byline(doc, q, table, start, end) \
        or _colon_quote(doc, q, table, start, end)
    return found or (None if short else _continued(doc, q, last_by_para, start, end))


def _dash_byline(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    """ '“Quote text.” ― Jane Roe' (testimonial layout): the name after the dash is the speaker."""
    if q.close_mark is None:
        return None
    m = _DASH_BYLINE.match(doc_text(doc), q.outer_end)
    if not m:
        return None
    first = next((t for t in doc if t.idx >= m.end()), None)
    if first is None or not first.ent_type_:
        return None
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct", cue=m.group(1),
                  cue_start=m.start(1), cue_end=m.end(1))
    set_speaker(quote, doc, first, table)
    return quote


def _cued(doc: Doc, q: quotemarks.Quoted, cue: Token, table: ActorTable, start: int, end: int) -> Quote:
    """A quote with its cue: direct, or mixed when the cue's clause holds more than the quote."""
    kind = "direct"
    content = content_span(cue)
    if not _covers(doc_text(doc), content, q) and cue.idx < q.open_mark:
        # the parse lost the clause: read it off the sentence; or 'called Clinton a “champion” for its members'
        clause = _clause_after(doc, cue, q) if not q.single and _heads_clause(cue) else None
        content = clause or _right_of(cue) or content
    if content is not None and content[1] <= q.open_mark and cue.idx < q.open_mark \
            and not doc_text(doc)[content[1]:q.open_mark].strip(" :,") and content[1] > content[0]:
        content = (content[0], _trim_end(doc_text(doc), q.start, q.outer_end))  # 'said she has ...: “Steadiness”'
    if _covers(doc_text(doc), content, q) and _unquoted_words(doc_text(doc), content, q) >= 3:
        start, end, kind = content[0], _before_participle(doc, (content[0], max(content[1], q.outer_end)), q), "mixed"
    elif q.single or _sentence_has_unquoted_clause(doc, q, cue):
        kind = "mixed"
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind=kind)
    attribute(quote, doc, cue, table)
    return quote


def _covers(text: str, content: tuple[int, int] | None, q: quotemarks.Quoted) -> bool:
    """The content holds the quote, closing punctuation and mark aside."""
    return content is not None and content[0] <= q.open_mark < content[1] \
        and not text[content[1]:q.outer_end].strip(" .,!?;:”\"’")


def _clause_after(doc: Doc, cue: Token, q: quotemarks.Quoted) -> tuple[int, int] | None:
    """ 'said during the debate that he favors flogging and “a lot more.”': what follows the cue in its
    sentence, from after a "that" when one comes before the quote, to the end of the sentence, or to the
    quote's close when a participle clause follows it (',” referring to ...')."""
    sent = sentence(cue)
    if not sent.start_char <= q.open_mark < sent.end_char:
        return None
    toks = [t for t in doc[cue.i + 1:sent.end] if not t.is_space]
    lead = [t for t in toks if t.idx < q.open_mark]
    if not lead or all(t.is_punct for t in lead):
        return None  # 'said: “...”' is a direct quote
    that = next((t for t in lead[:12] if t.lower_ == "that"), None)
    if that is not None:
        toks = [t for t in toks if t.i > that.i]
    else:
        heard = {t.i for c in cue.children if c.dep_ in ("dobj", "dative") and cue.lemma_.lower() in _TOLD
                 for t in c.subtree}  # 'told reporters he was “sure”': the listener is not content
        while toks and (toks[0].dep_ in ("prt", "advmod") or toks[0].is_punct or toks[0].i in heard):
            toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
        toks = toks[:-1]
    if not toks or toks[0].idx > q.open_mark:
        return None
    start, end = char_span(toks)
    return start, max(end, q.outer_end) if end >= q.end else end


def _heads_clause(cue: Token) -> bool:
    """A cue that governs what follows it ('Lee said during the debate that ...'), not an aside ('The goal,
    Lee said, was ...') nor a naming verb ('what the US has called “...”')."""
    subj = subject(cue)
    return cue.dep_ not in ("parataxis", "advcl", "relcl") and subj is not None and subj.i < cue.i \
        and cue.lemma_.lower() not in lexicon().naming


def _before_participle(doc: Doc, content: tuple[int, int], q: quotemarks.Quoted) -> int:
    """The end of a mixed quote's content, before a participle clause after the quote
    ('said things “should be wrapped up by June,” referring to the convention')."""
    if content[1] <= q.outer_end:
        return content[1]
    after = _tokens_between(doc, q.outer_end, content[1])
    for t in after:
        if t.tag_ == "VBG" and t.i >= 1 and doc[t.i - 1].is_punct and t.idx >= q.outer_end:
            return _trim_end(doc_text(doc), content[0], doc[t.i - 1].idx if doc[t.i - 1].text == "," else t.idx)
    return content[1]


def _right_of(verb: Token) -> tuple[int, int] | None:
    """Everything a verb governs to its right (objects, complements, prepositions), as one span."""
    keep = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc")
            and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    toks = [t for c in keep for t in c.subtree]
    return char_span(toks) if toks else None


def _according_quote(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    according = _according_before(doc, q)
    if according is None:
        return None
    to = next(c for c in according.children if c.lower_ == "to")
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct", cue="according to",
                  cue_start=according.idx, cue_end=to.idx + len(to.text))
    set_speaker(quote, doc, next(c for c in to.children if c.dep_ == "pobj"), table)
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
    return Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct", speaker=prev.speaker,
                 speaker_text=prev.speaker_text, speaker_start=prev.speaker_start,
                 speaker_end=prev.speaker_end, via=prev.via)


def _trim_end(text: str, start: int, end: int) -> int:
    """Quote content without a trailing URL (an embed's pic.twitter.com link) or trailing spaces."""
    m = _URL_TAIL.search(text, start, end)
    if m and m.end() == end:
        end = m.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _tokens_between(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand") or doc[0:0]


def _cue_after(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ ',” said Putin' / ',” Putin said' / '?” he asked' — in the same paragraph, before any new quote.
    A quote that ends its sentence ('… consequences.” That's when ...') has no cue after it."""
    if q.close_mark is None:
        return None
    inner = doc_text(doc)[q.start:q.end].rstrip().rstrip("'’")
    after = doc_text(doc)[q.outer_end:q.outer_end + 40].lstrip()
    ends_clause = inner.endswith((",", "—", "–", "-")) or after.startswith((",", "—"))
    asks = inner.endswith(("?", "!"))
    unfinished = not inner.endswith((".", "?", "!", "…", ":", ";"))  # '“… jail time” for crimes, she said'
    if not (ends_clause or asks or unfinished):
        return None
    # '“…?” Graham asked.' — after a question the cue must come at once, before the next sentence starts
    limit = 4 if asks and not ends_clause and after[:1].isupper() else AFTER_WINDOW
    para_end = _para_end(doc_text(doc), q.outer_end)
    stop = _next_quote(doc_text(doc), q.outer_end, para_end)
    window = _tokens_between(doc, q.outer_end, stop)
    for tok in list(window)[:limit]:
        if tok.text in (".", "!", "?", ";"):
            break
        if is_cue(tok, lex, cognition=False, objects=False):
            return tok
    return None


def _next_quote(text: str, start: int, end: int) -> int:
    """Where the next quote that could be a statement of its own opens; a name in marks ('wearing
    “Ted Cruz” pins') does not count."""
    while True:
        nxt = min((x for x in (text.find("“", start, end), text.find('"', start, end)) if x >= 0), default=end)
        close = min((x for x in (text.find("”", nxt + 1, end), text.find('"', nxt + 1, end)) if x >= 0), default=-1)
        if nxt >= end or close < 0 or len(text[nxt + 1:close].split()) > 3 or not text[nxt + 1:nxt + 2].isupper():
            return nxt
        start = close + 1


def _cue_just_before(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'She declared “What a night!” and said ...': a speech verb right before the mark is its cue."""
    prev = [t for t in _tokens_between(doc, max(0, q.open_mark - 30), q.open_mark) if not t.is_space]
    while prev and prev[-1].text in (",", ":"):
        prev = prev[:-1]
    tok = prev[-1] if prev else None
    return tok if tok is not None and tok.idx < q.open_mark and is_cue(tok, lex, cognition=False, objects=False) \
        else None


def _governing_cue(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'Lee said the approach remained “one of strength” ..., he warned': a cue before the quote in its
    sentence whose clause holds the quote comes before any cue after it."""
    cue = _cue_before(doc, q, lex)
    first = _tokens_between(doc, q.start, q.end)
    if cue is None or not len(first) or sentence(cue).start != sentence(first[0]).start:
        return None
    return cue if any(a.i == cue.i for a in first[0].ancestors) else None


def _cue_before(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'Putin said: “' / 'the Russian president emphasized, “' / 'A curious journalist asks, "' """
    para_start = _intro_start(doc_text(doc), q)
    prev_close = max(doc_text(doc).rfind("”", para_start, q.open_mark), doc_text(doc).rfind('"', para_start, q.open_mark))
    window = [t for t in _tokens_between(doc, max(para_start, prev_close + 1), q.open_mark) if not t.is_space]
    window = window[-BEFORE_WINDOW:]
    if window and window[-1].text in (".", "!", "?"):
        return None  # '“A,” Clinton said. “B.”': the verb before B is A's cue; B goes on A's statement
    for tok in reversed(window):
        if is_cue(tok, lex, cognition=False, objects=False):
            return tok
        if tok.text in (".", "!", "?") and tok.i < window[-1].i:
            break
    return None


def _intro_start(text: str, q: quotemarks.Quoted) -> int:
    """Where the words that introduce a quote may start: its paragraph, or, for a quote that opens its
    paragraph after one that ends in a colon ('Cruz called them on it:'), that paragraph's last line."""
    para_start = text.rfind("\n", 0, q.open_mark) + 1
    if text[para_start:q.open_mark].strip():
        return para_start
    before = text[:para_start].rstrip()
    if not before.endswith(":"):
        return para_start
    return max(text.rfind("\n", 0, len(before)) + 1, len(before) - 300)


def _colon_quote(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    """ 'More from Jones: “...”' / 'Here’s Lee in 1992:' then the quote: a name just before a colon."""
    text = doc_text(doc)
    intro = _intro_start(text, q)
    lead = text[intro:q.open_mark].rstrip()
    if not lead.endswith(":") or len(lead.split()) > COLON_LEAD_WORDS:
        return None
    colon = intro + len(lead) - 1
    cut = max(lead.rfind(" - ", 0, -1), lead.rfind("—", 0, -1), lead.rfind(". ", 0, -1))
    toks = [t for t in _tokens_between(doc, intro + cut + 1 if cut >= 0 else intro, colon) if not t.is_space]
    names = [t for t in toks if (t.pos_ == "PROPN" or mention_at(table, t) is not None) and not t.is_punct]
    if not names:
        return None
    head = names[0]
    while head.dep_ in ("compound", "flat") and head.head.i > head.i and head.head.i < colon:
        head = head.head
    verb = next((t for t in reversed(toks) if t.pos_ == "VERB" and t.i > head.i), None)
    cue_start = verb.idx if verb is not None and colon - verb.idx < 40 else colon  # 'Lee boomed:'
    quote = Quote(text=text[start:end], start=start, end=end, kind="direct", cue=text[cue_start:colon + 1],
                  cue_start=cue_start, cue_end=colon + 1)
    set_speaker(quote, doc, head, table)
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
    if verb.lemma_.lower() in ("be", "have") and not is_cue(verb, lex):
        return None
    span = _right_of(verb)
    if span is None:
        return None
    start, end = span
    if not (start <= q.open_mark and q.outer_end <= end + 1):
        return None
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="mixed")
    attribute(quote, doc, verb, table)
    return quote if quote.speaker_text else None


def _according_outside(doc: Doc, q: quotemarks.Quoted, table: ActorTable) -> Quote | None:
    """ '“We are here,” Lee said, according to the Sun.': the outermost attribution is the source's
    (PolNeAR annotates no nested ones); the sentence, but for the according-to phrase, is the content."""
    span = _tokens_between(doc, q.start, q.end)
    if not len(span):
        return None
    sent = sentence(span[0])
    if q.outer_end > sent.end_char + 2:
        return None
    acc = next((t for t in sent if t.lower_ == "according" and not q.open_mark <= t.idx < q.outer_end
                and any(c.lower_ == "to" for c in t.children)), None)
    if acc is None or not _before_or_after_quote_only(doc, acc, q):
        return None
    quote = _according_to(doc, acc, table)
    if quote is not None:
        quote.kind = "direct" if quote.start >= q.open_mark - 1 and quote.end <= q.outer_end + 1 else "mixed"
    return quote


def _before_or_after_quote_only(doc: Doc, acc: Token, q: quotemarks.Quoted) -> bool:
    """The according-to phrase stands outside the quote and not inside another quote."""
    text = doc_text(doc)
    between = text[q.outer_end:acc.idx] if acc.idx >= q.outer_end else text[acc.idx:q.open_mark]
    return not re.search(r"[“”\"]", between)


def _according_before(doc: Doc, q: quotemarks.Quoted) -> Token | None:
    """ 'According to Limbaugh, “…”' """
    window = list(_tokens_between(doc, max(0, q.open_mark - 120), q.open_mark))
    for tok in reversed(window):
        if tok.text in (".", "!", "?", "\n") or "\n" in tok.text:
            return None
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is not None and any(c.dep_ == "pobj" for c in to.children):
                return tok
    return None


def _naming_cue(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ "what the US has called 'Iran-linked militants'": a naming verb just before a short quote."""
    window = list(_tokens_between(doc, max(0, q.open_mark - 60), q.open_mark))[-NAMING_WINDOW:]
    for tok in reversed(window):
        if tok.lemma_.lower() in lex.naming and subject(tok) is not None and not (tok.i >= 2 and tok.nbor(-1).text == "-"):
            return tok
    return None


def _sentence_has_unquoted_clause(doc: Doc, q: quotemarks.Quoted, cue: Token) -> bool:
    """ "The aim, he said, was to “launch …”": the quote completes a sentence that is not all quote."""
    sent = sentence(cue)
    before = doc_text(doc)[sent.start_char:q.open_mark]
    lead = before[:max(0, cue.idx - sent.start_char)] if cue.idx < q.open_mark else before
    return len([w for w in re.findall(r"\w+", lead)]) >= 2 and cue.idx < q.open_mark and \
        cue.dep_ in ("parataxis", "advcl", "ccomp") and q.open_mark - (cue.idx + len(cue.text)) > 6


def _unquoted_words(text: str, span: tuple[int, int], q: quotemarks.Quoted) -> int:
    outside = text[span[0]:q.open_mark] + text[q.outer_end:span[1]]
    return len(re.findall(r"\w+", outside))


# ---- indirect ---------------------------------------------------------------------------------------------
def _indirect(doc: Doc, table: ActorTable, lex: Lexicon, used: set[int], quoted, direct: list[Quote]) -> list[Quote]:
    out = []
    for tok in doc:
        if tok.idx in used or _inside(quoted, tok.idx):
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            q = _according_to(doc, tok, table)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            q = _noun_claim(doc, tok, table)
        elif (is_cue(tok, lex) or _takes_that_clause(tok)) and tok.lemma_.lower() not in _DIRECT_ONLY \
                and subject(tok) is not None and not first_person(subject(tok)):
            q = _reported(doc, tok, lex, table)
        else:
            q = None
        if q is not None and not _overlaps_direct(q, direct):
            out.append(q)
    return out


def _takes_that_clause(tok: Token) -> bool:
    """A verb outside the lexicon with a that-clause reports an attitude ('the study shows that ...',
    'Lee hopes that ...'); its subject must be someone or something that can hold one."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in _NOT_ATTITUDE:
        return False
    comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if comp is None:
        return False
    subj = subject(tok)
    if subj is None or subj.lower_ in ("it", "there", "this", "that", "which"):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children) \
        or subj.pos_ == "PROPN" or subj.lower_ in ("he", "she", "they")


def _noun_claim(doc: Doc, noun: Token, table: ActorTable) -> Quote | None:
    """ 'her claim that the mayor lied', 'his decision to leave': the owner says (or holds) the clause."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i and c.pos_ in ("VERB", "AUX")
                   and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)), None)
    if owner is None or clause is None or first_person(owner) or owner.lower_ in ("my", "our", "your", "its"):
        return None
    toks = [t for t in clause.subtree if not (t.i == clause.left_edge.i and t.lower_ == "that")]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if len(toks) < 3:
        return None
    start, end = char_span(toks)
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="indirect", cue=noun.text,
                  cue_start=noun.idx, cue_end=noun.idx + len(noun.text))
    set_speaker(quote, doc, owner, table)
    return quote


def _reported(doc: Doc, cue: Token, lex: Lexicon, table: ActorTable) -> Quote | None:
    span = aside_content(cue) if cue.dep_ == "parataxis" else content_span(cue)
    if span is None:
        return None
    start, end = span
    text = doc_text(doc)[start:end]
    # "endorsed Cruz", "backs the plan": a stance verb's object may be a name alone
    if len(text.split()) < (1 if cue.lemma_.lower() in _STANCE else 3):
        return None
    kind = "mixed" if re.search(r"[\"“”]", text) else "indirect"
    quote = Quote(text=text, start=start, end=end, kind=kind)
    attribute(quote, doc, cue, table)
    return quote


def _according_to(doc: Doc, tok: Token, table: ActorTable) -> Quote | None:
    """ "..., according to the Gaza health ministry": the rest of the sentence is what the source says."""
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    sent = sentence(tok)
    phrase = set(t.i for t in tok.subtree)
    toks = [t for t in sent if t.i not in phrase and not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if len(toks) < 3:
        return None
    start, end = char_span(toks)
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="indirect",
                  cue="according to", cue_start=tok.idx, cue_end=to.idx + len(to.text))
    set_speaker(quote, doc, objs[0], table)
    return quote


# ---- bookkeeping ------------------------------------------------------------------------------------------
def _inside(ranges, i: int) -> bool:
    """Is offset i inside one of the (sorted, non-overlapping) ranges?"""
    k = bisect.bisect_right(ranges, (i, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= i < ranges[k][1]


def _overlaps_direct(q: Quote, direct: list[Quote]) -> bool:
    return any(d.start < q.end and q.start < d.end for d in direct)


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """An indirect quote whose cue lies inside another quote's content is part of that quote
    ("he made it clear that [he thought Israel was wrong ...]")."""
    out = []
    for q in quotes:
        if q.kind == "indirect" and q.cue_start is not None and any(
                o is not q and o.start <= q.cue_start < o.end for o in quotes):
            continue
        out.append(q)
    return out


def _para_index(text: str, i: int) -> int:
    """Which paragraph offset i is in; a blank line between paragraphs is not a paragraph of its own."""
    return len(_PARA_BREAK.findall(text, 0, i))


def _whole_paragraph(text: str, q: quotemarks.Quoted) -> bool:
    """The quote is all its paragraph holds."""
    start = text.rfind("\n", 0, q.open_mark) + 1
    return not text[start:q.open_mark].strip() and not text[q.outer_end:_para_end(text, q.outer_end)].strip()


def _para_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j
