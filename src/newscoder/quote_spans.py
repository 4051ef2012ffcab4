"""Where a direct or mixed quote's content begins and ends, around its marks and its cue.

PolNeAR's content of a mixed quote is the reported clause, not the quoted fragment: 'said he has “no plans”
to resign' says all of "he has “no plans” to resign". These helpers find that clause when the parse gives it
(the cue's complement), read it off the sentence when the parse loses it, and cut it where the writer's own
words begin (a participle or relative clause after the quote, a dash, where and when it was said). Used by
newscoder.quotes.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from . import quotemarks
from .doccache import doc_text, sentence
from .quote_cues import next_statement, tokens_between, trim_end
from .speech import char_span, is_cue, lexicon, subject

MIXED_MIN_WORDS = 2          # words of a clause outside the marks that make a quote mixed ("Lee had “...”")
ASIDE_MAX_WORDS = 8          # words of an aside before its cue ('..., the independent Vermont senator said, ...')
LEAD_MIN_WORDS = 3           # words before a quote, its tag after it, that make it mixed
CLAUSE_AFTER_MAX_WORDS = 12  # words after such a quote's close that may finish its clause before the tag
CLAUSE_ON_MAX_WORDS = 30     # words after a sentence-opening quote that its clause may run on before the tag
_TOLD = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "brief"})
_WORD = re.compile(r"\w+")
_QUOTE_MARK = re.compile(r"[“”\"]|''")
_MARK_OR_STOP = re.compile(r"[“”\"]|[.!?] ")  # another quote, or a sentence's end, in a quote's lead
# a cue's phrases after the quote that say where or when it was said, not what ('“a fraud” on her podcast')
# a word that opens a clause of its own: its subject, or a complementizer
_CLAUSE_START = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "mark"})
_WHERE_WHEN = frozenset({"on", "in", "at", "during", "after", "before", "while", "as", "when", "since"})
# conjunctions of a writer's counterpoint after a quote set off by a comma ('“about even,” though polls ...')
_CONCESSIVE = frozenset({"though", "although", "whereas"})


def covers(text: str, content: tuple[int, int] | None, q: quotemarks.Quoted) -> bool:
    """The content holds the quote, closing punctuation and mark aside."""
    return content is not None and content[0] <= q.open_mark < content[1] \
        and not text[content[1]:q.outer_end].strip(" .,!?;:”\"’'")


def clause_after(doc: Doc, cue: Token, q: quotemarks.Quoted) -> tuple[int, int] | None:
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
        if toks and cue_preposition(toks[0], cue, q):
            toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in quotemarks.CLOSING_MARKS:
        toks = toks[:-1]
    if not toks or toks[0].idx > q.open_mark:
        return None
    start, end = char_span(toks)
    return start, max(end, q.outer_end) if end >= q.end else end

def clause_before_quote(doc: Doc, cue: Token, q: quotemarks.Quoted) -> bool:
    """ 'says no matter what the county passes, “our parks will stay open”': a clause of the speaker's own
    between the cue and a lower-case quote (a verb in it, no listener, no colon) opens the sentence the quote
    finishes; the cue's complement the parse gives starts only at the quote."""
    text = doc_text(doc)
    if cue.idx > q.open_mark or not text[q.start:q.start + 1].islower() \
            or text[cue.idx:q.open_mark].rstrip().endswith(":"):
        return False
    between = [t for t in tokens_between(doc, cue.idx + len(cue.text), q.open_mark) if not t.is_punct]
    return len(between) >= LEAD_MIN_WORDS and any(t.pos_ in ("VERB", "AUX") for t in between) \
        and not any(t.dep_ in ("dobj", "dative") and t.head.i == cue.i for t in between)


def before_complement(cue: Token, q: quotemarks.Quoted) -> bool:
    """ 'said on “Morning Edition” that the deal was ...': the quote is in the cue's prepositional phrase
    or object (where or to whom it was said) and the cue's "that" clause starts after it: it is no part of
    what was said ('called it “reckless” that ...' names, and keeps its quote)."""
    if cue.lemma_.lower() in lexicon().naming:
        return False
    holder = {t.i for c in cue.children if c.dep_ in ("prep", "dobj", "dative", "npadvmod") and c.i > cue.i
              and not any(x.dep_ in ("mark", "nsubj") for x in c.children) for t in c.subtree}  # not a clause
    inside = []
    for t in cue.doc[cue.i + 1:]:          # tokens run in text order: stop at the quote's end
        if t.idx >= q.end:
            break
        if t.idx >= q.start:
            inside.append(t)
    return bool(inside) and all(t.i in holder for t in inside) and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" and m.idx >= q.outer_end for m in c.children)
        for c in cue.children if c.i > cue.i)


