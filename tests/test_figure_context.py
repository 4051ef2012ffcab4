"""figure_context: the place and the source of a figure, read straight from the parse. All sentences are
written for these tests."""
import pytest

from newscoder import actors, figure_context, figures
from newscoder.doccache import remember_text, release
from newscoder.nlp import load
from newscoder.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load(Settings())


def context(nlp, text, published="2024-05-01"):
    doc = nlp(text)
    remember_text(doc, text)
    return figures._Context(doc, actors.extract(doc, published), published)


def token(ctx, word):
    return next(t for t in ctx.doc if t.text == word)


def test_place_after_a_preposition_with_its_country(nlp):
    ctx = context(nlp, "Floods killed 12 villagers in Sylhet, Bangladesh, on Monday.")
    try:
        anchor = token(ctx, "killed")
        place = figure_context.location(ctx, ctx.doc[2:4], anchor)
        assert place is not None and place.name == "Sylhet" and place.country == "BGD"
    finally:
        release(ctx.doc)


def test_an_owner_is_no_place(nlp):
    ctx = context(nlp, "Kenya's police arrested 40 students on Friday.")
    try:
        assert figure_context.location(ctx, ctx.doc[4:6], token(ctx, "arrested")) is None
    finally:
        release(ctx.doc)


def test_source_from_according_to_and_from_a_speech_verb(nlp):
    ctx = context(nlp, "Nine miners were trapped, according to the Chilean government.")
    try:
        src = figure_context.source(ctx, ctx.doc[0:2], token(ctx, "trapped"))
        assert src is not None and ctx.table.actor(src).country == "CHL"
    finally:
        release(ctx.doc)
    ctx = context(nlp, "The Red Cross said 300 families had fled the fighting.")
    try:
        src = figure_context.source(ctx, ctx.doc[4:6], token(ctx, "fled"))
        assert src is not None and "Red Cross" in ctx.table.actor(src).name
    finally:
        release(ctx.doc)
