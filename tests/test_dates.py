"""Temporal expressions, one at a time against the publication date, and the expressions of a document."""
from __future__ import annotations

import pytest

from newscoder.dates import DateValue, DocDates, resolve
from newscoder.nlp import load
from newscoder.settings import Settings

FRIDAY = "2023-10-27"


@pytest.mark.parametrize("text,expected", [
    ("Wednesday", "2023-10-25"),             # the Wednesday on or before publication
    ("on Wednesday", "2023-10-25"),
    ("Friday", "2023-10-27"),                # the day itself
    ("last Friday", "2023-10-20"),
    ("late Sunday", "2023-10-22"),
    ("Monday night", "2023-10-23"),
    ("Oct.7", "2023-10-07"),
    ("Oct. 7", "2023-10-07"),
    ("October 7", "2023-10-07"),
    ("7 October", "2023-10-07"),
    ("September 29", "2023-09-29"),
    ("Nov. 2", "2022-11-02"),                # no year and after publication: the year before
    ("6 May 2020", "2020-05-06"),
    ("May 6, 2020", "2020-05-06"),
    ("2023-10-01", "2023-10-01"),
    ("today", "2023-10-27"),
    ("yesterday", "2023-10-26"),
    ("last night", "2023-10-26"),
    ("last week", "2023-10-20"),
    ("two days ago", "2023-10-25"),
])
def test_days(text, expected):
    assert resolve(text, FRIDAY) == DateValue(expected)


@pytest.mark.parametrize("text", ["in 2003", "2015", "since 2015", "prior years", "in past years", "last year",
                                  "decades ago", "the 1990s", "March 2019"])
def test_historical_background(text):
    assert resolve(text, FRIDAY) == DateValue(historical=True)


@pytest.mark.parametrize("text", ["this week", "this month", "mid-August", "tomorrow", "next week",
                                  "10 days", "several weeks", "this year", "the hours"])
def test_no_single_day(text):
    value = resolve(text, FRIDAY)
    assert value.date is None and not value.historical


def test_anaphoric_and_unanchored():
    assert resolve("the same day", FRIDAY) == DateValue(anaphoric=True)
    assert resolve("Wednesday", None) == DateValue()           # a weekday needs a publication date
    assert resolve("6 May 2020", None) == DateValue("2020-05-06")
    assert resolve("Dec. 30, 2024", FRIDAY) == DateValue()     # after publication: not a past event


@pytest.fixture(scope="module")
def nlp():
    return load(Settings())


def test_document_expressions_include_forms_the_ner_misses(nlp):
    doc = nlp("Around 7 May 2020 (as reported), gunmen attacked a village. Hamas' Oct.7 attack was condemned.")
    found = {e.text: e.value.date for e in DocDates.of(doc, "2020-05-09").exprs}
    assert found.get("7 May 2020") == "2020-05-07"
    assert found.get("Oct.7") == "2019-10-07"


def test_same_day_in_a_lead_takes_the_next_paragraphs_day(nlp):
    doc = nlp("On the same day that a delegation visited Moscow, the president warned of war.\n"
              "In a Wednesday meeting, he criticised the airstrikes.")
    dates = DocDates.of(doc, FRIDAY)
    same = next(e for e in dates.exprs if e.text.lower().startswith("the same day"))
    assert same.value.date == "2023-10-25"


def test_governing_date_is_the_sentences_then_the_paragraphs(nlp):
    doc = nlp("On Tuesday, troops shelled the town. Rebels attacked a post.\nKenya accused Somalia.")
    dates = DocDates.of(doc, FRIDAY)
    rebels = next(t for t in doc if t.text == "attacked")
    kenya = next(t for t in doc if t.text == "accused")
    assert dates.governing(rebels.i).value.date == "2023-10-24"
    assert dates.governing(kenya.i) is None
