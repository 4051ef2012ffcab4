"""Credit, boilerplate, dateline and date recognition: newscoder.credits (line level, no offsets)."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from newscoder.credits import agencies_in, classify_line, match_dateline, parse_date


@pytest.mark.parametrize("line, kind, agencies", [
    ("Via Reuters |", "credit", ["Reuters"]),
    ("Via AP", "credit", ["AP"]),
    ("Source: Reuters", "credit", ["Reuters"]),
    ("Sources: AFP, Reuters", "credit", ["AFP", "Reuters"]),
    ("AP Photo/Jane Doe", "credit", ["AP"]),
    ("(AP Photo/Jane Doe, File)", "credit", ["AP"]),
    ("(Photo: Reuters)", "credit", ["Reuters"]),
    ("Photo by Sam Roe/AFP via Getty Images", "credit", ["AFP", "Getty Images"]),
    ("REUTERS/John Smith", "credit", ["Reuters"]),
    ("Photo by Sam Roe", "credit", []),
    ("(Reporting by Ana Placeholder; Editing by Tom Example)", "credit", []),
    ("Additional reporting by Reuters staff in Cairo", "credit", ["Reuters"]),
    ("Copyright 2023 The Associated Press. All rights reserved.", "credit", ["AP"]),
    ("© 2024 Example Media Group", "boilerplate", []),
    ("Subscribe to our newsletter", "boilerplate", []),
    ("Click here to read more", "boilerplate", []),
    ("Sign up for breaking news alerts", "boilerplate", []),
    ("Read more: Five things to know about the vote", "boilerplate", []),
    ("Advertisement", "boilerplate", []),
    ("ADVERTISEMENT", "boilerplate", []),
    ("Share this article", "boilerplate", []),
    ("Follow us on Telegram", "boilerplate", []),
    ("Share this: Facebook | X | Email", "boilerplate", []),
])
def test_lines_taken_out(line, kind, agencies):
    v = classify_line(line)
    assert v is not None and (v.kind, v.agencies) == (kind, agencies)


@pytest.mark.parametrize("line", [
    "Reuters reported that ten people were killed.",
    "Officials told AP the border was closed.",
    "Source: a senior official who asked not to be named",
    "Via the old mountain road, the convoy reached the town.",
    "Photo: A man walks past a damaged building",
    "The ministry said people should click here and there for updates, which angered users.",
    "According to Reuters, the talks collapsed.",
    "Share prices fell sharply on Monday after the announcement was made.",
    "Subscribe to " + "very " * 60 + "long line that is surely prose.",
    "sign up for the reserve units",
    "via Reuters",
    "",
])
def test_prose_is_kept(line):
    assert classify_line(line) is None


@pytest.mark.parametrize("line, date, rank", [
    ("Published: October 27, 2023", "2023-10-27", 1),
    ("Published Friday, Oct. 27, 2023 at 5:00 p.m. EDT", "2023-10-27", 1),
    ("Posted on 2023-10-27", "2023-10-27", 1),
    ("Updated: June 17, 2024, 14:05 GMT", "2024-06-17", 2),
    ("Last updated 3 March 2024", "2024-03-03", 2),
])
def test_published_lines(line, date, rank):
    v = classify_line(line)
    assert (v.kind, v.published, v.rank) == ("boilerplate", date, rank)


def test_bare_date_line_only_near_top():
    assert classify_line("October 27, 2023", near_top=True).published == "2023-10-27"
    assert classify_line("Friday, 27 Oct 2023 10:45", near_top=True).published == "2023-10-27"
    assert classify_line("October 27, 2023", near_top=False) is None


def test_published_line_that_is_a_sentence_is_kept():
    assert classify_line("Published October 27, 2023, the report said that the dam was unsafe.") is None


@pytest.mark.parametrize("line, place, agency, rest", [
    ("WASHINGTON (Reuters) - The talks", "WASHINGTON", "Reuters", "The talks"),
    ("GAZA CITY, Oct 27 (Reuters) — Strikes", "GAZA CITY", "Reuters", "Strikes"),
    ("DHAKA, Aug. 14 (Reuters) - Floods", "DHAKA", "Reuters", "Floods"),
    ("MOSCOW (AP) — Officials", "MOSCOW", "AP", "Officials"),
    ("KYIV, Ukraine (AP) — Drones", "KYIV", "AP", "Drones"),
    ("(AFP) - A court", None, "AFP", "A court"),
    ("Geneva (Reuters) -- Envoys", "Geneva", "Reuters", "Envoys"),
    ("By Ada Sample ABUJA, Nov 1 (Reuters) - Troops", "ABUJA", "Reuters", "Troops"),
    ("By Ada Sample Abuja (Reuters) - Troops", None, "Reuters", "Troops"),
])
def test_wire_datelines(line, place, agency, rest):
    d = match_dateline(line)
    assert (d.place, d.agency, line[d.end:]) == (place, agency, rest)
    assert line[d.prefix_end - 1] in "-–—"


def test_bare_dateline_only_when_allowed():
    line = "BISHKEK — Officials said"
    assert match_dateline(line) is None
    d = match_dateline(line, bare_ok=True)
    assert (d.place, d.agency, line[d.end:]) == ("BISHKEK", None, "Officials said")


@pytest.mark.parametrize("line", [
    "BREAKING — Troops crossed", "NATO — the alliance said", "UN — Envoys", "Reuters reported (AP) - x",
    "The mayor (Reuters) - said", "WASHINGTON said on Monday",
])
def test_not_datelines(line):
    assert match_dateline(line, bare_ok=True) is None


@pytest.mark.parametrize("text, iso", [
    ("October 27, 2023", "2023-10-27"), ("Oct 27, 2023", "2023-10-27"), ("Oct. 27 2023", "2023-10-27"),
    ("27 October 2023", "2023-10-27"), ("27th Oct, 2023", "2023-10-27"), ("Sept. 1, 2022", "2022-09-01"),
    ("2023-10-27", "2023-10-27"), ("february 29, 2024", "2024-02-29"),
    ("February 30, 2024", None), ("2023-13-01", None), ("Octember 5, 2023", None), ("27/10/2023", None), ("", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_agencies_in_prose_order():
    assert agencies_in("Photo by X/AFP via Getty Images; REUTERS/Y; The Associated Press") == [
        "AFP", "Getty Images", "Reuters", "AP"]
    assert agencies_in("APPLE and MAPS and Reutersville") == []


def test_data_file_shape():
    data = json.loads(resources.files("newscoder").joinpath("data/boilerplate.json").read_text("utf-8"))
    for key in ("agencies", "credit_prefixes", "source_prefixes", "boilerplate_prefixes", "boilerplate_lines",
                "not_places"):
        assert data[key], key
    for canon in data["agencies"]:
        assert agencies_in(canon) == [canon]
