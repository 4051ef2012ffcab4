"""Speakers, cues and via: turning a cue verb into the quote's speaker (an actor id), cue text and credit.

An unnamed speaker ("critics of Washington policy", "a curious journalist") becomes an actor of its own;
a relative pronoun speaks for its antecedent ("the letter that says ..."); a quote inside an embedded post
is credited to the post's author when nothing else is.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .actors import ActorTable
from .doccache import doc_text, sentence, span_text
from .record import Actor, Embed, Quote
from .speech import char_span, is_cue, lexicon, made_clear, naming_on_noun, subject


def attribute(quote: Quote, doc: Doc, cue: Token, table: ActorTable) -> None:
    quote.cue, quote.cue_start, quote.cue_end = cue_text(doc, cue)
    subj = subject(cue)
    inside = subj is not None and quote.start <= subj.idx < quote.end
    if inside and (quote.kind == "direct" or cue.idx >= quote.end and cue.tag_ != "VBG"):
        # ('The vote signals “the end” for the treaty, said Lee': the parse's subject is in the content;
        # a participle's is the sentence's: 'Lee needled the “reporter,” saying ...')
        subj = speaker_near(doc, cue, quote)  # the parse took a word of the quote ("We") for the subject
    if subj is None:
        subj = (speaker_before(doc, cue) or speaker_inverted(doc, cue, quote) or speaker_previous(doc, cue)) \
            if cue.idx < quote.start \
            else speaker_near(doc, cue, quote)
    if subj is not None:
        set_speaker(quote, doc, subj, table)
    quote.via = quote.via or via_of(doc, cue, table)


def speaker_near(doc: Doc, cue: Token, quote: Quote) -> Token | None:
    """ '“...,” Rep. Ann Roe (D-Md.) said' / '“...,” said police Chief Ann Roe': the name or noun between
    the quote and its cue, else the first one after the cue, in its sentence."""
    between = [t for t in doc[sentence(cue).start:cue.i] if t.idx >= quote.end and t.pos_ in ("PROPN", "NOUN", "PRON")
               and (t.dep_ not in ("compound", "amod") or t.head.i == cue.i)]  # 'Harper answers' as a noun
    if between:
        return between[0]
    for tok in doc[cue.i + 1:min(sentence(cue).end, cue.i + 9)]:
        if tok.is_punct and tok.text in ".;:“\"":
            return None
        # ('” said Skelly, explaining ...': a surname the tagger does not know may come out as any word)
        if tok.pos_ in ("PROPN", "NOUN") or tok.i == cue.i + 1 and tok.is_title and not tok.is_stop and tok.is_alpha:
            while tok.dep_ in ("compound", "amod") and tok.head.i > tok.i:
                tok = tok.head
            return tok
    return None


def speaker_inverted(doc: Doc, cue: Token, quote: Quote) -> Token | None:
    """ 'Continued Lee: “...”' / 'Added the mayor: “...”': a speech verb that opens its sentence with the
    name after it, then a colon, has its speaker inverted after it."""
    if any(not t.is_punct and not t.is_space for t in doc[sentence(cue).start:cue.i]):
        return None
    colon = next((t for t in doc[cue.i + 1:min(len(doc), cue.i + 8)] if t.text == ":"), None)
    return speaker_near(doc, cue, quote) if colon is not None and colon.idx < quote.start else None


def speaker_previous(doc: Doc, cue: Token) -> Token | None:
    """ 'Lee told reporters the plan was dead. Adding, “...”': a participle that opens its sentence goes on
    the sentence before, whose speech verb's subject speaks."""
    sent = sentence(cue)
    if cue.tag_ != "VBG" or sent.start == 0 or any(not t.is_punct for t in doc[sent.start:cue.i]):
        return None
    root = sentence(doc[sent.start - 1]).root
    subj = subject(root) if is_cue(root, lexicon(), cognition=False, objects=False) else None
    return subj if subj is not None and subj.i < root.i else None


def speaker_before(doc: Doc, cue: Token) -> Token | None:
    """ 'In a statement, her adviser, Jake Moss, said: “...”' parsed with no subject: the nearest name or
    noun before the cue in its sentence that is no object of a preposition, nor a verb's object with what
    it holds ('Roe issued a statement saying ...', 'accused the panel of asking ...' with the subject
    lost: what was issued or accused does not speak; the doer is further back)."""
    end = cue.i
    for tok in reversed(doc[sentence(cue).start:cue.i]):
        if tok.i >= end:
            continue
        if tok.pos_ in ("PROPN", "NOUN") or tok.lower_ in ("he", "she", "they"):
            if tok.dep_ == "pobj" or tok.head.dep_ == "pobj":
                return None
            if tok.dep_ in ("dobj", "dative") and tok.head.i < tok.i:
                end = tok.left_edge.i
                continue
            while tok.dep_ in ("compound", "flat") and cue.i > tok.head.i > tok.i:
                tok = tok.head
            return tok
    return None


