"""A paragraph break always ends a sentence: the component marks the token after a newline as a sentence
start before the parser runs (the parser keeps boundaries that are already set), so a byline without a
full stop cannot become the subject of the next paragraph's verb."""

# No `from __future__ import annotations` here: spaCy checks factory signatures at run time.
from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraphs(doc: Doc) -> Doc:
    after_newline = False
    for tok in doc:          # iterating, not doc[i]: each index builds a new Token
        if after_newline:
            tok.is_sent_start = True
        after_newline = "\n" in tok.text_with_ws
    return doc


@Language.factory("newscoder_paragraphs")
def make_paragraph_marker(nlp: Language, name: str):
    return mark_paragraphs
