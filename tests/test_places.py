"""The gazetteer: explicit entries, countries, regions, towns; ambiguity goes the documented way."""
from __future__ import annotations

import pytest

from newscoder import places


@pytest.mark.parametrize("name,place,country", [
    ("Gaza Strip", "Gaza Strip", "PSE"),
    ("Gaza", "Gaza Strip", "PSE"),
    ("the West Bank", "West Bank", "PSE"),
    ("Kremlin", "Moscow", "RUS"),
    ("the Kremlin", "Moscow", "RUS"),
    ("White House", "Washington", "USA"),
    ("Palestine", "Palestine", "PSE"),        # not Palestine, Texas
    ("Georgia", "Georgia", "GEO"),            # the country in international news
    ("Jordan", "Jordan", "JOR"),
    ("Syria", "Syria", "SYR"),
    ("southern Lebanon", "Lebanon", "LBN"),
    ("Idleb", "Idlib", "SYR"),
])
def test_explicit_entries_and_countries(name, place, country):
    loc = places.resolve(name)
    assert (loc.name, loc.country) == (place, country)
    assert loc.lat is not None and loc.lon is not None


def test_a_country_is_placed_at_its_capital():
    loc = places.resolve("Kenya")
    nairobi = places.resolve("Nairobi")
    assert loc.country == "KEN" and (loc.lat, loc.lon) == pytest.approx((nairobi.lat, nairobi.lon), abs=0.05)


@pytest.mark.parametrize("name,country", [
    ("Mayo-Sava", "CMR"), ("Al Bayda", "YEM"), ("Hudaydah city", "YEM"), ("Deir-ez-Zor", "SYR"), ("Carabobo state", "VEN"),
    ("Nord-Kivu", "COD"), ("Tillaberi", "NER"), ("KwaZulu-Natal", "ZAF"), ("Texas", "USA"),
])
def test_regions_have_a_country_and_no_point(name, country):
    loc = places.resolve(name)
    assert loc.country == country and loc.lat is None


@pytest.mark.parametrize("name,country", [
    ("Horadiz", "AZE"), ("Samarra", "IRQ"), ("Sao Vicente", "BRA"), ("São Paulo", "BRA"), ("Kirkuk", "IRQ"),
    ("Mogadishu-Hamar Weyne", "SOM"),
])
def test_towns_from_the_gazetteer(name, country):
    loc = places.resolve(name)
    assert loc is not None and loc.country == country and loc.lat is not None


def test_the_article_s_countries_choose_among_same_named_towns():
    assert places.resolve("San Antonio").country == "USA"                         # the biggest
    assert places.resolve("San Antonio", prefer=("CHL",)).country == "CHL"         # the article is about Chile
    assert places.resolve("Rafah").country == "PSE"
    assert places.resolve("Rafah", prefer=("EGY",)).country == "EGY"               # "Rafah, North Sinai"


def test_a_small_town_abroad_is_not_taken_when_the_article_is_elsewhere():
    assert places.resolve("Horadiz", prefer=("BRA",)) is None
    assert places.resolve("Horadiz", prefer=("AZE",)).country == "AZE"


def test_words_and_regions_without_a_country():
    assert places.resolve("area") is None
    assert places.resolve("North Zone") is None                                  # not Zone, Italy
    loc = places.resolve("Middle East")
    assert loc.name == "Middle East" and loc.country is None


def test_known_uses_no_town_gazetteer_below_a_big_city():
    assert places.known("Cabo Delgado").country == "MOZ"
    assert places.known("Sao Paulo").country == "BRA"
    assert places.known("Horadiz") is None


def test_country_location_by_code():
    loc = places.country_location("PSE")
    assert loc.country == "PSE" and loc.lat is not None
    assert places.country_location(None) is None


# ---- administrative areas (data/events/admin_areas.tsv), missions, other spellings -----------------------
def test_a_province_from_the_admin_areas_has_a_country_and_no_point():
    loc = places.resolve("Bamingui-Bangoran")
    assert loc is not None and loc.country == "CAF" and loc.lat is None
    assert places.resolve("Oshimili North").country == "NGA"    # a district (an LGA)
    assert places.known("Bie").country == "AGO"                 # not Bie, Sweden: says which country an article is about
    assert places.known("Valparaiso").country == "CHL"


def test_a_province_names_the_country_that_chooses_the_town():
    assert places.resolve("Kuito", prefer=("AGO",)).country == "AGO"


def test_an_area_name_shared_by_two_countries_needs_the_article_s_country():
    from newscoder import place_areas
    areas = (place_areas.Area("Xa District", "AAA", 2), place_areas.Area("Xa", "BBB", 2))
    assert place_areas.pick(areas, ()) is None
    assert place_areas.pick(areas, ("BBB",)).country == "BBB"
    assert place_areas.pick(areas, (), weak=("AAA",)).country == "AAA"
    assert place_areas.pick((place_areas.Area("Xa", "AAA", 2),), ()).country == "AAA"
    assert place_areas.pick((place_areas.Area("Xa", "AAA", 1),), ("BBB",)) is None    # the article is elsewhere


def test_airport_codes_are_not_town_names():
    assert places.resolve("SMM") is None


def test_a_big_city_s_other_spelling_beats_a_small_town_s_name():
    assert places.resolve("Odessa").country == "UKR"


def test_missions_tell_the_country_they_work_in():
    assert places.operation_country("OSCE SMM") == "UKR"
    assert places.operation_country("UNIFIL") == "LBN"
    assert places.operation_country("United Nations") is None


def test_admin_areas_file_is_well_formed():
    from importlib import resources
    text = resources.files("newscoder").joinpath("data/events/admin_areas.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert rows[0] == ["name", "aliases", "country", "level"] and len(rows) > 40_000
    assert all(len(r) == 4 and len(r[2]) == 3 and r[3] in ("1", "2") for r in rows[1:])


def test_a_province_is_no_evidence_when_the_name_is_a_person_s():
    assert places.known("Duarte").country == "DOM"
    assert places.known("Duarte", areas=False) is None


def test_known_is_cached_but_hands_out_copies():
    first = places.known("Cabo Delgado")
    first.country, first.name = "XXX", "changed"                # a caller may change what it got
    again = places.known("Cabo Delgado")
    assert again is not first and (again.name, again.country) == ("Cabo Delgado", "MOZ")