def cue_text(doc: Doc, cue: Token) -> tuple[str, int, int]:
    end = cue.idx + len(cue.text)
    if made_clear(cue):
        clear = next(c for c in cue.children if c.lower_ == "clear")
        end = clear.idx + len(clear.text)
    else:
        prt = next((c for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1), None)
        if prt is not None:
            end = prt.idx + len(prt.text)
    return doc_text(doc)[cue.idx:end], cue.idx, end


def set_speaker(quote: Quote, doc: Doc, subj: Token, table: ActorTable) -> None:
    """The speaker's actor, via the actor table; an unnamed speaker ("critics of Washington policy")
    becomes an actor of its own."""
    relative, antecedent = None, _antecedent(subj)
    if antecedent is not None:
        relative, subj = subj, antecedent  # "the letter that says ...": the letter says it
        maker = None if relative.lower_ == "who" else _maker(subj, table)  # 'who' is someone, not a thing
        if maker is not None:
            relative, subj = None, maker
    mention = mention_at(table, subj)
    if mention is not None:
        m, actor_id = mention
        quote.speaker, quote.speaker_text = actor_id, doc_text(doc)[m.start:m.end]
        quote.speaker_start, quote.speaker_end = m.start, m.end
    else:
        _unnamed_speaker(quote, doc, subj, table)
    if relative is not None:  # the mention that names the speaker is the pronoun; `speaker` resolves it
        quote.speaker_text, quote.speaker_start = relative.text, relative.idx
        quote.speaker_end = relative.idx + len(relative.text)


def _antecedent(rel: Token) -> Token | None:
    """The noun a relative pronoun stands for: 'the letter that says' -> letter; through a second verb of
    the clause ('an academic, who is running and who worked the crowd') and an apposition ('Roe, a
    teacher who writes ...' -> Roe: the name, not the description, is who speaks)."""
    if rel.lower_ not in ("who", "that", "which"):
        return None
    clause = rel.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in ("relcl", "acl") or clause.head.i == rel.i:
        return None
    noun = clause.head
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and rel.lower_ == "who":
        noun = noun.head
    return noun


def _maker(thing: Token, table: ActorTable) -> Token | None:
    """ 'released an ad that says ...', 'held a sign that read ...': when what speaks is a thing someone
    made or showed, the maker is the source (PolNeAR takes the sentient agent; the artifact is how it
    was said). Only for a thing no actor names, the object of a verb with a doer."""
    if thing.dep_ != "dobj" or thing.head.pos_ != "VERB" or mention_at(table, thing) is not None:
        return None
    doer = subject(thing.head)
    if doer is None or doer.lower_ in ("who", "that", "which", "it", "this"):
        return None
    return doer if mention_at(table, doer) is not None or doer.pos_ in ("PRON", "PROPN", "NOUN") else None


def _unnamed_speaker(quote: Quote, doc: Doc, subj: Token, table: ActorTable) -> None:
    # a participle on the noun with its own words ('member called Sample “...”' parsed as one phrase) is no name
    cut = next((c.i for c in subj.children if c.dep_ == "acl" and c.i > subj.i
                and (subj.dep_ == "ROOT" or naming_on_noun(c))), len(doc))
    toks = [t for t in subj.subtree if t.dep_ not in ("relcl", "acl") and not t.is_punct and t.i < cut]
    toks = [t for t in toks if t.i <= subj.i or t.head.i != subj.i or t.dep_ == "prep"] or [subj]
    while len(toks) > 1 and toks[0].dep_ == "det":
        toks = toks[1:]
    start, end = char_span(toks)
    quote.speaker_text, quote.speaker_start, quote.speaker_end = doc_text(doc)[start:end], start, end
    if subj.pos_ in ("NOUN", "PROPN"):
        quote.speaker = new_actor(table, doc_text(doc)[start:end], start, end, subj)


def mention_at(table: ActorTable, tok: Token):
    return table.mention_at(tok)


def new_actor(table: ActorTable, name: str, start: int, end: int, head: Token) -> str:
    for a in table.actors:
        if a.name.lower() == name.lower() and a.kind == "unknown":
            a.mentions.append((start, end))
            return a.id
    actor = Actor(id=f"A{len(table.actors) + 1}", name=name, kind="unknown", mentions=[(start, end)])
    table.actors.append(actor)
    table.token_actor.setdefault(head.i, actor.id)
    return actor.id


def via_of(doc: Doc, cue: Token, table: ActorTable) -> str | None:
    """The outlet or document the statement is credited to, from the cue's sentence."""
    sent = sentence(cue)
    for tok in cue.children:  # "told Reuters": the listener is an outlet
        if tok.dep_ in ("dobj", "dative"):
            m = mention_at(table, tok)
            if m is not None and (table.actor(m[1]) or Actor("", "", "")).kind == "media":
                return table.actor(m[1]).name
    text = span_text(sent)
    for rx in lexicon().via_res:
        m = rx.search(text)
        if m:
            return m.group("via").strip()
    return None


def credit_embeds(quotes: list[Quote], embeds: list[Embed]) -> None:
    """A quote inside an embedded post is credited to the post's author when nothing else is."""
    for q in quotes:
        for e in embeds:
            if e.start <= q.start < e.end and q.via is None:
                q.via = e.author