def cue_preposition(tok: Token, cue: Token, q: quotemarks.Quoted) -> bool:
    """ 'bragged about [a scheme to raise “...”]': a preposition after the cue whose object holds the quote
    goes with the cue; what was said is its object ('said on Monday he was “sure”' keeps its time)."""
    return tok.dep_ == "prep" and tok.head.i == cue.i and tok.right_edge.idx >= q.open_mark \
        and any(c.dep_ == "pobj" for c in tok.children)


def heads_clause(cue: Token) -> bool:
    """A cue that governs what follows it ('Lee said during the debate that ...'), not an aside ('The goal,
    Lee said, was ...') nor a naming verb ('what the US has called “...”')."""
    subj = subject(cue)
    # a participle after a comma heads its clause too ('went on offense, saying he would ...')
    participle = cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.i >= 1 and cue.nbor(-1).text == ","
    return (cue.dep_ not in ("parataxis", "advcl", "relcl") or participle) and subj is not None and subj.i < cue.i \
        and cue.lemma_.lower() not in lexicon().naming

def before_participle(doc: Doc, content: tuple[int, int], q: quotemarks.Quoted, cue: Token) -> int:
    """The end of a mixed quote's content, before the writer's words after the quote: a participle clause
    ('said plans “should be settled by spring,” referring to the budget'), a relative clause set off
    by a comma ('rated her “highly capable,” which is its top grade'), a counterpoint after a comma
    ('“about even,” though ...'), a dash, or where and when the cue was said ('called the mayor a “fraud”
    on her podcast')."""
    if content[1] <= q.outer_end:
        return content[1]
    after = tokens_between(doc, q.outer_end, content[1])
    for t in after:
        if t.idx < q.outer_end:
            continue
        prev = doc[t.i - 1] if t.i >= 1 else None
        if t.tag_ == "VBG" and prev is not None and prev.is_punct and set_off(doc, prev, q):
            return trim_end(doc_text(doc), content[0], prev.idx if prev.text == "," else t.idx)
        if prev is not None and comma_at_close(doc, prev, q) and (
                t.dep_ in ("appos", "npadvmod") and t.pos_ == "NOUN"
                or t.pos_ == "DET" and t.head.dep_ in ("appos", "npadvmod") and t.head.pos_ == "NOUN"):
            # 'says such polls are warm-ups for the “split” ballot, a step that could ...': the writer's gloss
            return trim_end(doc_text(doc), content[0], max(prev.idx, q.outer_end))
        if t.pos_ == "VERB" and t.dep_ == "conj" and (t.head.i == cue.i or next_statement(t, cue)):
            # 'says she'd tell them “no more delays” and tells the crowd ...': the cue's next statement
            cc = prev if prev is not None and prev.dep_ == "cc" else t
            return trim_end(doc_text(doc), content[0], max(cc.idx, q.outer_end))
        if (t.lower_ in ("which", "who") or t.lower_ in _CONCESSIVE and t.dep_ == "mark") and prev is not None \
                and (prev.text == "," or comma_at_close(doc, prev, q)) \
                or t.text in ("—", "–", "--") or occasion(t, q) or t.head.i == cue.i and (
                    t.dep_ == "prep" and t.lower_ in _WHERE_WHEN and t.lower_ != "as" or t.dep_ == "advcl" and t.left_edge.lower_ in _WHERE_WHEN):
            # an adverbial clause is cut where it begins ('when asked ...'), not at its verb
            first = t.left_edge if t.dep_ == "advcl" else t
            end = prev.idx if prev is not None and prev.text == "," and prev.idx >= q.outer_end else first.idx
            return trim_end(doc_text(doc), content[0], max(end, q.outer_end))
    return content[1]


