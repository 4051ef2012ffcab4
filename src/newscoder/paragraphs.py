"""A paragraph break always ends a sentence: the component marks the token after a newline as a sentence
start before the parser runs (the parser keeps boundaries that are already set), so a byline without a
full stop cannot become the subject of the next paragraph's verb."""

# No `from __future__ import annotations` here: spaCy checks factory signatures at run time.
from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraphs(doc: Doc) -> Doc:
    for i in range(1, len(doc)):
        if "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_:
            doc[i].is_sent_start = True
    return doc


@Language.factory("newscoder_paragraphs")
def make_paragraph_marker(nlp: Language, name: str):
    return mark_paragraphs
