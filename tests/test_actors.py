"""Actors: mentions resolved to country/sector/code, and the mentions of one actor linked (names,
aliases, titles, role phrases, pronouns, definite descriptions)."""
import pytest
import spacy
from conftest import SEED, needs_shared

import newscoder
from newscoder.actors import clean_name, extract
from newscoder.nlp import load
from newscoder.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load(Settings())


def table(nlp, text, published="2023-10-27"):
    return extract(nlp(text), published)


def by_name(nlp, text, published="2023-10-27"):
    return {a.name: a for a in table(nlp, text, published).actors}


def mention_texts(text, actor):
    return [text[s:e] for s, e in actor.mentions]


def test_clean_name():
    assert clean_name("the U.N. Security Council") == "UN Security Council"
    assert clean_name("Israel's") == "Israel"
    assert clean_name("Hamas’") == "Hamas"
    assert clean_name("The White House") == "White House"


def test_surname_title_description_and_pronoun_are_one_person(nlp):
    text = ("President Vladimir Putin spoke in Moscow on Monday. Putin said the talks had failed.\n"
            "Later the Russian president met the envoy again, and he said nothing more.")
    putin = by_name(nlp, text)["Vladimir Putin"]
    assert (putin.country, putin.sector, putin.code, putin.kind) == ("RUS", "GOV", "RUSGOV", "person")
    assert mention_texts(text, putin) == ["Vladimir Putin", "Putin", "Russian president", "he"]


def test_aliases_of_one_country_are_one_actor(nlp):
    text = "The US said on Monday it would act. The U.S. and Britain then met, and the United States agreed."
    actors = by_name(nlp, text)
    assert mention_texts(text, actors["United States"]) == ["US", "U.S.", "United States"]
    assert actors["United Kingdom"].country == "GBR"


def test_unknown_people_keep_apart_and_surnames_join(nlp):
    text = "John Smith met Jane Smith in London. Temir Osmonaliev spoke later. Osmonaliev said nothing."
    actors = by_name(nlp, text)
    assert "John Smith" in actors and "Jane Smith" in actors
    assert mention_texts(text, actors["Temir Osmonaliev"]) == ["Temir Osmonaliev", "Osmonaliev"]


def test_metonyms_and_igos(nlp):
    text = ("The Kremlin and the Pentagon traded barbs, while the U.N. Security Council met and "
            "the State Department said Washington would not attend.")
    actors = by_name(nlp, text)
    assert actors["Kremlin"].code == "RUSGOV"
    assert actors["Pentagon"].code == "USAMIL"
    assert actors["UN Security Council"].code == "IGOUNO" and actors["UN Security Council"].kind == "igo"
    assert actors["State Department"].code == "USAGOV"
    assert actors["Washington"].code == "USAGOV"


@pytest.mark.parametrize("text,mention,code", [
    ("Russian religious leaders met on Wednesday.", "Russian religious leaders", "RUSREL"),
    ("The Pentagon struck Iran-linked militants in Syria.", "Iran-linked militants", "IRNREB"),
    ("Israeli forces entered the camp at dawn.", "Israeli forces", "ISRMIL"),
    ("Russia is there at the invitation of the Assad government.", "Assad government", "SYRGOV"),
    ("The Russian side has charged the Biden administration with bad faith.", "Biden administration", "USAGOV"),
    ("A US destroyer shot down three drones.", "US destroyer", "USAMIL"),
    ("The State Department spokesman responds to questions.", "State Department spokesman", "USAGOV"),
    ("A Hamas delegation arrived in Moscow.", "Hamas delegation", "PSEREB"),
    ("Lebanon's health ministry said the toll rose.", "health ministry", "LBNGOV"),
])
def test_role_phrases(nlp, text, mention, code):
    start = text.index(mention)
    actor = next(a for a in table(nlp, text).actors if any(s <= start < e for s, e in a.mentions))
    assert actor.code == code


