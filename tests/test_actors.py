"""Actors, first cut: named entities grouped into actors, each with every mention's exact span."""
import pytest
import spacy

from newscoder.actors import clean_name, extract
from newscoder.nlp import load
from newscoder.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load(Settings())


def actors_of(nlp, text):
    return {a.name: a for a in extract(nlp(text))}


def test_clean_name():
    assert clean_name("the U.N. Security Council") == "UN Security Council"
    assert clean_name("Israel's") == "Israel"
    assert clean_name("Hamas’") == "Hamas"
    assert clean_name("The White House") == "White House"


def test_surname_joins_full_name(nlp):
    text = ("President Vladimir Putin spoke in Moscow on Monday. Putin said the talks had failed. "
            "Later, Putin met the envoy again.")
    actors = actors_of(nlp, text)
    putin = actors["Vladimir Putin"]
    assert putin.kind == "person"
    assert [text[s:e] for s, e in putin.mentions] == ["Vladimir Putin", "Putin", "Putin"]
    assert "Putin" not in actors


def test_surname_with_two_owners_stays_apart(nlp):
    text = "John Smith met Jane Smith in London. Smith said nothing."
    actors = actors_of(nlp, text)
    assert "John Smith" in actors and "Jane Smith" in actors
    assert all(len(a.mentions) == 1 for n, a in actors.items() if n.endswith("Smith") and " " in n)


def test_variants_of_one_body_are_one_actor(nlp):
    text = ("Diplomats met at the U.N. Security Council on Tuesday. "
            "The UN Security Council then adjourned without a vote.")
    actors = [a for a in extract(nlp(text)) if "Security Council" in a.name]
    assert len(actors) == 1 and len(actors[0].mentions) == 2


def test_ids_follow_first_mention_and_spans_are_exact(nlp):
    text = "Kenya and Uganda signed a trade deal in Nairobi, Kenyan officials said."
    actors = extract(nlp(text))
    assert [a.id for a in actors] == [f"A{i}" for i in range(1, len(actors) + 1)]
    firsts = [a.mentions[0][0] for a in actors]
    assert firsts == sorted(firsts)
    for a in actors:
        for s, e in a.mentions:
            assert clean_name(text[s:e]) == a.name or a.kind == "person"


def test_component_sets_doc_extension():
    nlp = spacy.blank("en")
    nlp.add_pipe("newscoder_actors")
    doc = nlp("No entities in a blank pipeline.")
    assert doc._.actors == []