def occasion(prep: Token, q: quotemarks.Quoted) -> bool:
    """ 'called the mayor a “fraud” on her podcast', '“safe” on Monday': a where/when phrase right after the
    closing mark whose object is a channel or show of speech (or, after "on", a day) says where
    or when the quote was said, whatever word the parser hangs it on. ('“more” in taxes' stays.)"""
    if prep.dep_ != "prep" or prep.lower_ not in _WHERE_WHEN or prep.lower_ == "as" \
            or prep.idx < q.outer_end or doc_text(prep.doc)[q.outer_end:prep.idx].strip():
        return False
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (obj.lemma_.lower() in lexicon().occasions or obj.lower_ in lexicon().occasions
                                or prep.lower_ == "on" and obj.ent_type_ in ("DATE", "TIME"))


def comma_at_close(doc: Doc, prev: Token, q: quotemarks.Quoted) -> bool:
    """A comma closes the quote: just after its closing mark ('“X”, which') or just inside it ('“X,” which')."""
    if prev.text == ",":
        return prev.idx >= q.outer_end - 1
    return prev.text in "”\"’" and prev.idx >= q.end and doc_text(doc)[q.start:q.end].rstrip().endswith(",")


def set_off(doc: Doc, prev: Token, q: quotemarks.Quoted) -> bool:
    """The punctuation before a word after the quote sets that word off from it: a comma or a dash, or
    a closing mark after a comma or full stop inside it (',” referring to'); a bare closing mark does not
    ('a plan to spend “a lot” digging up ...': the participle still belongs to the clause)."""
    if prev.text not in "”\"’":
        return True
    return doc_text(doc)[q.start:q.end].rstrip().endswith((",", ".", "!", "?", "…", ";", ":"))


_ARTICLE_GAP = re.compile(r"\s*(?:(?:a|an|the)\s+)?")


def right_of(verb: Token) -> tuple[int, int] | None:
    """Everything a verb governs to its right (objects, complements, prepositions), as one span."""
    keep = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc")
            and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    toks = [t for c in keep for t in c.subtree]
    return char_span(toks) if toks else None

def named_statement(doc: Doc, cue: Token, q: quotemarks.Quoted) -> tuple[int, int] | None:
    """ 'called the bridge “a folly” because it cost too much': a naming verb with its object before the
    quote is a statement, and PolNeAR's content is all the verb governs on its right, the object too."""
    if cue.lemma_.lower() not in lexicon().naming or cue.idx > q.open_mark:
        return None
    obj = next((c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i), None)
    if obj is None or obj.idx >= q.open_mark:
        return None
    span = right_of(cue)
    if span is not None and span[1] <= q.open_mark and _ARTICLE_GAP.fullmatch(doc_text(doc)[span[1]:q.open_mark]):
        # 'called the plan a “folly” because ...' parsed with the quote off the verb: object, quote and what
        # follows it in the sentence, as the verb would govern it
        last = _last_word(sentence(cue)) or cue
        span = (span[0], max(q.outer_end, last.idx + len(last.text)))
    return span if span is not None and span[0] < q.open_mark and covers(doc_text(doc), span, q) else None


def sentence_has_unquoted_clause(doc: Doc, q: quotemarks.Quoted, cue: Token) -> bool:
    """ "The aim, he said, was to “launch …”": the quote completes a sentence that is not all quote."""
    sent = sentence(cue)
    before = doc_text(doc)[sent.start_char:q.open_mark]
    lead = before[:max(0, cue.idx - sent.start_char)] if cue.idx < q.open_mark else before
    return len([w for w in re.findall(r"\w+", lead)]) >= 2 and cue.idx < q.open_mark and \
        cue.dep_ in ("parataxis", "advcl", "ccomp") and q.open_mark - (cue.idx + len(cue.text)) > 6

def around_aside(doc: Doc, q: quotemarks.Quoted, cue: Token) -> list[tuple[int, int]] | None:
    """ 'But, Ortiz added, she did not back closures “across the board.”': a cue set off by commas before
    the quote, in its sentence: what was said is the sentence on both sides of the aside."""
    sent = sentence(cue)
    toks = [t for t in sent if not t.is_space]
    left = next((t for t in reversed(toks) if t.i < cue.i and t.text == ","), None)
    right = next((t for t in toks if t.i > cue.i and t.text == ","), None)
    if right is None or right.idx >= q.open_mark or right.i - cue.i > 3:
        return None
    first = toks[0] if left is None else left
    if cue.i - first.i > ASIDE_MAX_WORDS or any(t.pos_ in ("VERB", "AUX") and t.i != cue.i for t in sent[first.i - sent.start:cue.i - sent.start]):
        return None
    end_tok = next((t for t in reversed(toks) if not (t.is_punct and t.text not in quotemarks.CLOSING_MARKS)), None)
    if end_tok is None or end_tok.idx < q.open_mark:
        return None
    end = max(end_tok.idx + len(end_tok.text), trim_end(doc_text(doc), q.start, q.outer_end))
    after = next(t for t in toks if t.i > right.i)
    pieces = [(after.idx, end)]
    if left is not None:
        lead = [t for t in toks if t.i < left.i and not t.is_punct]
        if lead and not (len(lead) == 1 and lead[0].pos_ == "CCONJ"):  # 'But, ...': a conjunction alone says nothing
            pieces.insert(0, (lead[0].idx, left.idx))
    return pieces