def test_office_holders_by_date(nlp):
    text = "Biden spoke on Tuesday."
    assert by_name(nlp, text, "2023-05-02")["Joe Biden"].code == "USAGOV"
    former = by_name(nlp, "Bashar al-Assad gave an interview.", "2025-03-01")["Bashar al-Assad"]
    assert former.country == "SYR" and former.sector is None


def test_via_reuters_is_media_not_a_person(nlp):
    actors = by_name(nlp, "The attack was reported Via Reuters late on Friday.")
    assert actors["Reuters"].kind == "media" and actors["Reuters"].code == "GBRMED"


def test_dates_are_not_places(nlp):
    text = "Hamas' Oct.7 attack on southern Israeli communities shocked the region."
    names = set(by_name(nlp, text))
    assert not any("Oct" in n for n in names)
    assert "Hamas" in names


def test_pronouns_inside_quotes_are_left_alone(nlp):
    text = 'Putin said: "They are trying to divide us." He left.'
    putin = by_name(nlp, text)["Vladimir Putin"]
    assert mention_texts(text, putin) == ["Putin", "He"]


def test_pronoun_prefers_the_subject_and_respects_gender_class(nlp):
    text = "Netanyahu met the Egyptian envoy in Jerusalem. He said the talks were useful. Its outcome was unclear."
    actors = by_name(nlp, text, "2024-01-10")
    assert "He" in mention_texts(text, actors["Benjamin Netanyahu"])


def test_pronoun_does_not_reach_past_the_paragraph_limit(nlp):
    text = "Macron spoke first.\nThe weather was cold.\nRain fell.\nSnow came.\nHe left early."
    macron = by_name(nlp, text, "2024-01-10")["Emmanuel Macron"]
    assert mention_texts(text, macron) == ["Macron"]


def test_ids_follow_first_mention_and_spans_are_exact(nlp):
    text = "Kenya and Uganda signed a trade deal in Nairobi, Kenyan officials said."
    actors = table(nlp, text).actors
    assert [a.id for a in actors] == [f"A{i}" for i in range(1, len(actors) + 1)]
    firsts = [a.mentions[0][0] for a in actors]
    assert firsts == sorted(firsts)


def test_token_index_points_at_actor_ids(nlp):
    doc = nlp("Putin spoke. He left.")
    t = extract(doc, "2023-10-27")
    assert t.token_actor[0] == t.token_actor[3] == t.actors[0].id


def test_component_sets_doc_extension():
    nlp = spacy.blank("en")
    nlp.add_pipe("newscoder_actors")
    doc = nlp("No entities in a blank pipeline.")
    assert doc._.actors == []


@needs_shared
def test_seed_actors():
    text = SEED.read_text(encoding="utf-8")
    rec = newscoder.analyze(text)
    t = rec.text
    actors = {a.name: a for a in rec.actors}
    putin = actors["Vladimir Putin"]
    assert putin.code == "RUSGOV"
    said = mention_texts(t, putin)
    assert "Russian president" in said and sum(m.lower() == "he" for m in said) >= 4
    assert actors["Hamas"].code == "PSEREB"
    assert actors["Israel"].country == "ISR"
    assert actors["Pentagon"].code == "USAMIL"
    assert actors["State Department spokesman"].code == "USAGOV"
    assert actors["UN Security Council"].sector == "IGO"
    assert actors["Moscow"].code == "RUSGOV"
    assert actors["Washington"].code == "USAGOV"
    assert actors["Biden administration"].code == "USAGOV"
    assert actors["Iran-linked militants"].code == "IRNREB"
    assert actors["Reuters"].kind == "media"


def test_she_skips_a_man_and_finds_the_woman(nlp):
    text = "Annalena Baerbock met Sergei Lavrov in Geneva. She said the talks had been difficult."
    actors = by_name(nlp, text, "2023-05-02")
    assert "She" in mention_texts(text, actors["Annalena Baerbock"])
    assert "She" not in mention_texts(text, actors["Sergei Lavrov"])


def test_gender_from_first_name_of_an_unknown_person(nlp):
    text = "Maria Sample spoke to Tom Example outside the court. He declined to comment."
    actors = by_name(nlp, text)
    assert "He" in mention_texts(text, actors["Tom Example"])
