"""Where a quote's attribution is, around its marks: the cue verb after it (',” said Lee') or before it
('Lee said: “'), a naming verb before a short quote ('called the plan “a disaster”'), a colon after a name
('More from Jones: “'), a dash byline ('” ― Jane Roe'), or 'according to X' around it. Offsets and tokens
between marks, paragraph bounds. Used by newscoder.quotes.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from . import quotemarks
from .actors import ActorTable
from .doccache import attrs, doc_text, sentence
from .record import Quote
from .reported import according_to
from .speakers import mention_at, set_speaker
from .speech import Lexicon, is_cue, lexicon, subject

COLON_LEAD_WORDS = 14        # 'More from Jones:' -- a longer line before a colon is no name tag
NAMING_WINDOW = 8            # tokens before a short quote searched for a naming verb ('called the plan “...”')
TAG_MAX_WORDS = 5            # '” the campaign's email read.': a longer clause after a quote is no tag
AFTER_WINDOW = 30            # tokens after a closing mark searched for ", said X, a spokesman for ..."
BEFORE_WINDOW = 60           # tokens before an opening mark searched for "X said:" (its sentence at most)
_DASH_BYLINE = re.compile(r"[ \t]*([―—–])[ \t]*(?=[A-Z])")
# '“Quote.”\n\n- Jane Roe.': the byline on a short line of its own after the quote's paragraph
_DASH_LINE = re.compile(r"[ \t]*\n+[ \t]*([―—–-])[ \t]*(?=[A-Z][^\n]{0,40}(?:\n|$))")
_REPORTED_CHAIN = ("ccomp", "conj", "xcomp", "acomp")  # from a reported clause (and its verbs' non-finite
# complements: 'was right to urge') up to its speech verb
_URL_TAIL = re.compile(r"\s*(?:https?://|pic\.twitter\.com/|t\.co/|www\.)\S*\s*$")


def dash_byline(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    """ '“Quote text.” ― Jane Roe' (testimonial layout): the name after the dash is the speaker."""
    if q.close_mark is None:
        return None
    m = _DASH_BYLINE.match(doc_text(doc), q.outer_end) or _DASH_LINE.match(doc_text(doc), q.outer_end)
    if not m:
        return None
    first = next((t for t in doc if t.idx >= m.end()), None)
    if first is None or not first.ent_type_:
        return None
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct", cue=m.group(1),
                  cue_start=m.start(1), cue_end=m.end(1))
    set_speaker(quote, doc, first, table)
    return quote


def according_quote(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    according = according_before(doc, q)
    if according is None:
        return None
    to = next(c for c in according.children if c.lower_ == "to")
    quote = Quote(text=doc_text(doc)[start:end], start=start, end=end, kind="direct", cue="according to",
                  cue_start=according.idx, cue_end=to.idx + len(to.text))
    set_speaker(quote, doc, next(c for c in to.children if c.dep_ == "pobj"), table)
    return quote


def trim_end(text: str, start: int, end: int) -> int:
    """Quote content without a trailing URL (an embed's pic.twitter.com link) or trailing spaces."""
    m = _URL_TAIL.search(text, start, end)
    if m and m.end() == end:
        end = m.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def tokens_between(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand") or doc[0:0]


def cue_after(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
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
    stop = next_quote(doc_text(doc), q.outer_end, para_end(doc_text(doc), q.outer_end))
    window = tokens_between(doc, q.outer_end, stop)
    for k, tok in enumerate(list(window)[:AFTER_WINDOW]):
        if tok.text in (".", "!", "?", ";"):
            break
        if k >= limit and not all(t.pos_ in ("PROPN", "DET", "ADJ") or t.text in ",-.()" for t in window[limit:k]):
            break  # '?” US Senator Jeff Sessions said': past the limit, only a name may stand before the cue
        if is_cue(tok, lex, cognition=False, objects=False):
            return tok
    return None


def tag_cue(doc: Doc, q: quotemarks.Quoted) -> Token | None:
    """ '“...,” Harper answers.' / '“...,” the email read.' / '“...,” she went on.': a short clause after a
    quote that ends in a comma is its tag even when the tagger took the verb for a noun ("answers",
    "notes", "read") or the verb is no speech verb of the lexicon ("went on"): a few words naming someone,
    then a verb (and its particle) that ends the sentence."""
    text = doc_text(doc)
    if q.close_mark is None or not (text[q.start:q.end].rstrip().endswith(",") or text[q.outer_end:q.outer_end + 1] == ","):
        return None
    toks = []
    for tok in tokens_between(doc, q.outer_end, para_end(text, q.outer_end)):
        if tok.text in (".", "!", "?", ";", ":", "“", '"') or tok.is_space:
            break
        if not (tok.is_punct and not toks):
            toks.append(tok)
    while toks and toks[-1].is_punct or toks and toks[-1].dep_ == "prt" and len(toks) > 1:
        toks = toks[:-1]  # '” she went on': the verb before its particle
    verb = next((t for t in toks if t.tag_ in ("VBD", "VBZ") and t.pos_ == "VERB"), None)
    if verb is not None and 2 <= verb.i - toks[0].i + 1 <= TAG_MAX_WORDS and verb.i < toks[-1].i:
        # '“...,” the nominee riffed on the answer, drawing laughs': a verb whose subject is the name right
        # after the quote is its tag, though the sentence goes on
        subj = subject(verb)
        if subj is not None and toks[0].i <= subj.i < verb.i and subj.pos_ in ("PROPN", "NOUN"):
            toks = [t for t in toks if t.i <= verb.i]
    if not 2 <= len(toks) <= TAG_MAX_WORDS or toks[-1].i + 1 < len(doc) and doc[toks[-1].i + 1].text not in ".!?\n" \
            and not doc[toks[-1].i + 1].dep_ == "prt" and toks[-1] is not verb:
        return None
    verb, names = toks[-1], toks[:-1]
    if not (verb.pos_ == "VERB" or verb.tag_ in ("NNS", "NN") and verb.lemma_.lower() in lexicon().speech) \
            or any(t.lower_ in ("which", "who", "that", "it", "this") for t in names) \
            or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in names) or any(t.pos_ == "VERB" for t in names):
        return None
    return verb


def inverted_tag(doc: Doc, q: quotemarks.Quoted) -> Token | None:
    """ '“This is fantastic!” beamed Ann Roe of Springfield': a past-tense verb right after the quote with
    its subject right after it is the quote's tag, whatever the verb (the lexicon cannot list them all)."""
    text = doc_text(doc)
    if q.close_mark is None or not text[q.start:q.end].rstrip().endswith((",", "!", "?")):
        return None
    after = [t for t in tokens_between(doc, q.outer_end, para_end(text, q.outer_end))[:6] if not t.is_space]
    if after and after[0].text == ",":
        after = after[1:]
    if not after or after[0].tag_ != "VBD" or after[0].pos_ != "VERB":
        return None
    verb = after[0]
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return verb if subj is not None and subj.pos_ == "PROPN" and verb.i < subj.i <= verb.i + 4 else None


def closing_tag(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ '“We will win.” Lee said.' / '“...” the letter states in its summary.': a quote that ends its
    sentence, then on its line a clause whose subject opens right after the mark and whose speech verb
    reports nothing of its own (no clause, no object), is the quote's tag written as a sentence."""
    text = doc_text(doc)
    if q.close_mark is None or not text[q.start:q.end].rstrip().rstrip("'’").endswith((".", "?", "!")):
        return None
    toks, last = [], None
    for tok in tokens_between(doc, q.outer_end, para_end(text, q.outer_end))[:AFTER_WINDOW]:
        if tok.text in (".", "!", "?", ";", ":", "“", '"') or tok.is_space:
            last = tok
            break
        toks.append(tok)
    if not toks or toks[0].is_punct or last is not None and last.text not in (".", "!", "?"):
        return None  # 'She went on to say:' leads into the next quote
    verb = next((t for t in toks if is_cue(t, lex, cognition=False, objects=False)), None)
    subj = subject(verb) if verb is not None else None
    if subj is None or subj.left_edge.i != toks[0].i or subj.i > verb.i \
            or any(c.dep_ in ("ccomp", "dobj", "xcomp", "advcl") for c in verb.children):
        return None  # '“...” Lee said the deal is off': a statement of its own
    return verb


def next_quote(text: str, start: int, end: int) -> int:
    """Where the next quote that could be a statement of its own opens; a name in marks ('wearing
    “Ted Cruz” pins') does not count."""
    while True:
        nxt = min((x for x in (text.find("“", start, end), text.find('"', start, end)) if x >= 0), default=end)
        close = min((x for x in (text.find("”", nxt + 1, end), text.find('"', nxt + 1, end)) if x >= 0), default=-1)
        if nxt >= end or close < 0 or len(text[nxt + 1:close].split()) > 3 or not text[nxt + 1:nxt + 2].isupper():
            return nxt
        start = close + 1


def cue_just_before(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'She declared “What a night!” and said ...': a speech verb right before the mark is its cue."""
    prev = [t for t in tokens_between(doc, max(0, q.open_mark - 30), q.open_mark) if not t.is_space]
    while prev and prev[-1].text in (",", ":"):
        prev = prev[:-1]
    tok = prev[-1] if prev else None
    return outer_report(tok, lex) if tok is not None \
        and tok.idx < q.open_mark and is_cue(tok, lex, cognition=False, objects=False) else None


def governing_cue(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'Lee said the approach remained “one of strength” ..., he warned': a cue before the quote in its
    sentence whose clause holds the quote comes before any cue after it."""
    cue = cue_before(doc, q, lex)
    first = tokens_between(doc, q.start, q.end)
    if cue is None or not len(first) or sentence(cue).start != sentence(first[0]).start:
        return None
    if not any(a.i == cue.i for a in first[0].ancestors):
        return None
    return outer_report(cue, lex, chain=True)


def reporting(cue: Token | None, lex: Lexicon) -> Token | None:
    """The speech verb whose report holds a verb joined into it that is found before the quote: 'Lee has
    said he read the files and disagrees with the ruling, because “...”' is said's. A cue of a clause
    of its own ('remembers what she told him: “...”') keeps its quote for the colon and content rules."""
    if cue is None or cue.dep_ != "conj":
        return cue
    return outer_report(cue, lex, chain=True)


def outer_report(cue: Token, lex: Lexicon, chain: bool = False) -> Token:
    """The outermost speech verb of a cue, through a report inside a report ('said the town lost a pastor
    who said “...”'), and outermost again from there."""
    return outermost(reported_relative(outermost(cue, lex, chain=chain), lex), lex, chain=chain)


def reported_relative(cue: Token, lex: Lexicon) -> Token:
    """ 'Lee said the town lost a pastor who said “...”': a speech verb in a relative clause on a noun of
    what another speech verb reports is a report inside a report; PolNeAR credits the outer one. Not
    when the clause has a speaker of its own ('said he saw the file, which he called “...”'): his words."""
    if cue.dep_ != "relcl" or not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that", "which")
                                      for c in cue.children):
        return cue
    verb = next((a for a in cue.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.dep_ == "ccomp" and verb.head.i < cue.i \
            and is_cue(verb.head, lex, cognition=False, objects=False):
        return verb.head
    return cue


def outside_relative(cue: Token, q: quotemarks.Quoted, lex: Lexicon) -> Token:
    """ '“...,” Lee, who has proposed a new tax, said' / 'Lee insisted that voters who refused to vote were
    “lazy”': a speech verb in a relative clause describes a noun of another statement; the speech verb
    above the clause, when there is one and it governs the quote, is the quote's cue. A quote inside the
    relative clause, or right after it, stays its."""
    rel = cue
    while rel.dep_ in ("xcomp", "conj") and rel.head.i != rel.i:
        rel = rel.head  # 'who refused to rule out': the clause's own verb
    end = rel.right_edge.idx + len(rel.right_edge.text)
    if rel.dep_ != "relcl" or rel.left_edge.idx <= q.open_mark < end \
            or end <= q.open_mark and not doc_text(cue.doc)[end:q.open_mark].strip(" ,:—-"):
        return cue  # 'Lee, who answered: “...”': a relative clause that leads into the quote is its cue
    outer = next((a for a in rel.head.ancestors if is_cue(a, lex, cognition=False, objects=False)), None)
    first = tokens_between(cue.doc, q.start, q.end)
    # the outer verb must govern the quote: 'Roe says to Lee, who answers: “Fine!”' is Lee's answer
    if outer is None or not len(first) or not any(a.i == outer.i for a in first[0].ancestors):
        return cue
    return outer


def outermost(cue: Token, lex: Lexicon, chain: bool = False) -> Token:
    """PolNeAR annotates the outermost attribution only: in 'Lee said she'd asked her “team” to ...' the
    quote is said's, whose reported clause holds asked."""
    while cue.dep_ == "ccomp" and cue.head.i < cue.i and is_cue(cue.head, lex, cognition=False, objects=False):
        cue = cue.head
    # 'said that she had not, but was pointing to the “same old excuses”': a speech verb further up,
    # through the clauses of what it reports (a reported clause and the clauses joined to it), owns the quote
    tok, top = cue, cue
    while chain and tok.dep_ in _REPORTED_CHAIN and tok.head.i < tok.i:
        # a verb joined to the speech verb itself is a speech act of its own ('praised X and said “...”')
        # ('said X and said “...”' parsed with the second said inside the first's clause: the same verb twice)
        if tok.dep_ == "ccomp" and is_cue(tok.head, lex, cognition=False, objects=False) \
                and tok.head.lemma_ != cue.lemma_:
            top = tok.head
        tok = tok.head
    if top is not cue and cue.dep_ == "conj" and next_statement(cue, top) and that_clause(cue):
        # 'Lee said she will “...” and insisted that ...' parsed with insisted joined inside said's clause:
        # a speech verb in the outer one's tense, with no subject and a "that" clause of its own, is the
        # speaker's next statement, and the quote in that clause is its (before_participle ends the first
        # statement there)
        return cue
    return top if top is cue else outermost(top, lex)


def next_statement(verb: Token, cue: Token) -> bool:
    """ 'says he would tell them “no more delays” and tells the crowd ...' parsed with "tells" joined to
    a verb inside the clause: a speech verb in the cue's own tense, with no subject of its own, is the
    speaker's next statement, not more of this one."""
    return verb.tag_ == cue.tag_ and verb.tag_ in ("VBD", "VBZ") and is_cue(verb, lexicon(), cognition=False, objects=False) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def that_clause(verb: Token) -> bool:
    """The verb reports a clause after it opened by "that" ('insisted that the club ...')."""
    return any(c.dep_ == "ccomp" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
               for c in verb.children)


def second_statement(verb: Token) -> bool:
    """ 'Lee says she admires the mayor and calls her “...”': a naming verb with an object and no subject
    of its own, joined to the verb of another speech verb's reported clause, is that speaker's second
    statement (the parse cannot tell which verb the 'and' joins; a reported clause rarely goes on to name
    someone). 'dismissed the reports as “...”' and 'was referring to “...”' sum up what was said instead."""
    clause = verb.head
    return verb.dep_ == "conj" and clause.dep_ == "ccomp" and clause.i < verb.i \
        and any(c.dep_ == "dobj" for c in verb.children) \
        and not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children) \
        and is_cue(clause.head, lexicon(), cognition=False, objects=False) \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)


def cue_before(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'Putin said: “' / 'the Russian president emphasized, “' / 'A curious journalist asks, "' """
    para_start = intro_start(doc_text(doc), q)
    prev_close = max(doc_text(doc).rfind("”", para_start, q.open_mark), doc_text(doc).rfind('"', para_start, q.open_mark))
    span, a = tokens_between(doc, max(para_start, prev_close + 1), q.open_mark), attrs(doc)
    # (is_space is the text's isspace(): a Token only for the tokens kept)
    window = [doc[i] for i in [i for i in range(span.start, span.end) if not a.text[i].isspace()][-BEFORE_WINDOW:]]
    if window and window[-1].text in (".", "!", "?"):
        return None  # '“A,” Clinton said. “B.”': the verb before B is A's cue; B goes on A's statement
    for tok in reversed(window):
        if is_cue(tok, lex, cognition=False, objects=False):
            return answer_to(tok, q) or tok
        if tok.text in (".", "!", "?") and tok.i < window[-1].i:
            break
    return None


def statement_before(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ 'Lee agreed. “The town cannot wait another year.”' / 'Roe tweeted a warning. “...”': the sentence
    right before a quote that opens its paragraph's quotes, its speech verb with a subject and no report
    of its own, announces the statement the quote gives."""
    text = doc_text(doc)
    para_start = text.rfind("\n", 0, q.open_mark) + 1
    if quotemarks.DOUBLE_MARK.search(text, para_start, q.open_mark):
        return None  # '“A,” Clinton said. “B.”': B goes on A
    toks = [t for t in tokens_between(doc, para_start, q.open_mark) if not t.is_space]
    if len(toks) < 3 or toks[-1].text != ".":
        return None
    stop = next((k for k in range(len(toks) - 2, -1, -1) if toks[k].text in (".", "!", "?", ":", ";")), -1)
    sent = toks[stop + 1:-1][-BEFORE_WINDOW:]
    verb = next((t for t in sent if t.dep_ == "ROOT" and is_cue(t, lex, cognition=False, objects=False)), None)
    subj = subject(verb) if verb is not None else None
    if subj is None or subj.i > verb.i or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    return verb


def answer_to(cue: Token, q: quotemarks.Quoted) -> Token | None:
    """ 'Asked about the plan, Lee shrugged: “...”' / 'who told the panel when asked about it: “...”': a
    passive speech verb in an adverbial clause is the question put to the speaker; the verb it hangs from,
    whatever it is, gives the answer that is quoted."""
    head = cue.head
    if cue.tag_ != "VBN" or cue.dep_ != "advcl" or any(c.dep_ in ("aux", "nsubj", "nsubjpass") for c in cue.children):
        return None  # 'after he had posted ...' is no question put to anyone
    return head if head.pos_ == "VERB" and head.i != cue.i and head.idx < q.open_mark else None


def intro_start(text: str, q: quotemarks.Quoted) -> int:
    """Where the words that introduce a quote may start: its paragraph, or, for a quote that opens its
    paragraph after one that ends in a colon ('Cruz called them on it:'), that paragraph's last line."""
    para_start = text.rfind("\n", 0, q.open_mark) + 1
    if text[para_start:q.open_mark].strip():
        return para_start
    before = text[:para_start].rstrip()
    if not before.endswith(":"):
        return para_start
    return max(text.rfind("\n", 0, len(before)) + 1, len(before) - 300)


def colon_quote(doc: Doc, q: quotemarks.Quoted, table: ActorTable, start: int, end: int) -> Quote | None:
    """ 'More from Jones: “...”' / 'Here’s Lee in 1992:' then the quote: a name just before a colon."""
    text = doc_text(doc)
    intro = intro_start(text, q)
    lead = text[intro:q.open_mark].rstrip()
    if not lead.endswith(":"):
        return None
    colon = intro + len(lead) - 1
    cut = max(lead.rfind(" - ", 0, -1), lead.rfind(" -", 0, -1), lead.rfind("—", 0, -1), lead.rfind(". ", 0, -1))
    # only the words after a headline's dash or the last full stop introduce the quote ('... fell sharply.
    # Lee went further:', 'TURNOUT IS UP IN THREE STATES - Jane Roe:'): the length bound is theirs
    if len(lead[cut + 1:].split()) > COLON_LEAD_WORDS:
        # a long one: its last clause after a comma, past an opening phrase ('In reply to the ruling on
        # Monday and the appeal that followed, Lee issued this statement:')
        cut = max(cut, lead.rfind(", ", 0, -1) + 1)
        if len(lead[cut + 1:].split()) > COLON_LEAD_WORDS:
            return None
    toks = [t for t in tokens_between(doc, intro + cut + 1 if cut >= 0 else intro, colon) if not t.is_space]
    words = [t for t in toks if not t.is_punct]
    source = next((t for t in words[:2] if t.lower_ == "from"), None)
    if source is not None:  # 'More from the report:' / 'From Lee:': what comes from it, not the 'More'
        toks = [t for t in toks if t.i > source.i]
    names = [t for t in toks if (t.pos_ == "PROPN" or mention_at(table, t) is not None) and not t.is_punct]
    if not names and source is not None:  # a document: 'From the ruling:'
        names = [t for t in toks if t.pos_ == "NOUN"][-1:]
    if not names:
        return None
    head = names[0]
    while head.dep_ in ("compound", "flat") and head.head.i > head.i and head.head.i < colon:
        head = head.head
    verb = next((t for t in reversed(toks) if t.pos_ == "VERB" and t.i > head.i), None)
    cue_start, cue_end = (verb.idx if verb is not None and colon - verb.idx < 40 else colon), colon + 1  # 'Lee boomed:'
    if cue_start == colon:
        # 'Lee has taken the line common among his party's governors:' / 'Stated Lee:': a verb far from the
        # colon, or before the name, is the cue still, the colon only where there is no verb at all
        verb = verb or next((t for t in toks if t.pos_ == "VERB" and t.i < head.i), None)
        if verb is not None:
            cue_start, cue_end = verb.idx, verb.idx + len(verb.text)
    quote = Quote(text=text[start:end], start=start, end=end, kind="direct", cue=text[cue_start:cue_end],
                  cue_start=cue_start, cue_end=cue_end)
    set_speaker(quote, doc, head, table)
    return quote


def according_outside(doc: Doc, q: quotemarks.Quoted, table: ActorTable) -> Quote | None:
    """ '“We are here,” Lee said, according to the Sun.': the outermost attribution is the source's
    (PolNeAR annotates no nested ones); the sentence, but for the according-to phrase, is the content."""
    span = tokens_between(doc, q.start, q.end)
    if not len(span):
        return None
    sent = sentence(span[0])
    several = q.outer_end > sent.end_char + 2
    if several:  # '“A. B,” Lee said, according to the Sun': the tag's sentence is the quote's last one
        sent = tag_sentence(doc, q)
        if sent is None:
            return None
    a = attrs(doc)
    words = (doc[i] for i in range(sent.start, sent.end) if a.lower[i] == "according")
    acc = next((t for t in words if not q.open_mark <= t.idx < q.outer_end and (t.idx >= q.outer_end or not several)
                and any(c.lower_ == "to" for c in t.children)), None)
    if acc is None or not before_or_after_quote_only(doc, acc, q):
        return None
    quote = according_to(doc, acc, table)
    if quote is not None and several:
        if quote.start > q.open_mark:  # the content runs from the quote's first sentence
            quote.start = q.open_mark
            quote.text = doc_text(doc)[quote.start:quote.end]
    if quote is not None:
        quote.kind = "direct" if quote.start >= q.open_mark - 1 and quote.end <= q.outer_end + 1 else "mixed"
    return quote


def tag_sentence(doc: Doc, q: quotemarks.Quoted) -> Span | None:
    """The sentence of the words right after a quote's closing mark, when it is the one that mark ends in
    (the quote's tag), not a new sentence."""
    after = tokens_between(doc, q.outer_end, min(len(doc_text(doc)), q.outer_end + 40))
    tok = next((t for t in after if not t.is_punct and not t.is_space), None)
    if tok is None or "\n" in doc_text(doc)[q.outer_end:tok.idx]:
        return None
    sent = sentence(tok)
    return sent if sent.start_char > q.open_mark else None


def before_or_after_quote_only(doc: Doc, acc: Token, q: quotemarks.Quoted) -> bool:
    """The according-to phrase stands outside the quote and not inside another quote."""
    text = doc_text(doc)
    between = text[q.outer_end:acc.idx] if acc.idx >= q.outer_end else text[acc.idx:q.open_mark]
    return not quotemarks.DOUBLE_MARK.search(between)


def according_before(doc: Doc, q: quotemarks.Quoted) -> Token | None:
    """ 'According to Limbaugh, “…”' """
    window = list(tokens_between(doc, max(0, q.open_mark - 120), q.open_mark))
    for tok in reversed(window):
        if tok.text in (".", "!", "?", "\n") or "\n" in tok.text:
            return None
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is not None and any(c.dep_ == "pobj" for c in to.children):
                return tok
    return None


def naming_cue(doc: Doc, q: quotemarks.Quoted, lex: Lexicon) -> Token | None:
    """ "what the US has called 'Iran-linked militants'": a naming verb just before a short quote."""
    window = list(tokens_between(doc, max(0, q.open_mark - 60), q.open_mark))[-NAMING_WINDOW:]
    for tok in reversed(window):
        if tok.lemma_.lower() in lex.naming and subject(tok) is not None and not (tok.i >= 2 and tok.nbor(-1).text == "-"):
            return tok
    return None


def para_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def possessed_statement(doc: Doc, q: quotemarks.Quoted, cue: Token, lex: Lexicon) -> tuple[Token, Token, Token] | None:
    """ 'Lee blamed the press for the row over her remark that the plan was “dead”': a quote in a that-clause
    right after a statement noun with a possessor is the possessor's statement, whatever the cue's subject
    did with it: (statement noun, possessor, 'that'). The nearest clause with a 'that' above the quote's
    first word decides (the parse may hang the clause on the verb, so the noun is read off the words)."""
    first = tokens_between(doc, q.start, q.end)
    if not len(first):
        return None
    for tok in [first[0], *first[0].ancestors]:
        if tok.i == cue.i or tok.idx < cue.idx:
            return None
        mark = next((c for c in tok.children if c.dep_ == "mark"), None)
        if mark is None:
            continue
        noun = doc[mark.i - 1]
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if mark.lower_ != "that" or mark.idx > q.open_mark or noun.i <= cue.i or poss is None \
                or noun.pos_ != "NOUN" or noun.lemma_.lower() not in lex.nouns:
            return None
        return noun, poss, mark
    return None