def aside_lead(doc: Doc, q: quotemarks.Quoted, cue: Token) -> list[tuple[int, int]] | None:
    """ 'The new library, the mayor said, “is a gift to every child”': a lower-case quote right after a cue
    set off by commas goes on the clause the aside interrupts; what was said is the sentence around the
    aside. (A capitalised quote there is a sentence of its own: 'On the budget, Lee said, “We will ...”'.)"""
    text = doc_text(doc)
    if cue.idx >= q.open_mark or text[cue.idx + len(cue.text):q.open_mark].strip() != "," \
            or not text[q.start:q.start + 1].islower():
        return None
    pieces = around_aside(doc, q, cue)
    if pieces is None or len(pieces) != 2 or _QUOTE_MARK.search(text, pieces[0][0], cue.idx):
        return None  # '“A,” Lee said, “and B”': B goes on the statement A began, not on a clause of its own
    if any(t.pos_ in ("VERB", "AUX") for t in tokens_between(doc, *pieces[0])):
        return None  # 'Asked about the vote, Lee said, “...”': a lead with a verb is a clause of the writer's
    return pieces


def lead_before(doc: Doc, q: quotemarks.Quoted, cue: Token) -> tuple[int, int] | None:
    """ 'She would be a stronger mayor than Lee “no matter what,” one resident wrote': a lower-case quote
    in its sentence's opening clause, with a tag after that clause (', one resident wrote'), says that whole
    clause; the parse often loses it. The clause may go on past the mark ('The vote signals “the end” for
    the treaty, said Lee'). The span from the clause's start to its end."""
    text = doc_text(doc)
    if cue.idx < q.outer_end or q.close_mark is None:
        return None
    end = trim_end(text, q.start, q.end)
    if not (text[q.start:q.end].rstrip().endswith(",") or text[q.outer_end:q.outer_end + 1] == ","):
        comma = text.rfind(",", q.outer_end, cue.idx)
        rest = text[q.outer_end:comma]
        if comma < 0 or quotemarks.DOUBLE_MARK.search(rest) or _MARK_OR_STOP.search(rest + " ") \
                or len(_WORD.findall(rest)) > CLAUSE_AFTER_MAX_WORDS:
            return None
        # only a tag may follow ('..., said Lee, a spokesman'), not a statement of its own ('..., and she
        # tells crowds that ...')
        if any(c.i > cue.i and c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "advcl") for c in cue.children) \
                or any(t.pos_ == "CCONJ" for t in tokens_between(doc, comma, cue.idx)):
            return None
        end = comma
    tag = list(tokens_between(doc, end, cue.idx))
    if len(tag) > 8 or any(t.pos_ in ("VERB", "AUX") or t.text in ".;:!?" for t in tag):
        return None  # the verb after the quote is no tag ('“...” but described his ...')
    sent = sentence(cue)
    lead = text[sent.start_char:q.open_mark]
    if "\n" in lead or _MARK_OR_STOP.search(lead) or not text[q.start:q.start + 1].islower() \
            or lead.rstrip().endswith(":") or len(_WORD.findall(lead)) < LEAD_MIN_WORDS:
        return None
    return sent.start_char + len(lead) - len(lead.lstrip()), end


