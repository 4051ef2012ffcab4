"""Amounts as the news writes them: values, qualifiers, ranges, vague words, and what is not an amount."""
import pytest

from newscoder.numbers import find, parse


@pytest.mark.parametrize("phrase, value", [
    ("7", 7), ("7,000", 7000), ("12,000", 12000), ("1.5 million", 1_500_000), ("2 thousand", 2000),
    ("three", 3), ("Twelve", 12), ("twenty-five", 25), ("twenty five", 25), ("ninety-nine", 99),
    ("a hundred", 100), ("one hundred", 100), ("two hundred and fifty", 250), ("a thousand", 1000),
    ("three thousand", 3000), ("two dozen", 24), ("4 million", 4_000_000),
])
def test_parse_cardinals(phrase, value):
    assert parse(phrase) == value


@pytest.mark.parametrize("phrase", ["2.5", "hundredfold", "many", ""])
def test_parse_refuses_what_is_not_a_whole_count(phrase):
    assert parse(phrase) is None


@pytest.mark.parametrize("text, value, qualifier, covered", [
    ("over 7,000 people", 7000, "over", "over 7,000"),
    ("more than 100 dead", 100, "over", "more than 100"),
    ("at least 34 people", 34, "at_least", "at least 34"),
    ("nearly 50 were hurt", 50, "under", "nearly 50"),
    ("almost 3,000 residents", 3000, "under", "almost 3,000"),
    ("fewer than 10 people", 10, "under", "fewer than 10"),
    ("less than a dozen soldiers", 12, "under", "less than a dozen"),
    ("up to 40 people", 40, "up_to", "up to 40"),
    ("as many as 70 people", 70, "up_to", "as many as 70"),
    ("about 60 protesters", 60, "about", "about 60"),
    ("around 300 people", 300, "about", "around 300"),
    ("some 500 people", 500, "about", "some 500"),
    ("roughly 1,000 people", 1000, "about", "roughly 1,000"),
    ("20 or more people", 20, "at_least", "20 or more"),
    ("between 20 and 30 people", 20, "at_least", "between 20 and 30"),
    ("20 to 30 people", 20, "at_least", "20 to 30"),
    ("20-30 people", 20, "at_least", "20-30"),
    ("two or three gunmen", 2, "at_least", "two or three"),
    ("dozens of people", 12, "at_least", "dozens"),
    ("scores of students", 20, "at_least", "scores"),
    ("hundreds of families", 100, "at_least", "hundreds"),
    ("thousands of protesters", 1000, "at_least", "thousands"),
    ("tens of thousands of residents", 10_000, "at_least", "tens of thousands"),
    ("hundreds of thousands of people", 100_000, "at_least", "hundreds of thousands"),
    ("several journalists", 3, "at_least", "several"),
    ("a dozen civilians", 12, "about", "a dozen"),
    ("two dozen miners", 24, "exact", "two dozen"),
    ("1.5 million people", 1_500_000, "exact", "1.5 million"),
])
def test_find_values_and_qualifiers(text, value, qualifier, covered):
    [a] = find(text)
    assert (a.value, a.qualifier, text[a.start:a.end]) == (value, qualifier, covered)


def test_number_offsets_exclude_the_qualifier():
    text = "killing at least 34 people"
    [a] = find(text)
    assert text[a.num_start:a.end] == "34" and text[a.start:a.end] == "at least 34"


def test_a_rise_from_one_number_to_another_is_the_later_number():
    text = "the toll rose from 20 to 30"
    [a] = find(text)
    assert (a.value, a.qualifier, text[a.start:a.end]) == (30, "exact", "30")


@pytest.mark.parametrize("text", ["a 12-year-old boy", "Covid-19 cases", "$3 million", "40% of voters",
                                  "120mm shells", "AK-47 rifles", "the 2nd brigade", "a 2,000-strong force",
                                  "the team won 3-1", "F-16 jets"])
def test_not_amounts(text):
    assert find(text) == []


def test_several_amounts_in_one_sentence():
    text = "Troops killed 5 militants and wounded 12 in Kunduz."
    assert [(a.value, text[a.start:a.end]) for a in find(text)] == [(5, "5"), (12, "12")]