def clause_on(doc: Doc, q: quotemarks.Quoted, cue: Token) -> tuple[int, int] | None:
    """ '“We are heartbroken” by the fire that took the old mill, the owner said': a quote that opens its
    sentence with no closing punctuation inside, whose clause the parse carries on past the closing mark
    (the next word hangs on a word inside the marks), says the whole clause up to the tag's comma."""
    text = doc_text(doc)
    if cue.idx < q.outer_end or q.close_mark is None or text[q.start:q.end].rstrip()[-1:] in ",.!?;:…—-" \
            or text[q.outer_end:q.outer_end + 1] in (",", ".", ";", ":", "?", "!"):
        return None
    sent = sentence(cue)
    if re.search(r"\w", text[sent.start_char:q.open_mark]):
        return None  # a lead before the quote is lead_before's
    comma = text.rfind(",", q.outer_end, cue.idx)
    rest = text[q.outer_end:comma]
    if comma < 0 or quotemarks.DOUBLE_MARK.search(rest) or _MARK_OR_STOP.search(rest + " ") \
            or len(_WORD.findall(rest)) > CLAUSE_ON_MAX_WORDS:
        return None
    first = next((t for t in tokens_between(doc, q.outer_end, comma) if t.idx >= q.outer_end and not t.is_space), None)
    if first is None or first.is_punct or not q.start <= first.head.idx < q.end:
        return None  # the clause must go on from the quote's own words
    tag = list(tokens_between(doc, comma + 1, cue.idx))
    if len(tag) > 8 or any(t.pos_ in ("VERB", "AUX") or t.text in ".;:!?" for t in tag):
        return None
    return q.open_mark, trim_end(text, q.open_mark, comma)


def clause_resumed(doc: Doc, q: quotemarks.Quoted, cue: Token) -> list[tuple[int, int]] | None:
    """ '“Only a fool,” the farmer said, would plant corn before the frost': a quote broken off by a comma,
    its tag set off by commas, and after the tag a finite verb with no subject of its own: the sentence
    goes on from the quote, and what was said is the quote and the rest of its sentence."""
    text = doc_text(doc)
    if q.close_mark is None or cue.idx < q.outer_end or not text[q.start:q.end].rstrip().endswith(","):
        return None
    tag = list(tokens_between(doc, q.outer_end, cue.idx + len(cue.text)))
    if len(tag) > 8 or any(t.pos_ in ("VERB", "AUX") and t.i != cue.i or t.text in ".;:!?\"“”" for t in tag):
        return None
    sent = sentence(cue)
    comma = next((t for t in doc[cue.i + 1:min(cue.i + 6, sent.end)] if t.text == ","), None)
    if comma is None or comma.i + 1 >= sent.end:
        return None
    verb = doc[comma.i + 1]
    # a modal or present-tense verb only: a past form after a tag is as often a participle the tagger misread
    if not verb.text[:1].islower() or verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("MD", "VBZ", "VBP") \
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    end_tok = _last_word(sent)
    if end_tok is None or end_tok.i <= verb.i or quotemarks.DOUBLE_MARK.search(text, verb.idx, end_tok.idx):
        return None
    return [(q.open_mark, q.outer_end), (verb.idx, end_tok.idx + len(end_tok.text))]


def _last_word(sent: Span) -> Token | None:
    """The sentence's last token that is neither punctuation nor space: where its clause ends."""
    return next((t for t in reversed(sent) if not (t.is_space or t.is_punct)), None)


def mixed_clause(text: str, span: tuple[int, int], q: quotemarks.Quoted) -> bool:
    """Enough of the clause lies outside the marks to make the quote mixed: a subject and verb before it
    ("Lee had “...”"), or three words in all ('called “X” in Syria' is not enough)."""
    if text[span[0]:q.open_mark].rstrip().endswith(":"):
        return False  # 'say it all: “We live here too.”': the colon hands over to the quote
    before = len(re.findall(r"\w+", text[span[0]:q.open_mark]))
    return before >= MIXED_MIN_WORDS or before + len(re.findall(r"\w+", text[q.outer_end:span[1]])) >= 3


def handed_over(doc: Doc, cue: Token, q: quotemarks.Quoted) -> bool:
    """ 'wrote to his followers on Sunday, “It is time to go,”': the words between the cue and a comma before
    a capitalised quote are whom and when it was said to, not a reported clause of their own (no subject,
    no "that"): the quote is what was said, direct."""
    text = doc_text(doc)
    inner = text[q.start:q.end].rstrip()
    if cue.idx >= q.open_mark or not text[cue.idx:q.open_mark].rstrip().endswith(",") \
            or not inner[:1].isupper() or not inner.endswith((".", ",", "!", "?")):
        return False
    between = tokens_between(doc, cue.idx + len(cue.text), q.open_mark)
    return not any(t.dep_ in _CLAUSE_START for t in between)
